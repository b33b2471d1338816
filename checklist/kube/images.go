package kube

import "strings"

// Pinned reports whether a deploy tool pins image when it deploys: a ko:// reference, which ko
// resolves to a digest, or an image named in BuiltImages, which skaffold or kustomize replaces
// with an immutable tag or a digest.
func (s *Set) Pinned(image string) bool {
	image = strings.TrimSpace(image)
	if strings.HasPrefix(image, "ko://") {
		return true
	}
	return s != nil && s.BuiltImages[imageName(image)]
}

// imageName strips the tag and digest from an image reference.
func imageName(image string) string {
	if i := strings.IndexByte(image, '@'); i >= 0 {
		image = image[:i]
	}
	slash := strings.LastIndexByte(image, '/')
	if i := strings.LastIndexByte(image, ':'); i > slash {
		image = image[:i]
	}
	return image
}

// pin records image names a deploy tool builds or pins.
func (l *loader) pin(names ...string) {
	for _, n := range names {
		if n = imageName(strings.TrimSpace(n)); n != "" {
			l.built[n] = true
		}
	}
}

// pinKustomizeImages records the images: entries of the kustomizations a build of dir uses.
func (l *loader) pinKustomizeImages(dir string) {
	for _, k := range l.graph.closure(dir) {
		l.pin(k.images...)
	}
}

package owners

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"gopkg.in/yaml.v3"
)

// CatalogFile is the Backstage descriptor a service may keep at its path or the repository root.
const CatalogFile = "catalog-info.yaml"

// maxCatalogDocs bounds how many YAML documents of a catalog file are read.
const maxCatalogDocs = 32

type entity struct {
	Kind string `yaml:"kind"`
	Spec struct {
		Owner string `yaml:"owner"`
	} `yaml:"spec"`
}

// CatalogOwner reads the owner of the Component a catalog-info.yaml describes (the first
// document of kind Component, else the first with an owner) as a handle: "group:NAME" becomes
// @org/NAME, "user:NAME" and a bare NAME become @NAME, and a namespace ("group:default/team")
// is dropped. It returns "" when the file names no owner the app can mention.
func CatalogOwner(data []byte, org string) (string, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var first string
	for i := 0; i < maxCatalogDocs; i++ {
		var e entity
		err := dec.Decode(&e)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", fmt.Errorf("%s: %w", CatalogFile, err)
		}
		owner := strings.TrimSpace(e.Spec.Owner)
		if owner == "" {
			continue
		}
		if strings.EqualFold(e.Kind, "Component") {
			return entityHandle(owner, org), nil
		}
		if first == "" {
			first = owner
		}
	}
	return entityHandle(first, org), nil
}

// entityHandle turns a Backstage entity reference into a handle, "" when it is not one.
func entityHandle(ref, org string) string {
	kind, name, hasKind := strings.Cut(ref, ":")
	if !hasKind {
		kind, name = "user", ref
	}
	if i := strings.LastIndex(name, "/"); i >= 0 {
		name = name[i+1:]
	}
	var h string
	switch strings.ToLower(kind) {
	case "group":
		h = "@" + org + "/" + name
	case "user":
		h = "@" + name
	}
	if !ValidHandle(h) {
		return ""
	}
	return h
}

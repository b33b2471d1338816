package ghclient

import "sync"

// knownLabels are the labels a client saw exist, by repository, so that ensuring one again
// sends nothing. A label deleted since is recreated, without its colour, by the next issue
// opened with it.
type knownLabels struct {
	mu  sync.Mutex
	set map[string]bool
}

func (k *knownLabels) known(owner, name, label string) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.set[repoKey(owner, name)+"\x00"+label]
}

func (k *knownLabels) add(owner, name, label string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.set == nil {
		k.set = map[string]bool{}
	}
	k.set[repoKey(owner, name)+"\x00"+label] = true
}

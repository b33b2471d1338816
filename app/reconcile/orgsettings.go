package reconcile

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/prchq/prc/app/gh"
	"github.com/prchq/prc/checklist/repo"
)

// orgSettingsTTL is how long an organisation's settings are used without asking GitHub again.
// A push to the `.github` repository drops them at once in the process that handles it; every
// other replica sees the change within this time.
const orgSettingsTTL = time.Minute

// orgFiles are the organisation's prc settings as read from its `.github` repository, nil
// when absent.
type orgFiles struct {
	checklist, config []byte
}

// orgCache keeps each organisation's settings for orgSettingsTTL, so that evaluating a
// repository, or looking whether it changed, costs no request for them most of the time.
type orgCache struct {
	mu      sync.Mutex
	entries map[string]orgEntry
}

type orgEntry struct {
	files orgFiles
	read  time.Time
}

func orgKey(installationID int64, owner string) string {
	return fmt.Sprintf("%d/%s", installationID, strings.ToLower(owner))
}

func (c *orgCache) get(key string, now time.Time) (orgFiles, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok || now.Sub(e.read) >= orgSettingsTTL || now.Before(e.read) {
		return orgFiles{}, false
	}
	return e.files, true
}

func (c *orgCache) put(key string, f orgFiles, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[string]orgEntry{}
	}
	c.entries[key] = orgEntry{files: f, read: now}
}

func (c *orgCache) forget(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.entries, key)
}

// ForgetOrgSettings drops what this process remembers of an organisation's settings, after a
// push to its `.github` repository, so that the next evaluation reads them afresh.
func (r *Reconciler) ForgetOrgSettings(installationID int64, owner string) {
	r.orgs.forget(orgKey(installationID, owner))
}

// readOrgFiles returns the organisation's settings, from the cache when read less than
// orgSettingsTTL ago.
func (r *Reconciler) readOrgFiles(ctx context.Context, client gh.Client, installationID int64, owner string) (orgFiles, error) {
	key := orgKey(installationID, owner)
	if f, ok := r.orgs.get(key, r.now()); ok {
		return f, nil
	}
	f, err := fetchOrgFiles(ctx, client, r.blobs, owner)
	if err != nil {
		return f, err
	}
	r.orgs.put(key, f, r.now())
	return f, nil
}

// fetchOrgFiles lists the prc/ folder of the organisation's `.github` repository in one request,
// answered 404 when either is absent, and reads the files it holds by blob SHA.
func fetchOrgFiles(ctx context.Context, client gh.Client, blobs *gh.BlobCache, owner string) (orgFiles, error) {
	var f orgFiles
	dir := strings.TrimSuffix(OrgSettingsDir, "/")
	entries, err := client.ReadDir(ctx, owner, OrgRepo, "", dir)
	switch {
	case errors.Is(err, gh.ErrNotFound):
		return f, nil
	case err != nil:
		return f, fmt.Errorf("list %s/%s/%s: %w", owner, OrgRepo, dir, err)
	}
	for _, e := range entries {
		dst := map[string]*[]byte{OrgChecklistPath: &f.checklist, OrgConfigPath: &f.config}[e.Path]
		if dst == nil {
			continue
		}
		if e.Size > repo.MaxFileSize {
			return f, fmt.Errorf("read %s/%s/%s: %w", owner, OrgRepo, e.Path, repo.ErrTooLarge)
		}
		data, err := blobs.Read(ctx, client, owner, OrgRepo, e.SHA)
		if err != nil {
			return f, fmt.Errorf("read %s/%s/%s: %w", owner, OrgRepo, e.Path, err)
		}
		*dst = append([]byte{}, data...)
	}
	return f, nil
}

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
// repository, or looking whether it changed, costs no request for them most of the time; the
// workers that miss it at the same moment share one read.
type orgCache struct {
	mu      sync.Mutex
	entries map[string]orgEntry
	reading map[string]*orgRead
}

type orgEntry struct {
	files orgFiles
	read  time.Time
}

// orgRead is a read in flight; done closes when files and err are set.
type orgRead struct {
	done  chan struct{}
	files orgFiles
	err   error
}

func orgKey(installationID int64, owner string) string {
	return fmt.Sprintf("%d/%s", installationID, strings.ToLower(owner))
}

// load returns the settings under key, fresh at now, or reads them with fetch.
func (c *orgCache) load(key string, now func() time.Time, fetch func() (orgFiles, error)) (orgFiles, error) {
	c.mu.Lock()
	if e, ok := c.entries[key]; ok && now().Sub(e.read) < orgSettingsTTL && !now().Before(e.read) {
		c.mu.Unlock()
		return e.files, nil
	}
	if rd, ok := c.reading[key]; ok {
		c.mu.Unlock()
		<-rd.done
		return rd.files, rd.err
	}
	if c.reading == nil {
		c.entries, c.reading = map[string]orgEntry{}, map[string]*orgRead{}
	}
	rd := &orgRead{done: make(chan struct{})}
	c.reading[key] = rd
	c.mu.Unlock()
	defer close(rd.done)
	rd.files, rd.err = fetch()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.reading[key] == rd { // else forgotten meanwhile: the read may predate the push
		delete(c.reading, key)
		if rd.err == nil {
			c.entries[key] = orgEntry{files: rd.files, read: now()}
		}
	}
	return rd.files, rd.err
}

func (c *orgCache) forget(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.entries, key)
	delete(c.reading, key)
}

// ForgetOrgSettings drops what this process remembers of an organisation's settings, after a
// push to its `.github` repository, so that the next evaluation reads them afresh.
func (r *Reconciler) ForgetOrgSettings(installationID int64, owner string) {
	r.orgs.forget(orgKey(installationID, owner))
}

// readOrgFiles returns the organisation's settings, from the cache when read less than
// orgSettingsTTL ago.
func (r *Reconciler) readOrgFiles(ctx context.Context, client gh.Client, installationID int64, owner string) (orgFiles, error) {
	return r.orgs.load(orgKey(installationID, owner), r.now, func() (orgFiles, error) {
		return fetchOrgFiles(ctx, client, r.blobs, owner)
	})
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

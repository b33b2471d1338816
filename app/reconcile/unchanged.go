package reconcile

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/prchq/prc/app/gh"
	"github.com/prchq/prc/app/logctx"
)

// RepositoryIfChanged is Repository, except that it leaves alone a repository whose last
// evaluation read what it would read now: the same default-branch commit (so the same files and
// .github/prc.yml), the same organisation settings, the same built-in checklist, on the same day
// (waivers expire by date). On the way it reads only the branch, answered 304 when unchanged,
// and the organisation's settings, which the GitHub client caches.
func (r *Reconciler) RepositoryIfChanged(ctx context.Context, t Target, force bool) error {
	same, err := r.unchanged(ctx, t)
	if err != nil {
		return ignoreNotFound(err)
	}
	if same {
		r.logger(ctx).WithField(logctx.Repo, t.String()).Debug("repository unchanged since its last evaluation")
		return nil
	}
	return r.Repository(ctx, t, force)
}

// unchanged reports whether the repository's last evaluation read what one would read now.
// A repository the store does not know, or never evaluated, has changed.
func (r *Reconciler) unchanged(ctx context.Context, t Target) (bool, error) {
	switch ok, err := r.active(ctx, t.InstallationID); {
	case err != nil || !ok:
		return false, err
	}
	known, err := r.store.RepositoryByName(ctx, t.Owner, t.Name)
	if isNotFound(err) || known.Archived || known.DefaultBranch == "" {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	key, err := r.store.EvaluatedKey(ctx, known.ID)
	if err != nil || key == "" {
		return false, err
	}
	client, err := r.clients.Installation(ctx, t.InstallationID)
	if err != nil {
		return false, err
	}
	sha, err := client.ResolveRef(ctx, t.Owner, t.Name, known.DefaultBranch)
	if errors.Is(err, gh.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	org, err := readOrgFiles(ctx, client, t.Owner)
	if err != nil {
		return false, err
	}
	sources, err := r.store.ManifestSources(ctx, known.ID)
	if err != nil {
		return false, err
	}
	external, err := externalKey(ctx, client, t.Owner, sources)
	if err != nil {
		return false, err
	}
	return r.evaluatedKey(sha, org, external...) == key, nil
}

// evaluatedKey names what an evaluation read: the commit, the organisation's settings, the
// built-in checklist's version, the day, and the commit of each other repository read for
// manifests (or why it could not be read).
func (r *Reconciler) evaluatedKey(commitSHA string, org orgFiles, external ...string) string {
	h := sha256.New()
	parts := [][]byte{[]byte(commitSHA), presence(org.checklist), org.checklist, presence(org.config), org.config,
		[]byte(r.defaultChecklist.Version), []byte(r.now().UTC().Format("2006-01-02"))}
	for _, x := range external {
		parts = append(parts, []byte(x))
	}
	for _, part := range parts {
		fmt.Fprintf(h, "%d:", len(part))
		h.Write(part)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// presence tells an absent file from an empty one in a key.
func presence(data []byte) []byte {
	if data == nil {
		return []byte("absent")
	}
	return []byte("present")
}

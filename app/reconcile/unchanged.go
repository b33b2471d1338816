package reconcile

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"

	"github.com/prchq/prc/app/gh"
	"github.com/prchq/prc/app/logctx"
)

// RepositoryIfChanged is Repository, except that it leaves alone a repository whose last
// evaluation read what it would read now: the same default-branch tree (so the same files and
// .github/prc.yml), the same organisation settings, the same built-in checklist, on the same day
// (waivers expire by date). On the way it asks for the branch's tree with the ETag stored with
// the last evaluation, answered 304 when unchanged, and reads the organisation's settings, which
// are cached.
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
	stored, err := r.store.EvaluatedKey(ctx, known.ID)
	key, last := decodeEvaluated(stored)
	if err != nil || key == "" {
		return false, err
	}
	client, err := r.clients.Installation(ctx, t.InstallationID)
	if err != nil {
		return false, err
	}
	tree, err := client.TreeSHA(ctx, t.Owner, t.Name, known.DefaultBranch, last)
	if errors.Is(err, gh.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	org, err := r.readOrgFiles(ctx, client, t.InstallationID, t.Owner)
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
	props, err := launchProperties(ctx, client, t, org)
	if err != nil || r.evaluatedKey(tree.SHA, org, withProperties(external, props)...) != key {
		return false, err
	}
	if tree != last {
		return true, r.store.SetEvaluatedKey(ctx, known.ID, encodeEvaluated(tree, key))
	}
	return true, nil
}

// withProperties adds the launch and tier properties' values to what else an evaluation read,
// when the organisation names such properties.
func withProperties(external []string, props string) []string {
	if props == "" {
		return external
	}
	return append(append([]string(nil), external...), "properties:"+props)
}

// encodeEvaluated is what the store keeps of an evaluation: its key, and the tree it read with
// the ETag GitHub answered, so that any process asks about the branch again conditionally.
func encodeEvaluated(tree gh.TreeTag, key string) string {
	return key + " " + tree.SHA + " " + tree.ETag
}

// decodeEvaluated splits what encodeEvaluated made; a bare key has no tree.
func decodeEvaluated(stored string) (key string, tree gh.TreeTag) {
	parts := strings.SplitN(stored, " ", 3)
	for len(parts) < 3 {
		parts = append(parts, "")
	}
	return parts[0], gh.TreeTag{SHA: parts[1], ETag: parts[2]}
}

// evaluatedKey names what an evaluation read: the tree, the organisation's settings, the
// built-in checklist's version, the day, and the commit of each other repository read for
// manifests (or why it could not be read).
func (r *Reconciler) evaluatedKey(treeSHA string, org orgFiles, external ...string) string {
	h := sha256.New()
	parts := [][]byte{[]byte(treeSHA), presence(org.checklist), org.checklist, presence(org.config), org.config,
		[]byte(r.defaultChecklist.Version), []byte(r.now().UTC().Format("2006-01-02"))}
	for _, x := range external {
		parts = append(parts, []byte(x))
	}
	for _, part := range parts {
		h.Write([]byte(strconv.Itoa(len(part)) + ":"))
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

// leftAlone records what a repository that has not opted in was judged by, so that the resync
// asks about it again with one request answered 304 until its files, its launch properties or
// the organisation's settings change (opting in changes its files).
func (r *Reconciler) leftAlone(ctx context.Context, client gh.Client, repo gh.Repo, rules Rules, sigs signals) error {
	tree, err := client.TreeSHA(ctx, repo.Owner, repo.Name, repo.DefaultBranch, gh.TreeTag{})
	if isNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	key := r.evaluatedKey(tree.SHA, rules.org, withProperties(nil, sigs.propertyKey(rules.Org.Launch))...)
	return r.store.SetEvaluatedKey(ctx, repo.ID, encodeEvaluated(tree, key))
}

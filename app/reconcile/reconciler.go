package reconcile

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/prchq/prc/app/gh"
	"github.com/prchq/prc/app/logctx"
	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/render"
	"github.com/sirupsen/logrus"
)

// ErrBusy says another worker holds the lock this work needs; the job should try again shortly.
var ErrBusy = errors.New("another worker is reconciling this service")

// Settings are the names the app uses on GitHub.
type Settings struct {
	IssueLabel  string
	LaunchLabel string
	CheckName   string
}

// Reconciler brings GitHub in line with the evaluation of each service.
type Reconciler struct {
	store            Store
	clients          gh.Clients
	blobs            *gh.BlobCache
	orgs             orgCache
	trees            *gh.TreeCache
	set              Settings
	log              logrus.FieldLogger
	now              func() time.Time
	owner            string
	lockSeq          atomic.Int64
	defaultChecklist *checklist.Checklist
}

// Option configures a Reconciler.
type Option func(*Reconciler)

// WithClock sets the clock used for waivers and records.
func WithClock(now func() time.Time) Option { return func(r *Reconciler) { r.now = now } }

// New returns a Reconciler. owner names this process in locks it takes.
func New(s Store, clients gh.Clients, set Settings, log logrus.FieldLogger, owner string, opts ...Option) *Reconciler {
	r := &Reconciler{store: s, clients: clients, set: set, log: log, now: time.Now, owner: owner,
		blobs: gh.NewBlobCache(64 << 20), trees: gh.NewTreeCache(64), defaultChecklist: checklist.Default()}
	for _, o := range opts {
		o(r)
	}
	return r
}

// Target names a repository of an installation.
type Target struct {
	InstallationID int64
	Owner          string
	Name           string
}

func (t Target) String() string { return t.Owner + "/" + t.Name }

// Repository evaluates every service of a repository on its default branch and upserts their PRC
// issues. Repositories that have not opted in are left alone unless force is set (a new repository).
// One reconcile of a repository runs at a time: another one meanwhile gets ErrBusy and waits,
// so that the events arriving during a run coalesce into one more run after it.
func (r *Reconciler) Repository(ctx context.Context, t Target, force bool) error {
	return r.withLock(ctx, repoLock(t), func() error { return r.repository(ctx, t, force) })
}

// repoLock names the lock that serialises the reconciles of one repository.
func repoLock(t Target) string {
	return fmt.Sprintf("repo:%d:%s", t.InstallationID, strings.ToLower(t.String()))
}

func (r *Reconciler) repository(ctx context.Context, t Target, force bool) error {
	client, repo, err := r.open(ctx, t)
	if err != nil || repo.Archived {
		return ignoreNotFound(err)
	}
	rules, err := r.loadRules(ctx, client, t.InstallationID, repo)
	if err != nil {
		return err
	}
	services, err := r.store.Services(ctx, repo.ID)
	if err != nil {
		return err
	}
	sigs, err := readSignals(ctx, client, repo, rules.Org.Launch)
	if err != nil {
		return err
	}
	applyTier(&rules, rules.Org.Launch.TierProperty, sigs.tier)
	if !force && len(services) == 0 && !rules.OptedIn && !rules.OnboardAll && !sigs.launching() {
		return r.leftAlone(ctx, client, repo, rules, sigs)
	}
	ref, err := r.defaultRef(ctx, client, repo, services, sigs.launching())
	if err != nil {
		return err
	}
	ev, err := r.evaluateRef(ctx, client, repo, ref, rules)
	if err != nil {
		return err
	}
	reps := make(map[string]*checklist.Report, len(ev.report.Services))
	for _, results := range ev.report.Services {
		rep := ev.single(results)
		reps[results.Name] = rep
		if err := r.upsertIssue(ctx, client, repo, rules, rep, blobBase(repo), ev.commitSHA, force); err != nil {
			return fmt.Errorf("service %s: %w", results.Name, err)
		}
		if err := r.recordOwners(ctx, repo, ev.snap, results); err != nil {
			return fmt.Errorf("service %s: %w", results.Name, err)
		}
	}
	if !rules.configIgnored {
		if err := r.untrackRemoved(ctx, client, repo, ev.report.Services); err != nil {
			return err
		}
	}
	w := &signalWork{client: client, repo: repo, rules: rules, reps: reps, commitSHA: ev.commitSHA, trigger: triggerOf(ctx)}
	if err := r.followRepoSignals(ctx, w, sigs); err != nil {
		return err
	}
	if err := r.store.SetManifestSources(ctx, repo.ID, ev.sources); err != nil {
		return err
	}
	if err := r.recordOrgProgress(ctx, t.InstallationID, repo, rules, ev.report); err != nil {
		return err
	}
	return r.store.SetEvaluatedKey(ctx, repo.ID, encodeEvaluated(ev.tree, r.evaluatedKey(ev.tree.SHA, rules.org, withProperties(ev.external, sigs.propertyKey(rules.Org.Launch))...)))
}

// open returns the installation client and the repository, recording it in the store.
func (r *Reconciler) open(ctx context.Context, t Target) (gh.Client, gh.Repo, error) {
	switch ok, err := r.active(ctx, t.InstallationID); {
	case err != nil:
		return nil, gh.Repo{}, err
	case !ok:
		return nil, gh.Repo{}, errInactive
	}
	client, err := r.clients.Installation(ctx, t.InstallationID)
	if err != nil {
		return nil, gh.Repo{}, err
	}
	repo, err := client.Repository(ctx, t.Owner, t.Name)
	if err != nil {
		return nil, repo, err
	}
	err = r.store.UpsertRepository(ctx, store.Repository{ID: repo.ID, InstallationID: t.InstallationID, Owner: repo.Owner,
		Name: repo.Name, DefaultBranch: repo.DefaultBranch, Archived: repo.Archived})
	return client, repo, err
}

// ignoreNotFound drops the errors that mean there is nothing to reconcile: the repository is
// gone from GitHub or the store, or the installation is suspended or deleted.
func ignoreNotFound(err error) error {
	if isNotFound(err) || errors.Is(err, errInactive) {
		return nil
	}
	return err
}

func (r *Reconciler) renderOptions(c *checklist.Checklist, linkBase string, rep *checklist.Report) render.Options {
	return render.Options{SectionTitles: render.SectionTitles(c), FileURL: evidenceLinks(linkBase, rep)}
}

// blobBase is the web address under which the default branch's files are shown, or "" when
// unknown. Links name the branch, not the commit, so that a push that changes no result leaves
// the issue body, and so the issue, untouched.
func blobBase(repo gh.Repo) string {
	if repo.HTMLURL == "" || repo.DefaultBranch == "" {
		return ""
	}
	return strings.TrimSuffix(repo.HTMLURL, "/") + "/blob/" + url.PathEscape(repo.DefaultBranch) + "/"
}

// fileLinks links evidence to files under base; nil when base is unknown.
func fileLinks(base string) func(string, int) string {
	if base == "" {
		return nil
	}
	return func(p string, line int) string {
		segs := strings.Split(p, "/")
		for i, s := range segs {
			segs[i] = url.PathEscape(s)
		}
		u := base + strings.Join(segs, "/")
		if line > 0 {
			u += "#L" + strconv.Itoa(line)
		}
		return u
	}
}

// hashBody identifies a body the app rendered, ignoring line endings and surrounding blank
// space, which GitHub and editors may change.
func hashBody(body string) string {
	sum := sha256.Sum256([]byte(normalizeBody(body)))
	return hex.EncodeToString(sum[:])
}

func normalizeBody(body string) string {
	return strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n"))
}

// sameBody reports whether two bodies differ only in line endings and surrounding blank space.
func sameBody(a, b string) bool { return normalizeBody(a) == normalizeBody(b) }

// logger is the log entry of the job running this work, with its fields, or the Reconciler's.
func (r *Reconciler) logger(ctx context.Context) logrus.FieldLogger { return logctx.From(ctx, r.log) }

// lockTTL is how long a lease lasts: until the job's own deadline, when its work is cancelled
// anyway, so a process that dies holding it holds up the repository no longer than that.
func lockTTL(ctx context.Context) time.Duration {
	if d, ok := ctx.Deadline(); ok {
		return max(time.Until(d), time.Second)
	}
	return 2 * time.Minute
}

// withLock runs fn while holding key; ErrBusy when another job holds it, in this process or another.
func (r *Reconciler) withLock(ctx context.Context, key string, fn func() error) error {
	owner := fmt.Sprintf("%s/%d", r.owner, r.lockSeq.Add(1))
	ok, err := r.store.TryLock(ctx, key, owner, lockTTL(ctx))
	if err != nil {
		return err
	}
	if !ok {
		return ErrBusy
	}
	defer func() {
		if err := r.store.Unlock(context.WithoutCancel(ctx), key, owner); err != nil {
			r.logger(ctx).WithError(err).WithField("lock", key).Warn("unlock failed")
		}
	}()
	return fn()
}

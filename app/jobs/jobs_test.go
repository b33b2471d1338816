package jobs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prchq/prc/app/gh"
	"github.com/prchq/prc/app/logctx"
	"github.com/prchq/prc/app/reconcile"
	"github.com/prchq/prc/app/store"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"github.com/sirupsen/logrus"
)

// fakeReconciler records the use cases the workers ask for and answers err.
type fakeReconciler struct {
	mu       sync.Mutex
	calls    []string
	err      error
	targets  []reconcile.Target
	installs []int64
	// logged says whether the context carried the job's log entry.
	logged bool
}

func (f *fakeReconciler) record(ctx context.Context, format string, args ...any) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, fmt.Sprintf(format, args...))
	f.logged = logctx.From(ctx, nil) != nil
	return f.err
}

func (f *fakeReconciler) Repository(ctx context.Context, t reconcile.Target, force bool) error {
	return f.record(ctx, "repository %s force=%v", t, force)
}

func (f *fakeReconciler) RepositoryIfChanged(ctx context.Context, t reconcile.Target, force bool) error {
	return f.record(ctx, "repository if changed %s force=%v", t, force)
}

func (f *fakeReconciler) ReviewEdit(ctx context.Context, t reconcile.Target, e reconcile.Edit) error {
	return f.record(ctx, "review %s #%d by %s", t, e.Number, e.Sender)
}

func (f *fakeReconciler) Launch(ctx context.Context, t reconcile.Target, l reconcile.LaunchRequest) error {
	return f.record(ctx, "launch %s #%d pr=%v by %s", t, l.Number, l.PullRequest, l.Sender)
}

func (f *fakeReconciler) PullRequestCheck(ctx context.Context, t reconcile.Target, pc reconcile.PullCheck) error {
	return f.record(ctx, "check %s %s..%s %v", t, pc.BaseSHA, pc.HeadSHA, pc.Numbers)
}

func (f *fakeReconciler) IssueClosed(ctx context.Context, t reconcile.Target, n int) error {
	return f.record(ctx, "closed %s #%d", t, n)
}

func (f *fakeReconciler) IssueReopened(ctx context.Context, t reconcile.Target, n int) error {
	return f.record(ctx, "reopened %s #%d", t, n)
}

func (f *fakeReconciler) Backfill(ctx context.Context, id int64) ([]reconcile.Target, error) {
	return f.targets, f.record(ctx, "backfill %d", id)
}

func (f *fakeReconciler) ResyncInstallations(ctx context.Context) ([]int64, error) {
	return f.installs, f.record(ctx, "resync")
}

// fakeStore holds deliveries and collects enqueued jobs.
type fakeStore struct {
	deliveries map[string]store.Delivery
	enqueued   []river.JobArgs
	enqueueErr error
	pruneErr   error
	prunedTo   time.Time
	pruned     int64
	backfills  map[int64]int
}

func (s *fakeStore) Delivery(_ context.Context, _ int64, id string) (store.Delivery, error) {
	d, ok := s.deliveries[id]
	if !ok {
		return d, store.ErrNotFound
	}
	return d, nil
}

func (s *fakeStore) Enqueue(_ context.Context, job river.JobArgs, _ *river.InsertOpts) error {
	if s.enqueueErr != nil {
		return s.enqueueErr
	}
	s.enqueued = append(s.enqueued, job)
	return nil
}

func (s *fakeStore) StartBackfill(_ context.Context, installationID int64, repositories int) error {
	if s.backfills == nil {
		s.backfills = map[int64]int{}
	}
	s.backfills[installationID] = repositories
	return nil
}

func (s *fakeStore) PruneDeliveries(_ context.Context, cutoff time.Time) (int64, error) {
	s.prunedTo = cutoff
	return s.pruned, s.pruneErr
}

// fakeDispatcher answers every delivery with jobs, or err.
type fakeDispatcher struct {
	jobs []river.JobArgs
	err  error
	seen []string
}

func (d *fakeDispatcher) Dispatch(_ context.Context, event string, _ []byte) ([]river.JobArgs, error) {
	d.seen = append(d.seen, event)
	return d.jobs, d.err
}

var testNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

type harness struct {
	rec  *fakeReconciler
	st   *fakeStore
	disp *fakeDispatcher
	log  *bytes.Buffer
	d    Deps
}

func newHarness() *harness {
	h := &harness{rec: &fakeReconciler{}, st: &fakeStore{deliveries: map[string]store.Delivery{}}, disp: &fakeDispatcher{}, log: &bytes.Buffer{}}
	log := logrus.New()
	log.SetOutput(h.log)
	h.d = Deps{Store: h.st, Reconciler: h.rec, Dispatcher: h.disp, Log: log, Now: func() time.Time { return testNow }}
	return h
}

func job[T river.JobArgs](args T) *river.Job[T] {
	return &river.Job[T]{JobRow: &rivertype.JobRow{ID: 9, Kind: args.Kind(), Attempt: 1}, Args: args}
}

var repo = Repo{InstallationID: 7, Owner: "acme", Name: "shop"}

func TestWorkersRunTheirUseCase(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		work func(context.Context, Deps) error
		want string
	}{
		"reconcile": {func(ctx context.Context, d Deps) error {
			return (&reconcileWorker{d: d}).Work(ctx, job(ReconcileArgs{Repo: repo, Force: true, Reason: "test"}))
		}, "repository acme/shop force=true"},
		"reconcile if changed": {func(ctx context.Context, d Deps) error {
			return (&reconcileWorker{d: d}).Work(ctx, job(ReconcileArgs{Repo: repo, SkipUnchanged: true, Reason: "push"}))
		}, "repository if changed acme/shop force=false"},
		"review edit": {func(ctx context.Context, d Deps) error {
			return (&reviewEditWorker{d: d}).Work(ctx, job(ReviewEditArgs{Repo: repo, Number: 3, Sender: "alice", Body: "b"}))
		}, "review acme/shop #3 by alice"},
		"launch": {func(ctx context.Context, d Deps) error {
			return (&launchWorker{d: d}).Work(ctx, job(LaunchArgs{Repo: repo, Number: 4, PullRequest: true, Sender: "bob"}))
		}, "launch acme/shop #4 pr=true by bob"},
		"check": {func(ctx context.Context, d Deps) error {
			return (&checkWorker{d: d}).Work(ctx, job(CheckArgs{Repo: repo, HeadSHA: "h", BaseSHA: "b", Numbers: []int{5}}))
		}, "check acme/shop b..h [5]"},
		"issue closed": {func(ctx context.Context, d Deps) error {
			return (&issueStateWorker{d: d}).Work(ctx, job(IssueStateArgs{Repo: repo, Number: 6, Closed: true}))
		}, "closed acme/shop #6"},
		"issue reopened": {func(ctx context.Context, d Deps) error {
			return (&issueStateWorker{d: d}).Work(ctx, job(IssueStateArgs{Repo: repo, Number: 6}))
		}, "reopened acme/shop #6"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			h := newHarness()
			if err := tt.work(context.Background(), h.d); err != nil {
				t.Fatal(err)
			}
			if len(h.rec.calls) != 1 || h.rec.calls[0] != tt.want || !h.rec.logged {
				t.Errorf("calls %q (logged %v), want %q", h.rec.calls, h.rec.logged, tt.want)
			}
			h.rec.err = errors.New("boom")
			if err := tt.work(context.Background(), h.d); err == nil || !strings.Contains(h.log.String(), "job failed; River will retry it") {
				t.Errorf("a failure was not returned and logged: %v", err)
			}
		})
	}
}

func TestOutcome(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	tests := map[string]struct {
		err     error
		snooze  time.Duration
		wantErr error
	}{
		"done":               {},
		"busy":               {err: fmt.Errorf("x: %w", reconcile.ErrBusy), snooze: busyRetry},
		"slow down":          {err: &gh.RetryLaterError{At: testNow.Add(42 * time.Second), Err: boom}, snooze: 42 * time.Second},
		"slow down, overdue": {err: &gh.RetryLaterError{At: testNow.Add(-time.Hour), Err: boom}, snooze: time.Second},
		"failure":            {err: boom, wantErr: boom},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			h := newHarness()
			err := h.d.outcome(h.d.Log, tt.err)
			var snooze *rivertype.JobSnoozeError
			switch {
			case tt.snooze != 0:
				if !errors.As(err, &snooze) || snooze.Duration != tt.snooze {
					t.Errorf("err = %v, want a snooze of %s", err, tt.snooze)
				}
			case err != tt.wantErr:
				t.Errorf("err = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

func TestDeliveryWorker(t *testing.T) {
	t.Parallel()
	h := newHarness()
	h.st.deliveries["d1"] = store.Delivery{DeliveryID: "d1", Event: "push", InstallationID: 7}
	h.disp.jobs = []river.JobArgs{ReconcileArgs{Repo: repo}, CheckArgs{Repo: repo}}
	w := &deliveryWorker{d: h.d}
	if err := w.Work(context.Background(), job(DeliveryArgs{DeliveryID: "d1"})); err != nil {
		t.Fatal(err)
	}
	if len(h.st.enqueued) != 2 || h.disp.seen[0] != "push" {
		t.Errorf("enqueued %+v after dispatching %v", h.st.enqueued, h.disp.seen)
	}
	tests := map[string]func(){
		"unknown delivery": func() { h.st.deliveries = map[string]store.Delivery{} },
		"dispatch fails":   func() { h.disp.err = errors.New("bad payload") },
		"enqueue fails":    func() { h.st.enqueueErr = errors.New("store down") },
	}
	for name, setup := range tests {
		h.st.deliveries["d1"] = store.Delivery{DeliveryID: "d1", Event: "push"}
		h.disp.err, h.st.enqueueErr = nil, nil
		setup()
		if err := w.Work(context.Background(), job(DeliveryArgs{DeliveryID: "d1"})); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestBackfillWorker(t *testing.T) {
	t.Parallel()
	h := newHarness()
	h.rec.targets = []reconcile.Target{{InstallationID: 7, Owner: "acme", Name: "a"}, {InstallationID: 7, Owner: "acme", Name: "b"}}
	w := &backfillWorker{d: h.d}
	if err := w.Work(context.Background(), job(BackfillArgs{InstallationID: 7})); err != nil {
		t.Fatal(err)
	}
	want := []river.JobArgs{ReconcileArgs{Repo: Repo{7, "acme", "a"}, SkipUnchanged: true, Background: true, Reason: "backfill"}, ReconcileArgs{Repo: Repo{7, "acme", "b"}, SkipUnchanged: true, Background: true, Reason: "backfill"}}
	if fmt.Sprint(h.st.enqueued) != fmt.Sprint(want) || h.rec.calls[0] != "backfill 7" {
		t.Errorf("enqueued %+v, want %+v", h.st.enqueued, want)
	}
	if h.st.backfills[7] != 2 {
		t.Errorf("backfill progress started at %d repositories, want 2", h.st.backfills[7])
	}
	h.st.enqueueErr = errors.New("store down")
	if err := w.Work(context.Background(), job(BackfillArgs{InstallationID: 7})); err == nil {
		t.Error("a failed enqueue was ignored")
	}
	h.rec.err = errors.New("boom")
	if err := w.Work(context.Background(), job(BackfillArgs{InstallationID: 7})); err == nil {
		t.Error("a failed backfill was ignored")
	}
}

func TestResyncWorker(t *testing.T) {
	t.Parallel()
	h := newHarness()
	h.rec.installs = []int64{1, 3}
	h.st.pruned = 2
	w := &resyncWorker{d: h.d}
	if err := w.Work(context.Background(), job(ResyncArgs{})); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(h.st.enqueued) != fmt.Sprint([]river.JobArgs{BackfillArgs{1}, BackfillArgs{3}}) {
		t.Errorf("enqueued %+v", h.st.enqueued)
	}
	if !h.st.prunedTo.Equal(testNow.Add(-deliveryRetention)) || !strings.Contains(h.log.String(), "old deliveries pruned") {
		t.Errorf("pruned to %s, want by the injected clock", h.st.prunedTo)
	}
	h.st.pruneErr = errors.New("prune failed")
	h.st.enqueueErr = errors.New("store down")
	if err := w.Work(context.Background(), job(ResyncArgs{})); err == nil || !strings.Contains(h.log.String(), "deliveries not pruned") {
		t.Error("a failed enqueue was ignored, or a failed prune not logged")
	}
	h.rec.err = errors.New("boom")
	if err := w.Work(context.Background(), job(ResyncArgs{})); err == nil {
		t.Error("a failed listing was ignored")
	}
}

func TestRegisterAddsEveryKind(t *testing.T) {
	t.Parallel()
	workers := river.NewWorkers()
	kinds := Register(workers, newHarness().d)
	want := []string{"delivery", "reconcile", "review_edit", "launch", "check", "issue_state", "backfill", "resync", "remind"}
	if fmt.Sprint(kinds) != fmt.Sprint(want) || fmt.Sprint(Kinds()) != fmt.Sprint(append(want, "redelivery")) {
		t.Errorf("kinds %v and %v, want %v", kinds, Kinds(), want)
	}
	if err := river.AddWorkerSafely[ResyncArgs](workers, &resyncWorker{}); err == nil {
		t.Error("Register did not add the resync worker")
	}
}

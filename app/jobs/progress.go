package jobs

import (
	"context"
	"encoding/json"

	"github.com/prchq/prc/app/store"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"github.com/sirupsen/logrus"
)

// startProgress records that a backfill of the installation's unarchived repositories began, for
// the dashboard; a failure only costs the progress display.
func startProgress(ctx context.Context, st Store, inst int64, n int, log logrus.FieldLogger) {
	if err := st.StartBackfill(ctx, inst, n); err != nil {
		log.WithError(err).Warn("backfill progress not recorded")
	}
}

// Progress is River worker middleware that counts each backfill reconcile done towards its
// installation's backfill progress.
type Progress struct {
	river.MiddlewareDefaults
	Store *store.Store
}

// Work runs the job and, for a successful backfill reconcile, steps the progress.
func (p *Progress) Work(ctx context.Context, job *rivertype.JobRow, doInner func(context.Context) error) error {
	err := doInner(ctx)
	if err != nil || job.Kind != (ReconcileArgs{}).Kind() {
		return err
	}
	var args ReconcileArgs
	if json.Unmarshal(job.EncodedArgs, &args) == nil && args.Reason == "backfill" {
		_ = p.Store.BackfillStep(ctx, args.Repo.InstallationID)
	}
	return nil
}

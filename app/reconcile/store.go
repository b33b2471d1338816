package reconcile

import (
	"context"
	"time"

	"github.com/prchq/prc/app/store"
)

// Store is what reconcile keeps about installations, repositories and services: *store.Store in
// production.
type Store interface {
	Installation(ctx context.Context, id int64) (store.Installation, error)
	Installations(ctx context.Context) ([]store.Installation, error)
	UpsertRepository(ctx context.Context, r store.Repository) error
	RepositoryByName(ctx context.Context, owner, name string) (store.Repository, error)
	EvaluatedKey(ctx context.Context, repoID int64) (string, error)
	SetEvaluatedKey(ctx context.Context, repoID int64, key string) error
	SetManifestSources(ctx context.Context, repoID int64, sources []string) error
	ManifestSources(ctx context.Context, repoID int64) ([]string, error)

	EnsureService(ctx context.Context, repoID int64, name string) (store.Service, error)
	ServiceByID(ctx context.Context, id int64) (store.Service, error)
	Services(ctx context.Context, repoID int64) ([]store.Service, error)
	SetIssue(ctx context.Context, serviceID int64, number int, checklistVersion, bodyHash string) error
	SaveEvaluation(ctx context.Context, serviceID int64, evaluation []byte, checklistVersion, bodyHash string) error
	SetServiceState(ctx context.Context, serviceID int64, state string) error
	SetUntracked(ctx context.Context, serviceID int64, untracked bool) error

	Ticks(ctx context.Context, serviceID int64) ([]store.Tick, error)
	RecordTick(ctx context.Context, t store.Tick) error
	RecordLaunch(ctx context.Context, l store.Launch) error
	Launches(ctx context.Context, serviceID int64) ([]store.Launch, error)
	LaunchSignal(ctx context.Context, serviceID int64, source string) (store.LaunchSignal, error)
	SaveLaunchSignal(ctx context.Context, sig store.LaunchSignal, launch *store.Launch) error
	Launched(ctx context.Context, serviceID int64) (bool, error)

	OpenRegression(ctx context.Context, reg store.Regression) (store.Regression, error)
	ActiveRegressions(ctx context.Context, serviceID int64) ([]store.Regression, error)
	RecoverRegression(ctx context.Context, id int64, sha string) error
	SetRegressionComment(ctx context.Context, id, commentID int64, shows string) error

	SaveGoodChecklist(ctx context.Context, installationID int64, yaml []byte, version string) error
	GoodChecklist(ctx context.Context, installationID int64) ([]byte, error)
	SaveGoodConfig(ctx context.Context, repoID int64, yaml []byte) error
	GoodConfig(ctx context.Context, repoID int64) ([]byte, error)

	reminderStore
	CampaignStore

	TryLock(ctx context.Context, key, owner string, ttl time.Duration) (bool, error)
	Unlock(ctx context.Context, key, owner string) error
}

package app

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/prchq/prc/app/config"
	"github.com/prchq/prc/app/metrics"
	"github.com/prchq/prc/app/setup"
	"github.com/sirupsen/logrus"
)

// githubRecheck is how often an unreachable GitHub is asked again.
const githubRecheck = 30 * time.Second

// githubStatus is the last credential check's outcome, which /readyz reports.
type githubStatus struct {
	mu  sync.Mutex
	err error // nil when GitHub answered
}

// checkGitHub makes the start-up credential check: rejected credentials stop start-up, an
// unreachable GitHub is remembered for /readyz and asked again while the App runs, and any other
// answer is logged.
func checkGitHub(ctx context.Context, cfg config.Config, m *metrics.Metrics, log logrus.FieldLogger) (*githubStatus, error) {
	err := setup.Check(ctx, cfg.GitHubAPIURL, cfg.AppID, cfg.PrivateKeyPEM, nil)
	var unreachable *setup.UnreachableError
	switch {
	case err == nil:
		return &githubStatus{}, nil
	case errors.As(err, &unreachable):
		log.WithError(err).Warn("GitHub is unreachable; prc starts anyway and /readyz reports it until GitHub answers")
		return &githubStatus{err: err}, nil
	case errors.Is(err, setup.ErrRejected):
		return nil, err
	}
	// GitHub answered, only not as expected: not a reason to refuse to serve.
	log.WithError(err).Warn("credential check: unexpected answer from GitHub; starting anyway")
	return &githubStatus{}, nil
}

// Check is the readiness probe's view of GitHub.
func (g *githubStatus) Check(context.Context) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.err != nil {
		return fmt.Errorf("unreachable: %w", g.err)
	}
	return nil
}

// recheck asks GitHub again until it answers or ctx ends.
func (g *githubStatus) recheck(ctx context.Context, cfg config.Config, m *metrics.Metrics, log logrus.FieldLogger) {
	t := time.NewTicker(githubRecheck)
	defer t.Stop()
	for g.Check(ctx) != nil {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		err := setup.Check(ctx, cfg.GitHubAPIURL, cfg.AppID, cfg.PrivateKeyPEM, nil)
		var unreachable *setup.UnreachableError
		if errors.As(err, &unreachable) {
			continue
		}
		if err != nil {
			log.WithError(err).Error("GitHub answers again but refuses the App's credentials")
		} else {
			log.Info("GitHub is reachable again")
		}
		g.mu.Lock()
		g.err = nil
		g.mu.Unlock()
	}
}

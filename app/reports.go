package app

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/prchq/prc/app/report"
)

// reportPoll is how often the store is asked whether a report is due: well inside the 5 s a
// report may be late by.
const reportPoll = 2 * time.Second

// postReports posts each organisation's readiness report when it is due, until ctx ends.
func (a *App) postReports(ctx context.Context) {
	host, _ := os.Hostname()
	p := &report.Poster{Store: a.store, Clients: a.clients, Now: a.now, Owner: fmt.Sprintf("%s-%d-reports", host, os.Getpid()), Log: a.log}
	every(ctx, reportPoll, true, func(ctx context.Context) {
		if err := p.PostDue(ctx); err != nil && ctx.Err() == nil {
			a.log.WithError(err).Warn("report schedules not read")
		}
	})
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/prchq/prc/app/config"
	"github.com/prchq/prc/app/report"
	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/checklist/orgconfig"
	"github.com/sirupsen/logrus"
)

const reportUsage = `Usage: prc report [--org ORG] [--since 30d|YYYY-MM-DD] [--at YYYY-MM-DD] [--data-dir DIR] [--database-url URL]

Prints the readiness digest, in Markdown, over the store prc serve keeps: readiness per tier and
per owner team, launches and regressions in the period, waivers expiring within 30 days, and
campaign progress. The store is found as prc serve finds it: PRC_DATABASE_URL, else the SQLite
database in PRC_DATA_DIR (default ./prc-data). It only reads; a store that does not exist is an
error.
`

func runReport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	cmd := newCommand("prc report", reportUsage, stdout, stderr)
	org := cmd.fs.String("org", "", "only this `organisation`")
	since := cmd.fs.String("since", "30d", "start of the period: a `duration` back from now (30d, 12h) or a date (YYYY-MM-DD)")
	dataDir := cmd.fs.String("data-dir", envOr(getenv, "PRC_DATA_DIR", config.Defaults().DataDir), "`directory` of the SQLite store (PRC_DATA_DIR)")
	dbURL := cmd.fs.String("database-url", getenv("PRC_DATABASE_URL"), "PostgreSQL `URL` (PRC_DATABASE_URL)")
	at := cmd.fs.String("at", "", "report as of this `date` (YYYY-MM-DD, end of the day UTC) instead of now")
	pos, code, ok := cmd.parse(args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		return cmd.usageError("unexpected argument %q", pos[0])
	}
	now, err := parseAt(*at, time.Now())
	if err != nil {
		return cmd.usageError("--at: %v", err)
	}
	start, err := parseSince(*since, now)
	if err != nil {
		return cmd.usageError("--since: %v", err)
	}
	st, err := openReportStore(ctx, *dataDir, *dbURL)
	if err != nil {
		diag(stderr, "prc report: %v\n", err)
		return exitUsage
	}
	defer func() {
		if err := st.Close(); err != nil {
			diag(stderr, "prc report: %v\n", err)
		}
	}()
	d, err := report.Build(ctx, st, report.Options{Org: *org, Since: start, Now: now})
	if err != nil {
		diag(stderr, "prc report: %v\n", err)
		return exitFailing
	}
	out := &output{w: stdout}
	_ = d.Markdown(out)
	return out.finish(exitOK, stderr, "prc report")
}

func envOr(getenv func(string) string, key, fallback string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return fallback
}

// parseAt reads --at: the end of a day, or now when empty.
func parseAt(s string, now time.Time) (time.Time, error) {
	if s == "" {
		return now.UTC(), nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("want a date such as 2027-01-31")
	}
	return t.AddDate(0, 0, 1).Add(-time.Second), nil
}

// parseSince reads --since: a duration back from now, or a date at midnight UTC.
func parseSince(s string, now time.Time) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	d, err := orgconfig.ParseDuration(s)
	if err != nil {
		return time.Time{}, fmt.Errorf("want a duration such as 30d or a date such as 2027-01-31: %v", err)
	}
	return now.Add(-d), nil
}

// openReportStore opens the store prc serve uses, refusing to create an empty SQLite one.
func openReportStore(ctx context.Context, dataDir, dbURL string) (*store.Store, error) {
	if dbURL == "" {
		if _, err := os.Stat(filepath.Join(dataDir, store.SQLiteFile)); errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("no store in %s (set PRC_DATA_DIR or --data-dir, or PRC_DATABASE_URL)", dataDir)
		}
	}
	log := logrus.New()
	log.SetOutput(io.Discard)
	st, err := store.Open(ctx, store.Config{DataDir: dataDir, DatabaseURL: dbURL, Logger: log}, nil)
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	return st, nil
}

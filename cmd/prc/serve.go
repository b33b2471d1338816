package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/prchq/prc/app"
	"github.com/prchq/prc/app/config"
)

// runServe runs the GitHub App until ctx ends (SIGINT or SIGTERM).
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, err := config.Load(args, os.Getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err == nil {
		err = cfg.Validate()
	}
	if err != nil {
		fmt.Fprintf(stderr, "prc serve: invalid configuration:\n%v\n", err)
		return 2
	}
	log, err := app.NewLogger(cfg.LogFormat, cfg.LogLevel, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "prc serve: %v\n", err)
		return 2
	}
	a, err := app.New(ctx, cfg, log)
	if err != nil {
		fmt.Fprintf(stderr, "prc serve: %v\n", err)
		return 1
	}
	if err := a.Run(ctx); err != nil {
		log.WithError(err).Error("prc serve stopped with an error")
		return 1
	}
	return 0
}

package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"os"

	"github.com/prchq/prc/app"
	"github.com/prchq/prc/app/config"
)

// runServe runs the GitHub App, or its setup, until ctx ends (SIGINT or SIGTERM). It exits 2 on
// a setting to fix, including credentials GitHub rejects, and 1 on other failures.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	out := stderr
	if wantsHelp(args) {
		out = stdout // help asked for goes to stdout, like every command's
	}
	cfg, err := config.Load(args, os.Getenv, out)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		diag(stderr, "prc serve: invalid configuration:\n%v\n", err)
		return 2
	}
	log, err := app.NewLogger(cfg.LogFormat, cfg.LogLevel, stderr)
	if err != nil {
		diag(stderr, "prc serve: %v\n", err)
		return 2
	}
	err = app.Serve(ctx, cfg, log, app.WithStdout(stdout))
	var cfgErr *app.ConfigError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &cfgErr), errors.Is(err, app.ErrCredentials):
		diag(stderr, "prc serve: %v\n", err)
		return 2
	}
	log.WithError(err).Error("prc serve stopped with an error")
	return 1
}

// wantsHelp reports whether the flags before any "--" ask for help.
func wantsHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "-help", "--help", "-h=true", "--help=true":
			return true
		}
	}
	return false
}

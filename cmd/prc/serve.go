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
	out := stderr
	if wantsHelp(args) {
		out = stdout // help asked for goes to stdout, like every command's
	}
	cfg, err := config.Load(args, os.Getenv, out)
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

package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/repoconfig"
)

func runValidate(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("prc validate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "Usage: prc validate FILE...\n\nValidates checklists, and repository configurations (files named prc.yml or prc.yaml).\nErrors go to stderr as file:line:column; the exit status is 2 when any file is invalid.\n")
	}
	files, err := parseInterspersed(fs, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case err != nil:
		return exitUsage
	case len(files) == 0:
		fs.Usage()
		return exitUsage
	}
	code := exitOK
	for _, file := range files {
		summary, err := validateFile(file)
		if err != nil {
			printError(stderr, "prc validate", err)
			code = exitUsage
			continue
		}
		fmt.Fprintf(stdout, "%s: ok (%s)\n", file, summary)
	}
	return code
}

// validateFile checks one file and describes what it holds.
func validateFile(file string) (string, error) {
	data, err := readBounded(file)
	if err != nil {
		return "", err
	}
	switch filepath.Base(file) {
	case "prc.yml", "prc.yaml":
		cfg, err := repoconfig.Parse(file, data)
		if err != nil {
			return "", err
		}
		n := len(cfg.Targets("(unnamed)"))
		return fmt.Sprintf("repository config, %d %s", n, plural(n, "service", "services")), nil
	default:
		c, err := checklist.Parse(file, data)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("checklist %s version %s, %d items", c.Name, c.Version, len(c.Items())), nil
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

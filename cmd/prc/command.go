package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

// command is a subcommand's flags: help asked for with -h goes to stdout and exits 0; a usage
// error goes to stderr with the help and exits 2.
type command struct {
	fs             *flag.FlagSet
	usage          string
	stdout, stderr io.Writer
}

func newCommand(name, usage string, stdout, stderr io.Writer) *command {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {} // parse prints the help, to the stream that fits
	return &command{fs: fs, usage: usage, stdout: stdout, stderr: stderr}
}

// printUsage writes the command's help and its flags to w.
func (c *command) printUsage(w io.Writer) {
	fmt.Fprint(w, c.usage)
	hasFlags := false
	c.fs.VisitAll(func(*flag.Flag) { hasFlags = true })
	if hasFlags {
		fmt.Fprint(w, "\nFlags:\n")
		c.fs.SetOutput(w)
		c.fs.PrintDefaults()
		c.fs.SetOutput(c.stderr)
	}
}

// parse parses args, flags and positional arguments interspersed. When ok is false the command
// stops with code: after printing the help, or after a usage error.
func (c *command) parse(args []string) (positional []string, code int, ok bool) {
	pos, err := parseInterspersed(c.fs, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		c.printUsage(c.stdout)
		return nil, exitOK, false
	case err != nil:
		c.printUsage(c.stderr)
		return nil, exitUsage, false
	}
	return pos, exitOK, true
}

// usageError reports a wrong command line on stderr, followed by the command's help.
func (c *command) usageError(format string, args ...any) int {
	fmt.Fprintf(c.stderr, "%s: %s\n\n", c.fs.Name(), fmt.Sprintf(format, args...))
	c.printUsage(c.stderr)
	return exitUsage
}

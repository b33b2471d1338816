package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
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

// help returns the command's help and its flags.
func (c *command) help() string {
	var b strings.Builder
	b.WriteString(c.usage)
	hasFlags := false
	c.fs.VisitAll(func(*flag.Flag) { hasFlags = true })
	if hasFlags {
		b.WriteString("\nFlags:\n")
		c.fs.SetOutput(&b)
		c.fs.PrintDefaults()
		c.fs.SetOutput(c.stderr)
	}
	return b.String()
}

// parse parses args, flags and positional arguments interspersed. When ok is false the command
// stops with code: after printing the help, or after a usage error.
func (c *command) parse(args []string) (positional []string, code int, ok bool) {
	pos, err := parseInterspersed(c.fs, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		out := &output{w: c.stdout}
		out.print(c.help())
		return nil, out.finish(exitOK, c.stderr, c.fs.Name()), false
	case err != nil:
		diag(c.stderr, "%s", c.help())
		return nil, exitUsage, false
	}
	return pos, exitOK, true
}

// usageError reports a wrong command line on stderr, followed by the command's help.
func (c *command) usageError(format string, args ...any) int {
	diag(c.stderr, "%s: %s\n\n%s", c.fs.Name(), fmt.Sprintf(format, args...), c.help())
	return exitUsage
}

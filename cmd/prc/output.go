package main

import (
	"fmt"
	"io"
)

// output is a command's stdout. It keeps the first write error, so that a command writes as it
// goes and checks once, at the end, that its output reached the reader.
type output struct {
	w   io.Writer
	err error
}

func (o *output) Write(p []byte) (int, error) {
	if o.err != nil {
		return 0, o.err
	}
	n, err := o.w.Write(p)
	o.err = err
	return n, err
}

// printf writes formatted output; a failure is kept for finish.
func (o *output) printf(format string, args ...any) { _, _ = fmt.Fprintf(o, format, args...) }

// print writes s; a failure is kept for finish.
func (o *output) print(s string) { _, _ = io.WriteString(o, s) }

// finish returns code when every write succeeded, else reports the failure on stderr and returns
// exitUsage, the code of every command's I/O errors.
func (o *output) finish(code int, stderr io.Writer, cmd string) int {
	if o.err == nil {
		return code
	}
	printError(stderr, cmd, fmt.Errorf("write output: %w", o.err))
	return exitUsage
}

// diag writes a diagnostic to stderr. A failure there is dropped on purpose: stderr is where
// failures are reported, so it has nowhere else to go, and the exit code still tells.
func diag(stderr io.Writer, format string, args ...any) { _, _ = fmt.Fprintf(stderr, format, args...) }

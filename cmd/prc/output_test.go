package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

var errStdoutClosed = errors.New("stdout closed")

// limitedWriter accepts n bytes, then fails every write.
type limitedWriter struct {
	buf bytes.Buffer
	n   int
}

func (w *limitedWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		w.buf.Write(p[:w.n])
		k := w.n
		w.n = 0
		return k, errStdoutClosed
	}
	w.n -= len(p)
	return w.buf.Write(p)
}

// TestStdoutWriteFailure checks that a command whose output cannot be written says so on stderr
// and exits 2, whether the first write fails or a later one does.
func TestStdoutWriteFailure(t *testing.T) {
	t.Parallel()
	commands := map[string][]string{
		"help":          {"help"},
		"check --help":  {"check", "--help"},
		"version":       {"version"},
		"list":          {"list", "--checklist", testChecklist},
		"explain":       {"explain", "docs.readme", "--checklist", testChecklist},
		"validate":      {"validate", testChecklist},
		"check":         {"check", "--checklist", testChecklist, "testdata/repos/shop"},
		"check --json":  {"check", "--checklist", testChecklist, "--format", "json", "testdata/repos/shop"},
		"check --sarif": {"check", "--checklist", testChecklist, "--format", "sarif", "testdata/repos/shop"},
	}
	for name, args := range commands {
		for _, after := range []int{0, 10} {
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				stdout := &limitedWriter{n: after}
				var stderr bytes.Buffer
				code := run(context.Background(), args, stdout, &stderr)
				if code != exitUsage || !strings.Contains(stderr.String(), errStdoutClosed.Error()) {
					t.Errorf("exit %d, stderr %q; want exit 2 and the write error on stderr", code, stderr.String())
				}
				if stdout.buf.Len() > after {
					t.Errorf("wrote %d bytes, want at most the %d accepted", stdout.buf.Len(), after)
				}
			})
		}
	}
}

// TestOutputKeepsFirstError checks that once a write fails nothing more is written, and that
// finish reports the first error.
func TestOutputKeepsFirstError(t *testing.T) {
	t.Parallel()
	w := &limitedWriter{n: 3}
	out := &output{w: w}
	out.print("ab")
	out.printf("%s", "cdef")
	out.print("g")
	var stderr bytes.Buffer
	if code := out.finish(exitOK, &stderr, "prc test"); code != exitUsage {
		t.Errorf("finish = %d, want %d", code, exitUsage)
	}
	if got := w.buf.String(); got != "abc" {
		t.Errorf("wrote %q, want %q", got, "abc")
	}
	if want := "prc test: write output: stdout closed\n"; stderr.String() != want {
		t.Errorf("stderr %q, want %q", stderr.String(), want)
	}
	ok := &output{w: &bytes.Buffer{}}
	ok.print("fine")
	if code := ok.finish(exitFailing, &stderr, "prc test"); code != exitFailing {
		t.Errorf("finish after good writes = %d, want %d", code, exitFailing)
	}
}

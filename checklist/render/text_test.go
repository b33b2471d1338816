package render

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestTextGolden(t *testing.T) {
	t.Parallel()
	for name, color := range map[string]bool{"text.golden": false, "text-color.golden": true} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			opts := testOptions()
			opts.Color = color
			var buf bytes.Buffer
			if err := Text(&buf, testReport(), opts); err != nil {
				t.Fatal(err)
			}
			golden(t, name, buf.Bytes())
		})
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// TestTextReportsWriteError checks that a writer's failure comes back from Text.
func TestTextReportsWriteError(t *testing.T) {
	t.Parallel()
	err := Text(failingWriter{}, testReport(), testOptions())
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("Text = %v, want the writer's error", err)
	}
}

package render

import (
	"bytes"
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

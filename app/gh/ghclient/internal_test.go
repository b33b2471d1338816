package ghclient

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"testing"

	"github.com/google/go-github/v60/github"

	"github.com/prchq/prc/app/gh"
)

func TestToTreeKeepsFilesLinksAndSubmodules(t *testing.T) {
	entry := func(path, typ, mode string) *github.TreeEntry {
		return &github.TreeEntry{Path: &path, Type: &typ, Mode: &mode, SHA: github.String("s-" + path), Size: github.Int(len(path))}
	}
	in := &github.Tree{Truncated: github.Bool(true), Entries: []*github.TreeEntry{
		entry("dir", "tree", "040000"), entry("dir/a.yaml", "blob", "100644"), entry("run.sh", "blob", "100755"),
		entry("link", "blob", gh.ModeSymlink), entry("vendor/lib", "commit", gh.ModeSubmodule),
	}}
	got := toTree("abc", in)
	want := []gh.TreeEntry{
		{Path: "dir/a.yaml", SHA: "s-dir/a.yaml", Size: 10, Mode: "100644"},
		{Path: "run.sh", SHA: "s-run.sh", Size: 6, Mode: "100755"},
		{Path: "link", SHA: "s-link", Size: 4, Mode: gh.ModeSymlink},
		{Path: "vendor/lib", SHA: "s-vendor/lib", Size: 10, Mode: gh.ModeSubmodule},
	}
	if got.CommitSHA != "abc" || !got.Truncated || fmt.Sprint(got.Entries) != fmt.Sprint(want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestAnnotationBatches(t *testing.T) {
	tests := map[string]struct {
		n     int
		sizes []int
	}{
		"none":    {0, nil},
		"one":     {1, []int{1}},
		"exactly": {50, []int{50}},
		"120":     {120, []int{50, 50, 20}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			in := make([]gh.Annotation, tc.n)
			var sizes []int
			for _, b := range annotationBatches(in) {
				sizes = append(sizes, len(b))
			}
			if fmt.Sprint(sizes) != fmt.Sprint(tc.sizes) {
				t.Errorf("batches %v, want %v", sizes, tc.sizes)
			}
		})
	}
	a := annotationBatches([]gh.Annotation{{Path: "x"}})[0][0]
	if a.GetStartLine() != 1 || a.GetEndLine() != 1 || a.GetAnnotationLevel() != "failure" || a.Title != nil {
		t.Errorf("defaults: %+v", a)
	}
}

// stub answers every request with a fresh ETag and a body of the requested size.
type stub struct{ n int }

func (s *stub) RoundTrip(req *http.Request) (*http.Response, error) {
	s.n++
	size := len(req.URL.Path)
	h := http.Header{"Etag": {fmt.Sprintf(`"%d"`, s.n)}}
	return &http.Response{StatusCode: 200, Header: h, Body: io.NopCloser(bytes.NewReader(make([]byte, size))), Request: req}, nil
}

func TestETagCacheStaysWithinItsBytes(t *testing.T) {
	c := newETagCache(&stub{}, 160) // entries up to 10 bytes
	for k := range 100 {
		req, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("http://x/%08d", k), nil) // 9-byte paths
		resp, err := c.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		if b, _ := io.ReadAll(resp.Body); len(b) != 9 {
			t.Fatalf("body %d bytes", len(b))
		}
		if c.size > 160 || c.order.Len() != len(c.byKey) {
			t.Fatalf("after %d: size %d, %d in order, %d by key", k, c.size, c.order.Len(), len(c.byKey))
		}
	}
	if c.order.Len() != 160/9 {
		t.Errorf("%d entries kept, want %d", c.order.Len(), 160/9)
	}
}

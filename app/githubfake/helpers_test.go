package githubfake_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/bradleyfalzon/ghinstallation/v2"
	"github.com/google/go-github/v60/github"

	"github.com/prchq/prc/app/githubfake"
)

const (
	instID = int64(11)
	org    = "acme"
	repo   = "api"
)

// baseFiles is the initial content of acme/api in most tests.
var baseFiles = map[string]string{
	"README.md":           "hello\n",
	"a-b":                 "x",
	"deploy.yaml":         "v: 1\n",
	"deploy/.keep":        "",
	"deploy/k8s/app.yaml": "kind: Deployment\n",
}

// setup starts a fake with installation 11 on acme and the repository acme/api.
func setup(t *testing.T, opts ...githubfake.Option) (*githubfake.Fake, *github.Client, *githubfake.Repo) {
	t.Helper()
	f := githubfake.New(t, opts...)
	f.AddInstallation(instID, org)
	r := f.AddRepo(instID, org, repo, baseFiles)
	return f, client(t, f, instID), r
}

// client is a real go-github client authenticating through ghinstallation.
func client(t *testing.T, f *githubfake.Fake, inst int64) *github.Client {
	t.Helper()
	tr, err := ghinstallation.New(http.DefaultTransport, f.AppID(), inst, f.PrivateKeyPEM())
	if err != nil {
		t.Fatalf("ghinstallation.New: %v", err)
	}
	tr.BaseURL = f.URL()
	return withBase(t, github.NewClient(&http.Client{Transport: tr}), f)
}

func withBase(t *testing.T, c *github.Client, f *githubfake.Fake) *github.Client {
	t.Helper()
	u, err := url.Parse(f.URL() + "/")
	if err != nil {
		t.Fatal(err)
	}
	c.BaseURL, c.UploadURL = u, u
	return c
}

// raw sends a request through the client and decodes the JSON answer into a map.
func raw(t *testing.T, c *github.Client, method, path string, body any) (map[string]any, *github.Response, error) {
	t.Helper()
	req, err := c.NewRequest(method, path, body)
	if err != nil {
		t.Fatal(err)
	}
	var out json.RawMessage
	resp, err := c.Do(context.Background(), req, &out)
	var m map[string]any
	if len(out) > 0 && out[0] == '{' {
		if err := json.Unmarshal(out, &m); err != nil {
			t.Fatal(err)
		}
	}
	return m, resp, err
}

// status extracts the HTTP status of a go-github error (0 when there is none).
func status(err error) int {
	var er *github.ErrorResponse
	if errors.As(err, &er) {
		return er.Response.StatusCode
	}
	var rl *github.RateLimitError
	if errors.As(err, &rl) {
		return rl.Response.StatusCode
	}
	var ab *github.AbuseRateLimitError
	if errors.As(err, &ab) {
		return ab.Response.StatusCode
	}
	return 0
}

// recorder is a testing.TB that records Errorf and Fatalf instead of failing.
type recorder struct {
	testing.TB
	mu     sync.Mutex
	errors []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) { r.record(format, args...) }

func (r *recorder) Fatalf(format string, args ...any) { r.record(format, args...) }

func (r *recorder) record(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, strings.TrimSpace(fmt.Sprintf(format, args...)))
}

func (r *recorder) messages() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.errors...)
}

func asErr(err error, target any) bool { return errors.As(err, target) }

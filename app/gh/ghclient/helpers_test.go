package ghclient_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prchq/prc/app/gh"
	"github.com/prchq/prc/app/gh/ghclient"
	"github.com/prchq/prc/app/githubfake"
)

const (
	inst  = int64(11)
	org   = "acme"
	repoN = "api"
)

// files is the initial content of acme/api.
var files = map[string]string{
	"README.md":           "hello\n",
	"deploy/k8s/app.yaml": "kind: Deployment\n",
	".github/prc.yml":     "service: api\n",
}

// env is a fake GitHub with installation 11 on acme and the repository acme/api, plus a
// recorder of what the adapter sent.
type env struct {
	fake *githubfake.Fake
	repo *githubfake.Repo
	rec  *recorder
}

func newEnv(t *testing.T, opts ...githubfake.Option) *env {
	t.Helper()
	f := githubfake.New(t, opts...)
	f.AddInstallation(inst, org)
	r := f.AddRepo(inst, org, repoN, files)
	return &env{fake: f, repo: r, rec: &recorder{next: http.DefaultTransport}}
}

// clients builds the adapter on the fake; pacing is off unless opts turn it on.
func (e *env) clients(t *testing.T, opts ...ghclient.Option) *ghclient.Clients {
	t.Helper()
	all := append([]ghclient.Option{ghclient.WithTransport(e.rec), ghclient.WithPacing(0, 0),
		ghclient.WithRetryDelay(time.Millisecond)}, opts...)
	cs, err := ghclient.New(ghclient.Config{AppID: e.fake.AppID(), PrivateKeyPEM: e.fake.PrivateKeyPEM(), BaseURL: e.fake.URL() + "/"}, all...)
	if err != nil {
		t.Fatalf("ghclient.New: %v", err)
	}
	return cs
}

// client is installation 11's gh.Client.
func (e *env) client(t *testing.T, opts ...ghclient.Option) gh.Client {
	t.Helper()
	c, err := e.clients(t, opts...).Installation(context.Background(), inst)
	if err != nil {
		t.Fatalf("Installation: %v", err)
	}
	return c
}

// sent is one request the adapter sent, as the base transport saw it.
type sent struct {
	method, path string
	status       int
	at           time.Time
	header       http.Header
}

// recorder is the base transport: it records requests and counts body bytes read.
type recorder struct {
	next http.RoundTripper

	mu        sync.Mutex
	sent      []sent
	bodyBytes int64
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	at := time.Now()
	resp, err := r.next.RoundTrip(req)
	s := sent{method: req.Method, path: req.URL.Path, at: at, header: req.Header.Clone()}
	if resp != nil {
		s.status = resp.StatusCode
		resp.Body = &countingBody{ReadCloser: resp.Body, rec: r}
	}
	r.mu.Lock()
	r.sent = append(r.sent, s)
	r.mu.Unlock()
	return resp, err
}

// requests lists what was sent, token requests left out, optionally only one method.
func (r *recorder) requests(method string) []sent {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []sent
	for _, s := range r.sent {
		if !strings.HasSuffix(s.path, "/access_tokens") && (method == "" || s.method == method) {
			out = append(out, s)
		}
	}
	return out
}

func (r *recorder) reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent, r.bodyBytes = nil, 0
}

func (r *recorder) bytesRead() int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.bodyBytes
}

type countingBody struct {
	io.ReadCloser
	rec *recorder
}

func (b *countingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.rec.mu.Lock()
	b.rec.bodyBytes += int64(n)
	b.rec.mu.Unlock()
	return n, err
}

func ptr[T any](v T) *T { return &v }

var bg = context.Background()

// apiRequests counts the requests the fake received, token requests left out.
func apiRequests(f *githubfake.Fake) int {
	st := f.Requests()
	return st.Total - st.ByRoute["POST /app/installations/{id}/access_tokens"]
}

package githubfake_test

import (
	"net/http"
	"testing"

	"github.com/prchq/prc/app/githubfake"
)

// TestSetRateLimitAndNewWindows: the reported limit follows SetRateLimit, and NewRateWindows
// starts counting afresh.
func TestSetRateLimitAndNewWindows(t *testing.T) {
	f := githubfake.New(t)
	f.AddInstallation(11, "acme")
	f.AddRepo(11, "acme", "api", map[string]string{"README.md": "hi\n"})
	get := func() (limit, used string) {
		t.Helper()
		resp, err := http.Get(f.URL() + "/repos/acme/api")
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		return resp.Header.Get("X-RateLimit-Limit"), resp.Header.Get("X-RateLimit-Used")
	}
	steps := []struct {
		name       string
		do         func()
		limit, use string
	}{
		{"default", func() {}, "5000", "1"},
		{"raised", func() { f.SetRateLimit(100000) }, "100000", "2"},
		{"new window", f.NewRateWindows, "100000", "1"},
	}
	for _, s := range steps {
		s.do()
		if limit, used := get(); limit != s.limit || used != s.use {
			t.Errorf("%s: limit %s, used %s; want %s, %s", s.name, limit, used, s.limit, s.use)
		}
	}
}

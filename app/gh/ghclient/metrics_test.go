package ghclient_test

import (
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/prchq/prc/app/gh/ghclient"
	"github.com/prchq/prc/app/githubfake"
)

// sample reads one series of a metric family, 0 when it is absent.
func sample(t *testing.T, reg *prometheus.Registry, name string, labels map[string]string) (float64, bool) {
	t.Helper()
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
	series:
		for _, m := range f.GetMetric() {
			got := map[string]string{}
			for _, l := range m.GetLabel() {
				got[l.GetName()] = l.GetValue()
			}
			for k, v := range labels {
				if got[k] != v {
					continue series
				}
			}
			if m.GetCounter() != nil {
				return m.GetCounter().GetValue(), true
			}
			return m.GetGauge().GetValue(), true
		}
	}
	return 0, false
}

func TestRequestMetricsByRouteTemplate(t *testing.T) {
	e := newEnv(t, githubfake.WithRateLimit(100))
	e.fake.CreateIssueAs("alice", org, repoN, "T", "")
	reg := prometheus.NewRegistry()
	cs := e.clients(t, ghclient.WithRegisterer(reg))
	c, _ := cs.Installation(bg, inst)
	e.fake.Fail(githubfake.On("GET", "/repos/acme/api/issues/1"), githubfake.Fault{Status: 502})
	if _, err := c.Issue(bg, org, repoN, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Issue(bg, org, repoN, 1); err != nil { // answered 304 from the ETag cache
		t.Fatal(err)
	}
	tests := map[string]struct {
		name   string
		labels map[string]string
		want   float64
	}{
		"502":            {"prc_github_requests_total", map[string]string{"endpoint": "GET /repos/{owner}/{repo}/issues/{number}", "status": "502"}, 1},
		"200":            {"prc_github_requests_total", map[string]string{"endpoint": "GET /repos/{owner}/{repo}/issues/{number}", "status": "200"}, 1},
		"304":            {"prc_github_requests_total", map[string]string{"endpoint": "GET /repos/{owner}/{repo}/issues/{number}", "status": "304"}, 1},
		"token":          {"prc_github_requests_total", map[string]string{"endpoint": "POST /app/installations/{id}/access_tokens", "status": "201"}, 1},
		"retries":        {"prc_github_retries_total", map[string]string{"endpoint": "GET /repos/{owner}/{repo}/issues/{number}"}, 1},
		"rate remaining": {"prc_github_rate_limit_remaining", map[string]string{"installation": "11"}, 98},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got, _ := sample(t, reg, tc.name, tc.labels); got != tc.want {
				t.Errorf("%s%v = %v, want %v", tc.name, tc.labels, got, tc.want)
			}
		})
	}
	cs.Forget(inst)
	if _, ok := sample(t, reg, "prc_github_rate_limit_remaining", map[string]string{"installation": "11"}); ok {
		t.Error("Forget left the installation's gauge")
	}
}

func TestTwoClientsShareOneRegistry(t *testing.T) {
	e := newEnv(t)
	reg := prometheus.NewRegistry()
	e.clients(t, ghclient.WithRegisterer(reg))
	cs := e.clients(t, ghclient.WithRegisterer(reg))
	c, _ := cs.Installation(bg, inst)
	if _, err := c.Repository(bg, org, repoN); err != nil {
		t.Fatal(err)
	}
	if got, _ := sample(t, reg, "prc_github_requests_total", map[string]string{"endpoint": "GET /repos/{owner}/{repo}", "status": "200"}); got != 1 {
		t.Errorf("requests = %v, want 1", got)
	}
}

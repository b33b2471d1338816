package deploy_test

import (
	"encoding/json"
	"net"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// contractMetrics are the metric names issue 8 fixes as a contract for alerts and dashboards.
var contractMetrics = []string{
	"prc_webhook_deliveries_total", "prc_jobs_total", "prc_job_duration_seconds",
	"prc_github_requests_total", "prc_github_rate_limit_remaining", "prc_evaluations_total",
	"prc_issues_opened_total", "prc_ticks_reverted_total", "prc_launches_blocked_total", "prc_jobs_queued",
}

var prcMetric = regexp.MustCompile(`\bprc_[a-z_]+`)

// checkMetricNames: every prc_ metric a query names is one prc exports (a histogram's _bucket,
// _sum and _count included).
func checkMetricNames(t *testing.T, where, query string) {
	t.Helper()
	for _, m := range prcMetric.FindAllString(query, -1) {
		base := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(m, "_bucket"), "_sum"), "_count")
		if !slices.Contains(contractMetrics, base) {
			t.Errorf("%s: %s is not a metric prc exports", where, m)
		}
	}
}

type ruleSpec struct {
	Groups []struct {
		Rules []struct {
			Alert       string            `yaml:"alert"`
			Expr        string            `yaml:"expr"`
			Annotations map[string]string `yaml:"annotations"`
		} `yaml:"rules"`
	} `yaml:"groups"`
}

// runbookAnchors returns the GitHub anchors of RUNBOOK.md's headings.
func runbookAnchors(t *testing.T) map[string]bool {
	t.Helper()
	data, err := os.ReadFile("RUNBOOK.md")
	if err != nil {
		t.Fatalf("read RUNBOOK.md: %v", err)
	}
	anchors := map[string]bool{}
	drop := regexp.MustCompile(`[^a-z0-9 -]`)
	for _, line := range strings.Split(string(data), "\n") {
		if title, ok := strings.CutPrefix(strings.TrimLeft(line, "#"), " "); ok && strings.HasPrefix(line, "#") {
			anchors[strings.ReplaceAll(drop.ReplaceAllString(strings.ToLower(title), ""), " ", "-")] = true
		}
	}
	return anchors
}

// TestPrometheusRule: both builds alert on the contract's metrics, and every alert's runbook_url
// points at a section of deploy/RUNBOOK.md about that alert.
func TestPrometheusRule(t *testing.T) {
	anchors := runbookAnchors(t)
	for _, dir := range []string{"kubernetes/sqlite", "kubernetes/production"} {
		t.Run(dir, func(t *testing.T) {
			_, rules := specOf[ruleSpec](t, kustomize(t, dir), "PrometheusRule")
			n := 0
			for _, g := range rules.Groups {
				for _, r := range g.Rules {
					n++
					checkMetricNames(t, "alert "+r.Alert, r.Expr)
					url := r.Annotations["runbook_url"]
					_, anchor, ok := strings.Cut(url, "/deploy/RUNBOOK.md#")
					if !ok || anchor != strings.ToLower(r.Alert) || !anchors[anchor] {
						t.Errorf("alert %s: runbook_url %q is not RUNBOOK.md#%s, or RUNBOOK.md has no such heading",
							r.Alert, url, strings.ToLower(r.Alert))
					}
				}
			}
			if n < 4 {
				t.Errorf("%d alerts, want at least webhook failures, job failures, rate limit and queue depth", n)
			}
		})
	}
}

// TestGrafanaDashboard: the dashboard ConfigMap carries the sidecar's label and a dashboard whose
// panels query only metrics prc exports, together covering every metric of the contract.
func TestGrafanaDashboard(t *testing.T) {
	var cm struct {
		Metadata struct {
			Labels map[string]string `yaml:"labels"`
		} `yaml:"metadata"`
		Data map[string]string `yaml:"data"`
	}
	for _, o := range kustomize(t, "kubernetes/production") {
		if o.Kind == "ConfigMap" && o.Metadata.Name == "prc-grafana-dashboard" {
			cm.Data = o.Data
		}
	}
	raw, err := os.ReadFile("kubernetes/base/prc-dashboard.json")
	if err != nil {
		t.Fatal(err)
	}
	if cm.Data["prc-dashboard.json"] != string(raw) {
		t.Fatal("the build has no ConfigMap prc-grafana-dashboard holding prc-dashboard.json")
	}
	var dash struct {
		Panels []struct {
			Title   string `json:"title"`
			Targets []struct {
				Expr string `json:"expr"`
			} `json:"targets"`
		} `json:"panels"`
	}
	if err := json.Unmarshal(raw, &dash); err != nil {
		t.Fatalf("prc-dashboard.json: %v", err)
	}
	seen := map[string]bool{}
	for _, p := range dash.Panels {
		for _, q := range p.Targets {
			checkMetricNames(t, "panel "+p.Title, q.Expr)
			for _, m := range prcMetric.FindAllString(q.Expr, -1) {
				seen[strings.TrimSuffix(m, "_bucket")] = true
			}
		}
	}
	for _, m := range contractMetrics {
		if !seen[m] {
			t.Errorf("no panel shows %s", m)
		}
	}
}

// TestOpenSLO: the SLO file is OpenSLO v1, every SLO names the service it defines and has a
// target below 1, and its queries use prc's metrics.
func TestOpenSLO(t *testing.T) {
	type doc struct {
		APIVersion string `yaml:"apiVersion"`
		Kind       string `yaml:"kind"`
		Metadata   struct {
			Name string `yaml:"name"`
		} `yaml:"metadata"`
		Spec yaml.Node `yaml:"spec"`
	}
	docs := decodeFile[doc](t, "kubernetes/base/slo.openslo.yaml")
	services, slos := map[string]bool{}, 0
	for _, d := range docs {
		if d.APIVersion != "openslo/v1" {
			t.Errorf("%s %s: apiVersion %q, want openslo/v1", d.Kind, d.Metadata.Name, d.APIVersion)
		}
		if d.Kind == "Service" {
			services[d.Metadata.Name] = true
		}
	}
	for _, d := range docs {
		if d.Kind != "SLO" {
			continue
		}
		slos++
		var spec struct {
			Service    string `yaml:"service"`
			Objectives []struct {
				Target float64 `yaml:"target"`
			} `yaml:"objectives"`
		}
		if err := d.Spec.Decode(&spec); err != nil {
			t.Fatalf("SLO %s: %v", d.Metadata.Name, err)
		}
		if !services[spec.Service] || len(spec.Objectives) == 0 {
			t.Errorf("SLO %s: service %q defined=%v, %d objectives", d.Metadata.Name, spec.Service, services[spec.Service], len(spec.Objectives))
		}
		for _, o := range spec.Objectives {
			if o.Target <= 0 || o.Target >= 1 {
				t.Errorf("SLO %s: target %v, want a ratio in (0, 1)", d.Metadata.Name, o.Target)
			}
		}
		var q strings.Builder
		_ = yaml.NewEncoder(&q).Encode(&d.Spec)
		checkMetricNames(t, "SLO "+d.Metadata.Name, q.String())
	}
	if slos == 0 {
		t.Error("no SLO")
	}
}

type canarySpec struct {
	TargetRef     struct{ Kind, Name string } `yaml:"targetRef"`
	AutoscalerRef struct{ Kind, Name string } `yaml:"autoscalerRef"`
	Service       struct {
		TargetPort string `yaml:"targetPort"`
	} `yaml:"service"`
	Analysis struct {
		Iterations int `yaml:"iterations"`
		Metrics    []struct {
			TemplateRef struct {
				Name string `yaml:"name"`
			} `yaml:"templateRef"`
		} `yaml:"metrics"`
	} `yaml:"analysis"`
}

// checkCanary: Flagger's Canary releases the Deployment with its autoscaler, serves the
// container's port, and judges the new version on metric templates of the build over prc's
// metrics.
func checkCanary(t *testing.T, objs []resource, deployment, hpa string, c container) {
	t.Helper()
	_, canary := specOf[canarySpec](t, objs, "Canary")
	if canary.TargetRef.Kind != "Deployment" || canary.TargetRef.Name != deployment || canary.AutoscalerRef.Name != hpa {
		t.Errorf("canary targets %s %s with autoscaler %s, want Deployment %s and %s",
			canary.TargetRef.Kind, canary.TargetRef.Name, canary.AutoscalerRef.Name, deployment, hpa)
	}
	if !isContainerPort(c, canary.Service.TargetPort) {
		t.Errorf("canary service targetPort %q is not a port of container %s", canary.Service.TargetPort, c.Name)
	}
	templates := map[string]string{}
	for _, o := range objs {
		if o.Kind == "MetricTemplate" {
			var spec struct {
				Query string `yaml:"query"`
			}
			if err := o.Spec.Decode(&spec); err != nil {
				t.Fatal(err)
			}
			templates[o.Metadata.Name] = spec.Query
		}
	}
	if canary.Analysis.Iterations == 0 || len(canary.Analysis.Metrics) == 0 {
		t.Error("canary has no analysis iterations or metrics: it would promote any version")
	}
	for _, m := range canary.Analysis.Metrics {
		q, ok := templates[m.TemplateRef.Name]
		if !ok {
			t.Errorf("canary metric uses template %q, which the build lacks", m.TemplateRef.Name)
		}
		checkMetricNames(t, "metric template "+m.TemplateRef.Name, q)
	}
}

type podMonitorSpec struct {
	Selector  labelSelector `yaml:"selector"`
	Endpoints []struct {
		Port string `yaml:"port"`
		Path string `yaml:"path"`
	} `yaml:"podMetricsEndpoints"`
}

// checkScrape: the PodMonitor selects prc's pods and scrapes /metrics on the container port
// PRC_METRICS_LISTEN makes prc serve it on (the main port when unset).
func checkScrape(t *testing.T, objs []resource, d deploymentSpec, c container) {
	t.Helper()
	_, pm := specOf[podMonitorSpec](t, objs, "PodMonitor")
	if sel := pm.Selector.MatchLabels; len(sel) == 0 || !subset(sel, d.Template.Metadata.Labels) {
		t.Errorf("PodMonitor selector %v does not select the pod labels %v", sel, d.Template.Metadata.Labels)
	}
	listen := envValue(c, "PRC_METRICS_LISTEN")
	if listen == "" {
		listen = envValue(c, "PRC_LISTEN")
	}
	_, port, err := net.SplitHostPort(listen)
	if err != nil || !isContainerPort(c, port) {
		t.Fatalf("/metrics is served on %q, not on a container port", listen)
	}
	if len(pm.Endpoints) != 1 || pm.Endpoints[0].Path != "/metrics" || !samePort(c, pm.Endpoints[0].Port, port) {
		t.Errorf("PodMonitor scrapes %+v, want /metrics on the container port %s", pm.Endpoints, port)
	}
}

// samePort reports whether a named or numbered port of the container is the port number.
func samePort(c container, port, number string) bool {
	for _, p := range c.Ports {
		if (port == p.Name || port == strconv.Itoa(p.ContainerPort)) && strconv.Itoa(p.ContainerPort) == number {
			return true
		}
	}
	return false
}

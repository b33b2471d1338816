package dashboard

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/prchq/prc/app/report"

	"github.com/prchq/prc/app/auth"
	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/checklist"
)

// Store is what the dashboard reads.
type Store interface {
	// CampaignStore gives the services' overviews and the campaigns' progress.
	report.CampaignStore
	Ticks(ctx context.Context, serviceID int64) ([]store.Tick, error)
	Launches(ctx context.Context, serviceID int64) ([]store.Launch, error)
	ReadinessHistory(ctx context.Context, since time.Time) ([]store.ReadinessDay, error)
	Backfills(ctx context.Context, since time.Time) ([]store.Backfill, error)
	Installation(ctx context.Context, id int64) (store.Installation, error)
}

// Service is one row of the table and of GET /api/v1/services.
type Service struct {
	Owner            string   `json:"owner"`
	Repo             string   `json:"repo"`
	Service          string   `json:"service"`
	Tier             string   `json:"tier"`
	Readiness        float64  `json:"readiness"`
	Ready            bool     `json:"ready"`
	Failing          []string `json:"failing"`
	ChecklistVersion string   `json:"checklistVersion"`
	Launched         bool     `json:"launched"`
	// LaunchedIncomplete flags a service whose latest launch came while required items were missing.
	LaunchedIncomplete bool `json:"launchedIncomplete"`
	// Regressed says that a required item broke after the launch and has not recovered.
	Regressed   bool      `json:"regressed"`
	IssueURL    string    `json:"issueUrl"`
	EvaluatedAt time.Time `json:"evaluatedAt"`
	// Stale says that work for the service's repository gave up since its last evaluation, so
	// what is shown may be out of date; StaleReason is the last error.
	Stale       bool   `json:"stale"`
	StaleReason string `json:"staleReason,omitempty"`

	id       int64
	items    []checklist.Result
	sections map[string]bool // sections with a failing item
	linkBase string
	// manifestsRepo is the other repository the service keeps its manifests in, and
	// manifestsLink the web address of its default branch's files; empty for none.
	manifestsRepo, manifestsLink string
	// regressedSince maps the items broken since the launch to the commit they broke in.
	regressedSince map[string]string
}

// saved is the reconciler's stored evaluation of a service, the part the dashboard reads.
type saved struct {
	Report    *checklist.Report `json:"report"`
	LinkBase  string            `json:"link_base"`
	Regressed map[string]string `json:"regressed"`
	Launch    *struct {
		Incomplete bool `json:"incomplete"`
	} `json:"launch"`
}

// services are the visible services with an evaluation.
func services(ctx context.Context, st Store, v *auth.Viewer, githubURL string) ([]Service, error) {
	rows, err := st.Overviews(ctx)
	if err != nil {
		return nil, err
	}
	out := []Service{}
	for _, o := range rows {
		if !v.CanSee(o.Owner, o.Repo) {
			continue
		}
		var sv saved
		if json.Unmarshal(o.Evaluation, &sv) != nil || sv.Report == nil || len(sv.Report.Services) != 1 {
			continue // not evaluated yet
		}
		out = append(out, newService(o, sv, githubURL))
	}
	return out, nil
}

func newService(o store.Overview, sv saved, githubURL string) Service {
	sr := sv.Report.Services[0]
	s := Service{Owner: o.Owner, Repo: o.Repo, Service: o.Name, Tier: string(sr.Tier), Ready: sr.Summary.Ready,
		Failing: []string{}, ChecklistVersion: sv.Report.Checklist.Version, Launched: o.Launched, EvaluatedAt: o.UpdatedAt,
		Regressed: o.Regressed, Stale: o.Stale.Since != nil, StaleReason: o.Stale.Reason,
		id: o.ID, items: sr.Items, sections: map[string]bool{}, linkBase: sv.LinkBase}
	s.LaunchedIncomplete = o.Launched && sv.Launch != nil && sv.Launch.Incomplete
	if o.Regressed {
		s.regressedSince = sv.Regressed
	}
	if sr.ManifestsRepo != "" && githubURL != "" {
		s.manifestsRepo, s.manifestsLink = sr.ManifestsRepo, strings.TrimRight(githubURL, "/")+"/"+sr.ManifestsRepo+"/blob/HEAD"
	}
	if o.IssueNumber > 0 {
		s.IssueURL = fmt.Sprintf("%s/%s/%s/issues/%d", githubURL, o.Owner, o.Repo, o.IssueNumber)
	}
	required, satisfied := 0, 0
	for _, r := range sr.Items {
		if !r.Required {
			continue
		}
		required++
		if r.Status.Satisfied() {
			satisfied++
			continue
		}
		s.Failing = append(s.Failing, r.ID)
		s.sections[r.Section] = true
	}
	s.Readiness = 100
	if required > 0 {
		s.Readiness = float64(int(1000*float64(satisfied)/float64(required))) / 10
	}
	return s
}

// Path is the service's page on the dashboard, each part escaped.
func (s Service) Path() string {
	return "/services/" + url.PathEscape(s.Owner) + "/" + url.PathEscape(s.Repo) + "/" + url.PathEscape(s.Service)
}

// evidenceLink is the web address of a file and line on the default branch (of the other
// repository, for its manifests' files), or "".
func (s Service) evidenceLink(path string, line int) string {
	base := s.linkBase
	if rest, ok := strings.CutPrefix(path, s.manifestsRepo+"/"); ok && s.manifestsRepo != "" {
		base, path = s.manifestsLink, rest
	}
	if base == "" || path == "" {
		return ""
	}
	segs := strings.Split(path, "/")
	for i, seg := range segs {
		segs[i] = url.PathEscape(seg)
	}
	u := strings.TrimRight(base, "/") + "/" + strings.Join(segs, "/")
	if line > 0 {
		u += fmt.Sprintf("#L%d", line)
	}
	return u
}

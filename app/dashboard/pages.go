package dashboard

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/prchq/prc/app/auth"
	"github.com/prchq/prc/app/store"
)

//go:embed templates/*.html
var templateFS embed.FS

var pages = template.Must(template.New("").Funcs(template.FuncMap{
	"time":    func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") },
	"percent": func(f float64) string { return fmt.Sprintf("%.0f%%", f) },
	"join":    strings.Join,
}).ParseFS(templateFS, "templates/*.html"))

type indexData struct {
	Viewer    *auth.Viewer
	Filter    Filter
	Services  []Service
	Orgs      []string
	Tiers     []string
	Sections  []string
	Charts    []chart
	Campaigns []campaignChart
	Backfills []backfill
	Link      func(key, value string) string
}

func (h *Handler) index(w http.ResponseWriter, r *http.Request) {
	v := auth.From(r.Context())
	all, err := services(r.Context(), h.store, v, h.githubURL)
	if err != nil {
		h.fail(w, err)
		return
	}
	f := parseFilter(r.URL.Query())
	data := indexData{Viewer: v, Filter: f, Link: f.with}
	orgs, tiers, sections := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, s := range all {
		orgs[strings.ToLower(s.Owner)], tiers[s.Tier] = true, true
		for sec := range s.sections {
			sections[sec] = true
		}
	}
	data.Orgs, data.Tiers, data.Sections = keys(orgs), keys(tiers), keys(sections)
	data.Services = f.apply(all)
	if data.Charts, err = h.charts(r, orgs); err != nil {
		h.fail(w, err)
		return
	}
	if data.Campaigns, err = h.campaignCharts(r); err != nil {
		h.fail(w, err)
		return
	}
	if data.Backfills, err = h.backfills(r, v); err != nil {
		h.fail(w, err)
		return
	}
	render(w, "index.html", data)
}

func (h *Handler) charts(r *http.Request, visible map[string]bool) ([]chart, error) {
	days, err := h.store.ReadinessHistory(r.Context(), h.now().AddDate(0, 0, -historyDays))
	if err != nil {
		return nil, err
	}
	today, err := h.today(r)
	if err != nil {
		return nil, err
	}
	byOrg := map[string][]store.ReadinessDay{}
	for _, d := range days {
		if visible[d.Org] && d.Day != today[d.Org].Day {
			byOrg[d.Org] = append(byOrg[d.Org], d)
		}
	}
	for org, d := range today {
		if visible[org] {
			byOrg[org] = append(byOrg[org], d)
		}
	}
	var out []chart
	for _, org := range keys(byOrg) {
		out = append(out, newChart(org, byOrg[org]))
	}
	return out, nil
}

// today is each organisation's readiness now, the chart's last point.
func (h *Handler) today(r *http.Request) (map[string]store.ReadinessDay, error) {
	all, err := services(r.Context(), h.store, auth.Public(), h.githubURL)
	if err != nil {
		return nil, err
	}
	day := h.now().UTC().Format(time.DateOnly)
	out := map[string]store.ReadinessDay{}
	for _, s := range all {
		org := strings.ToLower(s.Owner)
		d := out[org]
		d.Org, d.Day = org, day
		d.Services++
		if s.Ready {
			d.Ready++
		}
		out[org] = d
	}
	return out, nil
}

// backfill is an installation's backfill under way, as the page shows it.
type backfill struct {
	Account     string
	Done, Total string // with thousands separators: "1,240 of 5,000"
}

// backfills are the backfills under way in accounts the viewer can read.
func (h *Handler) backfills(r *http.Request, v *auth.Viewer) ([]backfill, error) {
	list, err := h.store.Backfills(r.Context(), h.now().Add(-time.Hour))
	if err != nil {
		return nil, err
	}
	var out []backfill
	for _, b := range list {
		in, err := h.store.Installation(r.Context(), b.InstallationID)
		if err != nil || !v.CanSeeOwner(in.Account) {
			continue
		}
		out = append(out, backfill{Account: in.Account, Done: thousands(b.Done), Total: thousands(b.Total)})
	}
	return out, nil
}

// thousands writes n with commas between groups of three digits.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

type serviceData struct {
	Viewer   *auth.Viewer
	Details  []Detail
	Launches map[int64][]store.Launch
	Link     func(s Service, path string, line int) string
}

func (h *Handler) servicePage(w http.ResponseWriter, r *http.Request) {
	details, ok := h.repoDetails(w, r)
	if !ok {
		return
	}
	data := serviceData{Viewer: auth.From(r.Context()), Details: details, Launches: map[int64][]store.Launch{},
		Link: func(s Service, path string, line int) string { return s.evidenceLink(path, line) }}
	for _, d := range details {
		l, err := h.store.Launches(r.Context(), d.id)
		if err != nil {
			h.fail(w, err)
			return
		}
		data.Launches[d.id] = l
	}
	render(w, "service.html", data)
}

// ID is the service's store id, for the page's launch lookup.
func (s Service) ID() int64 { return s.id }

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func render(w http.ResponseWriter, name string, data any) {
	var b bytes.Buffer
	if err := pages.ExecuteTemplate(&b, name, data); err != nil {
		http.Error(w, "render page: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = b.WriteTo(w)
}

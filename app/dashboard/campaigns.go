package dashboard

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/prchq/prc/app/auth"
	"github.com/prchq/prc/app/report"
)

// campaignChart is one campaign's burn-up, drawn as inline SVG: services covered and services
// done per day, across the days from its start to its deadline.
type campaignChart struct {
	report.Campaign
	Total, Done string // SVG polyline points
	// Overdue are the services not done after the deadline, linked to their pages.
	Overdue []overdueService
}

type overdueService struct {
	Name, Path string
}

func (h *Handler) visibleCampaigns(r *http.Request) ([]report.Campaign, error) {
	v := auth.From(r.Context())
	return report.Campaigns(r.Context(), h.store, h.now(), v.CanSee)
}

// apiCampaigns answers GET /api/v1/campaigns: every campaign of the organisations the viewer
// can read, counting the services they can read; ?org= keeps one organisation.
func (h *Handler) apiCampaigns(w http.ResponseWriter, r *http.Request) {
	all, err := h.visibleCampaigns(r)
	if err != nil {
		h.fail(w, err)
		return
	}
	org := r.URL.Query().Get("org")
	out := []report.Campaign{}
	for _, c := range all {
		if (org == "" || strings.EqualFold(org, c.Org)) && h.orgVisible(r, c) {
			out = append(out, c)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"campaigns": out})
}

// orgVisible reports whether the viewer may see that the campaign exists: they can read one of
// its organisation's repositories.
func (h *Handler) orgVisible(r *http.Request, c report.Campaign) bool {
	return c.Total > 0 || auth.From(r.Context()).CanSeeOwner(c.Org)
}

func (h *Handler) campaignCharts(r *http.Request) ([]campaignChart, error) {
	all, err := h.visibleCampaigns(r)
	if err != nil {
		return nil, err
	}
	var out []campaignChart
	for _, c := range all {
		if h.orgVisible(r, c) {
			out = append(out, newCampaignChart(c))
		}
	}
	return out, nil
}

func newCampaignChart(c report.Campaign) campaignChart {
	ch := campaignChart{Campaign: c}
	for _, s := range c.Overdue {
		path := "/services/" + url.PathEscape(s.Owner) + "/" + url.PathEscape(s.Repo) + "/" + url.PathEscape(s.Service)
		ch.Overdue = append(ch.Overdue, overdueService{Name: s.Owner + "/" + s.Repo + " " + s.Service, Path: path})
	}
	if len(c.BurnUp) == 0 {
		return ch
	}
	start, _ := time.Parse(time.DateOnly, c.BurnUp[0].Day)
	deadline, _ := time.Parse(time.DateOnly, c.Deadline)
	span := max(deadline.Sub(start).Hours()/24, float64(len(c.BurnUp)-1), 1)
	most := 1
	for _, d := range c.BurnUp {
		most = max(most, d.Total)
	}
	var total, done []string
	for i, d := range c.BurnUp {
		x := float64(i) * chartW / span
		total = append(total, fmt.Sprintf("%.1f,%.1f", x, chartH-float64(d.Total)*chartH/float64(most)))
		done = append(done, fmt.Sprintf("%.1f,%.1f", x, chartH-float64(d.Done)*chartH/float64(most)))
	}
	ch.Total, ch.Done = strings.Join(total, " "), strings.Join(done, " ")
	return ch
}

// SVGSize is the chart's viewBox, for the template.
func (campaignChart) SVGSize() template.HTMLAttr { return chart{}.SVGSize() }

package report

import (
	"context"
	"encoding/json"
	"sort"
	"strings"
	"time"

	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/verdict"
)

// waiverWindow is how far ahead the digest looks for waivers about to expire.
const waiverWindow = 30 * 24 * time.Hour

// Unowned is the team of services whose owners are unknown.
const Unowned = "unowned"

// Store is what the digest is built from: *store.Store in production.
type Store interface {
	CampaignStore
	ServiceOwners(ctx context.Context) (map[int64][]string, error)
	LaunchesSince(ctx context.Context, since time.Time) ([]store.RepoLaunch, error)
	RegressionsSince(ctx context.Context, since time.Time) ([]store.Regression, error)
}

// Regression is a launched service's required item that broke after the launch.
type Regression struct {
	ServiceRef
	Item   string
	Commit string
	At     time.Time
	// RecoveredAt is when the item passed again; zero while it is still broken.
	RecoveredAt time.Time
}

// Options choose what the digest covers.
type Options struct {
	// Org keeps one organisation (any case); "" covers all.
	Org string
	// Since starts the period of launches and regressions; Now ends it and dates waivers.
	Since, Now time.Time
	// Location is the time zone dates are written in; UTC when nil.
	Location *time.Location
}

// Readiness counts a group of services.
type Readiness struct {
	Name     string
	Services int
	Ready    int
	// Satisfied and Required add up the services' required items.
	Satisfied, Required int
}

// Waiver is an active waiver that expires soon.
type Waiver struct {
	ServiceRef
	Item, Expires, ApprovedBy, Reason string
}

// Digest is the readiness report.
type Digest struct {
	Org string
	// Number is the report's place in the organisation's posted series; 0 for one printed.
	Number     int
	Location   *time.Location
	Since, Now time.Time
	Services   int
	Tiers      []Readiness
	Teams      []Readiness
	Launches   []store.RepoLaunch
	// Regressions are those that opened in the period and those still open.
	Regressions []Regression
	Waivers     []Waiver
	Campaigns   []Campaign
}

// Build reads the digest from st.
func Build(ctx context.Context, st Store, o Options) (*Digest, error) {
	d := &Digest{Org: o.Org, Since: o.Since.UTC(), Now: o.Now.UTC(), Location: o.Location}
	if d.Location == nil {
		d.Location = time.UTC
	}
	overviews, err := st.Overviews(ctx)
	if err != nil {
		return nil, err
	}
	owners, err := st.ServiceOwners(ctx)
	if err != nil {
		return nil, err
	}
	d.readiness(overviews, owners, o)
	if d.Launches, err = launches(ctx, st, o); err != nil {
		return nil, err
	}
	if d.Regressions, err = regressions(ctx, st, overviews, o); err != nil {
		return nil, err
	}
	cs, err := Campaigns(ctx, st, o.Now, nil)
	d.Campaigns = forOrg(cs, o.Org)
	return d, err
}

// saved is the part of a service's stored evaluation the digest reads.
type saved struct {
	Report *checklist.Report `json:"report"`
}

func (d *Digest) readiness(overviews []store.Overview, owners map[int64][]string, o Options) {
	tiers, teams := map[string]*Readiness{}, map[string]*Readiness{}
	for _, ov := range overviews {
		var sv saved
		if (o.Org != "" && !strings.EqualFold(ov.Owner, o.Org)) || json.Unmarshal(ov.Evaluation, &sv) != nil || sv.Report == nil || len(sv.Report.Services) != 1 {
			continue
		}
		sr := sv.Report.Services[0]
		d.Services++
		add(tiers, string(sr.Tier), sr.Summary)
		team := owners[ov.ID]
		if len(team) == 0 {
			team = []string{Unowned}
		}
		for _, t := range team {
			add(teams, t, sr.Summary)
		}
		d.Waivers = append(d.Waivers, expiring(ov, sr, o.Now)...)
	}
	d.Tiers, d.Teams = sorted(tiers), sorted(teams)
	sort.SliceStable(d.Waivers, func(i, j int) bool { return d.Waivers[i].Expires < d.Waivers[j].Expires })
}

func add(groups map[string]*Readiness, name string, s checklist.Summary) {
	g := groups[name]
	if g == nil {
		g = &Readiness{Name: name}
		groups[name] = g
	}
	g.Services++
	g.Satisfied += s.Satisfied
	g.Required += s.Required
	if s.Ready {
		g.Ready++
	}
}

func sorted(groups map[string]*Readiness) []Readiness {
	out := make([]Readiness, 0, len(groups))
	for _, g := range groups {
		out = append(out, *g)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// expiring lists the service's active waivers that end within waiverWindow of now.
func expiring(ov store.Overview, sr checklist.ServiceReport, now time.Time) []Waiver {
	var out []Waiver
	for _, r := range sr.Items {
		if r.Status != verdict.Waived || r.Waiver == nil {
			continue
		}
		until, err := time.Parse(time.DateOnly, r.Waiver.Expires)
		if err != nil || until.AddDate(0, 0, 1).Before(now) || until.After(now.Add(waiverWindow)) {
			continue
		}
		out = append(out, Waiver{ServiceRef: ServiceRef{Owner: ov.Owner, Repo: ov.Repo, Service: ov.Name}, Item: r.ID,
			Expires: r.Waiver.Expires, ApprovedBy: r.Waiver.ApprovedBy, Reason: r.Waiver.Reason})
	}
	return out
}

func launches(ctx context.Context, st Store, o Options) ([]store.RepoLaunch, error) {
	all, err := st.LaunchesSince(ctx, o.Since)
	var out []store.RepoLaunch
	for _, l := range all {
		if (o.Org == "" || strings.EqualFold(l.Owner, o.Org)) && !l.At.After(o.Now) {
			out = append(out, l)
		}
	}
	return out, err
}

func regressions(ctx context.Context, st Store, overviews []store.Overview, o Options) ([]Regression, error) {
	all, err := st.RegressionsSince(ctx, o.Since)
	refs := map[int64]ServiceRef{}
	for _, ov := range overviews {
		if o.Org == "" || strings.EqualFold(ov.Owner, o.Org) {
			refs[ov.ID] = ServiceRef{Owner: ov.Owner, Repo: ov.Repo, Service: ov.Name}
		}
	}
	out := []Regression{}
	for _, r := range all {
		ref, ok := refs[r.ServiceID]
		if !ok || r.RegressedAt.After(o.Now) {
			continue
		}
		if r.RecoveredAt.After(o.Now) {
			r.RecoveredAt = time.Time{} // as of Now it had not recovered
		}
		out = append(out, Regression{ServiceRef: ref, Item: r.Item, Commit: r.SHA, At: r.RegressedAt, RecoveredAt: r.RecoveredAt})
	}
	return out, err
}

package dashboard

import (
	"net/url"
	"slices"
	"sort"
	"strings"
)

// Filter is the table's query: ?org=&tier=&section=&failing=&launch=launched|not|regressed&sort=&desc=1.
type Filter struct {
	Org, Tier, Section, Failing, Launch, Sort string
	Desc                                      bool
}

func parseFilter(q url.Values) Filter {
	return Filter{Org: q.Get("org"), Tier: q.Get("tier"), Section: q.Get("section"), Failing: q.Get("failing"),
		Launch: q.Get("launch"), Sort: q.Get("sort"), Desc: q.Get("desc") == "1"}
}

func (f Filter) keep(s Service) bool {
	switch {
	case f.Org != "" && !strings.EqualFold(f.Org, s.Owner),
		f.Tier != "" && f.Tier != s.Tier,
		f.Section != "" && !s.sections[f.Section],
		f.Failing != "" && !slices.Contains(s.Failing, f.Failing),
		f.Launch == "launched" && !s.Launched,
		f.Launch == "regressed" && !s.Regressed,
		f.Launch == "not" && s.Launched:
		return false
	}
	return true
}

// apply filters and sorts in place: by name unless sort is readiness, evaluated or tier.
func (f Filter) apply(in []Service) []Service {
	out := in[:0:0]
	for _, s := range in {
		if f.keep(s) {
			out = append(out, s)
		}
	}
	less := func(a, b Service) bool {
		switch f.Sort {
		case "readiness":
			if a.Readiness != b.Readiness {
				return a.Readiness < b.Readiness
			}
		case "evaluated":
			if !a.EvaluatedAt.Equal(b.EvaluatedAt) {
				return a.EvaluatedAt.Before(b.EvaluatedAt)
			}
		case "tier":
			if a.Tier != b.Tier {
				return a.Tier < b.Tier
			}
		}
		return name(a) < name(b)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if f.Desc {
			return less(out[j], out[i])
		}
		return less(out[i], out[j])
	})
	return out
}

func name(s Service) string { return strings.ToLower(s.Owner + "/" + s.Repo + "/" + s.Service) }

// with returns the query for f with one field changed, for the page's filter links.
func (f Filter) with(key, value string) string {
	q := url.Values{}
	for k, v := range map[string]string{"org": f.Org, "tier": f.Tier, "section": f.Section, "failing": f.Failing, "launch": f.Launch, "sort": f.Sort} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if f.Desc {
		q.Set("desc", "1")
	}
	if value == "" {
		q.Del(key)
	} else {
		q.Set(key, value)
	}
	return "/?" + q.Encode()
}

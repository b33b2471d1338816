// Package repoconfig reads a repository's `.github/prc.yml`: the service name and tier, where its
// Kubernetes manifests live, waivers, and for monorepos the list of services with their paths.
package repoconfig

import (
	"errors"
	"fmt"
	"path"
	"regexp"
	"strings"
	"time"

	"github.com/prchq/prc/checklist/yamlx"
	"gopkg.in/yaml.v3"
)

// Path is where a repository keeps its prc configuration.
const Path = ".github/prc.yml"

// Config is a parsed, validated `.github/prc.yml`. Manifests are the folders, files, charts or
// kustomizations deployed, replacing discovery (a values file inside a chart renders that chart
// with the file layered over its values.yaml), or a folder of another repository.
type Config struct {
	Service   string    `yaml:"service"`
	Tier      string    `yaml:"tier"`
	Manifests Manifests `yaml:"manifests"`
	Waivers   []Waiver  `yaml:"waivers"`
	Services  []Service `yaml:"services"`
}

// Service is one service of a monorepo.
type Service struct {
	Name      string    `yaml:"name"`
	Path      string    `yaml:"path"`
	Tier      string    `yaml:"tier"`
	Manifests Manifests `yaml:"manifests"`
	Waivers   []Waiver  `yaml:"waivers"`
}

// Waiver exempts an item until a date, with a reason and an approver.
type Waiver struct {
	Item       string `yaml:"item" json:"item"`
	Reason     string `yaml:"reason" json:"reason"`
	Expires    string `yaml:"expires" json:"expires"`
	ApprovedBy string `yaml:"approvedBy" json:"approvedBy"`
	// Line is where the waiver is written.
	Line int `yaml:"-" json:"-"`
}

// DateLayout is the layout of waiver expiry dates.
const DateLayout = "2006-01-02"

// ExpiresAt returns the end of the expiry day in UTC: a waiver applies through its last day.
func (w Waiver) ExpiresAt() time.Time {
	t, _ := time.Parse(DateLayout, w.Expires)
	return t.Add(24 * time.Hour)
}

// Active reports whether the waiver still applies at now.
func (w Waiver) Active(now time.Time) bool { return now.Before(w.ExpiresAt()) }

var (
	nameRE   = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$`)
	itemIDRE = regexp.MustCompile(`^[a-z][a-z0-9-]*\.[a-z0-9][a-z0-9-]*$`)
)

// Parse reads and validates a configuration; file names it in errors.
func Parse(file string, data []byte) (*Config, error) {
	root, err := yamlx.Parse(file, data)
	if err != nil {
		return nil, err
	}
	var c Config
	if err := yamlx.Decode(file, root, &c); err != nil {
		return nil, err
	}
	v := validator{file: file}
	if err := v.config(root, &c); err != nil {
		return nil, err
	}
	return &c, nil
}

type validator struct{ file string }

func (v validator) config(root *yaml.Node, c *Config) error {
	if c.Service != "" && len(c.Services) > 0 {
		return yamlx.At(v.file, orNode(yamlx.Get(root, "services"), root), "", "use either service or services, not both")
	}
	// Each service's problems are reported, not only the first.
	errs := []error{v.common(root, c.Service, c.Tier, &c.Manifests, c.Waivers, "")}
	seenName, seenPath := map[string]bool{}, map[string]bool{}
	list := yamlx.Get(root, "services")
	for i := range c.Services {
		s := &c.Services[i]
		n := yamlx.Elem(list, i, root)
		ctx := fmt.Sprintf("service %q", s.Name)
		switch err := v.service(n, s, ctx); {
		case err != nil:
			errs = append(errs, err)
		case seenName[s.Name]:
			errs = append(errs, yamlx.At(v.file, orNode(yamlx.Get(n, "name"), n), ctx, "duplicate service name"))
		case seenPath[s.Path]:
			errs = append(errs, yamlx.At(v.file, orNode(yamlx.Get(n, "path"), n), ctx, "another service already has path %q", s.Path))
		}
		seenName[s.Name], seenPath[s.Path] = true, true
	}
	return errors.Join(errs...)
}

func (v validator) service(n *yaml.Node, s *Service, ctx string) error {
	if s.Name == "" {
		return yamlx.At(v.file, n, "service", "name is required")
	}
	clean, err := cleanRel(s.Path)
	if err != nil {
		return yamlx.At(v.file, orNode(yamlx.Get(n, "path"), n), ctx, "path: %v", err)
	}
	s.Path = clean
	return v.common(n, s.Name, s.Tier, &s.Manifests, s.Waivers, ctx)
}

func (v validator) common(n *yaml.Node, name, tier string, manifests *Manifests, waivers []Waiver, ctx string) error {
	if name != "" && !nameRE.MatchString(name) {
		return yamlx.At(v.file, orNode(yamlx.Get(n, "name"), orNode(yamlx.Get(n, "service"), n)), ctx, "name %q must be letters, digits, dots, dashes or underscores", name)
	}
	switch tier {
	case "", "critical", "standard", "experimental":
	default:
		return yamlx.At(v.file, orNode(yamlx.Get(n, "tier"), n), ctx, "unknown tier %q (want critical, standard or experimental)", tier)
	}
	if err := v.manifests(n, manifests, ctx); err != nil {
		return err
	}
	list := yamlx.Get(n, "waivers")
	var errs []error
	for i := range waivers {
		errs = append(errs, v.waiver(yamlx.Elem(list, i, n), &waivers[i], ctx))
	}
	return errors.Join(errs...)
}

func (v validator) waiver(n *yaml.Node, w *Waiver, ctx string) error {
	w.Line = n.Line
	at := func(key string) *yaml.Node { return orNode(yamlx.Get(n, key), n) }
	wctx := strings.TrimPrefix(ctx+": waiver", ": ")
	switch {
	case !itemIDRE.MatchString(w.Item):
		return yamlx.At(v.file, at("item"), wctx, "item must be an item id such as cicd.image-scan, got %q", w.Item)
	case strings.TrimSpace(w.Reason) == "":
		return yamlx.At(v.file, at("reason"), wctx, "reason is required")
	case strings.TrimSpace(w.ApprovedBy) == "":
		return yamlx.At(v.file, at("approvedBy"), wctx, "approvedBy is required")
	}
	if _, err := time.Parse(DateLayout, w.Expires); err != nil {
		return yamlx.At(v.file, at("expires"), wctx, "expires must be a date like 2026-12-31, got %q", w.Expires)
	}
	return nil
}

// cleanRel normalises a relative path inside the repository.
func cleanRel(p string) (string, error) {
	p = strings.TrimSpace(p)
	if p == "" {
		return "", fmt.Errorf("must not be empty")
	}
	if strings.HasPrefix(p, "/") {
		return "", fmt.Errorf("%q must be relative to the repository root", p)
	}
	c := path.Clean(p)
	if c == ".." || strings.HasPrefix(c, "../") {
		return "", fmt.Errorf("%q leaves the repository", p)
	}
	return c, nil
}

func orNode(n, fallback *yaml.Node) *yaml.Node {
	if n != nil {
		return n
	}
	return fallback
}

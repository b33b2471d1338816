package kube

import (
	"context"
	"errors"
	"fmt"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/prchq/prc/checklist/kube/internal/helmtpl"
	"github.com/prchq/prc/checklist/repo"
	"github.com/prchq/prc/checklist/verdict"
	"helm.sh/helm/v3/pkg/chart"
	chartloader "helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/chartutil"
)

const (
	chartTimeout  = 5 * time.Second
	maxChartFiles = 5000
	maxChartBytes = 64 << 20
	releaseNS     = "default"
)

// helmRelease is how a deploy tool or prc.yml asks for a chart to be rendered.
type helmRelease struct {
	name, namespace string
	valuesFiles     []string         // repository paths, layered in order over values.yaml
	values          []map[string]any // inline values, layered after the files
	set             []string         // "key.path=value", applied last
}

// productionValues are the values files layered over values.yaml when a chart is discovered.
var productionValues = []string{"values-production.yaml", "values-production.yml", "values-prod.yaml", "values-prod.yml"}

// discoveredRelease is how a chart found in the repository is rendered: with its production
// values file when it has one.
func (l *loader) discoveredRelease(dir string) *helmRelease {
	for _, name := range productionValues {
		if p := path.Join(dir, name); l.inv.isFile(p) {
			return &helmRelease{valuesFiles: []string{p}}
		}
	}
	return &helmRelease{}
}

// renderChart renders the chart in dir as `helm template` would: with the release's values over
// the chart's defaults, the release's name (the chart's name when none is given) and namespace
// ("default" when none is given). It returns the objects of every template.
func (l *loader) renderChart(dir string, rel *helmRelease) ([]Object, []verdict.Evidence) {
	if rel == nil {
		rel = l.discoveredRelease(dir)
	}
	chartFile := path.Join(dir, "Chart.yaml")
	files, err := l.chartFiles(dir)
	if err != nil {
		return nil, []verdict.Evidence{problemAt(chartFile, 0, "chart %s: %v", chartName(dir), err)}
	}
	ch, err := chartloader.LoadFiles(files)
	if err != nil {
		return nil, []verdict.Evidence{problemAt(chartFile, 0, "chart %s: %v", chartName(dir), err)}
	}
	var problems []verdict.Evidence
	for _, dep := range missingDependencies(ch) {
		problems = append(problems, problemAt(chartFile, 0, "chart %s: missing dependency %s; run helm dependency build", ch.Name(), dep))
	}
	ctx, cancel := context.WithTimeout(l.ctx, chartTimeout)
	defer cancel()
	// The renderer stops itself at ctx's deadline; bounded waits a little longer as a last resort.
	wait, cancelWait := context.WithTimeout(l.ctx, chartTimeout+time.Second)
	defer cancelWait()
	vals, err := l.releaseValues(rel)
	if err != nil {
		return nil, append(problems, problemAt(chartFile, 0, "chart %s: %v", chartName(dir), err))
	}
	rendered, err := bounded(wait, func() (map[string]string, error) { return render(ctx, ch, rel, vals) })
	if err != nil {
		if len(problems) > 0 {
			return nil, problems // the missing dependency explains the failure
		}
		return nil, []verdict.Evidence{renderProblem(dir, err)}
	}
	objs, more := chartObjects(dir, ch, rendered, files)
	return objs, append(problems, more...)
}

func chartName(dir string) string {
	if dir == "" {
		return "(repository root)"
	}
	return dir
}

// chartFiles reads every file of the chart directory, subcharts included, for Helm's loader.
func (l *loader) chartFiles(dir string) ([]*chartloader.BufferedFile, error) {
	files := l.inv.filesUnder(dir)
	if len(files) > maxChartFiles {
		return nil, fmt.Errorf("more than %d files; not rendered", maxChartFiles)
	}
	var out []*chartloader.BufferedFile
	var total int64
	for _, f := range files {
		if f.Size > repo.MaxFileSize {
			continue
		}
		if total += f.Size; total > maxChartBytes {
			return nil, fmt.Errorf("more than %d MiB of files; not rendered", maxChartBytes>>20)
		}
		data, err := l.snap.ReadFile(f.Path)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", f.Path, err)
		}
		out = append(out, &chartloader.BufferedFile{Name: relTo(dir, f.Path), Data: data})
	}
	return out, nil
}

func relTo(dir, p string) string {
	if dir == "" {
		return p
	}
	return strings.TrimPrefix(p, dir+"/")
}

// missingDependencies lists the dependencies Chart.yaml declares that are not vendored under
// charts/, which `helm dependency build` would download.
func missingDependencies(ch *chart.Chart) []string {
	have := map[string]bool{}
	for _, d := range ch.Dependencies() {
		have[d.Name()] = true
	}
	var missing []string
	for _, d := range ch.Metadata.Dependencies {
		if d != nil && !have[d.Name] {
			missing = append(missing, d.Name)
		}
	}
	return missing
}

func render(ctx context.Context, ch *chart.Chart, rel *helmRelease, user map[string]any) (map[string]string, error) {
	if err := chartutil.ProcessDependenciesWithMerge(ch, user); err != nil {
		return nil, fmt.Errorf("dependencies: %w", err)
	}
	name, ns := rel.name, rel.namespace
	if name == "" {
		name = ch.Name()
	}
	if ns == "" {
		ns = releaseNS
	}
	opts := chartutil.ReleaseOptions{Name: name, Namespace: ns, Revision: 1, IsInstall: true}
	vals, err := chartutil.ToRenderValuesWithSchemaValidation(ch, user, opts, chartutil.DefaultCapabilities.Copy(), true)
	if err != nil {
		return nil, fmt.Errorf("values: %w", err)
	}
	return helmtpl.Render(ctx, ch, vals, helmtpl.Limits{})
}

// templatePath maps a rendered template name ("api/templates/x.yaml") to its repository path.
func templatePath(dir, name string) string {
	if i := strings.IndexByte(name, '/'); i >= 0 {
		return path.Join(dir, name[i+1:])
	}
	return path.Join(dir, "Chart.yaml")
}

func renderProblem(dir string, err error) verdict.Evidence {
	var te *helmtpl.Error
	if errors.As(err, &te) && strings.Contains(te.Template, "/") {
		return problemAt(templatePath(dir, te.Template), te.Line, "chart %s: template error: %s", chartName(dir), te.Msg)
	}
	return problemAt(path.Join(dir, "Chart.yaml"), 0, "chart %s: cannot render: %v", chartName(dir), err)
}

// chartObjects parses the rendered templates and the chart's CRDs. NOTES.txt is not a manifest.
func chartObjects(dir string, ch *chart.Chart, rendered map[string]string, files []*chartloader.BufferedFile) ([]Object, []verdict.Evidence) {
	origin := "helm:" + dir
	names := make([]string, 0, len(rendered))
	for name := range rendered {
		names = append(names, name)
	}
	sort.Strings(names)
	var objs []Object
	var problems []verdict.Evidence
	sources := map[string][]byte{}
	for _, f := range files {
		sources[path.Join(dir, f.Name)] = f.Data
	}
	add := func(name string, data []byte) {
		file := templatePath(dir, name)
		o, p := parseManifests(file, origin, data, false)
		mapTemplateLines(o, data, sources[file])
		for _, obj := range o {
			if !isTestHook(obj) {
				objs = append(objs, obj)
			}
		}
		problems = append(problems, p...)
	}
	for _, name := range names {
		if strings.HasSuffix(name, "NOTES.txt") || strings.TrimSpace(rendered[name]) == "" {
			continue
		}
		add(name, []byte(rendered[name]))
	}
	for _, crd := range ch.CRDObjects() {
		add(crd.Filename, crd.File.Data)
	}
	return objs, problems
}

// isTestHook reports whether o is a `helm test` hook, which an install never creates.
func isTestHook(o Object) bool {
	meta, _ := o.Doc["metadata"].(map[string]any)
	ann, _ := meta["annotations"].(map[string]any)
	hooks, _ := ann["helm.sh/hook"].(string)
	for _, h := range strings.Split(hooks, ",") {
		if h = strings.TrimSpace(h); h == "test" || h == "test-success" || h == "test-failure" {
			return true
		}
	}
	return false
}

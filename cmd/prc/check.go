package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/render"
	"github.com/prchq/prc/checklist/repo"
	"github.com/prchq/prc/checklist/repoconfig"
	"github.com/prchq/prc/checklist/yamlx"
)

// maxInputFile bounds the checklists and configuration files prc reads outside a snapshot.
const maxInputFile = 4 << 20

type checkFlags struct {
	format, checklist, tier, service, color string
	manifestsDir                            string
	failing, verbose                        bool
}

// checkJob is a validated `prc check` invocation, ready to evaluate and render.
type checkJob struct {
	checklist  *checklist.Checklist
	snap       repo.Snapshot
	eval       checklist.Options
	format     render.Format
	renderOpts render.Options
	failing    bool
}

const checkUsage = `Usage: prc check [DIR] [flags]

Evaluates DIR (default ".") with its .github/prc.yml. Exit status: 0 when no required automatic
item fails, 1 when one does, 2 for usage or configuration errors.
`

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var f checkFlags
	cmd := newCommand("prc check", checkUsage, stdout, stderr)
	fs := cmd.fs
	fs.StringVar(&f.format, "format", "text", "output `format`: text, json, markdown or sarif")
	fs.StringVar(&f.checklist, "checklist", "", "checklist `file`, or builtin:v1, builtin:v2 or builtin:v3 (default: the built-in checklist, version 3)")
	fs.StringVar(&f.tier, "tier", "", "evaluate every service at this `tier`: critical, standard or experimental")
	fs.StringVar(&f.service, "service", "", "evaluate only the service of this `name`")
	fs.StringVar(&f.color, "color", colorAuto, "colour text output: auto, always or never")
	fs.StringVar(&f.manifestsDir, "manifests-dir", "", "read the service's Kubernetes manifests from this `directory` instead (a GitOps layout); overrides manifests: in prc.yml")
	fs.BoolVar(&f.failing, "failing", false, "show only the items that fail or error, with their evidence (text and json)")
	fs.BoolVar(&f.verbose, "verbose", false, "list every piece of evidence of passing items, and other copies of workloads (text)")
	pos, code, ok := cmd.parse(args)
	switch {
	case !ok:
		return code
	case len(pos) > 1:
		diag(stderr, "prc check: want at most one directory, got %d\n", len(pos))
		return exitUsage
	}
	dir := "."
	if len(pos) == 1 {
		dir = pos[0]
	}
	job, err := prepareCheck(f, dir, stdout, stderr)
	if err != nil {
		printError(stderr, "prc check", err)
		return exitUsage
	}
	return job.run(ctx, stdout, stderr)
}

func (j *checkJob) run(ctx context.Context, stdout, stderr io.Writer) int {
	rep, err := checklist.Evaluate(ctx, j.checklist, j.snap, j.eval)
	if err != nil {
		printError(stderr, "prc check", err)
		return exitUsage
	}
	shown := rep
	if j.failing {
		shown = rep.OnlyFailed()
	}
	if err := render.Render(stdout, j.format, shown, j.renderOpts); err != nil {
		printError(stderr, "prc check", err)
		return exitUsage
	}
	if rep.Failing() {
		return exitFailing
	}
	return exitOK
}

// printError prints err under the command's name, or alone when it already names a file position.
func printError(w io.Writer, cmd string, err error) {
	var ye *yamlx.Error
	if errors.As(err, &ye) {
		diag(w, "%v\n", err)
		return
	}
	diag(w, "%s: %v\n", cmd, err)
}

func prepareCheck(f checkFlags, dir string, stdout, stderr io.Writer) (*checkJob, error) {
	j := &checkJob{}
	var err error
	if j.format, err = render.ParseFormat(f.format); err != nil {
		return nil, err
	}
	if j.renderOpts.Color, err = useColor(f.color, stdout, os.Getenv("NO_COLOR")); err != nil {
		return nil, err
	}
	if f.failing && j.format == render.FormatMarkdown {
		return nil, errors.New("--failing does not apply to markdown: the issue body lists every item")
	}
	j.failing, j.renderOpts.Verbose, j.renderOpts.ToolVersion = f.failing, f.verbose, buildVersion()
	j.eval.ListDuplicates = f.verbose
	if f.tier != "" {
		if j.eval.Tier, err = checklist.ParseTier(f.tier); err != nil {
			return nil, err
		}
	}
	if j.checklist, err = loadChecklist(f.checklist); err != nil {
		return nil, err
	}
	j.renderOpts.SectionTitles = render.SectionTitles(j.checklist)
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("directory %s: %w", dir, err)
	}
	snap, err := repo.OpenDir(abs)
	if err != nil {
		return nil, err
	}
	j.snap = snap
	if j.eval.Config, err = loadRepoConfig(snap, dir, stderr); err != nil {
		return nil, err
	}
	j.eval.DefaultName = filepath.Base(abs)
	j.eval.Service = f.service
	if err := checkService(j.eval); err != nil {
		return nil, err
	}
	return j, openManifestsDir(&j.eval, f.manifestsDir)
}

// openManifestsDir sets the manifests kept outside the repository, which belong to one service.
// For a service whose prc.yml names another repository ({repo, path}), dir may be a checkout of
// that repository, holding path, or the folder itself; without dir, such a service cannot be
// evaluated offline.
func openManifestsDir(o *checklist.Options, dir string) error {
	if dir == "" {
		return externalNeedsDir(*o)
	}
	targets := selectedTargets(*o)
	if len(targets) > 1 {
		return errors.New("--manifests-dir holds one service's manifests: name the service with --service")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return fmt.Errorf("manifests directory %s: %w", dir, err)
	}
	snap, err := repo.OpenDir(abs)
	if err != nil {
		return fmt.Errorf("manifests directory: %w", err)
	}
	label := filepath.ToSlash(filepath.Clean(dir))
	if x := targets[0].External; x != nil && x.Path != "." && isDir(filepath.Join(abs, filepath.FromSlash(x.Path))) {
		o.External = map[string]checklist.ExternalRepo{x.Repo: {Snapshot: snap, Label: label}}
		return nil
	}
	o.Manifests, o.ManifestsLabel = snap, label
	return nil
}

// externalNeedsDir refuses to evaluate, offline, a service whose manifests are in another repository.
func externalNeedsDir(o checklist.Options) error {
	for _, t := range selectedTargets(o) {
		if x := t.External; x != nil {
			return fmt.Errorf("service %q keeps its Kubernetes manifests in %s (folder %s), which prc check cannot fetch: check that repository out and pass it, or the folder, with --manifests-dir (for example --manifests-dir ../%s)",
				t.Name, x.Repo, x.Path, path.Base(x.Repo))
		}
	}
	return nil
}

// selectedTargets lists the services the options evaluate.
func selectedTargets(o checklist.Options) []repoconfig.Target {
	var out []repoconfig.Target
	for _, t := range o.Config.Targets(o.DefaultName) {
		if o.Service == "" || t.Name == o.Service {
			out = append(out, t)
		}
	}
	return out
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// checkService reports an unknown --service with the names that exist.
func checkService(o checklist.Options) error {
	if o.Service == "" {
		return nil
	}
	var names []string
	for _, t := range o.Config.Targets(o.DefaultName) {
		if t.Name == o.Service {
			return nil
		}
		names = append(names, t.Name)
	}
	return fmt.Errorf("no service named %q (services: %s)", o.Service, strings.Join(names, ", "))
}

// loadChecklist reads the checklist file, or the built-in checklist when file is empty.
func loadChecklist(file string) (*checklist.Checklist, error) {
	c, _, err := readChecklist(file)
	return c, err
}

// readChecklist is loadChecklist that also returns the checklist's text.
func readChecklist(file string) (*checklist.Checklist, []byte, error) {
	if file == "" {
		data := checklist.DefaultYAML()
		c, err := checklist.Parse(checklist.DefaultSource, data)
		if err != nil {
			return nil, nil, fmt.Errorf("built-in checklist: %w", err)
		}
		return c, data, nil
	}
	if c, ok, err := checklist.LoadBuiltin(file); ok {
		if err != nil {
			return nil, nil, err
		}
		data, err := checklist.BuiltinYAML(strings.TrimPrefix(strings.TrimPrefix(file, "builtin"), ":"))
		return c, data, err
	}
	data, err := readBounded(file)
	if err != nil {
		return nil, nil, err
	}
	c, err := checklist.Parse(file, data)
	return c, data, err
}

// loadRepoConfig reads DIR/.github/prc.yml through the snapshot, so that it obeys the same
// rules as every other file; nil means the repository has none.
func loadRepoConfig(snap repo.Snapshot, dir string, stderr io.Writer) (*repoconfig.Config, error) {
	data, err := snap.ReadFile(repoconfig.Path)
	if errors.Is(err, repo.ErrNotFound) {
		if _, ok := repo.Lookup(snap.Files(), ".github/prc.yaml"); ok {
			diag(stderr, "prc check: note: %s is ignored; prc reads %s\n", filepath.Join(dir, ".github", "prc.yaml"), repoconfig.Path)
		}
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return repoconfig.Parse(filepath.Join(dir, filepath.FromSlash(repoconfig.Path)), data)
}

// readBounded reads a file given on the command line, refusing files over maxInputFile.
func readBounded(path string) ([]byte, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer func() { _ = fh.Close() }() // read-only: nothing is lost if closing fails
	data, err := io.ReadAll(io.LimitReader(fh, maxInputFile+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if len(data) > maxInputFile {
		return nil, fmt.Errorf("read %s: larger than %d MiB", path, maxInputFile>>20)
	}
	return data, nil
}

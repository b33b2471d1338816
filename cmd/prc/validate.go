package main

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"

	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/repoconfig"
	"github.com/prchq/prc/checklist/yamlx"
	"gopkg.in/yaml.v3"
)

const validateUsage = `Usage: prc validate [--checklist FILE] FILE...

Validates checklists, and repository configurations (files named prc.yml or prc.yaml). Every
error in a file is reported, on stderr as file:line:column; the exit status is 2 when any file is
invalid. A repository configuration's waivers must name items of the checklist: the one given by
--checklist, else the one checklist among the files, else the built-in checklist.
`

func runValidate(args []string, stdout, stderr io.Writer) int {
	cmd := newCommand("prc validate", validateUsage, stdout, stderr)
	against := cmd.fs.String("checklist", "", "checklist `file` that waivers must name items of")
	files, code, ok := cmd.parse(args)
	switch {
	case !ok:
		return code
	case len(files) == 0:
		diag(stderr, "%s", cmd.help())
		return exitUsage
	}
	out := &output{w: stdout}
	checklists, configs, code := validateChecklists(files, out, stderr)
	if len(configs) == 0 {
		return out.finish(code, stderr, "prc validate")
	}
	ref, err := waiverChecklist(*against, checklists)
	if err != nil {
		printError(stderr, "prc validate", err)
		return exitUsage
	}
	for _, file := range configs {
		validate := validateConfig
		if isOrgConfig(file) {
			validate = validateOrgConfig
		}
		summary, err := validate(file, ref)
		if err != nil {
			printError(stderr, "prc validate", err)
			code = exitUsage
			continue
		}
		out.printf("%s: ok (%s)\n", file, summary)
	}
	return out.finish(code, stderr, "prc validate")
}

// validateChecklists validates the checklists among files and returns the valid ones, the
// repository configurations left to validate, and the exit code so far.
func validateChecklists(files []string, out *output, stderr io.Writer) (map[string]*checklist.Checklist, []string, int) {
	code := exitOK
	checklists := map[string]*checklist.Checklist{}
	var configs []string
	for _, file := range files {
		if isRepoConfig(file) || isOrgConfig(file) {
			configs = append(configs, file)
			continue
		}
		c, err := validateChecklist(file)
		if err != nil {
			printError(stderr, "prc validate", err)
			code = exitUsage
			continue
		}
		checklists[file] = c
		out.printf("%s: ok (checklist %s version %s, %d items)\n", file, c.Name, c.Version, len(c.Items()))
	}
	return checklists, configs, code
}

func isRepoConfig(file string) bool {
	base := filepath.Base(file)
	return base == "prc.yml" || base == "prc.yaml"
}

func validateChecklist(file string) (*checklist.Checklist, error) {
	data, err := readBounded(file)
	if err != nil {
		return nil, err
	}
	return checklist.Parse(file, data)
}

// waiverChecklist picks the checklist that waivers are checked against: --checklist, else the
// only valid checklist given alongside, else the built-in one.
func waiverChecklist(file string, given map[string]*checklist.Checklist) (*checklist.Checklist, error) {
	if file != "" {
		if c, ok := given[file]; ok {
			return c, nil
		}
		return loadChecklist(file)
	}
	if len(given) == 1 {
		for _, c := range given {
			return c, nil
		}
	}
	return loadChecklist("")
}

// validateConfig checks a repository configuration, then that its waivers name items of c.
func validateConfig(file string, c *checklist.Checklist) (string, error) {
	data, err := readBounded(file)
	if err != nil {
		return "", err
	}
	cfg, err := repoconfig.Parse(file, data)
	if err := errors.Join(err, unknownWaiverItems(file, data, c)); err != nil {
		return "", err
	}
	n := len(cfg.Targets("(unnamed)"))
	return fmt.Sprintf("repository config, %d %s, waivers checked against %s version %s", n, plural(n, "service", "services"), c.Name, c.Version), nil
}

// unknownWaiverItems reports each waiver, top-level or a service's, that names an item c lacks.
func unknownWaiverItems(file string, data []byte, c *checklist.Checklist) error {
	root, err := yamlx.Parse(file, data)
	if err != nil {
		return err
	}
	lists := []*yaml.Node{yamlx.Get(root, "waivers")}
	for _, s := range seq(yamlx.Get(root, "services")) {
		lists = append(lists, yamlx.Get(s, "waivers"))
	}
	var errs []*yamlx.Error
	for _, l := range lists {
		for _, w := range seq(l) {
			item := yamlx.Get(w, "item")
			if item == nil {
				continue
			}
			if _, ok := c.Item(item.Value); !ok {
				errs = append(errs, yamlx.At(file, item, "waiver", "no item %q in checklist %s version %s", item.Value, c.Name, c.Version))
			}
		}
	}
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].Line < errs[j].Line })
	joined := make([]error, len(errs))
	for i, e := range errs {
		joined[i] = e
	}
	return errors.Join(joined...)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

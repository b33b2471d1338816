package checks

import (
	"slices"

	"github.com/prchq/prc/checklist/kube"
	"github.com/prchq/prc/checklist/repo"
	"gopkg.in/yaml.v3"
)

// splitTemplates separates the chart templates from the other files: a template is a Go
// template, not YAML, so checks see it only as rendered. Without templates, plain is files.
func splitTemplates(all []repo.File, files []repo.File) (plain []repo.File, templates map[string]bool) {
	first := slices.IndexFunc(files, func(f repo.File) bool { return kube.ChartTemplate(all, f.Path) })
	if first < 0 {
		return files, nil
	}
	plain = append(make([]repo.File, 0, len(files)), files[:first]...)
	for _, f := range files[first:] {
		if kube.ChartTemplate(all, f.Path) {
			if templates == nil {
				templates = map[string]bool{}
			}
			templates[f.Path] = true
			continue
		}
		plain = append(plain, f)
	}
	return plain, templates
}

// renderedDocuments returns the objects the service deploys that were rendered from the given
// chart templates, as CEL documents at their template line.
func (e *Env) renderedDocuments(templates map[string]bool) []celDoc {
	if len(templates) == 0 {
		return nil
	}
	var docs []celDoc
	for _, o := range e.Kube().Objects {
		if templates[o.Path] {
			docs = append(docs, celDoc{path: o.Path, line: o.Line, object: o.Doc})
		}
	}
	return docs
}

// renderedText returns, for each given chart template the service deploys, the YAML of the
// objects rendered from it, and the line of the first such object in the template.
func (e *Env) renderedText(templates map[string]bool) map[string]renderedFile {
	out := map[string]renderedFile{}
	for _, d := range e.renderedDocuments(templates) {
		data, err := yaml.Marshal(d.object)
		if err != nil {
			continue
		}
		r, ok := out[d.path]
		if !ok {
			r.line = d.line
		}
		r.data = append(append(r.data, "---\n"...), data...)
		out[d.path] = r
	}
	return out
}

type renderedFile struct {
	data []byte
	line int
}

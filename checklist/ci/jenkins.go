package ci

import (
	"regexp"
	"strings"

	"github.com/prchq/prc/checklist/repo"
)

// jenkinsStep finds a shell step and the quote that opens its script: sh '…', sh("…"),
// sh(script: …) with a triple-quoted script, bat, powershell, pwsh.
var jenkinsStep = regexp.MustCompile(`\b(?:sh|bat|powershell|pwsh)\s*\(?\s*(?:script\s*:\s*)?('''|"""|'|")`)

// jenkinsImage finds images: agent { docker { image 'x' } }, docker.image('x').
var jenkinsImage = regexp.MustCompile(`\b(?:image|docker\.image)\s*\(?\s*['"]([^'"]+)['"]`)

// jenkinsfile reads a Jenkinsfile: its presence, its shell steps and its images.
// Jenkins multibranch pipelines build pull requests, so presence is enough for the trigger.
func (p *parser) jenkinsfile(f repo.File) {
	data, ok := p.read(f)
	if !ok {
		return
	}
	p.m.Pipelines = append(p.m.Pipelines, Pipeline{System: Jenkins, Path: f.Path, Line: 1,
		PullRequest: &Ref{Text: "multibranch pipelines build pull requests", Path: f.Path, Line: 1, System: Jenkins}})
	lines := strings.Split(string(data), "\n")
	for i := 0; i < len(lines); i++ {
		text := lines[i]
		if m := jenkinsImage.FindStringSubmatch(text); m != nil {
			p.use(Ref{Text: m[1], Path: f.Path, Line: i + 1, System: Jenkins})
		}
		if strings.Contains(text, "docker.build(") {
			p.command(Ref{Text: strings.TrimSpace(text), Path: f.Path, Line: i + 1, System: Jenkins, Origin: f.Path, Raw: true})
		}
		loc := jenkinsStep.FindStringSubmatchIndex(text)
		if loc == nil {
			continue
		}
		quote, rest := text[loc[2]:loc[3]], text[loc[3]:]
		i = p.jenkinsScript(f.Path, lines, i, quote, rest)
	}
}

// jenkinsScript records the script that starts after quote on line i and returns the index of
// the line where it ends.
func (p *parser) jenkinsScript(path string, lines []string, i int, quote, rest string) int {
	if end := strings.Index(rest, quote); end >= 0 || len(quote) == 1 {
		if end >= 0 {
			rest = rest[:end]
		}
		p.jenkinsCommand(path, i+1, rest)
		return i
	}
	body := []string{rest}
	end := len(lines)
	for j := i + 1; j < len(lines); j++ {
		if k := strings.Index(lines[j], quote); k >= 0 {
			body, end = append(body, lines[j][:k]), j
			break
		}
		body = append(body, lines[j])
	}
	p.script(Ref{Path: path, System: Jenkins, Origin: path}, strings.Join(body, "\n"), i+1, 1, true)
	return end
}

func (p *parser) jenkinsCommand(path string, line int, text string) {
	text = strings.TrimSpace(text)
	if text != "" && !strings.HasPrefix(text, "#") {
		p.line(Ref{Text: text, Path: path, Line: line, System: Jenkins, Origin: path}, text)
	}
}

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
			p.command(Ref{Text: strings.TrimSpace(text), Path: f.Path, Line: i + 1, System: Jenkins})
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
	if end := strings.Index(rest, quote); end >= 0 {
		p.jenkinsCommand(path, i+1, rest[:end])
		return i
	}
	if len(quote) == 1 {
		p.jenkinsCommand(path, i+1, rest)
		return i
	}
	p.jenkinsCommand(path, i+1, rest)
	for j := i + 1; j < len(lines); j++ {
		if end := strings.Index(lines[j], quote); end >= 0 {
			p.jenkinsCommand(path, j+1, lines[j][:end])
			return j
		}
		p.jenkinsCommand(path, j+1, lines[j])
	}
	return len(lines)
}

func (p *parser) jenkinsCommand(path string, line int, text string) {
	text = strings.TrimSpace(text)
	if text != "" && !strings.HasPrefix(text, "#") {
		p.command(Ref{Text: text, Path: path, Line: line, System: Jenkins})
	}
}

package render

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/verdict"
)

// SARIFFallbackPath is where a SARIF result points when its evidence names no file, such as
// "no CI configuration found": the repository's prc configuration, line 1, which is where such a
// finding can be waived. Code scanning accepts locations for files that do not exist yet.
const SARIFFallbackPath = ".github/prc.yml"

const sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string            `json:"name"`
	Version        string            `json:"version,omitempty"`
	InformationURI string            `json:"informationUri"`
	Rules          []sarifRule       `json:"rules"`
	Properties     map[string]string `json:"properties,omitempty"`
}

type sarifRule struct {
	ID               string         `json:"id"`
	Name             string         `json:"name"`
	ShortDescription sarifText      `json:"shortDescription"`
	FullDescription  *sarifText     `json:"fullDescription,omitempty"`
	Help             *sarifHelp     `json:"help,omitempty"`
	Properties       map[string]any `json:"properties,omitempty"`
}

type sarifText struct {
	Text string `json:"text"`
}

// sarifHelp is a rule's help: plain text, and Markdown that code scanning shows.
type sarifHelp struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

// InformationURI is where prc is documented; SARIF carries it as the tool's informationUri.
const InformationURI = "https://github.com/prchq/prc"

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Properties          map[string]string `json:"properties,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

// SARIF writes rep as a SARIF 2.1.0 log for GitHub code scanning: one rule per checklist item, with
// its description and fix as help, and one result per evidence line of each failing or erroring
// auto item, at level "error" when the item is required and "warning" otherwise. The driver's
// version is opts.ToolVersion, prc's own; the checklist's name and version are properties.
func SARIF(w io.Writer, rep *checklist.Report, opts Options) error {
	rules, index := sarifRules(rep)
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name: "prc", Version: opts.ToolVersion, InformationURI: InformationURI, Rules: rules,
			Properties: map[string]string{"checklist": rep.Checklist.Name, "checklistVersion": rep.Checklist.Version},
		}},
		Results: []sarifResult{},
	}
	for _, s := range rep.Services {
		for _, r := range s.Items {
			run.Results = append(run.Results, sarifResults(s.Name, len(rep.Services) > 1, r, index[r.ID])...)
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{run}}); err != nil {
		return fmt.Errorf("write sarif report: %w", err)
	}
	return nil
}

// sarifRules lists each item once, in report order, and maps ids to their rule index.
func sarifRules(rep *checklist.Report) ([]sarifRule, map[string]int) {
	rules := []sarifRule{}
	index := map[string]int{}
	for _, s := range rep.Services {
		for _, r := range s.Items {
			if _, ok := index[r.ID]; ok {
				continue
			}
			index[r.ID] = len(rules)
			rule := sarifRule{
				ID: r.ID, Name: r.Title, ShortDescription: sarifText{Text: r.Title},
				Properties: map[string]any{"tags": []string{"production-readiness", r.Section}, "kind": string(r.Kind)},
			}
			if r.Description != "" {
				rule.FullDescription = &sarifText{Text: r.Description}
			}
			rule.Help = sarifRuleHelp(r)
			rules = append(rules, rule)
		}
	}
	return rules, index
}

// sarifRuleHelp is why the item matters and how to fix it, or nil when the item says neither.
func sarifRuleHelp(r checklist.Result) *sarifHelp {
	var text, md []string
	if r.Description != "" {
		text, md = append(text, r.Description), append(md, mdText(r.Description))
	}
	if r.Hint != "" {
		text, md = append(text, "Fix: "+r.Hint), append(md, "**Fix:** "+mdText(r.Hint))
	}
	if len(text) == 0 {
		return nil
	}
	return &sarifHelp{Text: strings.Join(text, "\n\n"), Markdown: strings.Join(md, "\n\n")}
}

func sarifResults(service string, prefix bool, r checklist.Result, ruleIndex int) []sarifResult {
	if r.Kind != checklist.KindAuto || (r.Status != verdict.Fail && r.Status != verdict.Error) {
		return nil
	}
	level := "warning"
	if r.Required {
		level = "error"
	}
	evidence := r.Evidence
	if len(evidence) == 0 {
		evidence = []verdict.Evidence{{Message: fmt.Sprintf("%s: %s", r.Status, r.Title)}}
	}
	out := make([]sarifResult, 0, len(evidence))
	for _, e := range evidence {
		msg := e.Message
		if msg == "" {
			msg = r.Title
		}
		if prefix {
			msg = service + ": " + msg
		}
		out = append(out, sarifResult{
			RuleID: r.ID, RuleIndex: ruleIndex, Level: level, Message: sarifText{Text: msg},
			Locations:           []sarifLocation{sarifLocationOf(e)},
			PartialFingerprints: map[string]string{"prc/v1": fingerprint(service, r.ID, e)},
			Properties:          map[string]string{"service": service, "status": string(r.Status)},
		})
	}
	return out
}

func sarifLocationOf(e verdict.Evidence) sarifLocation {
	p, line := e.Path, e.Line
	if p == "" {
		p, line = SARIFFallbackPath, 1
	}
	return sarifLocation{PhysicalLocation: sarifPhysical{
		ArtifactLocation: sarifArtifact{URI: sarifURI(p), URIBaseID: "%SRCROOT%"},
		Region:           sarifRegion{StartLine: max(line, 1)},
	}}
}

// sarifURI turns a repository path into a relative URI reference: percent-encoded, and never
// mistaken for a scheme.
func sarifURI(p string) string {
	u := (&url.URL{Path: strings.TrimPrefix(p, "/")}).EscapedPath()
	if first, _, _ := strings.Cut(u, "/"); strings.Contains(first, ":") {
		u = "./" + u
	}
	return u
}

// fingerprint identifies a finding across runs regardless of line moves.
func fingerprint(service, id string, e verdict.Evidence) string {
	sum := sha256.Sum256([]byte(service + "\x00" + id + "\x00" + e.Path + "\x00" + e.Message))
	return hex.EncodeToString(sum[:16])
}

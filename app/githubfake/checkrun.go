package githubfake

import (
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/google/go-github/v60/github"
)

// GitHub's documented check-run limits.
const (
	maxAnnotationsPerRequest = 50
	maxOutputChars           = 65535
)

var (
	checkStatuses    = map[string]bool{"queued": true, "in_progress": true, "completed": true}
	checkConclusions = map[string]bool{"action_required": true, "cancelled": true, "failure": true, "neutral": true,
		"success": true, "skipped": true, "stale": true, "timed_out": true}
	annotationLevels = map[string]bool{"notice": true, "warning": true, "failure": true}
)

// checkUpdate is the part of a check-run create or update request the fake keeps.
type checkUpdate struct {
	status, conclusion     *string
	completedAt            *github.Timestamp
	output                 *github.CheckRunOutput
	externalID, detailsURL *string
}

// apply validates the update and, only when it is valid, applies it to cr.
func (u checkUpdate) apply(cr *checkRun, now time.Time) *reply {
	if bad := u.validate(); bad != nil {
		return bad
	}
	if u.status != nil {
		cr.status = *u.status
		if cr.status != "completed" {
			cr.conclusion, cr.completed = "", time.Time{}
		}
	}
	if u.conclusion != nil {
		cr.status, cr.conclusion, cr.completed = "completed", *u.conclusion, now
	}
	if u.completedAt != nil && cr.status == "completed" {
		cr.completed = u.completedAt.UTC()
	}
	if u.externalID != nil {
		cr.externalID = *u.externalID
	}
	if u.detailsURL != nil {
		cr.detailsURL = *u.detailsURL
	}
	if o := u.output; o != nil {
		cr.title, cr.summary, cr.text = o.GetTitle(), o.GetSummary(), o.GetText()
		for _, a := range o.Annotations {
			cr.annotations = append(cr.annotations, Annotation{Path: a.GetPath(), StartLine: a.GetStartLine(),
				EndLine: a.GetEndLine(), StartColumn: a.GetStartColumn(), EndColumn: a.GetEndColumn(),
				Level: a.GetAnnotationLevel(), Message: a.GetMessage(), Title: a.GetTitle(), RawDetails: a.GetRawDetails()})
		}
	}
	return nil
}

func (u checkUpdate) validate() *reply {
	if u.status != nil && !checkStatuses[*u.status] {
		return invalidPtr("status", "invalid", "")
	}
	if u.conclusion != nil && !checkConclusions[*u.conclusion] {
		return invalidPtr("conclusion", "invalid", "")
	}
	if u.status != nil && *u.status == "completed" && u.conclusion == nil {
		return invalidPtr("conclusion", "missing_field", "conclusion is required when status is completed")
	}
	if u.output != nil {
		return validateOutput(u.output)
	}
	return nil
}

func validateOutput(o *github.CheckRunOutput) *reply {
	switch {
	case o.GetTitle() == "":
		return invalidPtr("output.title", "missing_field", "")
	case o.GetSummary() == "":
		return invalidPtr("output.summary", "missing_field", "")
	case utf8.RuneCountInString(o.GetSummary()) > maxOutputChars:
		return invalidPtr("output.summary", "custom", "summary is too long (maximum is 65535 characters)")
	case utf8.RuneCountInString(o.GetText()) > maxOutputChars:
		return invalidPtr("output.text", "custom", "text is too long (maximum is 65535 characters)")
	case len(o.Annotations) > maxAnnotationsPerRequest:
		return invalidPtr("output.annotations", "custom",
			fmt.Sprintf("only %d annotations can be sent per request, got %d", maxAnnotationsPerRequest, len(o.Annotations)))
	}
	for k, a := range o.Annotations {
		if bad := validateAnnotation(k, a); bad != nil {
			return bad
		}
	}
	return nil
}

func validateAnnotation(k int, a *github.CheckRunAnnotation) *reply {
	field := fmt.Sprintf("output.annotations[%d]", k)
	switch {
	case a.GetPath() == "" || a.StartLine == nil || a.EndLine == nil || a.GetMessage() == "":
		return invalidPtr(field, "missing_field", "path, start_line, end_line and message are required")
	case !annotationLevels[a.GetAnnotationLevel()]:
		return invalidPtr(field+".annotation_level", "invalid", "")
	case a.GetStartLine() < 1 || a.GetEndLine() < a.GetStartLine():
		return invalidPtr(field+".end_line", "invalid", "")
	case (a.StartColumn != nil || a.EndColumn != nil) && a.GetStartLine() != a.GetEndLine():
		return invalidPtr(field+".start_column", "invalid", "columns are only allowed when start_line equals end_line")
	}
	return nil
}

func invalidPtr(field, code, msg string) *reply {
	rep := invalid("CheckRun", field, code, msg)
	return &rep
}

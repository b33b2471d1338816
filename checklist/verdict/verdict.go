// Package verdict holds the vocabulary every check speaks: statuses, evidence and outcomes.
// It is a leaf package so that check implementations and the checklist engine share it without cycles.
package verdict

import "fmt"

// Status is the state of one checklist item.
type Status string

// The statuses an item can have. Auto items end pass, fail, na, waived or error;
// manual items end todo or done.
const (
	Pass   Status = "pass"
	Fail   Status = "fail"
	NA     Status = "na"
	Waived Status = "waived"
	Error  Status = "error"
	Todo   Status = "todo"
	Done   Status = "done"
)

// Satisfied reports whether the status lets a service launch.
func (s Status) Satisfied() bool {
	return s == Pass || s == NA || s == Waived || s == Done
}

// Evidence points at what a check saw: a file, an optional 1-based line, and a message.
type Evidence struct {
	Path    string `json:"path,omitempty"`
	Line    int    `json:"line,omitempty"`
	Message string `json:"message"`
}

// String renders evidence as "path:line message", the form shown to people.
func (e Evidence) String() string {
	switch {
	case e.Path == "":
		return e.Message
	case e.Line > 0:
		return fmt.Sprintf("%s:%d %s", e.Path, e.Line, e.Message)
	default:
		return fmt.Sprintf("%s %s", e.Path, e.Message)
	}
}

// Outcome is what evaluating one check produced.
type Outcome struct {
	Status   Status
	Evidence []Evidence
}

// Passed builds a pass outcome.
func Passed(ev ...Evidence) Outcome { return Outcome{Status: Pass, Evidence: ev} }

// Failed builds a fail outcome.
func Failed(ev ...Evidence) Outcome { return Outcome{Status: Fail, Evidence: ev} }

// Errored builds an error outcome: the check could not reach a verdict.
func Errored(ev ...Evidence) Outcome { return Outcome{Status: Error, Evidence: ev} }

// Resolve turns what a check found into an outcome with the rule every check shares:
// a definite failure wins over unreadable input; unreadable input without a failure or a
// pass is an error; nothing to look at is na.
func Resolve(passes, failures, problems []Evidence) Outcome {
	switch {
	case len(failures) > 0:
		return Outcome{Status: Fail, Evidence: append(failures, problems...)}
	case len(problems) > 0:
		return Outcome{Status: Error, Evidence: append(problems, passes...)}
	case len(passes) > 0:
		return Outcome{Status: Pass, Evidence: passes}
	default:
		return Outcome{Status: NA}
	}
}

package render

// InlineText renders repository or GitHub text as inline Markdown on one line, escaped so that
// it cannot format, mention people, reference issues, link or forge a marker: the escaper of
// issue bodies, for other Markdown prc writes, such as the readiness report.
func InlineText(s string) string { return mdText(s) }

// InlineCode renders s as a code span when it can be one, else as InlineText.
func InlineCode(s string) string { return mdCode(s) }

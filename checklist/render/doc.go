// Package render turns a checklist.Report into what people and tools read: plain or coloured
// text for a terminal, JSON, the Markdown body of the PRC issue (with hidden markers, read back
// by ParseBody), SARIF 2.1.0 for GitHub code scanning, and the pull-request check run and the
// comments the App posts, each within GitHub's limits.
//
// Everything that comes from a repository (paths, evidence messages) is treated as hostile: it is
// stripped of terminal control sequences in text, escaped in Markdown so that it can neither
// forge an issue marker nor mention people, and bounded in length. In check runs and comments,
// links and issue references are defused as well.
package render

package render

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxTextRunes bounds any one piece of repository text in Markdown (an evidence message, a path).
const maxTextRunes = 300

// termSafe makes s safe to print on a terminal: invalid UTF-8, control characters and bidi
// overrides become visible escapes, so that a file in a repository cannot drive the terminal.
func termSafe(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if !strings.ContainsFunc(s, unsafeRune) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unsafeRune(r) {
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func unsafeRune(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == '\u2028' || r == '\u2029'
}

// mdEscaper escapes what Markdown or HTML would interpret. Escaping '<' and '>' also means
// repository text can never contain an issue marker (`<!-- prc:... -->`).
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`, `~`, `\~`, `|`, `\|`,
	`&`, `&amp;`, `<`, `&lt;`, `>`, `&gt;`,
)

// mdText renders s as inline Markdown text on one line: escaped, bounded, and unable to
// mention people, reference issues or become a link.
func mdText(s string) string { return defuseText(oneLine(s)) }

// defuseText escapes s and defuses its mentions, issue references and autolinks.
func defuseText(s string) string { return defuseLinks(defuseRefs(mdEscaper.Replace(s))) }

// mdCode renders s as a code span when it can be one, else as escaped text.
func mdCode(s string) string {
	s = oneLine(s)
	if s == "" || strings.ContainsAny(s, "`<>") || strings.HasPrefix(s, " ") || strings.HasSuffix(s, " ") {
		return defuseText(s)
	}
	return "`" + s + "`"
}

// oneLine turns control characters into spaces and bounds the length.
func oneLine(s string) string {
	s = blankUnsafe(strings.ToValidUTF8(s, "\uFFFD"))
	if utf8.RuneCountInString(s) > maxTextRunes {
		s = string([]rune(s)[:maxTextRunes-1]) + "…"
	}
	return s
}

// blankUnsafe turns control characters, line separators and bidi overrides into spaces.
func blankUnsafe(s string) string {
	return strings.Map(func(r rune) rune {
		if unsafeRune(r) {
			return ' '
		}
		return r
	}, s)
}

// defuseRefs puts a zero-width space after an '@' or '#' that GitHub would turn into a mention
// or an issue reference, so that repository text cannot notify people or cross-reference issues.
func defuseRefs(s string) string {
	if !strings.ContainsAny(s, "@#") {
		return s
	}
	var b strings.Builder
	prev := ' '
	for i, r := range s {
		b.WriteRune(r)
		if (r == '@' || r == '#') && !isWordRune(prev) && i+1 < len(s) {
			next, _ := utf8.DecodeRuneInString(s[i+1:])
			if r == '@' && isWordRune(next) || r == '#' && unicode.IsDigit(next) {
				b.WriteString("\u200b")
			}
		}
		prev = r
	}
	return b.String()
}

func isWordRune(r rune) bool {
	return r == '_' || r == '-' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

package deps

import (
	"strings"
)

// tomlEntry is one `key = value` of a TOML file, or a table header, as the line-based reader
// sees it.
type tomlEntry struct {
	// table is the dotted name of the enclosing table, quotes removed: "tool.poetry.dependencies".
	table string
	// key is the dotted key, quotes removed; empty for a table header.
	key  string
	line int
	// raw is the value's text, spanning lines for multi-line arrays and inline tables.
	raw string
	// strs are the string literals inside the value, each with its line.
	strs []tomlString
}

type tomlString struct {
	value string
	line  int
}

// readTOML reads the tables, keys and string literals of a TOML document. It is deliberately
// small: enough for manifests, and it never fails on input it does not understand.
func readTOML(data []byte) []tomlEntry {
	lines := strings.Split(string(data), "\n")
	var out []tomlEntry
	table := ""
	for i := 0; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i])
		switch {
		case t == "" || t[0] == '#':
		case t[0] == '[':
			table = dotted(strings.Trim(stripComment(t), "[] \t"))
			out = append(out, tomlEntry{table: table, line: i + 1})
		default:
			key, _, ok := cutUnquoted(t, '=')
			if !ok {
				continue
			}
			e := tomlEntry{table: table, key: dotted(key), line: i + 1}
			i = scanValue(lines, i, len(key)+1, &e)
			out = append(out, e)
		}
	}
	return out
}

// scanValue reads the value that starts at column col of line i, continuing over lines while
// brackets or braces are open. It returns the index of the last line consumed.
func scanValue(lines []string, i, col int, e *tomlEntry) int {
	var raw strings.Builder
	depth := 0
	text := lines[i][min(col, len(lines[i])):]
	for {
		depth = scanLine(text, i+1, depth, e)
		raw.WriteString(text + "\n")
		if depth <= 0 || i+1 >= len(lines) {
			break
		}
		i++
		text = lines[i]
	}
	e.raw = strings.TrimSpace(raw.String())
	return i
}

// scanLine collects the strings of one line of a value and returns the bracket depth after it.
func scanLine(text string, line, depth int, e *tomlEntry) int {
	for j := 0; j < len(text); j++ {
		switch c := text[j]; c {
		case '#':
			return depth
		case '[', '{':
			depth++
		case ']', '}':
			depth--
		case '"', '\'':
			end := closingQuote(text, j)
			e.strs = append(e.strs, tomlString{value: text[j+1 : end], line: line})
			j = end
		}
	}
	return depth
}

// closingQuote returns the index of the quote closing the string that opens at start, or the
// end of text when it does not close on this line.
func closingQuote(text string, start int) int {
	q := text[start]
	for j := start + 1; j < len(text); j++ {
		switch {
		case text[j] == '\\' && q == '"':
			j++
		case text[j] == q:
			return j
		}
	}
	return len(text)
}

// cutUnquoted splits s at the first sep outside quotes.
func cutUnquoted(s string, sep byte) (before, after string, found bool) {
	var q byte
	for j := 0; j < len(s); j++ {
		switch c := s[j]; {
		case q != 0 && c == q:
			q = 0
		case q == 0 && (c == '"' || c == '\''):
			q = c
		case q == 0 && c == sep:
			return s[:j], s[j+1:], true
		}
	}
	return s, "", false
}

func stripComment(s string) string {
	before, _, _ := cutUnquoted(s, '#')
	return before
}

// dotted normalises a dotted TOML key: parts trimmed and unquoted, joined with ".".
func dotted(key string) string {
	var parts []string
	rest := strings.TrimSpace(key)
	for {
		part, tail, more := cutUnquoted(rest, '.')
		parts = append(parts, strings.Trim(strings.TrimSpace(part), `"'`))
		if !more {
			break
		}
		rest = tail
	}
	return strings.Join(parts, ".")
}

// firstKeyPart is the name a dotted key such as `serde.workspace` declares.
func firstKeyPart(key string) string {
	name, _, _ := strings.Cut(key, ".")
	return name
}

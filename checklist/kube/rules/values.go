package rules

import (
	"math"
	"strconv"
	"strings"
)

// mapAt walks nested mappings by key and returns the mapping found, or nil.
func mapAt(m map[string]any, keys ...string) map[string]any {
	for _, k := range keys {
		next, ok := m[k].(map[string]any)
		if !ok {
			return nil
		}
		m = next
	}
	return m
}

// listAt returns the list under keys, or nil.
func listAt(m map[string]any, keys ...string) []any {
	if len(keys) == 0 {
		return nil
	}
	l, _ := mapAt(m, keys[:len(keys)-1]...)[keys[len(keys)-1]].([]any)
	return l
}

// str returns the string under keys, or "".
func str(m map[string]any, keys ...string) string {
	if len(keys) == 0 {
		return ""
	}
	s, _ := mapAt(m, keys[:len(keys)-1]...)[keys[len(keys)-1]].(string)
	return s
}

// has reports whether keys lead to a value that is set (not null).
func has(m map[string]any, keys ...string) bool {
	if len(keys) == 0 {
		return false
	}
	v, ok := mapAt(m, keys[:len(keys)-1]...)[keys[len(keys)-1]]
	return ok && v != nil
}

// intAt returns the integer under keys. YAML gives ints, JSON-like sources may give floats, and a
// quoted number is accepted too.
func intAt(m map[string]any, keys ...string) (int64, bool) {
	if len(keys) == 0 {
		return 0, false
	}
	return toInt(mapAt(m, keys[:len(keys)-1]...)[keys[len(keys)-1]])
}

func toInt(v any) (int64, bool) {
	switch n := v.(type) {
	case int:
		return int64(n), true
	case int64:
		return n, true
	case uint64:
		if n > math.MaxInt64 {
			return math.MaxInt64, true
		}
		return int64(n), true
	case float64:
		if n == math.Trunc(n) && math.Abs(n) < 1<<62 {
			return int64(n), true
		}
	case string:
		if i, err := strconv.ParseInt(strings.TrimSpace(n), 10, 64); err == nil {
			return i, true
		}
	}
	return 0, false
}

// isZeroIntOrPercent reports whether v is 0 or "0%", as maxUnavailable may be written.
func isZeroIntOrPercent(v any) bool {
	if s, ok := v.(string); ok {
		s = strings.TrimSpace(s)
		return s == "0" || s == "0%"
	}
	n, ok := toInt(v)
	return ok && n == 0
}

// stringMap converts a mapping of strings (labels) to map[string]string, skipping other values.
func stringMap(m map[string]any) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		switch t := v.(type) {
		case string:
			out[k] = t
		case nil:
		default:
			out[k] = toString(t)
		}
	}
	return out
}

func toString(v any) string {
	switch t := v.(type) {
	case bool:
		return strconv.FormatBool(t)
	case int:
		return strconv.Itoa(t)
	case int64:
		return strconv.FormatInt(t, 10)
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	}
	return ""
}

// selects reports whether a label selector (matchLabels and matchExpressions) selects labels.
// A missing selector selects nothing; an empty one selects everything.
func selects(selector map[string]any, labels map[string]string) bool {
	if selector == nil {
		return false
	}
	for k, v := range stringMap(mapAt(selector, "matchLabels")) {
		if got, ok := labels[k]; !ok || got != v {
			return false
		}
	}
	for _, e := range listAt(selector, "matchExpressions") {
		expr, _ := e.(map[string]any)
		if !matchExpression(expr, labels) {
			return false
		}
	}
	return true
}

func matchExpression(expr map[string]any, labels map[string]string) bool {
	key := str(expr, "key")
	got, present := labels[key]
	in := false
	for _, v := range listAt(expr, "values") {
		if s, ok := v.(string); ok && present && s == got {
			in = true
		}
	}
	switch str(expr, "operator") {
	case "In":
		return in
	case "NotIn":
		return !in
	case "Exists":
		return present
	case "DoesNotExist":
		return !present
	}
	return false
}

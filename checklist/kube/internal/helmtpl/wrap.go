package helmtpl

import (
	"fmt"
	"reflect"
	"text/template"
)

// argCheck vets a function's arguments before the call, so one call cannot allocate without bound.
type argCheck func(g *guard, args []reflect.Value) error

// wrapAll makes every function count as a step, vet its arguments when it has a check, and
// reject results larger than the value limit.
func (g *guard) wrapAll(funcs template.FuncMap) {
	for name, f := range funcs {
		funcs[name] = g.wrap(name, f, argChecks[name])
	}
}

func (g *guard) wrap(name string, f any, check argCheck) any {
	fv := reflect.ValueOf(f)
	ft := fv.Type()
	if ft.Kind() != reflect.Func || ft.NumOut() == 0 {
		return f
	}
	return reflect.MakeFunc(ft, func(args []reflect.Value) []reflect.Value {
		if err := g.step(); err != nil {
			panic(err) // text/template turns a panicking function into an execution error
		}
		if check != nil {
			if err := check(g, args); err != nil {
				panic(fmt.Errorf("%s: %w", name, err))
			}
		}
		var out []reflect.Value
		if ft.IsVariadic() {
			out = fv.CallSlice(args)
		} else {
			out = fv.Call(args)
		}
		if w := resultWeight(out[0], g.lim.MaxValue); w > g.lim.MaxValue {
			panic(fmt.Errorf("%s: %w", name, g.fail("%s built a value of more than %d bytes", name, g.lim.MaxValue)))
		}
		return out
	}).Interface()
}

// resultWeight weighs strings, lists and maps; other results are small.
func resultWeight(v reflect.Value, limit int) int {
	for v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.String, reflect.Slice, reflect.Map:
		return weight(v, limit, 0)
	}
	return 0
}

var argChecks = map[string]argCheck{
	"repeat":                     checkRepeat,
	"indent":                     checkIndent,
	"nindent":                    checkIndent,
	"replace":                    checkReplace,
	"regexReplaceAll":            checkRegexReplace,
	"regexReplaceAllLiteral":     checkRegexReplace,
	"mustRegexReplaceAll":        checkRegexReplace,
	"mustRegexReplaceAllLiteral": checkRegexReplace,
	"until":                      checkCount(8),
	"untilStep":                  checkUntilStep,
	"seq":                        checkSeq,
	"randAlphaNum":               checkCount(1),
	"randAlpha":                  checkCount(1),
	"randAscii":                  checkCount(1),
	"randNumeric":                checkCount(1),
	"randBytes":                  checkCount(1),
	"set":                        checkNoCycle,
	"merge":                      checkNoCycle,
	"mustMerge":                  checkNoCycle,
	"mergeOverwrite":             checkNoCycle,
	"mustMergeOverwrite":         checkNoCycle,
}

// Serialisers and printers get their arguments weighed, so a list holding the same large string
// many times cannot be expanded into an enormous text.
func init() {
	for _, name := range []string{
		"toJson", "toPrettyJson", "toRawJson", "mustToJson", "mustToPrettyJson", "mustToRawJson",
		"toYaml", "toYamlPretty", "toToml", "toString", "toStrings", "print", "printf", "println",
		"cat", "join", "quote", "squote", "sortAlpha", "deepCopy", "mustDeepCopy", "b64enc", "b32enc",
	} {
		argChecks[name] = checkWeight
	}
}

func (g *guard) tooBig(what string, n int) error {
	if n < 0 || n > g.lim.MaxValue {
		return g.fail("%s would exceed %d bytes", what, g.lim.MaxValue)
	}
	return nil
}

func intArg(v reflect.Value) int {
	if v.CanInt() {
		return int(v.Int())
	}
	return 0
}

func strLen(v reflect.Value) int {
	if v.Kind() == reflect.String {
		return v.Len()
	}
	return 0
}

func checkRepeat(g *guard, a []reflect.Value) error {
	n, s := intArg(a[0]), strLen(a[1])
	if n > 0 && s > 0 && n > g.lim.MaxValue/s {
		return g.tooBig("repeated string", g.lim.MaxValue+1)
	}
	return nil
}

func checkIndent(g *guard, a []reflect.Value) error {
	spaces, s := intArg(a[0]), a[1]
	if spaces < 0 {
		return nil
	}
	lines := 1
	if s.Kind() == reflect.String {
		for _, r := range s.String() {
			if r == '\n' {
				lines++
			}
		}
	}
	if spaces > g.lim.MaxValue/lines {
		return g.tooBig("indented text", g.lim.MaxValue+1)
	}
	return g.tooBig("indented text", spaces*lines+strLen(s))
}

func checkReplace(g *guard, a []reflect.Value) error {
	return g.tooBig("replacement result", worstReplace(strLen(a[2]), strLen(a[1]), g.lim.MaxValue))
}

func checkRegexReplace(g *guard, a []reflect.Value) error {
	return g.tooBig("replacement result", worstReplace(strLen(a[1]), strLen(a[2]), g.lim.MaxValue))
}

// worstReplace bounds the length of replacing matches in a text of n bytes with repl bytes each:
// at most one match per position.
func worstReplace(n, repl, limit int) int {
	if repl > 0 && n+1 > limit/repl {
		return limit + 1
	}
	return n + (n+1)*repl
}

// checkCount limits a function whose first argument is a count of items of unit bytes each.
func checkCount(unit int) argCheck {
	return func(g *guard, a []reflect.Value) error {
		n := abs(intArg(a[0]))
		if n > g.lim.MaxValue/unit {
			return g.tooBig("generated value", g.lim.MaxValue+1)
		}
		return nil
	}
}

func checkUntilStep(g *guard, a []reflect.Value) error {
	start, stop, step := intArg(a[0]), intArg(a[1]), intArg(a[2])
	if step == 0 {
		return nil
	}
	n := abs((stop - start) / step)
	if n > g.lim.MaxValue/8 {
		return g.tooBig("list", g.lim.MaxValue+1)
	}
	return nil
}

func checkSeq(g *guard, a []reflect.Value) error {
	if len(a) == 0 || a[0].Len() == 0 {
		return nil
	}
	var span int
	for i := 0; i < a[0].Len(); i++ {
		span = max(span, abs(intArg(a[0].Index(i))))
	}
	if span > g.lim.MaxValue/8 {
		return g.tooBig("sequence", g.lim.MaxValue+1)
	}
	return nil
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func checkWeight(g *guard, a []reflect.Value) error {
	total := 0
	for _, v := range a {
		total += weight(v, g.lim.MaxValue-total, 0)
		if total > g.lim.MaxValue {
			return g.fail("arguments hold more than %d bytes or are nested too deeply", g.lim.MaxValue)
		}
	}
	return nil
}

// checkNoCycle refuses to store a map inside itself, which would make printing it recurse forever.
func checkNoCycle(g *guard, a []reflect.Value) error {
	if len(a) == 0 {
		return nil
	}
	dst := a[0]
	for dst.Kind() == reflect.Interface && !dst.IsNil() {
		dst = dst.Elem()
	}
	if dst.Kind() != reflect.Map {
		return nil
	}
	for _, v := range a[1:] {
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() != reflect.Uint8 {
			for i := 0; i < v.Len(); i++ {
				if reaches(v.Index(i), dst.Pointer(), 0) {
					return g.fail("a map cannot contain itself")
				}
			}
			continue
		}
		if reaches(v, dst.Pointer(), 0) {
			return g.fail("a map cannot contain itself")
		}
	}
	return nil
}

package helmtpl

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"text/template"
	"text/template/parse"
)

// Limits bound one render. Zero fields take the defaults.
type Limits struct {
	// MaxOutput caps the bytes written by templates, including include and tpl buffers.
	MaxOutput int64
	// MaxSteps caps loop iterations, template invocations and function calls together.
	MaxSteps int64
	// MaxValue caps the size of a string, list or map a function may build or consume.
	MaxValue int
}

const (
	defaultMaxOutput = 32 << 20
	defaultMaxSteps  = 2_000_000
	defaultMaxValue  = 8 << 20
	maxDepth         = 100
	tickFunc         = "prcRenderStep"
)

// ErrBudget is wrapped by every error that stops a render for exceeding its limits or deadline.
var ErrBudget = errors.New("render budget exceeded")

func (l Limits) withDefaults() Limits {
	if l.MaxOutput <= 0 {
		l.MaxOutput = defaultMaxOutput
	}
	if l.MaxSteps <= 0 {
		l.MaxSteps = defaultMaxSteps
	}
	if l.MaxValue <= 0 {
		l.MaxValue = defaultMaxValue
	}
	return l
}

// guard enforces Limits on one render. A render runs on one goroutine, so it needs no locking.
type guard struct {
	ctx      context.Context
	lim      Limits
	steps    int64
	written  int64
	err      error
	tick     parse.Node
	seen     map[*parse.Tree]bool
	tickFunc func() (string, error)
}

func newGuard(ctx context.Context, lim Limits) *guard {
	g := &guard{ctx: ctx, lim: lim.withDefaults(), seen: map[*parse.Tree]bool{}}
	g.tickFunc = func() (string, error) { return "", g.step() }
	trees, err := parse.Parse(tickFunc, "{{"+tickFunc+"}}", "{{", "}}", map[string]any{tickFunc: true})
	if err != nil {
		panic(fmt.Sprintf("helmtpl: tick template: %v", err)) // a constant template; cannot fail
	}
	g.tick = trees[tickFunc].Root.Nodes[0]
	return g
}

// fail records the first budget error and returns it.
func (g *guard) fail(format string, args ...any) error {
	if g.err == nil {
		g.err = fmt.Errorf("%w: %s", ErrBudget, fmt.Sprintf(format, args...))
	}
	return g.err
}

// step counts one unit of work and stops the render past the step limit or the deadline.
func (g *guard) step() error {
	if g.err != nil {
		return g.err
	}
	g.steps++
	if g.steps > g.lim.MaxSteps {
		return g.fail("more than %d loop iterations, template calls and function calls", g.lim.MaxSteps)
	}
	if g.steps%64 == 0 {
		if err := g.ctx.Err(); err != nil {
			return g.fail("render took too long: %v", err)
		}
	}
	return nil
}

// instrument makes every range iteration and every template invocation call the step function,
// so loops whose bodies call nothing still count against the budget.
func (g *guard) instrument(t *template.Template) {
	for _, tt := range t.Templates() {
		if tt.Tree == nil || tt.Tree.Root == nil || g.seen[tt.Tree] {
			continue
		}
		g.seen[tt.Tree] = true
		g.instrumentList(tt.Tree.Root, true)
	}
}

func (g *guard) instrumentList(l *parse.ListNode, prepend bool) {
	if l == nil {
		return
	}
	for _, n := range l.Nodes {
		switch n := n.(type) {
		case *parse.RangeNode:
			g.instrumentList(n.List, true)
			g.instrumentList(n.ElseList, false)
		case *parse.IfNode:
			g.instrumentList(n.List, false)
			g.instrumentList(n.ElseList, false)
		case *parse.WithNode:
			g.instrumentList(n.List, false)
			g.instrumentList(n.ElseList, false)
		}
	}
	if prepend {
		l.Nodes = append([]parse.Node{g.tick}, l.Nodes...)
	}
}

// writer returns a buffer whose writes count against the output budget.
func (g *guard) writer() *limitedWriter { return &limitedWriter{g: g} }

type limitedWriter struct {
	g *guard
	b strings.Builder
}

func (w *limitedWriter) Write(p []byte) (int, error) {
	if w.g.err != nil {
		return 0, w.g.err
	}
	w.g.written += int64(len(p))
	if w.g.written > w.g.lim.MaxOutput {
		return 0, w.g.fail("templates wrote more than %d bytes", w.g.lim.MaxOutput)
	}
	return w.b.Write(p)
}

func (w *limitedWriter) String() string { return w.b.String() }

// weight estimates the memory a value holds, stopping early once it passes limit. Values nested
// deeper than maxDepth (or cyclic) weigh more than any limit.
func weight(v reflect.Value, limit, depth int) int {
	if depth > maxDepth {
		return limit + 1
	}
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		if v.IsNil() {
			return 0
		}
		return weight(v.Elem(), limit, depth+1)
	case reflect.String:
		return v.Len()
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
			return v.Len()
		}
		total := 8 * v.Len()
		for i := 0; i < v.Len() && total <= limit; i++ {
			total += weight(v.Index(i), limit-total, depth+1)
		}
		return total
	case reflect.Map:
		total := 16 * v.Len()
		it := v.MapRange()
		for total <= limit && it.Next() {
			total += weight(it.Key(), limit-total, depth+1) + weight(it.Value(), limit-total, depth+1)
		}
		return total
	default:
		return 8
	}
}

// reaches reports whether v contains the map or slice target (by identity), so that storing v
// inside target would make a cycle.
func reaches(v reflect.Value, target uintptr, depth int) bool {
	if depth > maxDepth {
		return true
	}
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		return !v.IsNil() && reaches(v.Elem(), target, depth+1)
	case reflect.Map:
		if v.Pointer() == target {
			return true
		}
		it := v.MapRange()
		for it.Next() {
			if reaches(it.Value(), target, depth+1) {
				return true
			}
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return false
		}
		for i := 0; i < v.Len(); i++ {
			if reaches(v.Index(i), target, depth+1) {
				return true
			}
		}
	}
	return false
}

package kube

import (
	"context"
	"fmt"
)

// bounded runs fn on its own goroutine and stops waiting when ctx ends, so that a library that
// ignores ctx cannot hang an evaluation; a panic in fn becomes an error. An abandoned fn keeps
// running until it returns on its own, which the renderers' own limits keep short.
func bounded[T any](ctx context.Context, fn func() (T, error)) (T, error) {
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- result{err: fmt.Errorf("internal error: %v", p)}
			}
		}()
		v, err := fn()
		done <- result{v, err}
	}()
	select {
	case r := <-done:
		return r.v, r.err
	case <-ctx.Done():
		var zero T
		return zero, fmt.Errorf("gave up after the time limit: %w", ctx.Err())
	}
}

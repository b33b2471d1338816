//go:build !unix

package store

import "context"

// lockFile is a no-op where flock is unavailable: migrations of one SQLite
// file are then not serialised across processes.
func lockFile(context.Context, string) (func(), error) { return func() {}, nil }

package main

import (
	"context"
	"fmt"
	"io"
)

// runServe will run the GitHub App; until it exists it says so and fails.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "prc serve: not available yet")
	return 2
}

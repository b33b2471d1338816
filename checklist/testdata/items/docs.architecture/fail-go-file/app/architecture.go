// Package app: a Go file named architecture is code, not a description of the architecture.
package app

// Package app runs the jobs; the name of this file is not a runbook.
package app

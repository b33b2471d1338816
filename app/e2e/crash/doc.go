// Package crash holds the crash-recovery test: the real `prc` binary, run as a subprocess against
// the GitHub fake, killed with SIGKILL while it works and started again on the same database.
package crash

// Package crash holds the tests that run the real `prc` binary as subprocesses against the GitHub
// fake: crash recovery, killed with SIGKILL while it works and started again on the same
// database; and two replicas sharing one PostgreSQL, one of them killed mid-run.
package crash

// Package report builds the readiness digest over the store — readiness per tier and per owner
// team, launches, regressions, waivers about to expire and campaign progress — and renders it
// as Markdown. `prc report` prints it; the App posts it in the organisation's `.github`
// repository. The dashboard reads campaign progress, with its burn-up, from here too.
package report

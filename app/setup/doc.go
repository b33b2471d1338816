// Package setup owns prc's first run: the GitHub App manifest page and callback that register the
// App in one visit, the credentials it stores in PRC_DATA_DIR (mode 0600) or prints, and the
// credential check `prc serve` makes at start.
package setup

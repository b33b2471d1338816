// Package auth owns who sees the dashboard: GitHub's OAuth web flow for the App's users, signed
// session cookies keyed by a key kept in the data directory, CSRF tokens for state-changing
// requests, and which repositories a viewer can read, asked of GitHub with the viewer's token and
// cached for a few minutes.
package auth

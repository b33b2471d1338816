// Package dashboard owns the organisation readiness dashboard: the service table, the service
// pages, the readiness-over-time chart (inline SVG, no JavaScript) and the JSON API that mirrors
// them. It reads only the store, and shows each viewer only repositories they can read.
package dashboard

// Package app wires prc's GitHub App together: configuration, store and job queue, GitHub
// clients, the reconciler, workers, and the HTTP server. Each concern is built in its own small
// function; Run starts them and stops them in order.
package app

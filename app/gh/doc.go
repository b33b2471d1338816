// Package gh is prc's boundary with GitHub: an interface named for what the app does (read a tree,
// find the PRC issue, save it, upsert a check run, remove a label, ask a permission...) and the
// plain types it speaks. The go-github adapter behind it lives in gh/ghclient; paging, rate limits
// and pacing stay there. Nothing else in the app holds a *github.Client.
package gh

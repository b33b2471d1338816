// Package parallel runs index-addressed work on several goroutines, for the checklist engine's
// file reads and item evaluations.
package parallel

import (
	"sync"
	"sync/atomic"
)

// FirstMatch calls hit(i) for i in [0, n) on up to workers goroutines and returns the smallest
// i for which hit is true, or -1. Indexes above a match already found are not tried, so the
// answer is the one a sequential scan gives, usually for a fraction of its work.
func FirstMatch(n, workers int, hit func(i int) bool) int {
	var next atomic.Int64
	var best atomic.Int64
	best.Store(int64(n))
	var wg sync.WaitGroup
	for w := 0; w < min(max(workers, 1), n); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= best.Load() {
					return
				}
				if hit(int(i)) {
					for {
						cur := best.Load()
						if i >= cur || best.CompareAndSwap(cur, i) {
							break
						}
					}
				}
			}
		}()
	}
	wg.Wait()
	if b := best.Load(); b < int64(n) {
		return int(b)
	}
	return -1
}

// ForEach calls fn(i) for i in [0, n) on up to workers goroutines.
func ForEach(n, workers int, fn func(i int)) {
	FirstMatch(n, workers, func(i int) bool { fn(i); return false })
}

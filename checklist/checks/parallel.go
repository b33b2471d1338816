package checks

import (
	"sync"
	"sync/atomic"
)

// readers is how many files a check reads at once: reads wait on the kernel more than on a core.
const readers = 8

// firstMatch calls hit(i) for i in [0, n) on several goroutines and returns the smallest i for
// which hit is true, or -1. Indexes above a match already found are not tried, so the answer is
// the one a sequential scan gives, usually for a fraction of its reads.
func firstMatch(n int, hit func(i int) bool) int {
	var next atomic.Int64
	var best atomic.Int64
	best.Store(int64(n))
	var wg sync.WaitGroup
	for w := 0; w < min(readers, n); w++ {
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

// forEach calls fn(i) for i in [0, n) on several goroutines.
func forEach(n int, fn func(i int)) {
	firstMatch(n, func(i int) bool { fn(i); return false })
}

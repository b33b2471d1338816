package parallel

import (
	"sync/atomic"
	"testing"
)

func TestFirstMatch(t *testing.T) {
	for _, tc := range []struct {
		n, want int
		hits    []int
	}{{0, -1, nil}, {10, -1, nil}, {10, 3, []int{3, 7}}, {1000, 0, []int{0, 999}}, {1000, 999, []int{999}}} {
		hit := map[int]bool{}
		for _, h := range tc.hits {
			hit[h] = true
		}
		for run := 0; run < 20; run++ {
			if got := FirstMatch(tc.n, 8, func(i int) bool { return hit[i] }); got != tc.want {
				t.Fatalf("firstMatch(%d, %v) = %d, want %d", tc.n, tc.hits, got, tc.want)
			}
		}
	}
}

func TestForEachVisitsAll(t *testing.T) {
	var seen [500]atomic.Int32
	ForEach(len(seen), 8, func(i int) { seen[i].Add(1) })
	for i := range seen {
		if seen[i].Load() != 1 {
			t.Fatalf("index %d visited %d times", i, seen[i].Load())
		}
	}
}

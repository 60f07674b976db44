package parallel

import (
	"sync/atomic"
	"testing"
)

func TestForRunsEveryIndexOnce(t *testing.T) {
	for _, workers := range []int{0, 1, 3, 50} {
		const n = 1000
		var seen [n]atomic.Int32
		For(n, workers, func(i int) { seen[i].Add(1) })
		for i := range seen {
			if got := seen[i].Load(); got != 1 {
				t.Fatalf("workers %d: index %d ran %d times", workers, i, got)
			}
		}
	}
	For(0, 2, func(int) { t.Fatal("ran a job of none") })
}

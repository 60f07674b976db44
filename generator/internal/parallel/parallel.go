// Package parallel runs independent jobs on several cores.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// For runs fn for 0..n-1 on workers goroutines (GOMAXPROCS when workers is
// 0 or less) and returns when all are done. Workers take the next index
// from a counter rather than from a channel, so that no worker waits for a
// sender to be scheduled, and a long job does not hold up the others.
func For(n, workers int, fn func(i int)) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				fn(i)
			}
		})
	}
	wg.Wait()
}

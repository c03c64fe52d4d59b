package train

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// forEach calls f(0), …, f(n−1) on up to GOMAXPROCS goroutines. Each call must write only results of its own
// index, so the outcome does not depend on the schedule. It returns the error of the lowest index that failed.
// After a failure no new index starts, but every index below a failed one had started before it and runs to the
// end, so that lowest failure is always found: the error too is the same whatever GOMAXPROCS is.
func forEach(n int, f func(i int) error) error {
	errs := make([]error, n)
	var next atomic.Int64
	var failed atomic.Bool
	var wg sync.WaitGroup
	for range min(n, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for !failed.Load() {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if errs[i] = f(i); errs[i] != nil {
					failed.Store(true)
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

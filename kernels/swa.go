package kernels

import (
	"fmt"
	"math"
)

// SWA folds the weights w into avg, the equal-weight running mean of the n weights averaged so far, as torch's
// AveragedModel does by default (stochastic weight averaging). It is equivalent to
//
//	c := F(n + 1)
//	for i := range avg {
//		avg[i] += (w[i] - avg[i]) / c
//	}
//
// The division is a true division in F, as torch 1.13 and, on the CPU, torch 2.x compute it (get_swa_avg_fn); on
// CUDA, torch 2.x's default is instead torch._foreach_lerp_ with weight 1/(n + 1), which can differ in the last
// bit. For n = 0 avg becomes avg + (w − avg), which is w only where both are finite: torch's AveragedModel copies
// the first weights instead, and so does package optim. n must be in [0, MaxInt), and w must have the length of
// avg; otherwise SWA panics. It also panics if avg and w overlap.
func SWA[F Float](n int, avg, w []F) {
	if n < 0 || n == math.MaxInt {
		panic(fmt.Sprintf("kernels: SWA: n=%d, want 0 ≤ n < MaxInt", n))
	}
	mustLen("SWA", "w", len(w), "avg", len(avg))
	mustDisjoint("SWA", "avg,w", 1, avg, w)
	opsOf[F]().swa(F(n+1), avg, w)
}

// swaRef is SWA with the divisor c = F(n + 1).
func swaRef[F Float](c F, avg, w []F) {
	for i, x := range w {
		avg[i] += (x - avg[i]) / c
	}
}

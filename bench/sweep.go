package bench

import "fmt"

// sweepPoints is how many working sets Sweep returns: about three per cache level, enough to see where each
// level's speed ends without making a run much longer than the four level sizes.
const sweepPoints = 12

// maxSweep bounds the largest working set of Sweep on CPUs with a huge L3, so that a run fits in memory.
const maxSweep = 4 << 30

// Sweep returns sweepPoints working sets spaced evenly on a log scale from a quarter of L1D, well inside it, to six
// times L3, beyond the four times L3 at which a working set surely streams from DRAM (cut to maxSweep, but never below
// Sizes' DRAM size). Each is named by its bytes, as ws=48KiB.
func Sweep() []Size {
	l1, _, l3 := Caches()
	levels := Sizes()
	lo, hi := float64(l1/4), float64(max(min(6*l3, maxSweep), levels[len(levels)-1].Bytes))
	sizes := make([]Size, sweepPoints)
	for i := range sizes {
		// lo·(hi/lo)^(i/(n-1)) by repeated multiplication, which needs no math.Pow (rounded to KiB, so the exact
		// ratio does not matter).
		b := lo
		step := nthRoot(hi/lo, sweepPoints-1)
		for range i {
			b *= step
		}
		bytes := max(int(b+512)>>10<<10, 1<<10)
		sizes[i] = Size{Name: "ws=" + kib(bytes), Bytes: bytes}
	}
	return sizes
}

// nthRoot returns x^(1/n) for x ≥ 1 by bisection: a size list needs no correctly rounded root, only the same one on
// every machine, which a fixed number of halvings gives.
func nthRoot(x float64, n int) float64 {
	lo, hi := 1.0, x
	for range 100 {
		mid := (lo + hi) / 2
		p := 1.0
		for range n {
			p *= mid
		}
		if p > x {
			hi = mid
		} else {
			lo = mid
		}
	}
	return lo
}

// kib formats bytes in KiB, MiB or GiB, with up to three digits.
func kib(bytes int) string {
	switch v := float64(bytes); {
	case bytes >= 1<<30:
		return fmt.Sprintf("%.3gGiB", v/(1<<30))
	case bytes >= 1<<20:
		return fmt.Sprintf("%.3gMiB", v/(1<<20))
	default:
		return fmt.Sprintf("%.3gKiB", v/(1<<10))
	}
}

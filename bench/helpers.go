package bench

import "github.com/fastgrad/fastgrad/kernels"

// scale multiplies by 1, which keeps the values unchanged call after call (no path skips the multiply).
func scale[F kernels.Float](a [][]F) func(string) func() {
	x := a[0]
	return func(impl string) func() {
		switch impl {
		case Naive:
			return func() { naiveScale(1, x) }
		case Gonum:
			return func() { gonumScale(1, x) }
		}
		return func() { kernels.Scale(1, x) }
	}
}

func axpy[F kernels.Float](a [][]F) func(string) func() {
	x, y := a[0], a[1]
	const alpha = 1e-9 // y drifts by a billionth of x per call: stays finite for any run
	return func(impl string) func() {
		switch impl {
		case Naive:
			return func() { naiveAxpy(alpha, x, y) }
		case Gonum:
			return func() { gonumAxpy(alpha, x, y) }
		}
		return func() { kernels.Axpy(alpha, x, y) }
	}
}

// clipValue clips to [−1, 1]. Clipping is idempotent, so from the second call on nothing is out of bounds: the
// vector paths do the same work either way, while the branches of the loops in Go (the reference and the naive
// peer) are then always predicted, which flatters them; the speed-ups are lower bounds.
func clipValue[F kernels.Float](a [][]F) func(string) func() {
	x := a[0]
	return func(impl string) func() {
		if impl == Naive {
			return func() { naiveClip(1, x) }
		}
		return func() { kernels.ClipValue(1, x) }
	}
}

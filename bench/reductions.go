package bench

import "github.com/fastgrad/fastgrad/kernels"

// The reductions store their result in Sink, so that no call can be dropped as dead code.

func dot[F kernels.Float](a [][]F) func(string) func() {
	x, y := a[0], a[1]
	return func(impl string) func() {
		switch impl {
		case Naive:
			return func() { Sink = float64(naiveDot(x, y)) }
		case Gonum:
			return func() { Sink = float64(gonumDot(x, y)) }
		}
		return func() { Sink = float64(kernels.Dot(x, y)) }
	}
}

// sumSq's gonum peer is Dot(x, x): gonum's 2-norm (floats.Norm, blas32.Nrm2) is the overflow-safe scaled
// algorithm, with a division per element, which answers another question at another cost.
func sumSq[F kernels.Float](a [][]F) func(string) func() {
	x := a[0]
	return func(impl string) func() {
		switch impl {
		case Naive:
			return func() { Sink = float64(naiveSumSq(x)) }
		case Gonum:
			return func() { Sink = float64(gonumDot(x, x)) }
		}
		return func() { Sink = float64(kernels.SumSq(x)) }
	}
}

func maxAbs[F kernels.Float](a [][]F) func(string) func() {
	x := a[0]
	return func(impl string) func() {
		switch impl {
		case Naive:
			return func() { Sink = float64(naiveMaxAbs(x)) }
		case Gonum:
			return func() { Sink = float64(gonumMaxAbs(x)) }
		}
		return func() { Sink = float64(kernels.MaxAbs(x)) }
	}
}

func allFinite[F kernels.Float](a [][]F) func(string) func() {
	x := a[0]
	return func(impl string) func() {
		if impl == Naive {
			return func() { Sink = boolSink(naiveAllFinite(x)) }
		}
		return func() { Sink = boolSink(kernels.AllFinite(x)) }
	}
}

// boolSink turns a boolean result into Sink's type.
func boolSink(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

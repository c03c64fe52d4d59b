package main

// unrolls is the number of vectors per loop iteration, for AVX2 and for AVX-512, of each elementwise kernel: the
// values measured when the kernels were written by hand, kept as they were. Memory bounds the bodies with little
// arithmetic per byte (the averages and helpers), which keep more loads in flight unrolled wider; the Adam
// family's AVX2 bodies fill the sixteen registers with one vector.
var unrolls = map[string][2]int{
	"Adam": {1, 2}, "AMSGrad": {1, 2}, "Adamax": {1, 2}, "NAdam": {1, 2}, "RAdam": {1, 2},
	"SGD": {2, 2}, "SGDMomentum": {2, 2}, "SGDMomentumPlain": {2, 2}, "ASGD": {2, 2},
	"Adagrad": {1, 2}, "Adadelta": {1, 2},
	"RMSprop": {1, 2}, "RMSpropMomentum": {1, 2}, "RMSpropCentered": {1, 2}, "RMSpropCenteredMomentum": {1, 2},
	"Lion": {2, 2}, "Rprop": {2, 2},
	"EMALerp": {4, 4}, "EMASum": {4, 4}, "SWA": {4, 4},
	"Scale": {4, 4}, "Axpy": {4, 4}, "ClipValue": {4, 4},
	// The conversions, measured at 4096 elements: a widening is a load and a store, wider unrolled as the helpers; a
	// rounding's dozen operations per vector gain nothing past two.
	"WidenBF16": {4, 4}, "WidenF16": {4, 4}, "RoundToBF16": {2, 2}, "RoundToF16": {2, 2},
}

// defaultUnroll is the unroll of a kernel not yet measured: what most optimizers use.
var defaultUnroll = [2]int{1, 2}

// unrollOf returns the unroll of the kernel name.
func unrollOf(name string) [2]int {
	if u, ok := unrolls[name]; ok {
		return u
	}
	return defaultUnroll
}

package kernels

import "unsafe"

// streamBytes is the size from which an array is taken to come from L3 or memory rather than L1 or L2. Below it a
// touch only costs: float64 Dot of 1536 elements ran 1.17× slower with one on a Zen 5. Above it, float64 Dot of 4M
// elements ran 2.3× slower without.
const streamBytes = 1 << 20

// streams reports whether x is of streamBytes or more.
func streams[F Float](x []F) bool {
	return sizeBytes[F](len(x)) >= streamBytes
}

// sizeBytes returns the size of n elements of F, in a uint64 that cannot overflow where int has 32 bits.
func sizeBytes[F Float](n int) uint64 {
	return uint64(n) * uint64(unsafe.Sizeof(F(0)))
}

// touch loads one element of x and of y from each cache line of theirs, in order, so that a block of dotAcc comes
// from memory at the pace of a sequential read: all its lines are asked for at once, where the passes' strided
// loads missed on a quarter of the lines each, spread between the arithmetic. It returns the sum of what it loaded,
// for keepLoads.
func touch[F Float](x, y []F) F {
	step := 8
	if is32[F]() {
		step = 16
	}
	var t F
	y = y[:len(x)]
	for i := 0; i < len(x); i += step {
		t += x[i] + y[i]
	}
	return t
}

// keepLoads keeps the loads of touch and lsqTouch alive: the compiler cannot see that it does nothing with its
// argument.
//
//go:noinline
func keepLoads[F Float](F) {}

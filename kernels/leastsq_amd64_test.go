//go:build !purego

package kernels

import (
	"slices"
	"testing"
)

// TestLeastSquaresAVX512Narrow runs the strategies test on the avx512 path with float64 rows of one and two
// elements on the AVX-512 kernel, which dispatch gives to the AVX2 one, so that no generated code goes untested.
// (The other exception, long rows of a matrix beyond L3, runs AVX-512 code the small test matrices reach anyway.)
func TestLeastSquaresAVX512Narrow(t *testing.T) {
	if !slices.Contains(Impls(), "avx512") {
		t.Skip("this CPU has no AVX-512")
	}
	prev, prevNarrow := Impl(), lsqNarrowF64
	defer func() { SetImpl(prev); lsqNarrowF64 = prevNarrow }()
	SetImpl("avx512")
	lsqNarrowF64 = 0
	leastSquaresStrategies[float64](t)
}

//go:build !purego

package kernels

import (
	"github.com/fastgrad/fastgrad/kernels/internal/asm"
	"github.com/klauspost/cpuid/v2"
)

// The avx512 path runs the AVX-512 least-squares kernels except on long rows (the streaming strategy: more than
// eight ZMM registers, n > 128 float32 or n > 64 float64) of a matrix larger than the L3 cache, where the AVX2
// kernel streams from DRAM faster. On an AMD EPYC (Zen 5, 32 MiB L3), ns per element of X, AVX-512 / AVX2:
//
//	float32 1e5×512 (DRAM) 0.105 / 0.095   float32 8192×512 (L3) 0.052 / 0.076   float32 512×512 (L2) 0.058 / 0.074
//	float64 1e5×512 (DRAM) 0.224 / 0.207   float64 8192×512 (L3) 0.151 / 0.165   float64 512×512 (L2) 0.121 / 0.152
//
// Rows up to eight ZMM registers are faster on AVX-512 at every size (float32 4096×64: 0.054 / 0.108), or equal
// (n ≤ 16), except float64 rows of one or two elements, in an XMM register either way, where AVX2's AND with a
// mask beats AVX-512's masked move (1e5×1: 1.22 / 0.95, 1e5×2: 0.62 / 0.47, 1e5×3: 0.41 / 0.40). The mini-batch
// kernels always run AVX-512: their rows come from anywhere in X.

// lsqDRAMBytes is the size of X beyond which the streaming strategy runs AVX2: the L3 cache.
var lsqDRAMBytes = func() int {
	if l3 := cpuid.CPU.Cache.L3; l3 > 0 {
		return l3
	}
	return 32 << 20
}()

// lsqNarrowF64 is the longest float64 row the avx512 path gives the AVX2 kernel (a variable so that a test can
// run the AVX-512 kernel on those rows too).
var lsqNarrowF64 = 2

// lsqRegisterMaxBytes is the longest row the AVX-512 kernels keep in registers: eight ZMM registers.
const lsqRegisterMaxBytes = 8 * 64

func leastSquaresAVX512F32(g, r, X, y, w []float32, s float32) float32 {
	if len(w)*4 > lsqRegisterMaxBytes && len(X)*4 > lsqDRAMBytes {
		return asm.LeastSquaresF32AVX2(g, r, X, y, w, s)
	}
	return asm.LeastSquaresF32AVX512(g, r, X, y, w, s)
}

func leastSquaresAVX512F64(g, r, X, y, w []float64, s float64) float64 {
	if len(w) <= lsqNarrowF64 || len(w)*8 > lsqRegisterMaxBytes && len(X)*8 > lsqDRAMBytes {
		return asm.LeastSquaresF64AVX2(g, r, X, y, w, s)
	}
	return asm.LeastSquaresF64AVX512(g, r, X, y, w, s)
}

//go:build !purego

package kernels

import "github.com/fastgrad/fastgrad/kernels/internal/asm"

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
//
// On an Intel Xeon with AVX-512 (the 2-vCPU cloud machine of docs/paths.md), float32 rows of 9 to 32 elements, one
// or two ZMM vectors, run faster on AVX2, whatever the number of rows: a ZMM row that short leaves its tree and
// scalar steps to dominate, and 512-bit operations in flight close the third vector port they would use. Median
// time AVX-512 / AVX2 per call (BenchmarkLeastSquaresKernels, calls alternated):
//
//	1e5×9 1.34   1e5×12 1.20   1e5×16 1.10   1e5×24 1.24   1e5×32 1.37   4096×16 1.12   1e6×16 1.22, 0.91
//	1e5×8 0.99   1e5×40 0.95   1e5×48 0.95   1e5×512 0.86–0.99   4096×64 0.60

// lsqNarrowF64 is the longest float64 row the avx512 path gives the AVX2 kernel (a variable so that a test can
// run the AVX-512 kernel on those rows too).
var lsqNarrowF64 = 2

// lsqRegisterMaxBytes is the longest row the AVX-512 kernels keep in registers: eight ZMM registers.
const lsqRegisterMaxBytes = 8 * 64

// lsqAVX2RowsF32 is the range of float32 row lengths the avx512 path gives the AVX2 kernel whatever the size of X
// (a variable so that a test can run the AVX-512 kernel on those rows too).
var lsqAVX2RowsF32 = [2]int{9, 32}

// lsqAVX2F32 reports whether the avx512 path runs the AVX2 kernel for a float32 X of lenX elements in rows of n.
func lsqAVX2F32(n, lenX int) bool {
	return lsqAVX2RowsF32[0] <= n && n <= lsqAVX2RowsF32[1] || n*4 > lsqRegisterMaxBytes && lenX*4 > l3Bytes
}

func leastSquaresAVX512F32(g, r, X, y, w []float32, s float32) float32 {
	if lsqAVX2F32(len(w), len(X)) {
		return asm.LeastSquaresF32AVX2(g, r, X, y, w, s)
	}
	return asm.LeastSquaresF32AVX512(g, r, X, y, w, s)
}

func leastSquaresAVX512F64(g, r, X, y, w []float64, s float64) float64 {
	if len(w) <= lsqNarrowF64 || len(w)*8 > lsqRegisterMaxBytes && len(X)*8 > l3Bytes {
		return asm.LeastSquaresF64AVX2(g, r, X, y, w, s)
	}
	return asm.LeastSquaresF64AVX512(g, r, X, y, w, s)
}

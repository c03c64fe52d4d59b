//go:build !purego

package kernels

import "github.com/fastgrad/fastgrad/kernels/asm"

// The least-squares assembly takes the ops signatures as they are: the exported functions have checked every length
// and index, and the assembly handles n = 0 and nil r itself.

func leastSquaresAVX512F32(g, r, X, y, w []float32, s float32) float32 {
	return asm.LeastSquaresF32AVX512(g, r, X, y, w, s)
}

func leastSquaresBatchAVX512F32(g, r, X, y, w []float32, idx []int, s float32) float32 {
	return asm.LeastSquaresBatchF32AVX512(g, r, X, y, w, idx, s)
}

func leastSquaresAVX512F64(g, r, X, y, w []float64, s float64) float64 {
	return asm.LeastSquaresF64AVX512(g, r, X, y, w, s)
}

func leastSquaresBatchAVX512F64(g, r, X, y, w []float64, idx []int, s float64) float64 {
	return asm.LeastSquaresBatchF64AVX512(g, r, X, y, w, idx, s)
}

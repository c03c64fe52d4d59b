//go:build !purego && (amd64 || arm64)

package kernels

import "github.com/fastgrad/fastgrad/kernels/internal/asm"

// install sets every kernel of f32 and f64 to its assembly in s: the elementwise ones through the glue generated
// from their descriptions, the reductions and least squares directly.
func install(f32 *ops[float32], f64 *ops[float64], s *asm.Set) {
	installElementwise(f32, f64, s)
	f32.leastSquares, f64.leastSquares = s.LeastSquaresF32, s.LeastSquaresF64
	f32.leastSquaresBatch, f64.leastSquaresBatch = s.LeastSquaresBatchF32, s.LeastSquaresBatchF64
	f32.dot, f64.dot = s.DotF32, s.DotF64
	f32.sumSq, f64.sumSq = s.SumSqF32, s.SumSqF64
	f32.maxAbs, f64.maxAbs = s.MaxAbsF32, s.MaxAbsF64
	f32.allFinite, f64.allFinite = s.AllFiniteF32, s.AllFiniteF64
}

//go:build !purego

package kernels

import (
	"github.com/fastgrad/fastgrad/kernels/asm"
	"github.com/klauspost/cpuid/v2"
)

// archImpls returns the amd64 assembly paths this CPU can run, best first. The AVX2 kernels use no FMA
// instruction, but the path asks for FMA3 too so that it means what "AVX2+FMA" means everywhere else (every CPU
// with AVX2 has had it). The avx512 path starts from avx2 and replaces only the kernels whose AVX-512 version
// measurably wins (see useAVX512).
func archImpls() []*impl {
	if !cpuid.CPU.Supports(cpuid.AVX2, cpuid.FMA3) {
		return nil
	}
	avx2 := &impl{name: "avx2", f32: referenceOps[float32](), f64: referenceOps[float64]()}
	setAVX2(&avx2.f32, &avx2.f64)
	if !hasAVX512() {
		return []*impl{avx2}
	}
	avx512 := &impl{name: "avx512", f32: avx2.f32, f64: avx2.f64}
	useAVX512(&avx512.f32, &avx512.f64)
	return []*impl{avx512, avx2}
}

// hasAVX512 reports whether the CPU runs the AVX-512 kernels: F for the 512-bit arithmetic, VL and BW/DQ for the
// masked loads and stores of the tails and the mask moves.
func hasAVX512() bool {
	return cpuid.CPU.Supports(cpuid.AVX2, cpuid.FMA3, cpuid.AVX512F, cpuid.AVX512VL, cpuid.AVX512BW, cpuid.AVX512DQ)
}

// setAVX2 installs the AVX2 kernels.
func setAVX2(f32 *ops[float32], f64 *ops[float64]) {
	f32.adam, f64.adam = adamAVX2F32, adamAVX2F64
	f32.dot, f64.dot = asm.DotF32AVX2, asm.DotF64AVX2
	f32.sumSq, f64.sumSq = asm.SumSqF32AVX2, asm.SumSqF64AVX2
	f32.leastSquares, f64.leastSquares = asm.LeastSquaresF32AVX2, asm.LeastSquaresF64AVX2
	f32.leastSquaresBatch, f64.leastSquaresBatch = asm.LeastSquaresBatchF32AVX2, asm.LeastSquaresBatchF64AVX2
}

// useAVX512 installs the AVX-512 kernels that beat their AVX2 version on the benchmarks (numbers in the README).
func useAVX512(f32 *ops[float32], f64 *ops[float64]) {
	f32.leastSquares, f64.leastSquares = leastSquaresAVX512F32, leastSquaresAVX512F64
	f32.leastSquaresBatch, f64.leastSquaresBatch = asm.LeastSquaresBatchF32AVX512, asm.LeastSquaresBatchF64AVX512
}

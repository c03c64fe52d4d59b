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
// masked loads and stores of the tails and the mask moves, BMI2 for the tail masks.
func hasAVX512() bool {
	return cpuid.CPU.Supports(cpuid.AVX2, cpuid.FMA3, cpuid.AVX512F, cpuid.AVX512VL, cpuid.AVX512BW, cpuid.AVX512DQ, cpuid.BMI2)
}

// setAVX2 installs the AVX2 kernels.
func setAVX2(f32 *ops[float32], f64 *ops[float64]) {
	f32.adam = adamKernel(asm.AdamF32AVX2, asm.AMSGradF32AVX2)
	f64.adam = adamKernel(asm.AdamF64AVX2, asm.AMSGradF64AVX2)
	f32.sgd = sgdKernel(asm.SGDF32AVX2, asm.SGDMomentumF32AVX2)
	f64.sgd = sgdKernel(asm.SGDF64AVX2, asm.SGDMomentumF64AVX2)
	f32.adagrad, f64.adagrad = adagradKernel(asm.AdagradF32AVX2), adagradKernel(asm.AdagradF64AVX2)
	f32.rmsprop = rmspropKernel(asm.RMSpropF32AVX2, asm.RMSpropCenteredF32AVX2, asm.RMSpropMomentumF32AVX2,
		asm.RMSpropCenteredMomentumF32AVX2)
	f64.rmsprop = rmspropKernel(asm.RMSpropF64AVX2, asm.RMSpropCenteredF64AVX2, asm.RMSpropMomentumF64AVX2,
		asm.RMSpropCenteredMomentumF64AVX2)
	f32.adamax, f64.adamax = adamaxKernel(asm.AdamaxF32AVX2), adamaxKernel(asm.AdamaxF64AVX2)
	f32.nadam, f64.nadam = nadamKernel(asm.NAdamF32AVX2), nadamKernel(asm.NAdamF64AVX2)
	f32.radam, f64.radam = radamKernel(asm.RAdamF32AVX2), radamKernel(asm.RAdamF64AVX2)
	f32.adadelta, f64.adadelta = adadeltaKernel(asm.AdadeltaF32AVX2), adadeltaKernel(asm.AdadeltaF64AVX2)
	f32.lion, f64.lion = lionKernel(asm.LionF32AVX2), lionKernel(asm.LionF64AVX2)
	f32.scale, f64.scale = scaleKernel(asm.ScaleF32AVX2), scaleKernel(asm.ScaleF64AVX2)
	f32.axpy, f64.axpy = axpyKernel(asm.AxpyF32AVX2), axpyKernel(asm.AxpyF64AVX2)
	f32.clipValue, f64.clipValue = clipValueKernel(asm.ClipValueF32AVX2), clipValueKernel(asm.ClipValueF64AVX2)
	f32.dot, f64.dot = asm.DotF32AVX2, asm.DotF64AVX2
	f32.sumSq, f64.sumSq = asm.SumSqF32AVX2, asm.SumSqF64AVX2
	f32.maxAbs, f64.maxAbs = asm.MaxAbsF32AVX2, asm.MaxAbsF64AVX2
	f32.allFinite, f64.allFinite = allFiniteKernel(asm.MaxAbsF32AVX2), allFiniteKernel(asm.MaxAbsF64AVX2)
	f32.leastSquares, f64.leastSquares = asm.LeastSquaresF32AVX2, asm.LeastSquaresF64AVX2
	f32.leastSquaresBatch, f64.leastSquaresBatch = asm.LeastSquaresBatchF32AVX2, asm.LeastSquaresBatchF64AVX2
}

// useAVX512 installs the AVX-512 kernels that beat their AVX2 version on the benchmarks (numbers in the README).
func useAVX512(f32 *ops[float32], f64 *ops[float64]) {
	f32.adam = adamKernel(asm.AdamF32AVX512, asm.AMSGradF32AVX512)
	f64.adam = adamKernel(asm.AdamF64AVX512, asm.AMSGradF64AVX512)
	f32.sgd = sgdKernel(asm.SGDF32AVX512, asm.SGDMomentumF32AVX512)
	f64.sgd = sgdKernel(asm.SGDF64AVX512, asm.SGDMomentumF64AVX512)
	f32.adagrad, f64.adagrad = adagradKernel(asm.AdagradF32AVX512), adagradKernel(asm.AdagradF64AVX512)
	f32.rmsprop = rmspropKernel(asm.RMSpropF32AVX512, asm.RMSpropCenteredF32AVX512, asm.RMSpropMomentumF32AVX512,
		asm.RMSpropCenteredMomentumF32AVX512)
	f64.rmsprop = rmspropKernel(asm.RMSpropF64AVX512, asm.RMSpropCenteredF64AVX512, asm.RMSpropMomentumF64AVX512,
		asm.RMSpropCenteredMomentumF64AVX512)
	f32.adamax, f64.adamax = adamaxKernel(asm.AdamaxF32AVX512), adamaxKernel(asm.AdamaxF64AVX512)
	f32.nadam, f64.nadam = nadamKernel(asm.NAdamF32AVX512), nadamKernel(asm.NAdamF64AVX512)
	f32.radam, f64.radam = radamKernel(asm.RAdamF32AVX512), radamKernel(asm.RAdamF64AVX512)
	f32.adadelta, f64.adadelta = adadeltaKernel(asm.AdadeltaF32AVX512), adadeltaKernel(asm.AdadeltaF64AVX512)
	f32.lion, f64.lion = lionKernel(asm.LionF32AVX512), lionKernel(asm.LionF64AVX512)
	f32.scale, f64.scale = scaleKernel(asm.ScaleF32AVX512), scaleKernel(asm.ScaleF64AVX512)
	f32.axpy, f64.axpy = axpyKernel(asm.AxpyF32AVX512), axpyKernel(asm.AxpyF64AVX512)
	f32.clipValue, f64.clipValue = clipValueKernel(asm.ClipValueF32AVX512), clipValueKernel(asm.ClipValueF64AVX512)
	f32.dot, f64.dot = asm.DotF32AVX512, asm.DotF64AVX512
	f32.sumSq, f64.sumSq = asm.SumSqF32AVX512, asm.SumSqF64AVX512
	f32.maxAbs, f64.maxAbs = asm.MaxAbsF32AVX512, asm.MaxAbsF64AVX512
	f32.allFinite, f64.allFinite = allFiniteKernel(asm.MaxAbsF32AVX512), allFiniteKernel(asm.MaxAbsF64AVX512)
	f32.leastSquares, f64.leastSquares = leastSquaresAVX512F32, leastSquaresAVX512F64
	f32.leastSquaresBatch, f64.leastSquaresBatch = asm.LeastSquaresBatchF32AVX512, asm.LeastSquaresBatchF64AVX512
}

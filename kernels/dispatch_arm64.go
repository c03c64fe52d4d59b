//go:build !purego

package kernels

import (
	"github.com/fastgrad/fastgrad/kernels/asm"
	"github.com/klauspost/cpuid/v2"
)

// archImpls returns the arm64 assembly paths this CPU can run: neon, with AdvSIMD (which every arm64 CPU that
// runs Go has, but the check keeps dispatch honest). Kernels without NEON assembly yet run their reference.
func archImpls() []*impl {
	if !cpuid.CPU.Supports(cpuid.ASIMD) {
		return nil
	}
	neon := &impl{name: "neon", f32: referenceOps[float32](), f64: referenceOps[float64]()}
	f32, f64 := &neon.f32, &neon.f64
	f32.adam, f64.adam = adamKernel(asm.AdamF32NEON, asm.AMSGradF32NEON), adamKernel(asm.AdamF64NEON, asm.AMSGradF64NEON)
	f32.sgd, f64.sgd = sgdKernel(asm.SGDF32NEON, asm.SGDMomentumF32NEON), sgdKernel(asm.SGDF64NEON, asm.SGDMomentumF64NEON)
	f32.adagrad, f64.adagrad = adagradKernel(asm.AdagradF32NEON), adagradKernel(asm.AdagradF64NEON)
	f32.rmsprop = rmspropKernel(asm.RMSpropF32NEON, asm.RMSpropCenteredF32NEON, asm.RMSpropMomentumF32NEON,
		asm.RMSpropCenteredMomentumF32NEON)
	f64.rmsprop = rmspropKernel(asm.RMSpropF64NEON, asm.RMSpropCenteredF64NEON, asm.RMSpropMomentumF64NEON,
		asm.RMSpropCenteredMomentumF64NEON)
	f32.adamax, f64.adamax = adamaxKernel(asm.AdamaxF32NEON), adamaxKernel(asm.AdamaxF64NEON)
	f32.nadam, f64.nadam = nadamKernel(asm.NAdamF32NEON), nadamKernel(asm.NAdamF64NEON)
	f32.radam, f64.radam = radamKernel(asm.RAdamF32NEON), radamKernel(asm.RAdamF64NEON)
	f32.adadelta, f64.adadelta = adadeltaKernel(asm.AdadeltaF32NEON), adadeltaKernel(asm.AdadeltaF64NEON)
	f32.lion, f64.lion = lionKernel(asm.LionF32NEON), lionKernel(asm.LionF64NEON)
	f32.scale, f64.scale = scaleKernel(asm.ScaleF32NEON), scaleKernel(asm.ScaleF64NEON)
	f32.axpy, f64.axpy = axpyKernel(asm.AxpyF32NEON), axpyKernel(asm.AxpyF64NEON)
	f32.clipValue, f64.clipValue = clipValueKernel(asm.ClipValueF32NEON), clipValueKernel(asm.ClipValueF64NEON)
	f32.leastSquares, f64.leastSquares = asm.LeastSquaresF32NEON, asm.LeastSquaresF64NEON
	f32.leastSquaresBatch, f64.leastSquaresBatch = asm.LeastSquaresBatchF32NEON, asm.LeastSquaresBatchF64NEON
	f32.dot, f64.dot = asm.DotF32NEON, asm.DotF64NEON
	f32.sumSq, f64.sumSq = asm.SumSqF32NEON, asm.SumSqF64NEON
	f32.maxAbs, f64.maxAbs = asm.MaxAbsF32NEON, asm.MaxAbsF64NEON
	f32.allFinite, f64.allFinite = allFiniteKernel(asm.MaxAbsF32NEON), allFiniteKernel(asm.MaxAbsF64NEON)
	return []*impl{neon}
}

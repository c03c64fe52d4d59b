//go:build !purego && (amd64 || arm64)

package kernels

import "github.com/fastgrad/fastgrad/kernels/internal/asm"

// install sets every kernel of f32 and f64 to its assembly in s.
func install(f32 *ops[float32], f64 *ops[float64], s *asm.Set) {
	f32.adam, f64.adam = adamKernel(s.AdamF32, s.AMSGradF32), adamKernel(s.AdamF64, s.AMSGradF64)
	f32.sgd, f64.sgd = sgdKernel(s.SGDF32, s.SGDMomentumF32), sgdKernel(s.SGDF64, s.SGDMomentumF64)
	f32.adagrad, f64.adagrad = adagradKernel(s.AdagradF32), adagradKernel(s.AdagradF64)
	f32.rmsprop = rmspropKernel(s.RMSpropF32, s.RMSpropCenteredF32, s.RMSpropMomentumF32, s.RMSpropCenteredMomentumF32)
	f64.rmsprop = rmspropKernel(s.RMSpropF64, s.RMSpropCenteredF64, s.RMSpropMomentumF64, s.RMSpropCenteredMomentumF64)
	f32.adamax, f64.adamax = adamaxKernel(s.AdamaxF32), adamaxKernel(s.AdamaxF64)
	f32.nadam, f64.nadam = nadamKernel(s.NAdamF32), nadamKernel(s.NAdamF64)
	f32.radam, f64.radam = radamKernel(s.RAdamF32), radamKernel(s.RAdamF64)
	f32.adadelta, f64.adadelta = adadeltaKernel(s.AdadeltaF32), adadeltaKernel(s.AdadeltaF64)
	f32.lion, f64.lion = lionKernel(s.LionF32), lionKernel(s.LionF64)
	f32.ema, f64.ema = emaKernel(s.EMALerpF32, s.EMASumF32), emaKernel(s.EMALerpF64, s.EMASumF64)
	f32.swa, f64.swa = swaKernel(s.SWAF32), swaKernel(s.SWAF64)
	f32.asgd, f64.asgd = asgdKernel(s.ASGDF32), asgdKernel(s.ASGDF64)
	f32.rprop, f64.rprop = rpropKernel(s.RpropF32), rpropKernel(s.RpropF64)
	f32.leastSquares, f64.leastSquares = s.LeastSquaresF32, s.LeastSquaresF64
	f32.leastSquaresBatch, f64.leastSquaresBatch = s.LeastSquaresBatchF32, s.LeastSquaresBatchF64
	f32.dot, f64.dot = s.DotF32, s.DotF64
	f32.sumSq, f64.sumSq = s.SumSqF32, s.SumSqF64
	f32.maxAbs, f64.maxAbs = s.MaxAbsF32, s.MaxAbsF64
	f32.allFinite, f64.allFinite = s.AllFiniteF32, s.AllFiniteF64
	f32.scale, f64.scale = scaleKernel(s.ScaleF32), scaleKernel(s.ScaleF64)
	f32.axpy, f64.axpy = axpyKernel(s.AxpyF32), axpyKernel(s.AxpyF64)
	f32.clipValue, f64.clipValue = clipValueKernel(s.ClipValueF32), clipValueKernel(s.ClipValueF64)
}

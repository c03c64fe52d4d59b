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
	neon.f32.adam = adamKernel(asm.AdamF32NEON, asm.AMSGradF32NEON)
	neon.f64.adam = adamKernel(asm.AdamF64NEON, asm.AMSGradF64NEON)
	neon.f32.dot, neon.f64.dot = asm.DotF32NEON, asm.DotF64NEON
	neon.f32.sumSq, neon.f64.sumSq = asm.SumSqF32NEON, asm.SumSqF64NEON
	return []*impl{neon}
}

//go:build !purego

package kernels

import (
	"github.com/fastgrad/fastgrad/kernels/asm"
	"github.com/klauspost/cpuid/v2"
)

// archImpls returns the amd64 assembly paths this CPU can run, best first. The AVX2 kernels use no FMA
// instruction, but the path asks for FMA3 too so that it means what "AVX2+FMA" means everywhere else (every CPU
// with AVX2 has had it, and later kernels will use it where the reference calls math.FMA).
func archImpls() []*impl {
	if !cpuid.CPU.Supports(cpuid.AVX2, cpuid.FMA3) {
		return nil
	}
	avx2 := &impl{name: "avx2", f32: referenceOps[float32](), f64: referenceOps[float64]()}
	avx2.f32.adam, avx2.f32.dot, avx2.f32.sumSq = adamAVX2F32, asm.DotF32AVX2, asm.SumSqF32AVX2
	avx2.f64.adam, avx2.f64.dot, avx2.f64.sumSq = adamAVX2F64, asm.DotF64AVX2, asm.SumSqF64AVX2
	return []*impl{avx2}
}

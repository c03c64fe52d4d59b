//go:build !purego

package kernels

import (
	"github.com/fastgrad/fastgrad/kernels/internal/asm"
	"github.com/klauspost/cpuid/v2"
)

// archImpls returns the amd64 assembly paths this CPU can run, best first. The AVX2 kernels use no FMA
// instruction, but the path asks for FMA3 too so that it means what "AVX2+FMA" means everywhere else (every CPU
// with AVX2 has had it).
func archImpls() []*impl {
	if !cpuid.CPU.Supports(avx2Features...) {
		return nil
	}
	avx2 := &impl{name: "avx2"}
	install(&avx2.f32, &avx2.f64, &asm.AVX2)
	installQ8(&avx2.f32, &asm.AVX2)
	if !cpuid.CPU.Supports(avx512Features...) {
		return []*impl{avx2}
	}
	avx512 := &impl{name: "avx512"}
	if cpuid.CPU.Supports(avx512BF16Features...) {
		install(&avx512.f32, &avx512.f64, &asm.AVX512BF16)
	} else {
		install(&avx512.f32, &avx512.f64, &asm.AVX512)
	}
	// AVX-512 wins or ties for every kernel at every size measured (docs/paths.md has the numbers), except on the
	// least-squares shapes that leastSquaresAVX512 gives to the AVX2 code.
	avx512.f32.leastSquares, avx512.f64.leastSquares = leastSquaresAVX512F32, leastSquaresAVX512F64
	installQ8(&avx512.f32, &asm.AVX512)
	return []*impl{avx512, avx2}
}

// The CPU features each path's check asks for, which TestAssemblyRequires holds every function of the path to.
// AVX is implied by AVX2 on every CPU but is listed because the kernels use AVX instructions; F16C converts binary16
// (every AVX2 CPU has it, from Intel's Ivy Bridge and AMD's Piledriver on). AVX-512: F for the
// 512-bit arithmetic, VL and BW/DQ for the masked loads and stores of the tails and the mask moves, BMI2 for the
// tail masks. AVX512_BF16 rounds to bfloat16 in one instruction: without it the avx512 path rounds with the AVX2
// kernels.
var (
	avx2Features   = []cpuid.FeatureID{cpuid.AVX, cpuid.AVX2, cpuid.FMA3, cpuid.F16C}
	avx512Features = append(avx2Features[:len(avx2Features):len(avx2Features)],
		cpuid.AVX512F, cpuid.AVX512VL, cpuid.AVX512BW, cpuid.AVX512DQ, cpuid.BMI2)
	avx512BF16Features = append(avx512Features[:len(avx512Features):len(avx512Features)], cpuid.AVX512BF16)
)

// cpuidL3 returns the L3 size cpuid found, 0 when it found none.
func cpuidL3() int { return cpuid.CPU.Cache.L3 }

//go:build !purego

package kernels

import (
	"github.com/fastgrad/fastgrad/kernels/internal/asm"
	"github.com/klauspost/cpuid/v2"
)

// archImpls returns the arm64 assembly paths this CPU can run: neon, with AdvSIMD (which every arm64 CPU that
// runs Go has, but the check keeps dispatch honest).
func archImpls() []*impl {
	if !cpuid.CPU.Supports(neonFeatures...) {
		return nil
	}
	neon := &impl{name: "neon"}
	install(&neon.f32, &neon.f64, &asm.NEON)
	return []*impl{neon}
}

// neonFeatures is what the neon path's check asks for, which TestAssemblyRequires holds its functions to.
var neonFeatures = []cpuid.FeatureID{cpuid.ASIMD}

// cpuidL3 returns the L3 size cpuid found, 0 when it found none.
func cpuidL3() int { return cpuid.CPU.Cache.L3 }

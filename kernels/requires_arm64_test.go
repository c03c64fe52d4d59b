//go:build !purego

package kernels

import "github.com/fastgrad/fastgrad/kernels/internal/asm"

func assemblyPaths() []assemblyPath {
	return []assemblyPath{{"neon", &asm.NEON, neonFeatures}}
}

// baseline is empty: the NEON code names ASIMD, which the neon path checks.
var baseline = map[string]bool{}

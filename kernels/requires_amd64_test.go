//go:build !purego

package kernels

import "github.com/fastgrad/fastgrad/kernels/internal/asm"

func assemblyPaths() []assemblyPath {
	return []assemblyPath{
		{"avx2", &asm.AVX2, avx2Features},
		{"avx512", &asm.AVX512, avx512Features},
		{"avx512", &asm.AVX512BF16, avx512BF16Features},
	}
}

// baseline are the extensions every amd64 CPU has (GOAMD64=v1): SSE and SSE2, and the SSE prefetches avo files
// under MMX+.
var baseline = map[string]bool{"SSE": true, "SSE2": true, "MMX+": true}

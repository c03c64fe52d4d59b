//go:build !purego && (amd64 || arm64)

package kernels

import "unsafe"

// bits16 returns the bits of a 16-bit stored slice, as the assembly takes them: the same memory.
func bits16[H Half](s []H) []uint16 {
	return unsafe.Slice((*uint16)(unsafe.Pointer(unsafe.SliceData(s))), len(s))
}

//go:build !linux

package kernels

import "testing"

// arena holds the slices the linux harness puts against PROT_NONE pages; elsewhere they are ordinary slices at
// the ends of an allocation (the padded buffers still catch stray writes).
type arena[F any] struct {
	regions [][]F
}

func newArena[F any](t *testing.T, arrays, maxN int) *arena[F] {
	a := &arena[F]{}
	for range arrays {
		a.regions = append(a.regions, make([]F, maxN))
	}
	return a
}

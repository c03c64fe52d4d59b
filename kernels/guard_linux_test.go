package kernels

import (
	"syscall"
	"testing"
	"unsafe"
)

// arena holds slices that end right before a PROT_NONE page, so that reading or writing even one element past
// the end faults. slice(k, n) returns array k's last n elements; the arena is unmapped when the test ends.
type arena[F Float] struct {
	regions [][]F
}

func newArena[F Float](t *testing.T, arrays, maxN int) *arena[F] {
	t.Helper()
	page := syscall.Getpagesize()
	size := int(unsafe.Sizeof(F(0)))
	bytes := (maxN*size + page - 1) / page * page
	a := &arena[F]{}
	for range arrays {
		mem, err := syscall.Mmap(-1, 0, bytes+page, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
		if err != nil {
			t.Fatalf("mmap: %v", err)
		}
		if err := syscall.Mprotect(mem[bytes:], syscall.PROT_NONE); err != nil {
			t.Fatalf("mprotect: %v", err)
		}
		t.Cleanup(func() { syscall.Munmap(mem) })
		a.regions = append(a.regions, unsafe.Slice((*F)(unsafe.Pointer(&mem[0])), bytes/size))
	}
	return a
}

// guarded reports whether the arena really puts a PROT_NONE page after its slices.
const guarded = true

func (a *arena[F]) slice(k, n int) []F {
	r := a.regions[k]
	return r[len(r)-n : len(r) : len(r)]
}

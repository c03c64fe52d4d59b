package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fastgrad/fastgrad/internal/kerneldesc"
	"github.com/mmcloughlin/avo/build"
)

// TestStoredVariants: storage types belong to the loop, so every described kernel must lower with its arrays held
// as bfloat16 and binary16, whatever its constants, flags and unroll: here all of them bfloat16, then the types
// in turn. Each comes out for float32 only, with []uint16 parameters, and its AVX2 functions within the sixteen
// registers VEX encodes.
func TestStoredVariants(t *testing.T) {
	var ks []*kerneldesc.Kernel
	for _, f := range kerneldesc.Families() {
		for _, k := range f.Kernels {
			if k.Storage != nil {
				continue
			}
			all, mixed := *k, *k
			all.Name, mixed.Name = k.Name+"AllBF16", k.Name+"Mixed"
			all.Storage, mixed.Storage = make([]kerneldesc.Storage, len(k.Arrays)), make([]kerneldesc.Storage, len(k.Arrays))
			for a := range k.Arrays {
				all.Storage[a] = kerneldesc.BF16
				mixed.Storage[a] = []kerneldesc.Storage{kerneldesc.F16, kerneldesc.Native, kerneldesc.BF16}[a%3]
			}
			ks = append(ks, &all, &mixed)
		}
	}
	dir := t.TempDir()
	fns, err := generate(dir, file{"stored", "", func(c *build.Context) {
		m := newMasks(c)
		for _, k := range ks {
			lower(k).emit(c, m)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(fns) != 2*len(ks) {
		t.Errorf("%d functions for %d kernels, not one per instruction set", len(fns), len(ks))
	}
	for _, fn := range fns {
		if !strings.Contains(fn.Name, "F32") {
			t.Errorf("%s: a kernel with a 16-bit array is float32 only", fn.Name)
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "stored_amd64.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "func AdamAllBF16F32AVX2(w []uint16, g []uint16, m []uint16, v []uint16, k [") {
		t.Error("AdamAllBF16F32AVX2 is not declared over []uint16")
	}
}

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fastgrad/fastgrad/internal/kerneldesc"
	"github.com/mmcloughlin/avo/build"
)

// TestAbsMask: no elementwise kernel takes an Abs yet, so two made up here do, in one file. The file must assemble,
// declare each mask once whatever number of kernels read it, and have each function broadcast it once.
func TestAbsMask(t *testing.T) {
	v := func(i int) []kerneldesc.Value { return []kerneldesc.Value{kerneldesc.Value(i)} }
	absX := &kerneldesc.Kernel{Name: "AbsX", Doc: "sets x[i] = |x[i]|.", Arrays: []string{"x"}, Block: &kerneldesc.Block{},
		Body: []kerneldesc.Op{{Kind: kerneldesc.Load}, {Kind: kerneldesc.Abs, Args: v(0)}, {Kind: kerneldesc.Store, Args: v(1)}}}
	absY := &kerneldesc.Kernel{Name: "AbsY", Doc: "sets x[i] = |y[i]|.", Arrays: []string{"x", "y"}, Block: &kerneldesc.Block{},
		Body: []kerneldesc.Op{{Kind: kerneldesc.Load, Array: 1}, {Kind: kerneldesc.Abs, Args: v(0)}, {Kind: kerneldesc.Store, Args: v(1)}}}
	dir := t.TempDir()
	_, err := generate(dir, file{"abs", "", func(c *build.Context) {
		m := newMasks(c)
		lower(absX).emit(c, m)
		lower(absY).emit(c, m)
	}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "abs_amd64.s"))
	if err != nil {
		t.Fatal(err)
	}
	asm := string(b)
	for _, mask := range []string{"absmaskF32", "absmaskF64"} {
		if n := strings.Count(asm, "GLOBL "+mask); n != 1 {
			t.Errorf("%s declared %d times", mask, n)
		}
		// Two kernels, each for AVX2 and AVX-512.
		if n := strings.Count(asm, " "+mask+"<>+0(SB), "); n != 4 {
			t.Errorf("%s broadcast %d times, not once per function", mask, n)
		}
	}
}

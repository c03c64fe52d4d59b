package main

import (
	"fmt"
	"slices"
	"strings"
)

// elem is one element type as the NEON code sees it.
type elem struct {
	suffix string // symbol suffix: F32 or F64
	goType string
	size   int         // bytes per element
	arr    arrangement // the vector form: 4S or 2D
	goArr  string      // Go's name for it: S4 or D2
	lane   string      // Go's lane name: S or D
	fmov   string      // Go's scalar move: FMOVS or FMOVD
}

func (e elem) lanes() int { return 16 / e.size }

var elems = []elem{
	{suffix: "F32", goType: "float32", size: 4, arr: s4, goArr: "S4", lane: "S", fmov: "FMOVS"},
	{suffix: "F64", goType: "float64", size: 8, arr: d2, goArr: "D2", lane: "D", fmov: "FMOVD"},
}

// fn is one function being written: its text, and the vector registers in use.
type fn struct {
	name    string
	e       elem
	b       strings.Builder
	used    [32]bool
	labels  int
	nanBF16 vreg // 0x7fc00000 in every lane, for the stores to bfloat16 arrays: set up by roundingConstants
}

// ins writes one Go assembler line.
func (f *fn) ins(format string, args ...any) { fmt.Fprintf(&f.b, "\t"+format+"\n", args...) }

// label writes a label, named after the function.
func (f *fn) label(l string) { fmt.Fprintf(&f.b, "%s_%s:\n", f.name, l) }

// fresh returns a label name not used before in the function.
func (f *fn) fresh(prefix string) string {
	f.labels++
	return fmt.Sprintf("%s%d", prefix, f.labels)
}

// ref returns a branch target.
func (f *fn) ref(l string) string { return f.name + "_" + l }

// word writes an encoded instruction.
func (f *fn) word(in inst) { f.ins("WORD $0x%08x // %s", in.word, in.asm) }

// v allocates a free vector register.
func (f *fn) v() vreg {
	for r := range f.used {
		if !f.used[r] {
			f.used[r] = true
			return vreg(r)
		}
	}
	panic(outOfRegisters(f.name))
}

// run allocates the lowest k consecutive free vector registers, as a VLD1 of several registers needs, and returns
// the first.
func (f *fn) run(k int) vreg {
	for r := 0; r+k <= len(f.used); r++ {
		if !slices.Contains(f.used[r:r+k], true) {
			for j := r; j < r+k; j++ {
				f.used[j] = true
			}
			return vreg(r)
		}
	}
	panic(outOfRegisters(f.name))
}

// outOfRegisters is the panic of v when every register is taken; an unrolled loop's generator recovers from it and
// tries fewer copies of the body.
type outOfRegisters string

// free returns registers to the pool.
func (f *fn) free(rs ...vreg) {
	for _, r := range rs {
		f.used[r] = false
	}
}

// Go-syntax register names.
func (f *fn) vec(r vreg) string { return fmt.Sprintf("V%d.%s", r, f.e.goArr) }
func (f *fn) b16(r vreg) string { return fmt.Sprintf("V%d.B16", r) }
func (f *fn) fp(r vreg) string  { return fmt.Sprintf("F%d", r) }

// The arithmetic, ARM operand order: d = n op m.
func (f *fn) op3(o threeSame, d, n, m vreg) { f.word(o.enc(f.e.arr, d, n, m)) }
func (f *fn) op2(o twoMisc, d, n vreg)      { f.word(o.enc(f.e.arr, d, n)) }

// xor, and: d = n ^ m, n & m.
func (f *fn) xor(d, n, m vreg) { f.ins("VEOR %s, %s, %s", f.b16(m), f.b16(n), f.b16(d)) }
func (f *fn) and(d, n, m vreg) { f.ins("VAND %s, %s, %s", f.b16(m), f.b16(n), f.b16(d)) }

// bit sets d to n in the lanes of mask (BIT: insert if true).
func (f *fn) bit(mask, n, d vreg) { f.ins("VBIT %s, %s, %s", f.b16(mask), f.b16(n), f.b16(d)) }

// bif sets d to n outside the lanes of mask (BIF: insert if false).
func (f *fn) bif(mask, n, d vreg) { f.ins("VBIF %s, %s, %s", f.b16(mask), f.b16(n), f.b16(d)) }

// mov copies n into d.
func (f *fn) mov(d, n vreg) { f.ins("VORR %s, %s, %s", f.b16(n), f.b16(n), f.b16(d)) }

// signMask returns a free register set to every bit but the sign, in every lane: x AND it is |x|.
func (f *fn) signMask() vreg {
	r := f.v()
	f.ins("VMOVI $0xff, %s", f.b16(r)) // all ones, then the sign bit of each lane cleared
	f.ins("VUSHR $1, %s, %s", f.vec(r), f.vec(r))
	return r
}

// text returns the function's assembly.
func (f *fn) text() string { return f.b.String() }

package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/fastgrad/fastgrad/gen/internal/kerneldoc"
	"github.com/fastgrad/fastgrad/internal/kerneldesc"
)

// elementwise is a kernel description written as NEON: emit writes the loop, the tail and the constants once for
// all kernels, and lower (lower.go) the operations on one element. A body reaches memory only through v.load and
// v.store, each at most once per array, so that it serves whole vectors and the scalar tail alike.
type elementwise struct{ *kerneldesc.Kernel }

// vec is what a kernel body is written against: one vector of elements at the current index.
type vec struct {
	*fn
	load   func(array string) vreg // the register holding the array's current element, loaded by then
	store  func(r vreg, array string)
	consts []vreg // constant s, in every lane, for the slots the body reads
	abs    vreg   // the sign mask, for Abs: set up once per function when the body has one
}

// k returns the register holding constant s.
func (v *vec) k(s int) vreg { return v.consts[s] }

// maxUnroll is the most vectors a block updates: four independent chains cover FDIV's and FSQRT's latency on
// current cores, and more would only lengthen the code.
const maxUnroll = 4

// emit writes ek for each element type it computes in and returns the functions' assembly and Go declarations.
func (ek elementwise) emit() (asm, decl []string) {
	for _, e := range ek.elems() {
		a, d := ek.unrolled(e)
		asm, decl = append(asm, a), append(decl, d)
	}
	return asm, decl
}

// elems returns the element types ek computes in: float32 only when an array holds 16-bit elements.
func (ek elementwise) elems() []elem {
	if slices.ContainsFunc(ek.Storage, func(s kerneldesc.Storage) bool { return s != kerneldesc.Native }) {
		return elems[:1]
	}
	return elems
}

// params returns ek's Go parameters for elements of e: the arrays, consecutive ones of one Go type grouped as in
// "w, g []float32", a 16-bit array as its bits ([]uint16), then the constant block k unless it is empty.
func (ek elementwise) params(e elem) string {
	goType := func(a int) string {
		if ek.StorageOf(a) != kerneldesc.Native {
			return "uint16"
		}
		return e.goType
	}
	var ps []string
	for a, name := range ek.Arrays {
		if a+1 < len(ek.Arrays) && goType(a+1) == goType(a) {
			ps = append(ps, name)
		} else {
			ps = append(ps, name+" []"+goType(a))
		}
	}
	if n := len(ek.Block.Consts); n > 0 {
		ps = append(ps, fmt.Sprintf("k [%d]%s", n, e.goType))
	}
	if ek.Stochastic {
		ps = append(ps, "k0, k1, first uint32")
	}
	return strings.Join(ps, ", ")
}

// unrolled writes ek with the widest block whose copies of the body fit in the registers left by the constants.
func (ek elementwise) unrolled(e elem) (asm, decl string) {
	for u := maxUnroll; ; u-- {
		if a, d, ok := ek.tryFunction(e, u); ok {
			return a, d
		}
		if u == 1 {
			panic(ek.Name + ": the body does not fit in the vector registers")
		}
	}
}

// tryFunction writes ek with blocks of u vectors, and reports false if they run out of registers.
func (ek elementwise) tryFunction(e elem, u int) (asm, decl string, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			if _, full := r.(outOfRegisters); !full {
				panic(r)
			}
			ok = false
		}
	}()
	asm, decl = ek.function(e, u)
	return asm, decl, true
}

func (ek elementwise) function(e elem, u int) (asm, decl string) {
	f := &fn{name: ek.Name + e.suffix + "NEON", e: e}
	consts, params := len(ek.Block.Consts), ek.params(e)
	keyAt := 24*len(ek.Arrays) + consts*e.size
	argBytes := keyAt
	if ek.Stochastic {
		argBytes += 12
	}
	fmt.Fprintf(&f.b, "// func %s(%s)\n", f.name, params)
	fmt.Fprintf(&f.b, "TEXT ·%s(SB), NOSPLIT, $0-%d\n", f.name, argBytes)
	// Each array has a read pointer and a write pointer, both advanced by their post-indexed loads and stores, by
	// the size of the elements it holds.
	rd, wr, st := map[string]string{}, map[string]string{}, map[string]kerneldesc.Storage{}
	for i, a := range ek.Arrays {
		rd[a], wr[a], st[a] = fmt.Sprintf("R%d", 2*i), fmt.Sprintf("R%d", 2*i+1), ek.StorageOf(i)
		f.ins("MOVD %s_base+%d(FP), %s", a, 24*i, rd[a])
		f.ins("MOVD %s, %s", rd[a], wr[a])
	}
	const n, t = "R16", "R17"
	f.ins("MOVD %s_len+8(FP), %s", ek.Arrays[0], n)
	// Only the constants the body reads take a register.
	v := &vec{fn: f, consts: make([]vreg, consts)}
	for _, s := range ek.Slots() {
		v.consts[s] = f.v()
		f.ins("MOVD $k_%d+%d(FP), %s", s, 24*len(ek.Arrays)+s*e.size, t)
		f.ins("VLD1R (%s), [%s]", t, f.vec(v.consts[s]))
	}
	if usesAbs(ek.Kernel) {
		v.abs = f.signMask()
	}
	f.roundingConstants(ek.Kernel, t)
	var sr *srStores
	if ek.Stochastic {
		sr = newSRStores(f, ek.Kernel, keyAt, n)
	}
	pool := f.used

	// Blocks of u vectors, each body on its own registers, then whole vectors one at a time.
	v.load = func(a string) vreg { return f.loadVec(rd[a], st[a]) }
	skip := 0 // the elements of the block before the vector the body is at
	v.store = func(r vreg, a string) {
		if ek.RoundsStochastically(slices.Index(ek.Arrays, a)) {
			sr.storeVec(r, wr[a], skip)
		} else {
			f.storeVec(r, wr[a], st[a])
		}
	}
	if u > 1 {
		f.label("block")
		f.ins("CMP $%d, %s", u*e.lanes(), n)
		f.ins("BLT %s", f.ref("vec"))
		for j := range u {
			skip = j * e.lanes()
			lower(ek.Kernel, v)
		}
		skip = 0
		f.used = pool
		f.ins("SUB $%d, %s", u*e.lanes(), n)
		f.ins("B %s", f.ref("block"))
	}
	f.label("vec")
	f.ins("CMP $%d, %s", e.lanes(), n)
	f.ins("BLT %s", f.ref("tail"))
	lower(ek.Kernel, v)
	f.used = pool
	f.ins("SUB $%d, %s", e.lanes(), n)
	f.ins("B %s", f.ref("vec"))

	// The tail, one element at a time in lane 0: the load zeroes the other lanes, which compute on zeros and are
	// never stored.
	f.label("tail")
	f.ins("CBZ %s, %s", n, f.ref("done"))
	v.load = func(a string) vreg { return f.loadElem(rd[a], st[a]) }
	v.store = func(r vreg, a string) {
		if ek.RoundsStochastically(slices.Index(ek.Arrays, a)) {
			sr.storeElem(r, wr[a])
		} else {
			f.storeElem(r, wr[a], st[a])
		}
	}
	lower(ek.Kernel, v)
	f.used = pool
	f.ins("SUB $1, %s", n)
	f.ins("B %s", f.ref("tail"))
	f.label("done")
	f.ins("RET")

	doc := fmt.Sprintf("// %s %s\n", f.name, ek.Doc)
	if args := kerneldoc.Arguments(ek.Arrays, consts > 0); args != "" {
		doc += "// " + args + "\n"
	}
	decl = fmt.Sprintf("%s//\n//go:noescape\nfunc %s(%s)\n", doc, f.name, params)
	return f.text(), decl
}

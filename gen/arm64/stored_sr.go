package main

import "github.com/fastgrad/fastgrad/internal/kerneldesc"

// The stored kernels whose weights round stochastically round them inside the loop with stochastic.go's rounding:
// each store of a weights vector hashes the indices of its elements, first plus the element's index in the call,
// in 32-bit lanes that wrap as Go's uint32 does. The key, lowBias's multipliers and the lane numbers stay in
// registers; binary16's many constants are set up where a store uses them, in registers it gives back at once, so
// that the body keeps the registers it had.

// General-purpose registers of the stochastic stores: first plus the length, so that less the elements left (in
// the loop's count) it is the current element's index; the index of a store; a constant being set up.
const srEnd, srIndex, srImm = "R19", "R20", "R21"

// srStores is the stochastic rounding of one function's weights stores.
type srStores struct {
	g     *srGen
	lanes vreg // 0, 1, 2, 3
	count string
}

// newSRStores sets up, before k's loops, its stochastic stores: its key is at keyAt in its arguments, and count is
// the register counting the elements left, its length until the loops start.
func newSRStores(f *fn, k *kerneldesc.Kernel, keyAt int, count string) *srStores {
	g := &srGen{fn: f, lazy: true}
	for a := range k.Arrays {
		if k.RoundsStochastically(a) {
			g.f16 = k.StorageOf(a) == kerneldesc.F16
		}
	}
	sr := &srStores{g: g, count: count}
	dup := func(format string, args ...any) vreg {
		r := f.v()
		f.ins(format, append(args, srImm)...)
		f.ins("VDUP %s, %s", srImm, f.vec(r))
		return r
	}
	g.k0 = dup("MOVWU k0+%d(FP), %s", keyAt)
	g.k1 = dup("MOVWU k1+%d(FP), %s", keyAt+4)
	g.mul1, g.mul2 = dup("MOVW $0x21f0aaad, %s"), dup("MOVW $0x735a2d97, %s")
	if !g.f16 {
		g.low, g.nan = dup("MOVW $0xffff, %s"), dup("MOVW $0x7fc0, %s")
	}
	sr.lanes = f.v()
	f.ins("MOVD $0x0000000100000000, %s", srImm)
	f.ins("VMOV %s, V%d.D[0]", srImm, sr.lanes)
	f.ins("MOVD $0x0000000300000002, %s", srImm)
	f.ins("VMOV %s, V%d.D[1]", srImm, sr.lanes)
	f.ins("MOVWU first+%d(FP), %s", keyAt+8, srEnd)
	f.ins("ADDW %s, %s", count, srEnd)
	return sr
}

// round returns a new register whose 32-bit lanes hold, in their low 16 bits, x's lanes rounded stochastically as
// the elements skip past the current one.
func (sr *srStores) round(x vreg, skip int) vreg {
	g := sr.g
	g.ins("SUBW %s, %s, %s", sr.count, srEnd, srIndex)
	if skip > 0 {
		g.ins("ADDW $%d, %s", skip, srIndex)
	}
	g.index = g.v()
	g.ins("VDUP %s, %s", srIndex, g.vec(g.index))
	g.ins("VADD %s, %s, %s", g.vec(sr.lanes), g.vec(g.index), g.vec(g.index))
	s := g.round(x)
	g.free(g.index)
	return s
}

// storeVec stores the vector x, rounded stochastically as the elements skip past the current one, to ptr,
// advancing ptr.
func (sr *srStores) storeVec(x vreg, ptr string, skip int) {
	s := sr.round(x, skip)
	sr.g.word(xtn.enc(s, s))
	sr.g.ins("FMOVD.P F%d, 8(%s)", s, ptr)
	sr.g.free(s)
}

// storeElem stores lane 0 of x, rounded stochastically, to ptr, advancing ptr.
func (sr *srStores) storeElem(x vreg, ptr string) {
	s := sr.round(x, 0)
	sr.g.ins("VST1.P V%d.H[0], 2(%s)", s, ptr)
	sr.g.free(s)
}

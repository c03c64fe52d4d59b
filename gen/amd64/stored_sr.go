package main

import (
	"fmt"

	"github.com/fastgrad/fastgrad/gen/internal/srconst"
	"github.com/fastgrad/fastgrad/internal/kerneldesc"

	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// The stored kernels whose weights round stochastically round them inside the loop with stochastic.go's rounding:
// each store of a weights vector hashes the indices of its elements, first plus the element's index in the call,
// in 32-bit lanes that wrap as Go's uint32 does. The constants it reads are memory operands, and on AVX2 so is the
// key, so that the body keeps the registers it had.

// srStores is what the stochastic stores of one function share: the rounding, the general-purpose register
// holding first, and the index i counting the 16-bit elements' bytes.
type srStores struct {
	g     *srGen
	first reg.Register
	i     reg.GPVirtual
	lanes operand.Mem // 0, 1, 2, … in the 32-bit lanes
}

// newSRStores sets up, before the loops, the stochastic rounding to s of the function of instruction set is,
// whose loop index is i.
func (v *vec) newSRStores(is isa, i reg.GPVirtual, s kerneldesc.Storage) *srStores {
	c := v.c
	kind := srKinds[0]
	if s == kerneldesc.F16 {
		kind = srKinds[1]
	}
	g := &srGen{c: c, is: is, wide: v.wide, kind: kind, f16: func(j int) operand.Mem {
		return v.masks.lanes(fmt.Sprintf("srf16c%d", j), srconst.F16[j])
	}}
	g.mul1, g.mul2 = v.masks.lanes("srmul1", 0x21f0aaad), v.masks.lanes("srmul2", 0x735a2d97)
	g.low, g.nan = v.masks.lanes("srlow", 0xffff), v.masks.lanes("srnan", 0x7fc0)
	k0, k1 := g.param("k0"), g.param("k1")
	g.k0, g.k1 = k0, k1
	if !v.wide {
		// AVX2's sixteen registers are the body's: the key waits in a stack slot.
		slots := c.AllocLocal(64)
		c.VMOVDQU(k0, slots)
		c.VMOVDQU(k1, slots.Offset(32))
		g.k0, g.k1 = slots, slots.Offset(32)
	}
	first := c.GP32()
	c.Load(c.Param("first"), first)
	return &srStores{g: g, first: first, i: i, lanes: v.masks.vector("srlanes", func(j int) uint32 { return uint32(j) })}
}

// store rounds x's lanes stochastically, as the elements skip past the loop index, and gives their 16 bits, in a
// register half as wide as x (an XMM for one), to put.
func (sr *srStores) store(v *vec, x reg.VecVirtual, skip int, put func(h reg.VecVirtual)) {
	c, g := v.c, sr.g
	// The indices: first + i/2 + skip + lane, in 32 bits.
	t := c.GP32()
	c.MOVL(sr.i.As32(), t)
	c.SHRL(operand.U8(1), t)
	c.ADDL(sr.first, t)
	if skip > 0 {
		c.ADDL(operand.U32(skip), t)
	}
	index := v.reg()
	c.VMOVD(t, index.AsX())
	c.VPBROADCASTD(index.AsX(), index)
	c.VPADDD(sr.lanes, index, index)
	s := g.round(x, index, v.reg)
	switch {
	case x.Size() == 64:
		h := c.YMM()
		c.VPMOVDW(s, h)
		put(h)
	case x.Size() == 32:
		// The packing works within each 128-bit half: the two halves' first quadwords hold the sixteen bits.
		c.VPACKUSDW(s, s, s)
		c.VPERMQ(operand.U8(0b1000), s, s)
		put(s.AsX().(reg.VecVirtual))
	default:
		put(s)
	}
}

package main

import (
	"fmt"

	"github.com/mmcloughlin/avo/attr"
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// The Adam constant block: adamSlots slots of one YMM register each (32 bytes), every lane holding the same value,
// filled by kernels/adam_amd64.go from adamArgs. Keeping the constants in memory rather than registers leaves the
// sixteen YMM registers to the data; each is read as a memory operand, which costs no extra instruction.
const (
	slotSign    = iota // −0 to flip the gradient's sign (maximize), +0 otherwise; applied by XOR
	slotWD             // coupled weight decay
	slotWDMask         // all ones when the weight decay is coupled (Adam with weight_decay ≠ 0)
	slotDecay          // decoupled decay factor (AdamW), 1 otherwise
	slotK              // lerp coefficient
	slotKMask          // all ones when the lerp starts from g (its weight is ≥ 0.5)
	slotB2             // β2
	slotOmB2           // 1 − β2
	slotBC2Sqrt        // √(1 − β2ᵗ)
	slotEps            // ε
	slotNSS            // −step size
	adamSlots
)

// adam writes AdamF32AVX2, AdamF64AVX2 and their AMSGrad variants.
func adam(c *build.Context) {
	for _, e := range elems(c) {
		for _, ams := range []bool{false, true} {
			adamKernel(c, e, ams)
		}
	}
}

func adamKernel(c *build.Context, e elem, ams bool) {
	name, params := "Adam", "w, g, m, v"
	if ams {
		name, params = "AMSGrad", "w, g, m, v, vmax"
	}
	name += e.suffix + "AVX2"
	c.Function(name)
	c.Attributes(attr.NOSPLIT)
	c.SignatureExpr(fmt.Sprintf("func(%s []%s, c *[%d]%s)", params, e.goType, adamSlots*e.lanes, e.goType))
	c.Pragma("noescape")
	doc := name + " performs one Adam step over len(w) elements, bit for bit as kernels' adamRef does."
	longer := "g, m and v must be at least as long as w; c holds the broadcast constants."
	if ams {
		doc = name + " performs one AMSGrad step over len(w) elements, bit for bit as kernels' adamRef does."
		longer = "g, m, v and vmax must be at least as long as w; c holds the broadcast constants."
	}
	c.Doc(doc, longer)

	ptr := func(p string) operand.Mem { return operand.Mem{Base: c.Load(c.Param(p).Base(), c.GP64())} }
	w, g, m, v := ptr("w"), ptr("g"), ptr("m"), ptr("v")
	var vmax operand.Mem
	if ams {
		vmax = ptr("vmax")
	}
	k := operand.Mem{Base: c.Load(c.Param("c"), c.GP64())}
	n := c.Load(c.Param("w").Len(), c.GP64())
	slot := func(s int) operand.Mem { return k.Offset(32 * s) }

	wdMask, kMask := c.YMM(), c.YMM()
	e.movu(slot(slotWDMask), wdMask)
	e.movu(slot(slotKMask), kMask)

	// step emits the update of one register's worth of elements: YMM for whole vectors, XMM with scalar loads and
	// stores for the tail (the other XMM lanes compute on zeros and are never stored).
	step := func(newReg func() reg.VecVirtual, load, store op, wdM, kM reg.Register) {
		G, W, M, V, T, U := newReg(), newReg(), newReg(), newReg(), newReg(), newReg()
		load(g, G)
		e.xor(slot(slotSign), G, G) // maximize: −g
		load(w, W)
		e.mul(slot(slotWD), W, T)
		e.add(T, G, T)         // g + F(wd·w)
		e.blendv(wdM, T, G, G) // kept only when the decay is coupled, so wd = 0 leaves g's bits alone
		e.mul(slot(slotDecay), W, W)
		load(m, M)
		e.sub(M, G, T) // g − m
		e.mul(slot(slotK), T, T)
		e.blendv(kM, G, M, U) // lerp base: m, or g when the weight is ≥ 0.5
		e.add(T, U, M)
		store(M, m)
		load(v, V)
		e.mul(slot(slotB2), V, V)
		e.mul(slot(slotOmB2), G, T)
		e.mul(G, T, T)
		e.add(T, V, V) // F(v·β2) + F(F((1−β2)·g)·g)
		store(V, v)
		if ams {
			X, Y := newReg(), newReg()
			load(vmax, X)
			e.max(V, X, Y)                // vmax > v ? vmax : v; v when either is NaN
			e.cmp(operand.U8(3), X, X, T) // UNORD: vmax is NaN
			e.blendv(T, X, Y, V)          // then vmax, so a NaN in either propagates
			store(V, vmax)
		}
		e.sqrt(V, T)
		e.div(slot(slotBC2Sqrt), T, T)
		e.add(slot(slotEps), T, T)
		e.mul(slot(slotNSS), M, U)
		e.div(T, U, U)
		e.add(U, W, W)
		store(W, w)
	}
	advance := func(bytes int) {
		for _, p := range []operand.Mem{w, g, m, v} {
			c.ADDQ(operand.U32(bytes), p.Base)
		}
		if ams {
			c.ADDQ(operand.U32(bytes), vmax.Base)
		}
	}

	c.Label(name + "_vec")
	c.CMPQ(n, operand.U32(e.lanes))
	c.JL(operand.LabelRef(name + "_tail"))
	step(c.YMM, e.movu, e.movu, wdMask, kMask)
	advance(32)
	c.SUBQ(operand.U32(e.lanes), n)
	c.JMP(operand.LabelRef(name + "_vec"))

	c.Label(name + "_tail")
	c.TESTQ(n, n)
	c.JZ(operand.LabelRef(name + "_done"))
	step(c.XMM, e.movs, e.movs, wdMask.AsX(), kMask.AsX())
	advance(e.size)
	c.DECQ(n)
	c.JMP(operand.LabelRef(name + "_tail"))

	c.Label(name + "_done")
	c.VZEROUPPER()
	c.RET()
}

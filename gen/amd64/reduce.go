package main

import (
	"fmt"

	"github.com/mmcloughlin/avo/attr"
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// accRegs is the number of YMM accumulators: L = accRegs·lanes is 64 float32 or 32 float64 accumulators, the
// canonical reduction order of kernels/reduce.go (element i into accumulator i mod L, then a pairwise tree).
const accRegs = 8

// reduce writes DotF32AVX2, DotF64AVX2, SumSqF32AVX2 and SumSqF64AVX2.
func reduce(c *build.Context) {
	for _, e := range elems(c) {
		// The tail masks: lanes ones then lanes zeros; loading lanes elements from (lanes−r)·size selects the first r.
		masks := c.StaticGlobal("tailmask" + e.suffix)
		c.DataAttributes(attr.RODATA | attr.NOPTR)
		for i := 0; i < 2*e.lanes; i++ {
			bits := uint64(0)
			if i < e.lanes {
				bits = ^uint64(0)
			}
			if e.size == 4 {
				c.AddDatum(4*i, operand.U32(uint32(bits)))
			} else {
				c.AddDatum(8*i, operand.U64(bits))
			}
		}
		reduction(c, e, masks, true)
		reduction(c, e, masks, false)
	}
}

// reduction writes Dot (dot) or SumSq (!dot) for one element type.
func reduction(c *build.Context, e elem, masks operand.Mem, dot bool) {
	name, sig := "SumSq", "func(x []%s) %s"
	if dot {
		name, sig = "Dot", "func(x, y []%s) %s"
	}
	name += e.suffix + "AVX2"
	c.Function(name)
	c.Attributes(attr.NOSPLIT)
	c.SignatureExpr(fmt.Sprintf(sig, e.goType, e.goType))
	c.Pragma("noescape")
	if dot {
		c.Doc(name+" returns Σ x[i]·y[i] over len(x) elements in the canonical reduction order, bit for bit as kernels' dotRef does.",
			"y must be at least as long as x.")
	} else {
		c.Doc(name + " returns Σ x[i]² in the canonical reduction order, bit for bit as kernels' sumSqRef does.")
	}

	x := operand.Mem{Base: c.Load(c.Param("x").Base(), c.GP64())}
	y := x
	if dot {
		y = operand.Mem{Base: c.Load(c.Param("y").Base(), c.GP64())}
	}
	n := c.Load(c.Param("x").Len(), c.GP64())

	acc := make([]reg.VecVirtual, accRegs)
	for r := range acc {
		acc[r] = c.YMM()
		e.xor(acc[r], acc[r], acc[r])
	}
	// product adds x·y (x·x) of the vector at offset off into accumulator r, loading through mask if not nil.
	product := func(off int, r int, mask reg.Register) {
		T, U := c.YMM(), c.YMM()
		if mask == nil {
			e.movu(x.Offset(off), T)
			e.mul(y.Offset(off), T, T)
		} else {
			// Missing lanes load as +0 and add +0, which leaves an accumulator (never −0) unchanged.
			e.maskmov(x.Offset(off), mask, T)
			if dot {
				e.maskmov(y.Offset(off), mask, U)
				e.mul(U, T, T)
			} else {
				e.mul(T, T, T)
			}
		}
		e.add(T, acc[r], acc[r])
	}
	advance := func(bytes int) {
		c.ADDQ(operand.U32(bytes), x.Base)
		if dot {
			c.ADDQ(operand.U32(bytes), y.Base)
		}
	}
	block := accRegs * e.lanes
	label := func(s string, r int) operand.LabelRef { return operand.LabelRef(fmt.Sprintf("%s_%s%d", name, s, r)) }

	c.Label(name + "_block")
	c.CMPQ(n, operand.U32(block))
	c.JL(operand.LabelRef(name + "_rest"))
	for r := range acc {
		product(32*r, r, nil)
	}
	advance(32 * accRegs)
	c.SUBQ(operand.U32(block), n)
	c.JMP(operand.LabelRef(name + "_block"))

	// Fewer than a block remain: whole vectors go to accumulators 0, 1, … in turn, then the partial one to the next,
	// through a mask of its n mod lanes leading lanes.
	c.Label(name + "_rest")
	table, idx, mask := c.GP64(), c.GP64(), c.YMM()
	c.LEAQ(masks, table)
	c.MOVQ(n, idx)
	c.ANDQ(operand.U32(e.lanes-1), idx)
	c.NEGQ(idx)
	c.ADDQ(operand.U32(e.lanes), idx)
	e.movu(operand.Mem{Base: table, Index: idx, Scale: uint8(e.size)}, mask)
	for r := range acc {
		c.CMPQ(n, operand.U32(e.lanes))
		c.JL(label("part", r))
		product(0, r, nil)
		advance(32)
		c.SUBQ(operand.U32(e.lanes), n)
	}
	for r := range acc {
		c.Label(string(label("part", r)))
		c.TESTQ(n, n)
		c.JZ(operand.LabelRef(name + "_tree"))
		product(0, r, mask)
		c.JMP(operand.LabelRef(name + "_tree"))
	}

	// The pairwise tree acc[j] += acc[j+h], h = L/2 … 1: first between registers, then within the last one.
	c.Label(name + "_tree")
	for h := accRegs / 2; h >= 1; h /= 2 {
		for r := range h {
			e.add(acc[r+h], acc[r], acc[r])
		}
	}
	lo, hi := acc[0].AsX(), c.XMM()
	c.VEXTRACTF128(operand.U8(1), acc[0], hi)
	e.add(hi, lo, lo)
	if e.lanes == 8 {
		t := c.XMM()
		c.VMOVHLPS(lo, lo, t)
		e.add(t, lo, lo)
	}
	t := c.XMM()
	e.lane1(lo, t)
	e.adds(t, lo, lo)
	c.VZEROUPPER()
	c.Store(lo, c.ReturnIndex(0))
	c.RET()
}

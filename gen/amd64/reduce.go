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
	// product adds xm·ym (one vector each) into accumulator r.
	product := func(xm, ym operand.Mem, r int) {
		T := c.YMM()
		e.movu(xm, T)
		e.mul(ym, T, T)
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
		product(x.Offset(32*r), y.Offset(32*r), r)
	}
	advance(32 * accRegs)
	c.SUBQ(operand.U32(block), n)
	c.JMP(operand.LabelRef(name + "_block"))

	// Fewer than a block remain: whole vectors go to accumulators 0, 1, … in turn, then the partial one to the next.
	// The partial vector's product P is formed first, its missing lanes loaded as +0: they add +0, which leaves an
	// accumulator (never −0) unchanged.
	c.Label(name + "_rest")
	cnt, whole := c.GP64(), c.GP64()
	c.MOVQ(n, cnt)
	c.ANDQ(operand.U32(e.lanes-1), cnt)
	c.JZ(operand.LabelRef(name + "_whole"))
	c.MOVQ(n, whole)
	c.SUBQ(cnt, whole)
	px, py := c.GP64(), c.GP64()
	c.LEAQ(operand.Mem{Base: x.Base, Index: whole, Scale: uint8(e.size)}, px)
	if dot {
		c.LEAQ(operand.Mem{Base: y.Base, Index: whole, Scale: uint8(e.size)}, py)
	}
	// VMASKMOVPx never faults on its masked-off lanes on hardware, but qemu (7.2) does, past the end of a mapping;
	// so when the 32 bytes cross into the next page, the elements are copied through the stack instead. That is
	// rare and costs a store-forwarding stall, which is why it is not the only way.
	crossing := func(p reg.Register) {
		t := c.GP64()
		c.MOVQ(p, t)
		c.ANDQ(operand.U32(4095), t)
		c.CMPQ(t, operand.U32(4096-32))
		c.JA(operand.LabelRef(name + "_copy"))
	}
	crossing(px)
	if dot {
		crossing(py)
	}
	table, idx, mask, P := c.GP64(), c.GP64(), c.YMM(), c.YMM()
	c.LEAQ(masks, table)
	c.MOVQ(cnt, idx)
	c.NEGQ(idx)
	c.ADDQ(operand.U32(e.lanes), idx)
	e.movu(operand.Mem{Base: table, Index: idx, Scale: uint8(e.size)}, mask)
	e.maskmov(operand.Mem{Base: px}, mask, P)
	if dot {
		Q := c.YMM()
		e.maskmov(operand.Mem{Base: py}, mask, Q)
		e.mul(Q, P, P)
	} else {
		e.mul(P, P, P)
	}
	c.JMP(operand.LabelRef(name + "_whole"))

	c.Label(name + "_copy")
	bufX := c.AllocLocal(32)
	bufY := bufX
	if dot {
		bufY = c.AllocLocal(32)
	}
	Z, i := c.YMM(), c.GP64()
	e.xor(Z, Z, Z)
	e.movu(Z, bufX)
	e.movu(Z, bufY)
	c.XORQ(i, i)
	c.Label(name + "_copyloop")
	T := c.XMM()
	e.movs(operand.Mem{Base: px, Index: i, Scale: uint8(e.size)}, T)
	e.movs(T, bufX.Idx(i, uint8(e.size)))
	if dot {
		e.movs(operand.Mem{Base: py, Index: i, Scale: uint8(e.size)}, T)
		e.movs(T, bufY.Idx(i, uint8(e.size)))
	}
	c.INCQ(i)
	c.CMPQ(i, cnt)
	c.JL(operand.LabelRef(name + "_copyloop"))
	e.movu(bufX, P)
	e.mul(bufY, P, P)

	// At most accRegs−1 whole vectors remain, so the last accumulator can only receive the partial one.
	c.Label(name + "_whole")
	for r := range accRegs - 1 {
		c.CMPQ(n, operand.U32(e.lanes))
		c.JL(label("part", r))
		product(x, y, r)
		advance(32)
		c.SUBQ(operand.U32(e.lanes), n)
	}
	c.JMP(label("part", accRegs-1))
	for r := range acc {
		c.Label(string(label("part", r)))
		c.TESTQ(n, n)
		c.JZ(operand.LabelRef(name + "_tree"))
		e.add(P, acc[r], acc[r])
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

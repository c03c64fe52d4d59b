package main

import (
	"fmt"

	"github.com/mmcloughlin/avo/attr"
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// reduce writes the reductions, for AVX2 and AVX-512: Dot and SumSq in the canonical order of kernels/reduce.go
// (element i into accumulator i mod L, then the pairwise tree), and MaxAbs, whose order does not matter.
func reduce(c *build.Context) {
	for _, e := range elems(c) {
		// The AVX2 tail masks: lanes ones then lanes zeros; loading lanes elements from (lanes−r)·size selects
		// the first r.
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
		// All bits but the sign: x AND it is |x|.
		abs := c.StaticGlobal("absmask" + e.suffix)
		c.DataAttributes(attr.RODATA | attr.NOPTR)
		if e.size == 4 {
			c.AddDatum(0, operand.U32(1<<31-1))
		} else {
			c.AddDatum(0, operand.U64(1<<63-1))
		}
		for _, is := range []isa{avx2, avx512} {
			r := reducer{c: c, e: e, is: is, masks: masks}
			r.sum(true)
			r.sum(false)
			r.maxAbs(abs)
		}
	}
}

// reducer writes the reductions of one element type and instruction set.
type reducer struct {
	c     *build.Context
	e     elem
	is    isa
	masks operand.Mem
}

// vec returns a new register of the instruction set's width.
func (r reducer) vec() reg.VecVirtual {
	if r.is == avx512 {
		return r.c.ZMM()
	}
	return r.c.YMM()
}

// lanes returns the elements per vector.
func (r reducer) lanes() int { return r.is.bytes / r.e.size }

// header declares the function name(x[, y] []F) R and returns x's and y's base pointers and x's length.
func (r reducer) header(name, result string, dot bool, doc ...string) (x, y operand.Mem, n reg.Register) {
	c := r.c
	c.Function(name)
	c.Attributes(attr.NOSPLIT)
	sig := "func(x []%s) %s"
	if dot {
		sig = "func(x, y []%s) %s"
	}
	c.SignatureExpr(fmt.Sprintf(sig, r.e.goType, result))
	c.Pragma("noescape")
	c.Doc(doc...)
	x = operand.Mem{Base: c.Load(c.Param("x").Base(), c.GP64())}
	y = x
	if dot {
		y = operand.Mem{Base: c.Load(c.Param("y").Base(), c.GP64())}
	}
	return x, y, c.Load(c.Param("x").Len(), c.GP64())
}

// sum writes Dot (dot) or SumSq (!dot): accBytes of accumulators in registers, blocks of one vector per
// accumulator register, then the remaining whole vectors into accumulators 0, 1, … in turn, then the partial one.
func (r reducer) sum(dot bool) {
	c, e, lanes := r.c, r.e, r.lanes()
	name := "SumSq" + e.suffix + r.is.name
	doc := []string{name + " returns Σ x[i]² in the canonical reduction order, bit for bit as kernels' sumSqRef does."}
	if dot {
		name = "Dot" + e.suffix + r.is.name
		doc = []string{name + " returns Σ x[i]·y[i] over len(x) elements in the canonical reduction order, bit for bit as kernels' dotRef does.",
			"y must be at least as long as x."}
	}
	x, y, n := r.header(name, e.goType, dot, doc...)
	label := func(s string) operand.LabelRef { return operand.LabelRef(name + "_" + s) }

	acc := make([]reg.VecVirtual, accBytes/r.is.bytes)
	for k := range acc {
		acc[k] = r.vec()
		e.xor(acc[k], acc[k], acc[k])
	}
	// product adds xm·ym (one vector each) into accumulator k.
	product := func(xm, ym operand.Mem, k int) {
		T := r.vec()
		e.movu(xm, T)
		e.mul(ym, T, T)
		e.add(T, acc[k], acc[k])
	}
	advance := func(bytes int) {
		c.ADDQ(operand.U32(bytes), x.Base)
		if dot {
			c.ADDQ(operand.U32(bytes), y.Base)
		}
	}

	c.Label(string(label("block")))
	c.CMPQ(n, operand.U32(len(acc)*lanes))
	c.JL(label("rest"))
	for k := range acc {
		product(x.Offset(r.is.bytes*k), y.Offset(r.is.bytes*k), k)
	}
	advance(r.is.bytes * len(acc))
	c.SUBQ(operand.U32(len(acc)*lanes), n)
	c.JMP(label("block"))

	// Fewer than a block remain. The partial vector's product P is formed first, its missing lanes loaded as +0:
	// they add +0, which leaves an accumulator (never −0) unchanged.
	c.Label(string(label("rest")))
	cnt, whole := c.GP64(), c.GP64()
	c.MOVQ(n, cnt)
	c.ANDQ(operand.U32(lanes-1), cnt)
	c.JZ(label("whole"))
	c.MOVQ(n, whole)
	c.SUBQ(cnt, whole)
	px, py := c.GP64(), c.GP64()
	c.LEAQ(operand.Mem{Base: x.Base, Index: whole, Scale: uint8(e.size)}, px)
	if dot {
		c.LEAQ(operand.Mem{Base: y.Base, Index: whole, Scale: uint8(e.size)}, py)
	} else {
		py = px
	}
	P := r.vec()
	if r.is == avx512 {
		r.partialAVX512(cnt, px, py, P)
	} else {
		r.partialAVX2(name, cnt, px, py, dot, P)
	}

	// At most len(acc)−1 whole vectors remain, so the last accumulator can only receive the partial one.
	c.Label(string(label("whole")))
	part := func(k int) operand.LabelRef { return label(fmt.Sprintf("part%d", k)) }
	for k := range len(acc) - 1 {
		c.CMPQ(n, operand.U32(lanes))
		c.JL(part(k))
		product(x, y, k)
		advance(r.is.bytes)
		c.SUBQ(operand.U32(lanes), n)
	}
	c.JMP(part(len(acc) - 1))
	for k := range acc {
		c.Label(string(part(k)))
		c.TESTQ(n, n)
		c.JZ(label("tree"))
		e.add(P, acc[k], acc[k])
		c.JMP(label("tree"))
	}

	c.Label(string(label("tree")))
	lo := tree(c, e, acc, r.is == avx512)
	c.VZEROUPPER()
	c.Store(lo, c.ReturnIndex(0))
	c.RET()
}

// partialAVX512 sets P to the product of the cnt (1 … lanes−1) elements at px and py, its other lanes +0: masked
// loads neither read nor fault on the lanes they leave out.
func (r reducer) partialAVX512(cnt, px, py reg.Register, P reg.VecVirtual) {
	c, e := r.c, r.e
	k, Q := firstLanes(c, e, cnt), c.ZMM()
	e.movuZ(operand.Mem{Base: px}, k, P)
	e.movuZ(operand.Mem{Base: py}, k, Q)
	e.mul(Q, P, P)
}

// partialAVX2 sets P to the product of the cnt (1 … lanes−1) elements at px and py, its other lanes +0.
// VMASKMOVPx never faults on its masked-off lanes on hardware, but qemu (7.2) does, past the end of a mapping; so
// when the 32 bytes cross into the next page, the elements are copied through the stack instead. That is rare and
// costs a store-forwarding stall, which is why it is not the only way.
func (r reducer) partialAVX2(name string, cnt, px, py reg.Register, dot bool, P reg.VecVirtual) {
	c, e := r.c, r.e
	copyLabel, done := operand.LabelRef(name+"_copy"), operand.LabelRef(name+"_copied")
	crossing := func(p reg.Register) {
		t := c.GP64()
		c.MOVQ(p, t)
		c.ANDQ(operand.U32(4095), t)
		c.CMPQ(t, operand.U32(4096-32))
		c.JA(copyLabel)
	}
	crossing(px)
	if dot {
		crossing(py)
	}
	table, idx, mask := c.GP64(), c.GP64(), c.YMM()
	c.LEAQ(r.masks, table)
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
	c.JMP(done)

	c.Label(string(copyLabel))
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
	c.Label(string(done))
}

// maxAbs writes MaxAbs: the largest |x[i]|, or a NaN if any element is NaN, as kernels' maxAbsRef. With the sign
// cleared, a float's bits order as integers the way its value does, and every NaN's bits exceed +Inf's: so an
// integer max of the bits finds the largest |x| and lets any NaN win, in any order. A NaN result is the |NaN|
// with the largest payload, where the reference returns the first; NaN payloads are outside the contract.
func (r reducer) maxAbs(abs operand.Mem) {
	c, e, lanes := r.c, r.e, r.lanes()
	name := "MaxAbs" + e.suffix + r.is.name
	x, _, n := r.header(name, e.goType, false,
		name+" returns the largest |x[i]|, or a NaN if an element is NaN, and 0 for an empty x, as kernels' maxAbsRef does.")
	label := func(s string) operand.LabelRef { return operand.LabelRef(name + "_" + s) }
	absm := r.vec()
	e.bcast(abs, absm)
	acc := make([]reg.VecVirtual, 4)
	for k := range acc {
		acc[k] = r.vec()
		e.xor(acc[k], acc[k], acc[k])
	}
	into := func(m operand.Op, k int) {
		T := r.vec()
		e.and(m, absm, T)
		r.imax(T, acc[k])
	}

	c.Label(string(label("block")))
	c.CMPQ(n, operand.U32(len(acc)*lanes))
	c.JL(label("vec"))
	for k := range acc {
		into(x.Offset(r.is.bytes*k), k)
	}
	c.ADDQ(operand.U32(r.is.bytes*len(acc)), x.Base)
	c.SUBQ(operand.U32(len(acc)*lanes), n)
	c.JMP(label("block"))

	c.Label(string(label("vec")))
	c.CMPQ(n, operand.U32(lanes))
	c.JL(label("tail"))
	into(x, 0)
	c.ADDQ(operand.U32(r.is.bytes), x.Base)
	c.SUBQ(operand.U32(lanes), n)
	c.JMP(label("vec"))

	c.Label(string(label("tail")))
	if r.is == avx512 {
		// One masked load: its missing lanes are +0, which no |x| is below. An empty one is skipped: a load with
		// every lane masked off still costs a slow assist when its address is not mapped.
		c.TESTQ(n, n)
		c.JZ(label("fold"))
		T := c.ZMM()
		e.movuZ(x, firstLanes(c, e, n), T)
		into(T, 0)
	}
	c.Label(string(label("fold")))
	for k := 1; k < len(acc); k++ {
		r.imax(acc[k], acc[0])
	}
	lo := r.fold(acc[0])
	if r.is == avx2 {
		// The last elements one at a time, into lane 0.
		c.Label(string(label("scalar")))
		c.TESTQ(n, n)
		c.JZ(label("done"))
		T := c.XMM()
		e.movs(x, T)
		e.and(absm.AsX(), T, T)
		r.imax(T, lo)
		c.ADDQ(operand.U32(e.size), x.Base)
		c.DECQ(n)
		c.JMP(label("scalar"))
		c.Label(string(label("done")))
	}
	c.VZEROUPPER()
	c.Store(lo, c.ReturnIndex(0))
	c.RET()
}

// imax sets acc to the lane-wise signed integer maximum of a and acc.
func (r reducer) imax(a, acc reg.Register) {
	c := r.c
	switch {
	case r.e.size == 4:
		c.VPMAXSD(a, acc, acc)
	case r.is == avx512:
		c.VPMAXSQ(a, acc, acc)
	default:
		// AVX2 has no 64-bit integer max: compare, then blend.
		m := c.YMM()
		if a.Size() == 16 {
			m = c.XMM()
		}
		c.VPCMPGTQ(acc, a, m)
		c.VBLENDVPD(m, a, acc, acc)
	}
}

// fold returns an XMM register whose lane 0 is the integer maximum of x's lanes.
func (r reducer) fold(x reg.VecVirtual) reg.Register {
	c := r.c
	if x.Size() == 64 {
		hi := c.YMM()
		c.VEXTRACTI64X4(operand.U8(1), x, hi)
		r.imax(hi, x.AsY())
	}
	hi := c.XMM()
	if r.is == avx512 {
		c.VEXTRACTI32X4(operand.U8(1), x.AsY(), hi)
	} else {
		c.VEXTRACTI128(operand.U8(1), x.AsY(), hi)
	}
	lo := x.AsX()
	r.imax(hi, lo)
	shuffles := []uint8{0x4e} // swap the 64-bit halves
	if r.e.size == 4 {
		shuffles = append(shuffles, 0xb1) // swap neighbouring 32-bit lanes
	}
	for _, s := range shuffles {
		t := c.XMM()
		c.VPSHUFD(operand.U8(s), lo, t)
		r.imax(t, lo)
	}
	return lo
}

package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/fastgrad/fastgrad/internal/kerneldesc"

	"github.com/mmcloughlin/avo/attr"
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// reduce writes the reductions rs for AVX2 and AVX-512. They share one loop, reducer.emit, which lowers each term as
// the elementwise bodies are lowered and folds it as the reduction's Fold says: Sum in the canonical order of
// kernels/reduce.go (element i into accumulator i mod L, then the pairwise tree), Max and Finite in any order.
func reduce(c *build.Context, rs []*kerneldesc.Reduction) {
	m := newMasks(c)
	for _, e := range elems(c) {
		// The AVX2 tail masks: lanes ones then lanes zeros; loading lanes elements from (lanes−r)·size selects
		// the first r.
		tails := c.StaticGlobal("tailmask" + e.suffix)
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
		for _, is := range []isa{avx2, avx512} {
			r := reducer{c: c, e: e, is: is, tails: tails, masks: m}
			for _, d := range rs {
				r.emit(d)
			}
		}
	}
}

// reducer writes the reductions of one element type and instruction set.
type reducer struct {
	c     *build.Context
	e     elem
	is    isa
	tails operand.Mem // the AVX2 tail masks
	masks *masks
}

// folder is a fold, lowered: into adds one vector of terms, in a register or in memory, to the accumulator acc;
// finish combines the accumulators and returns the register holding the result.
type folder struct {
	into   func(acc reg.VecVirtual, term operand.Op)
	finish func(acc []reg.VecVirtual) reg.Register
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

// broadcast returns a new register every lane of which holds the element at src.
func (r reducer) broadcast(src operand.Mem) reg.VecVirtual {
	t := r.vec()
	r.e.bcast(src, t)
	return t
}

// emit writes the function of d. It has L bytes of accumulator registers, the canonical reduction's 256 (so 8 YMM
// or 4 ZMM), all starting at +0, and reads the arrays front to back: blocks of one vector per accumulator, then the
// remaining whole vectors into accumulators 0, 1, … in turn, then the partial vector, loaded with its missing lanes
// +0, into the next. For Sum that is exactly the canonical order; the other folds do not depend on it.
func (r reducer) emit(d *kerneldesc.Reduction) {
	if d.Storage != nil {
		// The terms read whole vectors in place, as memory operands, which a 16-bit array cannot be.
		panic(d.Name + ": the reductions read arrays of the element type only")
	}
	c, e, lanes := r.c, r.e, r.lanes()
	name := d.Name + e.suffix + r.is.name
	c.Function(name)
	c.Attributes(attr.NOSPLIT)
	c.SignatureExpr(fmt.Sprintf("func(%s []%s) %s", strings.Join(d.Arrays, ", "), e.goType, d.Result(e.goType)))
	c.Pragma("noescape")
	c.Doc(strings.Split(name+" "+d.Doc, "\n")...)
	ptrs := make([]reg.Register, len(d.Arrays))
	for i, p := range d.Arrays {
		ptrs[i] = c.Load(c.Param(p).Base(), c.GP64())
	}
	n := c.Load(c.Param(d.Arrays[0]).Len(), c.GP64())
	v := &vec{c: c, e: e, reg: r.vec, wide: r.is == avx512}
	if takesAbs(&d.Kernel) {
		v.abs = r.broadcast(r.masks.abs(e))
	}
	f := r.folder(d.Fold)
	// into folds the terms of one vector of each array, in memory or in registers, into acc.
	into := func(acc reg.VecVirtual, vs []operand.Op) {
		v.load = func(a string) operand.Op { return vs[slices.Index(d.Arrays, a)] }
		f.into(acc, lowerBody(v, &d.Kernel)[d.Term()])
	}
	label := func(s string) operand.LabelRef { return operand.LabelRef(name + "_" + s) }

	acc := make([]reg.VecVirtual, accBytes/r.is.bytes)
	for i := range acc {
		acc[i] = r.vec()
		e.xor(acc[i], acc[i], acc[i])
	}
	// at returns the vector of each array at byte offset off.
	at := func(off int) []operand.Op {
		v := make([]operand.Op, len(ptrs))
		for i, p := range ptrs {
			v[i] = operand.Mem{Base: p, Disp: off}
		}
		return v
	}
	advance := func(bytes int) {
		for _, p := range ptrs {
			c.ADDQ(operand.U32(bytes), p)
		}
	}

	c.Label(string(label("block")))
	c.CMPQ(n, operand.U32(len(acc)*lanes))
	c.JL(label("rest"))
	for i := range acc {
		into(acc[i], at(r.is.bytes*i))
	}
	advance(r.is.bytes * len(acc))
	c.SUBQ(operand.U32(len(acc)*lanes), n)
	c.JMP(label("block"))

	// Fewer than a block remain. The partial vector is loaded first, while n still says where it starts.
	c.Label(string(label("rest")))
	cnt, whole := c.GP64(), c.GP64()
	c.MOVQ(n, cnt)
	c.ANDQ(operand.U32(lanes-1), cnt)
	c.JZ(label("whole"))
	c.MOVQ(n, whole)
	c.SUBQ(cnt, whole)
	tail := make([]reg.Register, len(ptrs))
	for i, p := range ptrs {
		tail[i] = c.GP64()
		c.LEAQ(operand.Mem{Base: p, Index: whole, Scale: uint8(e.size)}, tail[i])
	}
	var partial []operand.Op
	if r.is == avx512 {
		partial = r.partialAVX512(cnt, tail)
	} else {
		partial = r.partialAVX2(name, cnt, tail)
	}

	// At most len(acc)−1 whole vectors remain, so the last accumulator can only receive the partial one.
	c.Label(string(label("whole")))
	part := func(i int) operand.LabelRef { return label(fmt.Sprintf("part%d", i)) }
	for i := range len(acc) - 1 {
		c.CMPQ(n, operand.U32(lanes))
		c.JL(part(i))
		into(acc[i], at(0))
		advance(r.is.bytes)
		c.SUBQ(operand.U32(lanes), n)
	}
	c.JMP(part(len(acc) - 1))
	for i := range acc {
		c.Label(string(part(i)))
		c.TESTQ(n, n)
		c.JZ(label("finish"))
		into(acc[i], partial)
		if i < len(acc)-1 {
			c.JMP(label("finish"))
		}
	}

	c.Label(string(label("finish")))
	res := f.finish(acc)
	c.VZEROUPPER()
	c.Store(res, c.ReturnIndex(0))
	c.RET()
}

// partialAVX512 returns, for each pointer, the vector of the cnt (1 … lanes−1) elements there, its other lanes +0:
// masked loads neither read nor fault on the lanes they leave out.
func (r reducer) partialAVX512(cnt reg.Register, ptrs []reg.Register) []operand.Op {
	k := firstLanes(r.c, r.e, cnt)
	v := make([]operand.Op, len(ptrs))
	for i, p := range ptrs {
		z := r.c.ZMM()
		r.e.movuZ(operand.Mem{Base: p}, k, z)
		v[i] = z
	}
	return v
}

// partialAVX2 returns, for each pointer, the vector of the cnt (1 … lanes−1) elements there, its other lanes +0.
// VMASKMOVPx never faults on its masked-off lanes on hardware, but qemu (7.2) does, past the end of a mapping; so
// when any of the 32-byte loads crosses into the next page, the elements are copied through the stack instead. That
// is rare and costs a store-forwarding stall, which is why it is not the only way.
func (r reducer) partialAVX2(name string, cnt reg.Register, ptrs []reg.Register) []operand.Op {
	c, e := r.c, r.e
	copyLabel, done := operand.LabelRef(name+"_copy"), operand.LabelRef(name+"_copied")
	for _, p := range ptrs {
		t := c.GP64()
		c.MOVQ(p, t)
		c.ANDQ(operand.U32(4095), t)
		c.CMPQ(t, operand.U32(4096-32))
		c.JA(copyLabel)
	}
	table, idx, mask := c.GP64(), c.GP64(), c.YMM()
	c.LEAQ(r.tails, table)
	c.MOVQ(cnt, idx)
	c.NEGQ(idx)
	c.ADDQ(operand.U32(e.lanes), idx)
	e.movu(operand.Mem{Base: table, Index: idx, Scale: uint8(e.size)}, mask)
	v := make([]operand.Op, len(ptrs))
	for i, p := range ptrs {
		y := c.YMM()
		e.maskmov(operand.Mem{Base: p}, mask, y)
		v[i] = y
	}
	c.JMP(done)

	c.Label(string(copyLabel))
	bufs := make([]operand.Mem, len(ptrs))
	Z, i := c.YMM(), c.GP64()
	e.xor(Z, Z, Z)
	for j := range bufs {
		bufs[j] = c.AllocLocal(32)
		e.movu(Z, bufs[j])
	}
	c.XORQ(i, i)
	c.Label(name + "_copyloop")
	for j, p := range ptrs {
		T := c.XMM()
		e.movs(operand.Mem{Base: p, Index: i, Scale: uint8(e.size)}, T)
		e.movs(T, bufs[j].Idx(i, uint8(e.size)))
	}
	c.INCQ(i)
	c.CMPQ(i, cnt)
	c.JL(operand.LabelRef(name + "_copyloop"))
	for j := range bufs {
		e.movu(bufs[j], v[j])
	}
	c.Label(string(done))
	return v
}

// folder returns the lowering of f, emitting first what it reads from memory once per function.
func (r reducer) folder(f kerneldesc.Fold) folder {
	switch f {
	case kerneldesc.Sum:
		return r.sum()
	case kerneldesc.Max:
		return r.max()
	case kerneldesc.Finite:
		return r.finite()
	}
	panic(fmt.Sprintf("no lowering for fold %d", f))
}

// sum is Sum: each accumulator adds its terms, and the canonical tree combines them.
func (r reducer) sum() folder {
	return folder{
		into:   func(acc reg.VecVirtual, term operand.Op) { r.e.add(term, acc, acc) },
		finish: func(acc []reg.VecVirtual) reg.Register { return tree(r.c, r.e, acc, r.is == avx512) },
	}
}

// max is Max, whose terms are Abs values, left in registers. With the sign cleared, a float's bits order as integers
// the way its value does, and every NaN's bits exceed +Inf's: so an integer max of the bits finds the largest term
// and lets any NaN win, in any order; a missing lane's +0 is below every term. A NaN result is the NaN with the
// largest payload, where the reference returns the first; NaN payloads are outside the contract.
func (r reducer) max() folder {
	return folder{
		into: func(acc reg.VecVirtual, term operand.Op) { r.imax(term.(reg.Register), acc) },
		finish: func(acc []reg.VecVirtual) reg.Register {
			for i := 1; i < len(acc); i++ {
				r.imax(acc[i], acc[0])
			}
			return r.fold(acc[0])
		},
	}
}

// finite is Finite. A term AND the exponent mask keeps its exponent field alone, which is all ones exactly when the
// term is NaN or ±Inf, and then, as an integer, the largest such a field can be: so the lane-wise integer maximum of
// the fields equals the mask exactly when some term is not finite, whatever the order; a missing lane's +0 gives 0.
// A float64's field lies in the upper 32 bits of its lane, the lower ones being zero, so a 32-bit maximum serves
// both types, and AVX2 needs no 64-bit one. It reads the whole slice rather than stopping at the first non-finite
// term, as the reference does: finite slices, the common case, are read to the end either way.
func (r reducer) finite() folder {
	c, e := r.c, r.e
	expm := r.broadcast(r.masks.exponent(e))
	return folder{
		into: func(acc reg.VecVirtual, term operand.Op) {
			T := r.vec()
			e.and(term, expm, T)
			c.VPMAXSD(T, acc, acc)
		},
		finish: func(acc []reg.VecVirtual) reg.Register {
			for i := 1; i < len(acc); i++ {
				c.VPMAXSD(acc[i], acc[0], acc[0])
			}
			// The 64-bit compare sees a float64 lane whole, where a 32-bit one would match its zero lower half.
			cmpeq := c.VPCMPEQD
			if e.size == 8 {
				cmpeq = c.VPCMPEQQ
			}
			if r.is == avx512 {
				k := c.K()
				cmpeq(expm, acc[0], k)
				c.KORTESTW(k, k)
			} else {
				cmpeq(expm, acc[0], acc[0])
				c.VPTEST(acc[0], acc[0])
			}
			ok := c.GP8()
			c.SETEQ(ok)
			return ok
		},
	}
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

package main

import (
	"fmt"

	"github.com/mmcloughlin/avo/attr"
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// The 8-bit blockwise conversions reproduce kernels/q8.go's quantizeQ8 and dequantizeQ8 on whole blocks of
// q8Block elements; kernels runs its Go code on a last, partial block. Per block, quantization takes the integer
// maximum of the magnitudes' bits (a NaN or an infinity exceeds every finite one), stores the scale and fills the
// codes of a zero or non-finite block; otherwise it divides each element by the scale (VDIVPS is correctly
// rounded, as Go's division), forms its bucket and its key (q8Key) from the quotient's bits, gathers the bucket's
// packed entry, its least code and its threshold's key, and adds 1 to the code when the quotient's key is at or
// above the threshold's: one gather per vector where the least code and the float32 threshold would take two.
// Dequantization loads each code's map value and multiplies it by the block's scale, one rounding as in Go.
//
// Quantization gathers and dequantization loads one element at a time because each was the faster on an AMD EPYC
// (Zen 5); kernels/q8_amd64.go has the numbers. The gather's table is 4-byte entries (q8Table.packed), so no read
// strays past it.

// The constants of kernels' q8Bucket (q8.go, q8map.go): a quotient's bucket is max(bits(|r|)>>16 − q8BucketBias,
// 0), plus q8Buckets for a negative r.
const (
	q8Block      = 256
	q8BucketBias = 104 << 7
	q8Buckets    = (127-104)<<7 + 1
	q8NaNBits    = 0x7fc00000
	q8InfBits    = 0x7f800000
)

// q8ISA is an instruction set the conversions are written for.
type q8ISA struct {
	suffix string
	avx512 bool
}

// q8Conversions writes QuantizeQ8{AVX2,AVX512} and DequantizeQ8{AVX2,AVX512}.
func q8Conversions(c *build.Context) {
	for _, isa := range []q8ISA{{"AVX2", false}, {"AVX512", true}} {
		g := &q8Gen{c: c, isa: isa}
		g.quantize()
		g.dequantize()
	}
}

// q8Gen writes one instruction set's functions.
type q8Gen struct {
	c   *build.Context
	isa q8ISA
}

// lanes is the number of float32 lanes of a vector.
func (g *q8Gen) lanes() int {
	if g.isa.avx512 {
		return 16
	}
	return 8
}

// vec returns a new vector register of the instruction set's width.
func (g *q8Gen) vec() reg.VecVirtual {
	if g.isa.avx512 {
		return g.c.ZMM()
	}
	return g.c.YMM()
}

// broadcast returns a vector with the 32-bit value v in every lane.
func (g *q8Gen) broadcast(v uint32) reg.VecVirtual {
	c := g.c
	r, x := c.GP32(), g.vec()
	c.MOVL(operand.U32(v), r)
	g.broadcastReg(r, x)
	return x
}

// broadcastReg sets every lane of x to the 32-bit general register r.
func (g *q8Gen) broadcastReg(r reg.GPVirtual, x reg.VecVirtual) {
	c := g.c
	if g.isa.avx512 {
		c.VPBROADCASTD(r, x)
		return
	}
	t := c.XMM()
	c.VMOVD(r, t)
	c.VPBROADCASTD(t, x)
}

// and sets dst = a AND b.
func (g *q8Gen) and(a operand.Op, b, dst reg.VecVirtual) {
	if g.isa.avx512 {
		g.c.VPANDD(a, b, dst)
		return
	}
	g.c.VPAND(a, b, dst)
}

// xor sets dst = a XOR b.
func (g *q8Gen) xor(a operand.Op, b, dst reg.VecVirtual) {
	if g.isa.avx512 {
		g.c.VPXORD(a, b, dst)
		return
	}
	g.c.VPXOR(a, b, dst)
}

// zero returns a new vector of zeros.
func (g *q8Gen) zero() reg.VecVirtual {
	v := g.vec()
	if g.isa.avx512 {
		g.c.VPXORD(v, v, v)
	} else {
		g.c.VPXOR(v, v, v)
	}
	return v
}

// q8Args are the registers of the arguments both functions take: the bases of x, codes and scales, and the number
// of blocks.
type q8Args struct{ x, codes, scales, blocks reg.Register }

// begin starts the function name of signature sig and doc comment doc, and loads the arguments both functions take.
func (g *q8Gen) begin(name, sig string, doc ...string) q8Args {
	c := g.c
	c.Function(name)
	c.Attributes(attr.NOSPLIT)
	c.SignatureExpr(sig)
	c.Pragma("noescape")
	c.Doc(doc...)
	a := q8Args{
		x: c.Load(c.Param("x").Base(), c.GP64()), codes: c.Load(c.Param("codes").Base(), c.GP64()),
		scales: c.Load(c.Param("scales").Base(), c.GP64()), blocks: c.Load(c.Param("x").Len(), c.GP64()),
	}
	c.SHRQ(operand.U8(8), a.blocks)
	return a
}

// next moves a to the next block and jumps back to loop.
func (g *q8Gen) next(a q8Args, loop operand.LabelRef) {
	c := g.c
	c.ADDQ(operand.U32(4*q8Block), a.x)
	c.ADDQ(operand.U32(q8Block), a.codes)
	c.ADDQ(operand.U32(4), a.scales)
	c.DECQ(a.blocks)
	c.JMP(loop)
}

// quantize writes QuantizeQ8.
func (g *q8Gen) quantize() {
	c, lanes := g.c, g.lanes()
	name := "QuantizeQ8" + g.isa.suffix
	a := g.begin(name, fmt.Sprintf("func(codes []uint8, scales []float32, x []float32, packed *[%d]uint32, zero uint8)", 2*q8Buckets),
		name+" quantizes x, whole blocks of 256 elements, into codes and one scale per block, bit for bit as",
		"kernels' quantizeQ8 does, with the packed bucket table of the map whose code of 0 is zero. len(x) must be a",
		"multiple of 256, and codes and scales at least as long as x needs.")
	codes, scales, x, n := a.codes, a.scales, a.x, a.blocks
	packed := c.Load(c.Param("packed"), c.GP64())
	zero := c.Load(c.Param("zero"), c.GP32())

	abs, bias, buckets := g.broadcast(0x7fffffff), g.broadcast(q8BucketBias), g.broadcast(q8Buckets)
	low, keys := g.broadcast(0xff), g.broadcast(0xffff)
	fill := g.vec()
	if g.isa.avx512 {
		c.VPBROADCASTB(zero, fill)
	} else {
		t := c.XMM()
		c.VMOVD(zero, t)
		c.VPBROADCASTB(t, fill)
	}
	zv := g.zero() // the codes of a non-finite block, and the least bucket
	one := g.broadcast(1)

	loop, done := operand.LabelRef(name+"_block"), operand.LabelRef(name+"_done")
	nonFinite, zeros, next := operand.LabelRef(name+"_nonfinite"), operand.LabelRef(name+"_zeros"), operand.LabelRef(name+"_next")
	c.Label(string(loop))
	c.TESTQ(n, n)
	c.JZ(done)

	// The block's largest magnitude bits, by four running maxima then a tree.
	const accs = 4
	var acc [accs]reg.VecVirtual
	for v := range q8Block / lanes {
		t := g.vec()
		g.and(operand.Mem{Base: x, Disp: 4 * lanes * v}, abs, t)
		if v < accs {
			acc[v] = t
			continue
		}
		c.VPMAXUD(t, acc[v%accs], acc[v%accs])
	}
	c.VPMAXUD(acc[1], acc[0], acc[0])
	c.VPMAXUD(acc[3], acc[2], acc[2])
	c.VPMAXUD(acc[2], acc[0], acc[0])
	m := acc[0]
	if g.isa.avx512 {
		h := c.YMM()
		c.VEXTRACTI64X4(operand.U8(1), m, h)
		c.VPMAXUD(h, m.AsY(), h)
		m = h
	}
	h := c.XMM()
	c.VEXTRACTI128(operand.U8(1), m.AsY(), h)
	c.VPMAXUD(h, m.AsX(), h)
	for _, sh := range []uint8{0x4e, 0xb1} {
		t := c.XMM()
		c.VPSHUFD(operand.U8(sh), h, t)
		c.VPMAXUD(t, h, h)
	}
	most := c.GP32()
	c.VMOVD(h, most)
	c.CMPL(most, operand.U32(q8InfBits))
	c.JAE(nonFinite)
	c.TESTL(most, most)
	c.JZ(zeros)
	c.MOVL(most, operand.Mem{Base: scales})
	s := g.vec()
	g.broadcastReg(most, s)

	j, inner := c.GP64(), operand.LabelRef(name+"_vector")
	c.XORQ(j, j)
	c.Label(string(inner))
	r := g.vec()
	c.VMOVUPS(operand.Mem{Base: x, Index: j, Scale: 4}, r)
	c.VDIVPS(s, r, r)
	b, sg, key := g.vec(), g.vec(), g.vec()
	g.and(abs, r, b)
	c.VPSRLD(operand.U8(16), b, b)
	c.VPSUBD(bias, b, b)
	c.VPMAXSD(zv, b, b)
	c.VPSRAD(operand.U8(31), r, sg)
	g.xor(sg, r, key)
	g.and(keys, key, key)
	g.and(buckets, sg, sg)
	c.VPADDD(sg, b, b)
	// The gather's destination is cleared first: avo takes it as read (merging), so it stays apart from the index
	// register, as a gather requires.
	e, code, thr := g.zero(), g.vec(), g.vec()
	if g.isa.avx512 {
		k := c.K()
		c.KXNORW(k, k, k)
		c.VPGATHERDD(operand.Mem{Base: packed, Index: b, Scale: 4}, k, e)
		c.VPANDD(low, e, code)
		c.VPSRLD(operand.U8(8), e, thr)
		ge := c.K()
		c.VPCMPUD(operand.U8(5), thr, key, ge) // NLT: key ≥ the threshold's key
		c.VPADDD(one, code, ge, code)
		c.VPMOVDB(code, operand.Mem{Base: codes, Index: j, Scale: 1})
	} else {
		k := c.YMM()
		c.VPCMPEQD(k, k, k)
		c.VPGATHERDD(k, operand.Mem{Base: packed, Index: b, Scale: 4}, e)
		c.VPAND(low, e, code)
		c.VPSRLD(operand.U8(8), e, thr)
		// The keys are below 1<<17, so a signed comparison orders them: code + 1 − (threshold > key).
		lt := c.YMM()
		c.VPCMPGTD(key, thr, lt)
		c.VPADDD(one, code, code)
		c.VPADDD(lt, code, code)
		c.VPACKUSDW(code, code, code) // the codes as words, four per 128-bit lane
		c.VPERMQ(operand.U8(0x08), code, code)
		c.VPACKUSWB(code.AsX(), code.AsX(), code.AsX())
		c.VMOVQ(code.AsX(), operand.Mem{Base: codes, Index: j, Scale: 1})
	}
	c.ADDQ(operand.U32(lanes), j)
	c.CMPQ(j, operand.U32(q8Block))
	c.JB(inner)
	c.JMP(next)

	c.Label(string(nonFinite))
	c.MOVL(operand.U32(q8NaNBits), operand.Mem{Base: scales})
	g.fillCodes(codes, zv)
	c.JMP(next)
	c.Label(string(zeros))
	c.MOVL(operand.U32(0), operand.Mem{Base: scales})
	g.fillCodes(codes, fill)

	c.Label(string(next))
	g.next(a, loop)
	c.Label(string(done))
	c.VZEROUPPER()
	c.RET()
}

// fillCodes stores the bytes of v into a block's codes.
func (g *q8Gen) fillCodes(codes reg.Register, v reg.VecVirtual) {
	w := 4 * g.lanes()
	for off := 0; off < q8Block; off += w {
		if g.isa.avx512 {
			g.c.VMOVDQU32(v, operand.Mem{Base: codes, Disp: off})
		} else {
			g.c.VMOVDQU(v, operand.Mem{Base: codes, Disp: off})
		}
	}
}

// dequantize writes DequantizeQ8: scalar loads of the map values, which beat a gather here (see kernels/q8_amd64.go),
// so the instruction sets differ only in how far the loop is unrolled.
func (g *q8Gen) dequantize() {
	c, lanes := g.c, g.lanes()
	name := "DequantizeQ8" + g.isa.suffix
	a := g.begin(name, "func(x []float32, codes []uint8, scales []float32, values *[256]float32)",
		name+" stores into x, whole blocks of 256 elements, the values the codes and their blocks' scales stand",
		"for in the map of values, bit for bit as kernels' dequantizeQ8 does. len(x) must be a multiple of 256, and",
		"codes and scales at least as long as x needs.")
	codes, scales, x, n := a.codes, a.scales, a.x, a.blocks
	values := c.Load(c.Param("values"), c.GP64())

	loop, done := operand.LabelRef(name+"_block"), operand.LabelRef(name+"_done")
	c.Label(string(loop))
	c.TESTQ(n, n)
	c.JZ(done)
	s := c.XMM()
	c.VMOVSS(operand.Mem{Base: scales}, s)
	j, inner := c.GP64(), operand.LabelRef(name+"_elements")
	c.XORQ(j, j)
	c.Label(string(inner))
	for l := range lanes {
		t, v := c.GP32(), c.XMM()
		c.MOVBLZX(operand.Mem{Base: codes, Index: j, Scale: 1, Disp: l}, t)
		c.VMOVSS(operand.Mem{Base: values, Index: t, Scale: 4}, v)
		c.VMULSS(s, v, v)
		c.VMOVSS(v, operand.Mem{Base: x, Index: j, Scale: 4, Disp: 4 * l})
	}
	c.ADDQ(operand.U32(lanes), j)
	c.CMPQ(j, operand.U32(q8Block))
	c.JB(inner)
	g.next(a, loop)
	c.Label(string(done))
	c.RET()
}

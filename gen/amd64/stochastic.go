package main

import (
	"github.com/mmcloughlin/avo/attr"
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// The stochastic rounding to bfloat16 reproduces kernels/stochastic.go: element j's random bits are
// lowBias(lowBias(uint32(first+j)^k0)+k1)>>16, computed in 32-bit integer lanes (VPMULLD keeps the low 32 bits of
// each product, as Go's uint32 multiply does), and the element rounds away from zero when the 16 bits bfloat16
// drops exceed them. Both are below 2¹⁶, so r − low is negative exactly then, and its sign, shifted arithmetically
// across the lane, is the −1 subtracted from the upper half. The description language has no integer lanes, so
// the kernel is written here rather than described.

// stochasticFile is the generated file's account of its functions, which its header gives.
const stochasticFile = `//
// The kernels of RoundToBF16 with a stochastic Rounding: their random bits are integer hashes of each element's
// index, which the described kernels' floating-point operations cannot compute.
`

// stochastic writes StochasticBF16F32AVX2 and StochasticBF16F32AVX512.
func stochastic(c *build.Context) {
	iota := c.StaticGlobal("srlanes")
	c.DataAttributes(attr.RODATA | attr.NOPTR)
	for i := range 16 {
		c.AddDatum(4*i, operand.U32(uint32(i)))
	}
	for _, is := range []isa{avx2, avx512} {
		(&srGen{c: c, is: is, wide: is == avx512}).function(iota)
	}
}

// srGen writes one stochastic rounding function.
type srGen struct {
	c    *build.Context
	is   isa
	wide bool // AVX-512: ZMM registers, opmasks, and EVEX forms of the integer logic

	k0, k1, mul1, mul2, low, nan reg.VecVirtual // broadcast: the key, lowBias's multipliers, 0xffff and 0x7fc0
}

// vec returns a new register of the function's width.
func (g *srGen) vec() reg.VecVirtual {
	if g.wide {
		return g.c.ZMM()
	}
	return g.c.YMM()
}

func (g *srGen) xor(a, b, dst operand.Op) {
	if g.wide {
		g.c.VPXORD(a, b, dst)
	} else {
		g.c.VPXOR(a, b, dst)
	}
}

func (g *srGen) and(a, b, dst operand.Op) {
	if g.wide {
		g.c.VPANDD(a, b, dst)
	} else {
		g.c.VPAND(a, b, dst)
	}
}

// imm returns a new register holding x in every lane.
func (g *srGen) imm(x uint32) reg.VecVirtual {
	r := g.c.GP32()
	g.c.MOVL(operand.U32(x), r)
	return g.spread(r)
}

// param returns a new register holding the uint32 parameter name in every lane.
func (g *srGen) param(name string) reg.VecVirtual {
	return g.spread(g.c.Load(g.c.Param(name), g.c.GP32()))
}

// spread returns a new register holding the 32 bits of the general-purpose register r in every lane.
func (g *srGen) spread(r reg.Register) reg.VecVirtual {
	t, v := g.c.XMM(), g.vec()
	g.c.VMOVD(r, t)
	g.c.VPBROADCASTD(t, v)
	return v
}

func (g *srGen) function(iota operand.Mem) {
	c := g.c
	name := "StochasticBF16F32" + g.is.name
	lanes := g.is.bytes / 4
	c.Function(name)
	c.Attributes(attr.NOSPLIT)
	c.SignatureExpr("func(dst []uint16, src []float32, k0, k1, first uint32)")
	c.Pragma("noescape")
	c.Doc(name+" sets dst[i] to src[i] rounded stochastically to bfloat16 by the random bits of index first+i",
		"(mod 2³²) under the key k0, k1, over len(dst) elements: kernels' RoundingKey.BF16.")

	g.k0, g.k1 = g.param("k0"), g.param("k1")
	g.mul1, g.mul2 = g.imm(0x21f0aaad), g.imm(0x735a2d97)
	g.low, g.nan = g.imm(0xffff), g.imm(0x7fc0)
	step := g.imm(uint32(lanes))
	// index holds the index of each lane's element: first+i+lane.
	index := g.param("first")
	c.VPADDD(iota, index, index)

	dst := c.Load(c.Param("dst").Base(), c.GP64())
	src := c.Load(c.Param("src").Base(), c.GP64())
	n := c.Load(c.Param("dst").Len(), c.GP64())
	i, lim := c.GP64(), c.GP64()
	c.XORQ(i, i)
	c.MOVQ(n, lim)
	c.SUBQ(operand.U32(lanes), lim)
	label := func(s string) string { return name + "_" + s }
	at := func(base reg.Register, size int) operand.Mem {
		return operand.Mem{Base: base, Index: i, Scale: uint8(size)}
	}

	c.Label(label("loop"))
	c.CMPQ(i, lim)
	c.JG(operand.LabelRef(label("tail")))
	x := g.vec()
	c.VMOVUPS(at(src, 4), x)
	s := g.round(x, index, g.vec)
	if g.wide {
		c.VPMOVDW(s, at(dst, 2))
	} else {
		// The packing works within each 128-bit half: the two halves' first quadwords hold the sixteen bits.
		c.VPACKUSDW(s, s, s)
		c.VPERMQ(operand.U8(0b1000), s, s)
		c.VMOVDQU(s.AsX(), at(dst, 2))
	}
	c.VPADDD(step, index, index)
	c.ADDQ(operand.U32(lanes), i)
	c.JMP(operand.LabelRef(label("loop")))

	c.Label(label("tail"))
	if g.wide {
		// The last partial vector in one masked pass: masked-off lanes are neither read nor written.
		rem := c.GP64()
		c.MOVQ(n, rem)
		c.SUBQ(i, rem)
		c.JZ(operand.LabelRef(label("done")))
		ones, k := c.GP64(), c.K()
		c.MOVQ(operand.I32(-1), ones)
		c.BZHIQ(rem, ones, ones)
		c.KMOVW(ones.As32(), k)
		x := g.vec()
		c.VMOVUPS_Z(at(src, 4), k, x)
		s := g.round(x, index, g.vec)
		c.VPMOVDW(s, k, at(dst, 2))
	} else {
		// One element at a time, in the low lane of XMM registers; the index's low lane is the element's.
		for _, r := range []*reg.VecVirtual{&g.k0, &g.k1, &g.mul1, &g.mul2, &g.low, &g.nan, &index} {
			*r = (*r).AsX().(reg.VecVirtual)
		}
		c.CMPQ(i, n)
		c.JGE(operand.LabelRef(label("done")))
		x := c.XMM()
		c.VMOVSS(at(src, 4), x)
		s := g.round(x, index, c.XMM)
		c.VPEXTRW(operand.U8(0), s, at(dst, 2))
		minus1 := c.XMM()
		c.VPCMPEQD(minus1, minus1, minus1)
		c.VPSUBD(minus1, index, index)
		c.INCQ(i)
		c.JMP(operand.LabelRef(label("tail")))
	}
	c.Label(label("done"))
	c.VZEROUPPER()
	c.RET()
}

// round returns, in the low 16 bits of each 32-bit lane, the float32 lanes of x rounded stochastically by the
// random bits of the indices in index: away from zero when the 16 bits dropped exceed them, 0x7fc0 for a NaN.
func (g *srGen) round(x, index reg.VecVirtual, vec func() reg.VecVirtual) reg.VecVirtual {
	c := g.c
	h := vec()
	g.xor(index, g.k0, h)
	g.lowBias(h, vec)
	c.VPADDD(g.k1, h, h)
	g.lowBias(h, vec)
	c.VPSRLD(operand.U8(16), h, h)
	t := vec()
	g.and(g.low, x, t)
	c.VPSUBD(t, h, t) // r − low: negative exactly when low > r
	c.VPSRAD(operand.U8(31), t, t)
	s := vec()
	c.VPSRLD(operand.U8(16), x, s)
	c.VPSUBD(t, s, s)
	if g.wide {
		k := c.K()
		c.VCMPPS(operand.U8(cmpUnord), x, x, k)
		c.VPBLENDMD(g.nan, s, k, s)
	} else {
		m := vec()
		c.VCMPPS(operand.U8(cmpUnord), x, x, m)
		c.VBLENDVPS(m, g.nan, s, s)
	}
	return s
}

// lowBias applies kernels' lowBias to h's lanes.
func (g *srGen) lowBias(h reg.VecVirtual, vec func() reg.VecVirtual) {
	c := g.c
	t := vec()
	for _, step := range []struct {
		shift uint8
		mul   reg.VecVirtual
	}{{16, g.mul1}, {15, g.mul2}, {15, nil}} {
		c.VPSRLD(operand.U8(step.shift), h, t)
		g.xor(t, h, h)
		if step.mul != nil {
			c.VPMULLD(step.mul, h, h)
		}
	}
}

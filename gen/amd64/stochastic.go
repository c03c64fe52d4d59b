package main

import (
	"fmt"

	"github.com/fastgrad/fastgrad/gen/internal/srconst"

	"github.com/mmcloughlin/avo/attr"
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// The stochastic roundings to bfloat16 and binary16 reproduce kernels/stochastic.go: element j's random bits are
// lowBias(lowBias(uint32(first+j)^k0)+k1)>>16, computed in 32-bit integer lanes (VPMULLD keeps the low 32 bits of
// each product, as Go's uint32 multiply does), and the element rounds away from zero when the first 16 bits of the
// fraction of a unit it drops exceed them. Both are below 2¹⁶, so r − frac is negative exactly then, and its sign,
// shifted arithmetically across the lane, is the −1 subtracted from the units toward zero. The description language
// has no integer lanes, so the kernels are written here rather than described.
//
// A binary16 subnormal's units and fraction come from the float32 |x|·2²⁴, in units of the smallest subnormal, all
// exact: its truncation is the whole units, its difference from them the fraction, and that times 2¹⁶ truncated the
// fraction's first 16 bits, what stochasticF16 computes in integers.

// stochasticFile is the generated file's account of its functions, which its header gives.
const stochasticFile = `//
// The kernels of RoundToBF16 and RoundToF16 with a stochastic Rounding: their random bits are integer hashes of each
// element's index, which the described kernels' floating-point operations cannot compute.
`

// srKind is one 16-bit type the functions round to.
type srKind struct {
	name, typ, method string
	f16               bool
}

// stochastic writes StochasticBF16F32 and StochasticF16F32 for AVX2 and AVX-512.
func stochastic(c *build.Context) {
	iota := c.StaticGlobal("srlanes")
	c.DataAttributes(attr.RODATA | attr.NOPTR)
	for i := range 16 {
		c.AddDatum(4*i, operand.U32(uint32(i)))
	}
	// The binary16 rounding's constants, each in a whole ZMM's worth of lanes, read as memory operands.
	f16 := c.StaticGlobal("srf16")
	c.DataAttributes(attr.RODATA | attr.NOPTR)
	for j, k := range srconst.F16 {
		for i := range 16 {
			c.AddDatum(64*j+4*i, operand.U32(k))
		}
	}
	for _, kind := range srKinds {
		for _, is := range []isa{avx2, avx512} {
			(&srGen{c: c, is: is, wide: is == avx512, kind: kind, f16: func(j int) operand.Mem { return f16.Offset(64 * j) }}).function(iota)
		}
	}
}

// srKinds are the 16-bit types, bfloat16 then binary16.
var srKinds = [...]srKind{{"BF16", "bfloat16", "BF16", false}, {"F16", "binary16", "F16", true}}

// srGen writes one stochastic rounding function.
type srGen struct {
	c    *build.Context
	is   isa
	wide bool // AVX-512: ZMM registers, opmasks, and EVEX forms of the integer logic
	kind srKind
	f16  func(j int) operand.Mem // srconst.F16[j] in every lane

	// Broadcast, in registers or memory: the key, lowBias's multipliers, and for bfloat16 0xffff and 0x7fc0.
	k0, k1, mul1, mul2, low, nan operand.Op
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
	name := "Stochastic" + g.kind.name + "F32" + g.is.name
	lanes := g.is.bytes / 4
	c.Function(name)
	c.Attributes(attr.NOSPLIT)
	c.SignatureExpr("func(dst []uint16, src []float32, k0, k1, first uint32)")
	c.Pragma("noescape")
	c.Doc(fmt.Sprintf("%s sets dst[i] to src[i] rounded stochastically to %s by the random bits of index first+i",
		name, g.kind.typ), fmt.Sprintf("(mod 2³²) under the key k0, k1, over len(dst) elements: kernels' RoundingKey.%s.",
		g.kind.method))

	g.k0, g.k1 = g.param("k0"), g.param("k1")
	g.mul1, g.mul2 = g.imm(0x21f0aaad), g.imm(0x735a2d97)
	if !g.kind.f16 {
		g.low, g.nan = g.imm(0xffff), g.imm(0x7fc0)
	}
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
		for _, r := range []*operand.Op{&g.k0, &g.k1, &g.mul1, &g.mul2, &g.low, &g.nan} {
			if x, ok := (*r).(reg.VecVirtual); ok {
				*r = x.AsX()
			}
		}
		index = index.AsX().(reg.VecVirtual)
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
// random bits of the indices in index.
func (g *srGen) round(x, index reg.VecVirtual, vec func() reg.VecVirtual) reg.VecVirtual {
	if g.kind.f16 {
		return g.roundF16(x, index, vec)
	}
	return g.roundBF16(x, index, vec)
}

// bits returns the random bits of the indices in index.
func (g *srGen) bits(index reg.VecVirtual, vec func() reg.VecVirtual) reg.VecVirtual {
	h := vec()
	g.xor(g.k0, index, h)
	g.lowBias(h, vec)
	g.c.VPADDD(g.k1, h, h)
	g.lowBias(h, vec)
	g.c.VPSRLD(operand.U8(16), h, h)
	return h
}

// roundBF16 is kernels' stochasticBF16: away from zero when the 16 bits dropped exceed the random ones, 0x7fc0 for
// a NaN.
func (g *srGen) roundBF16(x, index reg.VecVirtual, vec func() reg.VecVirtual) reg.VecVirtual {
	c := g.c
	r := g.bits(index, vec)
	t := vec()
	g.and(g.low, x, t)
	s := vec()
	c.VPSRLD(operand.U8(16), x, s)
	g.roundAway(r, t, s)
	var nan reg.Register
	if g.wide {
		nan = c.K()
	} else {
		nan = vec()
	}
	c.VCMPPS(operand.U8(cmpUnord), x, x, nan)
	g.blend(nan, g.nan, s, s)
	return s
}

// roundF16 is kernels' stochasticF16: the units toward zero and the fraction of one dropped from the float32
// exponent and significand for a normal binary16, from |x|·2²⁴ for a subnormal; away from zero when the fraction
// exceeds the random bits; Inf from 65536 on, and 0x7e00 for a NaN; x's sign.
func (g *srGen) roundF16(x, index reg.VecVirtual, vec func() reg.VecVirtual) reg.VecVirtual {
	c := g.c
	k := g.f16
	r := g.bits(index, vec)
	a, sign := vec(), vec()
	g.and(k(srconst.Abs), x, a)
	c.VPSRLD(operand.U8(16), x, sign)
	g.and(k(srconst.Sign), sign, sign)
	t, frac := vec(), vec()
	c.VPSUBD(k(srconst.Rebias), a, t)
	c.VPSLLD(operand.U8(19), t, frac)
	c.VPSRLD(operand.U8(16), frac, frac)
	c.VPSRLD(operand.U8(13), t, t)
	y, whole, f := vec(), vec(), vec()
	c.VMULPS(k(srconst.Two24), a, y)
	c.VCVTTPS2DQ(y, whole)
	c.VCVTDQ2PS(whole, f)
	c.VSUBPS(f, y, f)
	c.VMULPS(k(srconst.Two16), f, f)
	c.VCVTTPS2DQ(f, f)
	normal := g.gt(a, k(srconst.BelowNormal), vec)
	g.blend(normal, t, whole, t)
	g.blend(normal, frac, f, frac)
	g.roundAway(r, frac, t)
	g.blend(g.gt(a, k(srconst.BelowOverflow), vec), k(srconst.Inf16), t, t)
	g.blend(g.gt(a, k(srconst.Inf), vec), k(srconst.NaN16), t, t)
	if g.wide {
		c.VPORD(sign, t, t)
	} else {
		c.VPOR(sign, t, t)
	}
	return t
}

// roundAway adds one to the units t in the lanes where the dropped fraction frac exceeds the random bits r.
func (g *srGen) roundAway(r, frac, t reg.VecVirtual) {
	c := g.c
	c.VPSUBD(frac, r, frac) // r − frac: negative exactly when frac > r
	c.VPSRAD(operand.U8(31), frac, frac)
	c.VPSUBD(frac, t, t)
}

// gt returns the mask of the lanes where the integer a is greater than b.
func (g *srGen) gt(a reg.VecVirtual, b operand.Op, vec func() reg.VecVirtual) reg.Register {
	if g.wide {
		k := g.c.K()
		g.c.VPCMPGTD(b, a, k)
		return k
	}
	m := vec()
	g.c.VPCMPGTD(b, a, m)
	return m
}

// blend sets dst to a in the lanes of mask and to b elsewhere.
func (g *srGen) blend(mask reg.Register, a, b, dst operand.Op) {
	if g.wide {
		g.c.VPBLENDMD(a, b, mask, dst)
	} else {
		g.c.VBLENDVPS(mask, a, b, dst)
	}
}

// lowBias applies kernels' lowBias to h's lanes.
func (g *srGen) lowBias(h reg.VecVirtual, vec func() reg.VecVirtual) {
	c := g.c
	t := vec()
	for _, step := range []struct {
		shift uint8
		mul   operand.Op
	}{{16, g.mul1}, {15, g.mul2}, {15, nil}} {
		c.VPSRLD(operand.U8(step.shift), h, t)
		g.xor(t, h, h)
		if step.mul != nil {
			c.VPMULLD(step.mul, h, h)
		}
	}
}

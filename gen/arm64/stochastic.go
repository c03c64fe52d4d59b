package main

import (
	"fmt"

	"github.com/fastgrad/fastgrad/gen/internal/srconst"
)

// The stochastic roundings to bfloat16 and binary16 reproduce kernels/stochastic.go, as gen/amd64's do: element j's
// random bits are lowBias(lowBias(uint32(first+j)^k0)+k1)>>16, computed in 32-bit integer lanes (MUL keeps the low
// 32 bits of each product, as Go's uint32 multiply does), and the element rounds away from zero when the first 16
// bits of the fraction of a unit it drops exceed them: CMHI's all-ones, −1, is subtracted from the units toward
// zero. A binary16 subnormal's units and fraction come from the float32 |x|·2²⁴, exactly (see gen/amd64). The
// description language has no integer lanes, so the kernels are written here rather than described.

// stochasticFile is the generated file's account of its functions, which its header gives.
const stochasticFile = `//
// The kernels of RoundToBF16 and RoundToF16 with a stochastic Rounding: their random bits are integer hashes of each
// element's index, which the described kernels' floating-point operations cannot compute.
`

// srLanes is the table of the lane numbers 0 … 3, the first index vector's offsets.
const srLanes = "srlanes<>"

// General-purpose registers of the stochastic rounding.
const (
	srDst, srSrc, srN, srT = "R0", "R1", "R2", "R3"
)

// srGen writes one stochastic rounding function: its vector registers, allocated once.
type srGen struct {
	*fn
	f16                                  bool
	lazy                                 bool // binary16's constants are set up where they are used, by konst
	k0, k1, mul1, mul2, step, one, index vreg
	low, nan                             vreg // bfloat16: 0xffff and 0x7fc0
	// binary16: all but the sign, binary16's sign in the low half, the exponent rebias in place, 2²⁴, 2¹⁶, the
	// largest magnitudes below the smallest normal and below 65536, Inf, and binary16's Inf and NaN.
	abs, sign, rebias, two24, two16, belowNormal, belowOverflow, inf, inf16, nan16 vreg
}

// f16Consts returns the fields that hold the binary16 rounding's constants.
func (g *srGen) f16Consts() []*vreg {
	return []*vreg{&g.abs, &g.sign, &g.rebias, &g.two24, &g.two16, &g.belowNormal, &g.belowOverflow, &g.inf,
		&g.inf16, &g.nan16}
}

// stochasticFamily returns StochasticBF16F32NEON, StochasticF16F32NEON and their lane table.
func stochasticFamily() (asm, decl []string) {
	data := fmt.Sprintf("DATA %[1]s+0(SB)/8, $0x0000000100000000\nDATA %[1]s+8(SB)/8, $0x0000000300000002\n"+
		"GLOBL %[1]s(SB), RODATA|NOPTR, $16\n", srLanes)
	asm = []string{data}
	for _, k := range []struct{ name, typ string }{{"BF16", "bfloat16"}, {"F16", "binary16"}} {
		a, d := stochasticRounding(k.name, k.typ)
		asm, decl = append(asm, a), append(decl, d)
	}
	return asm, decl
}

// stochasticRounding returns the function rounding to the 16-bit type name (typ in prose).
func stochasticRounding(name, typ string) (asm, decl string) {
	g := &srGen{fn: &fn{name: "Stochastic" + name + "F32NEON", e: elems[0]}, f16: name == "F16"}
	params := "dst []uint16, src []float32, k0, k1, first uint32"
	fmt.Fprintf(&g.b, "// func %s(%s)\n", g.name, params)
	fmt.Fprintf(&g.b, "TEXT ·%s(SB), NOSPLIT, $0-60\n", g.name)
	g.ins("MOVD dst_base+0(FP), %s", srDst)
	g.ins("MOVD src_base+24(FP), %s", srSrc)
	g.ins("MOVD dst_len+8(FP), %s", srN)
	dup := func(src string) vreg {
		r := g.v()
		g.ins("VDUP %s, %s", src, g.vec(r))
		return r
	}
	imm := func(x uint32) vreg {
		g.ins("MOVW $0x%x, %s", x, srT)
		return dup(srT)
	}
	load := func(param string, off int) vreg {
		g.ins("MOVWU %s+%d(FP), %s", param, off, srT)
		return dup(srT)
	}
	g.k0, g.k1 = load("k0", 48), load("k1", 52)
	g.mul1, g.mul2 = imm(0x21f0aaad), imm(0x735a2d97)
	g.step, g.one = imm(4), imm(1)
	if g.f16 {
		for j, r := range g.f16Consts() {
			*r = imm(srconst.F16[j])
		}
	} else {
		g.low, g.nan = imm(0xffff), imm(0x7fc0)
	}
	// index holds the index of each lane's element: first+i+lane.
	g.index = load("first", 56)
	lanes := g.v()
	g.ins("MOVD $%s(SB), %s", srLanes, srT)
	g.ins("VLD1 (%s), [%s]", srT, g.vec(lanes))
	g.ins("VADD %s, %s, %s", g.vec(lanes), g.vec(g.index), g.vec(g.index))
	g.free(lanes)

	x := g.v()
	g.label("vec")
	g.ins("CMP $4, %s", srN)
	g.ins("BLT %s", g.ref("tail"))
	g.ins("VLD1.P 16(%s), [%s]", srSrc, g.vec(x))
	s := g.round(x)
	g.word(xtn.enc(s, s))
	g.ins("FMOVD.P F%d, 8(%s)", s, srDst)
	g.free(s)
	g.ins("VADD %s, %s, %s", g.vec(g.step), g.vec(g.index), g.vec(g.index))
	g.ins("SUB $4, %s", srN)
	g.ins("B %s", g.ref("vec"))

	// One element at a time, in lane 0; the index's lane 0 is the element's.
	g.label("tail")
	g.ins("CBZ %s, %s", srN, g.ref("done"))
	g.ins("FMOVS.P 4(%s), F%d", srSrc, x)
	s = g.round(x)
	g.ins("VST1.P V%d.H[0], 2(%s)", s, srDst)
	g.ins("VADD %s, %s, %s", g.vec(g.one), g.vec(g.index), g.vec(g.index))
	g.ins("SUB $1, %s", srN)
	g.ins("B %s", g.ref("tail"))
	g.label("done")
	g.ins("RET")

	decl = fmt.Sprintf("// %[1]s sets dst[i] to src[i] rounded stochastically to %[3]s by the random bits of index first+i\n"+
		"// (mod 2³²) under the key k0, k1, over len(dst) elements: kernels' RoundingKey.%[4]s.\n"+
		"//\n//go:noescape\nfunc %[1]s(%[2]s)\n", g.name, params, typ, name)
	return g.text(), decl
}

// round returns, in the low 16 bits of each 32-bit lane of a new register, the float32 lanes of x rounded
// stochastically by the random bits of the indices in g.index.
func (g *srGen) round(x vreg) vreg {
	if g.f16 {
		return g.roundF16(x)
	}
	return g.roundBF16(x)
}

// bits returns a new register holding the random bits of the indices in g.index.
func (g *srGen) bits() vreg {
	h, t := g.v(), g.v()
	g.xor(h, g.index, g.k0)
	g.lowBias(h, t)
	g.ins("VADD %s, %s, %s", g.vec(g.k1), g.vec(h), g.vec(h))
	g.lowBias(h, t)
	g.ins("VUSHR $16, %s, %s", g.vec(h), g.vec(h))
	g.free(t)
	return h
}

// roundBF16 is kernels' stochasticBF16: away from zero when the 16 bits dropped exceed the random ones, 0x7fc0 for
// a NaN.
func (g *srGen) roundBF16(x vreg) vreg {
	r, t, s := g.bits(), g.v(), g.v()
	g.and(t, x, g.low)
	g.ins("VUSHR $16, %s, %s", g.vec(x), g.vec(s))
	g.roundAway(r, t, s)
	g.op3(fcmeq, t, x, x)
	g.bif(t, g.nan, s)
	g.free(r, t)
	return s
}

// roundF16 is kernels' stochasticF16: the units toward zero and the fraction of one dropped from the float32
// exponent and significand for a normal binary16, from |x|·2²⁴ for a subnormal; away from zero when the fraction
// exceeds the random bits; Inf from 65536 on, and 0x7e00 for a NaN; x's sign.
func (g *srGen) roundF16(x vreg) vreg {
	r, a, sign, t, frac := g.bits(), g.v(), g.v(), g.v(), g.v()
	g.konst(srconst.Abs, func(k vreg) { g.and(a, x, k) })
	g.ins("VUSHR $16, %s, %s", g.vec(x), g.vec(sign))
	g.konst(srconst.Sign, func(k vreg) { g.and(sign, sign, k) })
	g.konst(srconst.Rebias, func(k vreg) { g.ins("VSUB %s, %s, %s", g.vec(k), g.vec(a), g.vec(t)) })
	g.ins("VSHL $19, %s, %s", g.vec(t), g.vec(frac))
	g.ins("VUSHR $16, %s, %s", g.vec(frac), g.vec(frac))
	g.ins("VUSHR $13, %s, %s", g.vec(t), g.vec(t))
	y, whole, f, m := g.v(), g.v(), g.v(), g.v()
	g.konst(srconst.Two24, func(k vreg) { g.op3(fmul, y, a, k) })
	g.op2(fcvtzs, whole, y)
	g.op2(scvtf, f, whole)
	g.op3(fsub, f, y, f)
	g.konst(srconst.Two16, func(k vreg) { g.op3(fmul, f, f, k) })
	g.op2(fcvtzs, f, f)
	g.konst(srconst.BelowNormal, func(k vreg) { g.op3(cmgt, m, a, k) })
	g.bif(m, whole, t)
	g.bif(m, f, frac)
	g.roundAway(r, frac, t)
	g.konst(srconst.BelowOverflow, func(k vreg) { g.op3(cmgt, m, a, k) })
	g.konst(srconst.Inf16, func(k vreg) { g.bit(m, k, t) })
	g.konst(srconst.Inf, func(k vreg) { g.op3(cmgt, m, a, k) })
	g.konst(srconst.NaN16, func(k vreg) { g.bit(m, k, t) })
	g.ins("VORR %s, %s, %s", g.b16(sign), g.b16(t), g.b16(t))
	g.free(r, a, sign, frac, y, whole, f, m)
	return t
}

// konst calls use with a register holding binary16's constant j: its field's, or, when g sets its constants up
// where they are used, one set up for the call and given back after.
func (g *srGen) konst(j int, use func(k vreg)) {
	if !g.lazy {
		use(*g.f16Consts()[j])
		return
	}
	k := g.v()
	g.ins("MOVW $0x%x, %s", srconst.F16[j], srImm)
	g.ins("VDUP %s, %s", srImm, g.vec(k))
	use(k)
	g.free(k)
}

// roundAway adds one to the units t in the lanes where the dropped fraction frac exceeds the random bits r,
// overwriting frac.
func (g *srGen) roundAway(r, frac, t vreg) {
	g.op3(cmhi, frac, frac, r) // all ones where the dropped fraction exceeds the random bits
	g.ins("VSUB %s, %s, %s", g.vec(frac), g.vec(t), g.vec(t))
}

// lowBias applies kernels' lowBias to h's lanes, with t as scratch.
func (g *srGen) lowBias(h, t vreg) {
	for _, step := range []struct {
		shift int
		mul   vreg
		last  bool
	}{{16, g.mul1, false}, {15, g.mul2, false}, {15, 0, true}} {
		g.ins("VUSHR $%d, %s, %s", step.shift, g.vec(h), g.vec(t))
		g.xor(h, h, t)
		if !step.last {
			g.word(mul4s.enc(h, h, step.mul))
		}
	}
}

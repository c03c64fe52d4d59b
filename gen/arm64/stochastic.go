package main

import "fmt"

// The stochastic rounding to bfloat16 reproduces kernels/stochastic.go: element j's random bits are
// lowBias(lowBias(uint32(first+j)^k0)+k1)>>16, computed in 32-bit integer lanes (MUL keeps the low 32 bits of each
// product, as Go's uint32 multiply does), and the element rounds away from zero when the 16 bits bfloat16 drops
// exceed them: CMHI's all-ones, −1, is subtracted from the upper half. The description language has no integer
// lanes, so the kernel is written here rather than described.

// stochasticFile is the generated file's account of its functions, which its header gives.
const stochasticFile = `//
// The kernel of RoundToBF16 with a stochastic Rounding: its random bits are integer hashes of each element's
// index, which the described kernels' floating-point operations cannot compute.
`

// srLanes is the table of the lane numbers 0 … 3, the first index vector's offsets.
const srLanes = "srlanes<>"

// General-purpose registers of the stochastic rounding.
const (
	srDst, srSrc, srN, srT = "R0", "R1", "R2", "R3"
)

// srGen writes the stochastic rounding function: its vector registers, allocated once.
type srGen struct {
	*fn
	k0, k1, mul1, mul2, low, nan, step, one, index vreg
}

// stochasticFamily returns StochasticBF16F32NEON and its lane table.
func stochasticFamily() (asm, decl []string) {
	data := fmt.Sprintf("DATA %[1]s+0(SB)/8, $0x0000000100000000\nDATA %[1]s+8(SB)/8, $0x0000000300000002\n"+
		"GLOBL %[1]s(SB), RODATA|NOPTR, $16\n", srLanes)
	g := &srGen{fn: &fn{name: "StochasticBF16F32NEON", e: elems[0]}}
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
	g.low, g.nan, g.step, g.one = imm(0xffff), imm(0x7fc0), imm(4), imm(1)
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

	decl = []string{fmt.Sprintf("// %[1]s sets dst[i] to src[i] rounded stochastically to bfloat16 by the random bits of index first+i\n"+
		"// (mod 2³²) under the key k0, k1, over len(dst) elements: kernels' RoundingKey.BF16.\n"+
		"//\n//go:noescape\nfunc %[1]s(%[2]s)\n", g.name, params)}
	return []string{data, g.text()}, decl
}

// round returns, in the low 16 bits of each 32-bit lane of a new register, the float32 lanes of x rounded
// stochastically by the random bits of the indices in g.index: away from zero when the 16 bits dropped exceed
// them, 0x7fc0 for a NaN.
func (g *srGen) round(x vreg) vreg {
	h, t, s := g.v(), g.v(), g.v()
	g.xor(h, g.index, g.k0)
	g.lowBias(h, t)
	g.ins("VADD %s, %s, %s", g.vec(g.k1), g.vec(h), g.vec(h))
	g.lowBias(h, t)
	g.ins("VUSHR $16, %s, %s", g.vec(h), g.vec(h))
	g.and(t, x, g.low)
	g.op3(cmhi, t, t, h) // all ones where the dropped bits exceed the random ones
	g.ins("VUSHR $16, %s, %s", g.vec(x), g.vec(s))
	g.ins("VSUB %s, %s, %s", g.vec(t), g.vec(s), g.vec(s))
	g.op3(fcmeq, t, x, x)
	g.bif(t, g.nan, s)
	g.free(h, t)
	return s
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

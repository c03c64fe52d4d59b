package main

import "fmt"

// accRegs is the number of accumulator registers of the canonical reduction order (kernels/reduce.go): L = 64
// float32 or 32 float64 accumulators are sixteen 128-bit registers either way.
const accRegs = 16

// reductions returns the assembly and declarations of Dot, SumSq, MaxAbs and AllFinite for both element types.
func reductions() (asm, decl []string) {
	for _, e := range elems {
		for _, dot := range []bool{true, false} {
			a, d := reduction(e, dot)
			asm, decl = append(asm, a), append(decl, d)
		}
		for _, finite := range []bool{false, true} {
			a, d := maxAbs(e, finite)
			asm, decl = append(asm, a), append(decl, d)
		}
	}
	return asm, decl
}

// reduction writes Dot (dot) or SumSq.
func reduction(e elem, dot bool) (asm, decl string) {
	name, params, args, doc := "SumSq", "x []"+e.goType, 24, "returns Σ x[i]² in the canonical reduction order, bit for bit as kernels' sumSqRef does."
	if dot {
		name, params, args = "Dot", "x, y []"+e.goType, 48
		doc = "returns Σ x[i]·y[i] over len(x) elements in the canonical reduction order, bit for bit as kernels' dotRef does.\n// y must be at least as long as x."
	}
	f := &fn{name: name + e.suffix + "NEON", e: e}
	fmt.Fprintf(&f.b, "// func %s(%s) %s\n", f.name, params, e.goType)
	fmt.Fprintf(&f.b, "TEXT ·%s(SB), NOSPLIT, $0-%d\n", f.name, args+e.size)
	x, y, n := "R0", "R0", "R2"
	f.ins("MOVD x_base+0(FP), %s", x)
	f.ins("MOVD x_len+8(FP), %s", n)
	if dot {
		y = "R1"
		f.ins("MOVD y_base+24(FP), %s", y)
	}
	dotBody(f, x, y, n, "R3", "R4", "R5")
	f.ins("%s F0, ret+%d(FP)", e.fmov, args)
	f.ins("RET")
	decl = fmt.Sprintf("// %s %s\n//\n//go:noescape\nfunc %s(%s) %s\n", f.name, doc, f.name, params, e.goType)
	return f.text(), decl
}

// dotBody writes the canonical dot product of the n elements at x and y into lane 0 of V0; x == y squares. V0–V15
// accumulate: blocks of sixteen vectors, then the whole vectors left into accumulators 0, 1, … in turn, then the
// partial vector into the next, then the pairwise tree. It advances x and y, consumes n and cnt, px and py, and
// uses V0–V23 and V28–V31, leaving V24–V27 to the caller.
func dotBody(f *fn, x, y, n, cnt, px, py string) {
	e, square := f.e, x == y
	for r := range vreg(accRegs) {
		f.xor(r, r, r)
	}
	// X and Y hold four vectors of x and y, then their products; the four must be consecutive registers for VLD1.
	X, Y := vreg(16), vreg(20)
	if square {
		Y = X
	}
	list := func(r vreg) string {
		return fmt.Sprintf("[%s, %s, %s, %s]", f.vec(r), f.vec(r+1), f.vec(r+2), f.vec(r+3))
	}
	block := accRegs * e.lanes()
	f.label("block")
	f.ins("CMP $%d, %s", block, n)
	f.ins("BLT %s", f.ref("rest"))
	for c := range vreg(accRegs / 4) {
		f.ins("VLD1.P 64(%s), %s", x, list(X))
		if !square {
			f.ins("VLD1.P 64(%s), %s", y, list(Y))
		}
		for j := range vreg(4) {
			f.op3(fmul, X+j, X+j, Y+j)
			f.op3(fadd, 4*c+j, 4*c+j, X+j)
		}
	}
	f.ins("SUB $%d, %s", block, n)
	f.ins("B %s", f.ref("block"))

	// The partial vector's product Q, formed first: its missing lanes are +0 and add +0, which leaves an
	// accumulator (never −0) unchanged, so it is added even when there is no partial vector.
	f.label("rest")
	const PX, PY, Q = vreg(28), vreg(29), vreg(30)
	f.ins("AND $%d, %s, %s", e.lanes()-1, n, cnt)
	f.ins("SUB %s, %s, %s", cnt, n, px)
	f.ins("LSL $%d, %s, %s", log2(e.size), px, px)
	if !square {
		f.ins("ADD %s, %s, %s", y, px, py)
	}
	f.ins("ADD %s, %s, %s", x, px, px)
	f.xor(PX, PX, PX)
	f.xor(PY, PY, PY)
	for lane := range e.lanes() - 1 {
		f.ins("CMP $%d, %s", lane, cnt)
		f.ins("BEQ %s", f.ref("loaded"))
		f.ins("VLD1.P %d(%s), V%d.%s[%d]", e.size, px, PX, e.lane, lane)
		if !square {
			f.ins("VLD1.P %d(%s), V%d.%s[%d]", e.size, py, PY, e.lane, lane)
		}
	}
	f.label("loaded")
	if square {
		f.op3(fmul, Q, PX, PX)
	} else {
		f.op3(fmul, Q, PX, PY)
	}
	// Fifteen whole vectors at most remain: groups of four into accumulators 0–3, 4–7 and 8–11 while they last,
	// then one at a time into the next ones, then the partial vector's product into the one after.
	part := func(r int) string { return fmt.Sprintf("part%d", r) }
	single := func(r int) string { return fmt.Sprintf("single%d", r) }
	for q := 0; q < accRegs-4; q += 4 {
		f.ins("CMP $%d, %s", 4*e.lanes(), n)
		f.ins("BLT %s", f.ref(single(q)))
		f.ins("VLD1.P 64(%s), %s", x, list(X))
		if !square {
			f.ins("VLD1.P 64(%s), %s", y, list(Y))
		}
		for j := range vreg(4) {
			f.op3(fmul, X+j, X+j, Y+j)
			f.op3(fadd, vreg(q)+j, vreg(q)+j, X+j)
		}
		f.ins("SUB $%d, %s", 4*e.lanes(), n)
	}
	f.ins("B %s", f.ref(single(accRegs-4)))
	for q := 0; q < accRegs; q += 4 {
		f.label(single(q))
		for r := q; r < q+3; r++ {
			f.ins("CMP $%d, %s", e.lanes(), n)
			f.ins("BLT %s", f.ref(part(r)))
			f.ins("VLD1.P 16(%s), [%s]", x, f.vec(X))
			if !square {
				f.ins("VLD1.P 16(%s), [%s]", y, f.vec(Y))
			}
			f.op3(fmul, X, X, Y)
			f.op3(fadd, vreg(r), vreg(r), X)
			f.ins("SUB $%d, %s", e.lanes(), n)
		}
		f.ins("B %s", f.ref(part(q+3)))
	}
	for r := range accRegs {
		f.label(part(r))
		f.op3(fadd, vreg(r), vreg(r), Q)
		if r < accRegs-1 {
			f.ins("B %s", f.ref("tree"))
		}
	}
	f.label("tree")
	tree(f, accRegs, 0, 31)
}

// tree writes the canonical pairwise tree acc[j] += acc[j+h] over the accumulators in registers V0 … V(live−1), the
// others of the sixteen being +0 and left out (adding +0 to an accumulator changes nothing): between registers,
// then within V0, into its lane 0. V(tmp) is scratch.
func tree(f *fn, live int, base, tmp vreg) {
	for h := accRegs / 2; h >= 1; h /= 2 {
		for r := range min(h, max(live-h, 0)) {
			f.op3(fadd, base+vreg(r), base+vreg(r), base+vreg(r+h))
		}
	}
	if f.e.lanes() == 4 {
		f.ins("VEXT $8, %s, %s, %s", f.b16(base), f.b16(base), f.b16(tmp)) // lanes 2, 3, 0, 1
		f.op3(fadd, base, base, tmp)
	}
	f.op3(faddp, base, base, base)
}

func log2(n int) int {
	l := 0
	for 1<<l < n {
		l++
	}
	return l
}

// maxAbs writes MaxAbs: the largest |x[i]|, or a NaN if any is NaN, as kernels' maxAbsRef; or, with finite,
// AllFinite, which reports whether that largest |x| is below +Inf: every element is finite exactly when it is. With
// the sign cleared a float's bits order as unsigned integers the way its value does, and every NaN's bits exceed
// +Inf's, so an unsigned max of the bits finds the largest |x| and lets any NaN win, in any order (a NaN result's
// payload may differ from the reference's, which the contract allows). AllFinite reads every element, even after
// a NaN or ±Inf: finite slices, the common case, are read to the end either way.
func maxAbs(e elem, finite bool) (asm, decl string) {
	name, result, size := "MaxAbs", e.goType, e.size
	if finite {
		name, result, size = "AllFinite", "bool", 1
	}
	f := &fn{name: name + e.suffix + "NEON", e: e}
	fmt.Fprintf(&f.b, "// func %s(x []%s) %s\n", f.name, e.goType, result)
	fmt.Fprintf(&f.b, "TEXT ·%s(SB), NOSPLIT, $0-%d\n", f.name, 24+size)
	const x, n = "R0", "R1"
	f.ins("MOVD x_base+0(FP), %s", x)
	f.ins("MOVD x_len+8(FP), %s", n)
	A, ABS, X, M := f.v(), f.v(), f.v(), f.v()
	f.xor(A, A, A)
	f.ins("VMOVI $0xff, %s", f.b16(ABS)) // all ones, then the sign bit of each lane cleared
	f.ins("VUSHR $1, %s, %s", f.vec(ABS), f.vec(ABS))
	// into takes the unsigned max of |X| into A.
	into := func() {
		f.and(X, X, ABS)
		f.op3(cmhi, M, X, A)
		f.bit(M, X, A)
	}
	f.label("vec")
	f.ins("CMP $%d, %s", e.lanes(), n)
	f.ins("BLT %s", f.ref("tail"))
	f.ins("VLD1.P 16(%s), [%s]", x, f.vec(X))
	into()
	f.ins("SUB $%d, %s", e.lanes(), n)
	f.ins("B %s", f.ref("vec"))
	// One element at a time into lane 0; a scalar load zeroes the other lanes, and 0 is below every |x|.
	f.label("tail")
	f.ins("CBZ %s, %s", n, f.ref("fold"))
	f.ins("%s.P %d(%s), %s", e.fmov, e.size, x, f.fp(X))
	into()
	f.ins("SUB $1, %s", n)
	f.ins("B %s", f.ref("tail"))
	f.label("fold")
	for shift := 8; shift >= e.size; shift /= 2 {
		f.ins("VEXT $%d, %s, %s, %s", shift, f.b16(A), f.b16(A), f.b16(X))
		f.op3(cmhi, M, X, A)
		f.bit(M, X, A)
	}
	if !finite {
		f.ins("%s F%d, ret+24(FP)", e.fmov, A)
		f.ins("RET")
		decl = fmt.Sprintf("// %s returns the largest |x[i]|, or a NaN if an element is NaN, and 0 for an empty x, as kernels' maxAbsRef does.\n//\n//go:noescape\nfunc %s(x []%s) %s\n", f.name, f.name, e.goType, e.goType)
		return f.text(), decl
	}
	inf := uint64(0x7f800000)
	if e.size == 8 {
		inf = 0x7ff0000000000000
	}
	f.ins("%s F%d, R2", e.fmov, A)
	f.ins("MOVD $0x%x, R3", inf)
	f.ins("CMP R3, R2")
	f.ins("CSET LO, R2")
	f.ins("MOVB R2, ret+24(FP)")
	f.ins("RET")
	decl = fmt.Sprintf("// %s reports whether every x[i] is finite (true for an empty x), as kernels' allFiniteRef does.\n//\n//go:noescape\nfunc %s(x []%s) bool\n", f.name, f.name, e.goType)
	return f.text(), decl
}

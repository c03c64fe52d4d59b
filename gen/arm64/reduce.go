package main

import (
	"fmt"
	"strings"

	"github.com/fastgrad/fastgrad/internal/kerneldesc"
)

// accRegs is the number of accumulator registers of the canonical reduction order (kernels/reduce.go): L = 64
// float32 or 32 float64 accumulators are sixteen 128-bit registers either way.
const accRegs = 16

// reductions returns the assembly and declarations of rs for both element types, each lowered from its
// description: the term by lower, the fold by sum or maxBits.
func reductions(rs []*kerneldesc.Reduction) (asm, decl []string) {
	for _, e := range elems {
		for _, r := range rs {
			a, d := reduction(r, e)
			asm, decl = append(asm, a), append(decl, d)
		}
	}
	return asm, decl
}

// description returns the reduction named name, for a kernel written here that performs it inside its own.
func description(name string) *kerneldesc.Reduction {
	rs, _ := kerneldesc.Reductions()
	for _, r := range rs {
		if r.Name == name {
			return r
		}
	}
	panic("no reduction " + name)
}

// reduction writes r for the element type e. The arrays' pointers are R0, R1, …, the element count is the
// register after them, and the fold's scratch registers follow.
func reduction(r *kerneldesc.Reduction, e elem) (asm, decl string) {
	f := &fn{name: r.Name + e.suffix + "NEON", e: e}
	params, result := strings.Join(r.Arrays, ", ")+" []"+e.goType, r.Result(e.goType)
	ret, size := 24*len(r.Arrays), e.size
	if r.Fold == kerneldesc.Finite {
		size = 1
	}
	fmt.Fprintf(&f.b, "// func %s(%s) %s\n", f.name, params, result)
	fmt.Fprintf(&f.b, "TEXT ·%s(SB), NOSPLIT, $0-%d\n", f.name, ret+size)
	reg := func(i int) string { return fmt.Sprintf("R%d", i) }
	k := len(r.Arrays)
	ptrs, n := make([]string, k), reg(k)
	for i, a := range r.Arrays {
		ptrs[i] = reg(i)
		f.ins("MOVD %s_base+%d(FP), %s", a, 24*i, ptrs[i])
		if i == 0 {
			f.ins("MOVD %s_len+8(FP), %s", a, n)
		}
	}
	var acc vreg // lane 0 holds the fold: V0 for sum
	if r.Fold == kerneldesc.Sum {
		parts := make([]string, k)
		for i := range parts {
			parts[i] = reg(k + 2 + i)
		}
		sum(f, r, ptrs, n, reg(k+1), parts)
	} else {
		acc = maxBits(f, r, ptrs, n)
	}
	if r.Fold == kerneldesc.Finite {
		// Every term is finite exactly when the largest |term| is below +Inf.
		inf := uint64(0x7f800000)
		if e.size == 8 {
			inf = 0x7ff0000000000000
		}
		t, infReg := reg(k+1), reg(k+2)
		f.ins("%s F%d, %s", e.fmov, acc, t)
		f.ins("MOVD $0x%x, %s", inf, infReg)
		f.ins("CMP %s, %s", infReg, t)
		f.ins("CSET LO, %s", t)
		f.ins("MOVB %s, ret+%d(FP)", t, ret)
	} else {
		f.ins("%s F%d, ret+%d(FP)", e.fmov, acc, ret)
	}
	f.ins("RET")
	decl = fmt.Sprintf("// %s %s\n//\n//go:noescape\nfunc %s(%s) %s\n",
		f.name, strings.ReplaceAll(r.Doc, "\n", "\n// "), f.name, params, result)
	return f.text(), decl
}

// sum writes the canonical sum of r's terms over the n elements at ptrs (one pointer per array of r, in its
// order) into lane 0 of V0. V0–V15 accumulate: blocks of sixteen vectors, then the whole vectors left into
// accumulators 0, 1, … in turn, then the partial vector into the next, then the pairwise tree. It advances ptrs,
// consumes n, cnt and parts (one per array), and takes its other vector registers from those free on entry, which
// must include V0–V15; it leaves them free.
func sum(f *fn, r *kerneldesc.Reduction, ptrs []string, n, cnt string, parts []string) {
	e, entry := f.e, f.used
	defer func() { f.used = entry }()
	for acc := range vreg(accRegs) {
		if f.used[acc] {
			panic(f.name + ": the accumulators' registers are taken")
		}
		f.used[acc] = true
		f.xor(acc, acc, acc)
	}
	v := &vec{fn: f}
	if usesAbs(&r.Kernel) {
		v.abs = f.signMask()
	}
	// Each array's vectors are loaded before the term, four at a time into consecutive registers for one VLD1,
	// and the term's loads return them.
	vecs := map[string]vreg{}
	for _, a := range r.Arrays {
		vecs[a] = f.run(4)
	}
	pool := f.used
	// add loads c vectors of each array (c = 4 or 1) and adds their terms into accumulators acc, acc+1, ….
	add := func(acc vreg, c int) {
		for i, a := range r.Arrays {
			regs := make([]string, c)
			for j := range regs {
				regs[j] = f.vec(vecs[a] + vreg(j))
			}
			f.ins("VLD1.P %d(%s), [%s]", 16*c, ptrs[i], strings.Join(regs, ", "))
		}
		for j := range vreg(c) {
			v.load = func(a string) vreg { return vecs[a] + j }
			f.op3(fadd, acc+j, acc+j, lower(&r.Kernel, v))
		}
		f.used = pool
	}
	block := accRegs * e.lanes()
	f.label("block")
	f.ins("CMP $%d, %s", block, n)
	f.ins("BLT %s", f.ref("rest"))
	for c := vreg(0); c < accRegs; c += 4 {
		add(c, 4)
	}
	f.ins("SUB $%d, %s", block, n)
	f.ins("B %s", f.ref("block"))

	// The partial vector's term Q, formed first. Its missing lanes are zeros, whose term leaves an accumulator
	// unchanged (kerneldesc refuses a term for which it would not), so Q is added even when there is no partial
	// vector.
	f.label("rest")
	f.ins("AND $%d, %s, %s", e.lanes()-1, n, cnt)
	f.ins("SUB %s, %s, %s", cnt, n, parts[0])
	f.ins("LSL $%d, %s, %s", log2(e.size), parts[0], parts[0])
	for i := len(parts) - 1; i >= 0; i-- {
		f.ins("ADD %s, %s, %s", ptrs[i], parts[0], parts[i])
	}
	partial := map[string]vreg{}
	for _, a := range r.Arrays {
		partial[a] = f.v()
		f.xor(partial[a], partial[a], partial[a])
	}
	for lane := range e.lanes() - 1 {
		f.ins("CMP $%d, %s", lane, cnt)
		f.ins("BEQ %s", f.ref("loaded"))
		for i, a := range r.Arrays {
			f.ins("VLD1.P %d(%s), V%d.%s[%d]", e.size, parts[i], partial[a], e.lane, lane)
		}
	}
	f.label("loaded")
	v.load = func(a string) vreg { return partial[a] }
	q := lower(&r.Kernel, v)
	f.used = pool
	f.used[q] = true
	pool = f.used
	// Fifteen whole vectors at most remain: groups of four into accumulators 0–3, 4–7 and 8–11 while they last,
	// then one at a time into the next ones, then the partial vector's term into the one after.
	part := func(acc int) string { return fmt.Sprintf("part%d", acc) }
	single := func(acc int) string { return fmt.Sprintf("single%d", acc) }
	for g := 0; g < accRegs-4; g += 4 {
		f.ins("CMP $%d, %s", 4*e.lanes(), n)
		f.ins("BLT %s", f.ref(single(g)))
		add(vreg(g), 4)
		f.ins("SUB $%d, %s", 4*e.lanes(), n)
	}
	f.ins("B %s", f.ref(single(accRegs-4)))
	for g := 0; g < accRegs; g += 4 {
		f.label(single(g))
		for acc := g; acc < g+3; acc++ {
			f.ins("CMP $%d, %s", e.lanes(), n)
			f.ins("BLT %s", f.ref(part(acc)))
			add(vreg(acc), 1)
			f.ins("SUB $%d, %s", e.lanes(), n)
		}
		f.ins("B %s", f.ref(part(g+3)))
	}
	for acc := range accRegs {
		f.label(part(acc))
		f.op3(fadd, vreg(acc), vreg(acc), q)
		if acc < accRegs-1 {
			f.ins("B %s", f.ref("tree"))
		}
	}
	f.label("tree")
	tree(f, accRegs, 0, f.v())
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

// maxBits writes the fold of Max and Finite over the n elements at ptrs and returns the register whose lane 0
// holds the largest term's bits, for Finite each term's sign cleared first. With the sign cleared a float's bits
// order as unsigned integers the way its value does, and every NaN's bits exceed +Inf's, so an unsigned max of the
// bits finds the largest |term| and lets any NaN win, in any order (a NaN result's payload may differ from the
// reference's, which the contract allows). Finite reads every element, even after a NaN or ±Inf: finite slices,
// the common case, are read to the end either way.
func maxBits(f *fn, r *kerneldesc.Reduction, ptrs []string, n string) vreg {
	e := f.e
	A := f.v()
	f.xor(A, A, A)
	// Max's term is an Abs, and Finite clears the sign itself: both need the sign mask.
	v := &vec{fn: f, abs: f.signMask()}
	pool := f.used
	ptr := map[string]string{}
	for i, a := range r.Arrays {
		ptr[a] = ptrs[i]
	}
	// into takes the unsigned max of the term into A.
	into := func() {
		t := lower(&r.Kernel, v)
		if r.Fold == kerneldesc.Finite {
			f.and(t, t, v.abs)
		}
		m := f.v()
		f.op3(cmhi, m, t, A)
		f.bit(m, t, A)
		f.used = pool
	}
	f.label("vec")
	f.ins("CMP $%d, %s", e.lanes(), n)
	f.ins("BLT %s", f.ref("tail"))
	v.load = func(a string) vreg { return f.loadVec(ptr[a], kerneldesc.Native) }
	into()
	f.ins("SUB $%d, %s", e.lanes(), n)
	f.ins("B %s", f.ref("vec"))
	// One element at a time into lane 0; the other lanes are zeros, whose term leaves the fold as it is
	// (kerneldesc refuses a term for which it would not be).
	f.label("tail")
	f.ins("CBZ %s, %s", n, f.ref("fold"))
	v.load = func(a string) vreg { return f.loadElem(ptr[a], kerneldesc.Native) }
	into()
	f.ins("SUB $1, %s", n)
	f.ins("B %s", f.ref("tail"))
	f.label("fold")
	X, M := f.v(), f.v()
	for shift := 8; shift >= e.size; shift /= 2 {
		f.ins("VEXT $%d, %s, %s, %s", shift, f.b16(A), f.b16(A), f.b16(X))
		f.op3(cmhi, M, X, A)
		f.bit(M, X, A)
	}
	return A
}

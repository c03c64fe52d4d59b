package main

import (
	"fmt"
	"strings"

	"github.com/fastgrad/fastgrad/gen/internal/kerneldoc"
)

// The least-squares kernels reproduce kernels/leastsq.go: per row, ri = Dot(row, w) − y[i] in the canonical
// reduction order, then loss += F(ri·ri) and g[j] += F(ri·row[j]), row after row; finally g = s·g.
//
// Two strategies, chosen per call on n = len(w):
//   - rows of up to lsqMaxV vectors keep g and the row in registers (and w, unless the row is long), with code specialised to the row's vector
//     count V, so the row is read once and the tree adds only the V live accumulator registers of the sixteen
//     (the others are +0, and adding +0 changes nothing);
//   - longer rows stream: the row's dot product, lowered from Dot's description by sum (reduce.go), then a second
//     pass, from L1, adds ri·row into g in memory.
//
// The register strategy takes each accumulator's single product as it is instead of adding it to +0. That
// differs from the reference only when a product is −0, and a −0 addend only decides the sign of a zero sum, so
// the dot product can differ only by being −0 where the reference's is +0 (which it always is, its accumulators
// starting at +0). Adding +0 once to the dot product restores it.
//
// A row's last vector holds lc = n − (V−1)·lanes elements (1 … lanes). It is loaded whole, reading the next row's
// first elements, and ANDed with a mask that keeps lc lanes, unless the row is so close to the end of X that the
// load would leave it: then its lc elements are loaded one lane at a time. The lanes beyond lc are +0 in the row and
// in w, so they add +0 to the dot product, and g's lanes beyond lc are computed but never stored.

// lsqVariants is the generated file's account of its code paths, which its header gives.
const lsqVariants = `//
// Each function holds one code path per row length it specialises, chosen per call on n = len(w):
//   - n ≤ 1, 2, … lsqMaxV (8) vectors: the register strategy, one path per vector count, the row read once;
//   - longer rows: the streaming strategy, a dot-product pass and an update pass over each row.
`

// The register strategy's rows: the row, g and the products take three registers per vector, and six more hold
// w's last vector, the mask, +0, the loss, the broadcast residual and a scratch register, so rows of up to
// lsqMaxV vectors fit. Up to lsqWRegs vectors, w's other vectors take a register each too; longer rows read them
// from memory (L1) for every row.
const (
	lsqMaxV  = 8
	lsqWRegs = 6
)

// lsqMask is the table of last-vector masks: entry j (j = 1 … 4) keeps the first 4·j bytes.
const lsqMask = "lsqmask<>"

// leastSquaresFamily returns LeastSquares and LeastSquaresBatch for both element types, and the mask table.
func leastSquaresFamily() (asm, decl []string) {
	var data strings.Builder
	for j := range 5 {
		for b := 0; b < 16; b += 8 {
			var v uint64
			for i := range 8 {
				if b+i < 4*j {
					v |= 0xff << (8 * i)
				}
			}
			fmt.Fprintf(&data, "DATA %s+%d(SB)/8, $0x%016x\n", lsqMask, 16*j+b, v)
		}
	}
	fmt.Fprintf(&data, "GLOBL %s(SB), RODATA|NOPTR, $80\n", lsqMask)
	asm = append(asm, data.String())
	for _, e := range elems {
		for _, batch := range []bool{false, true} {
			a, d := leastSquares(e, batch)
			asm, decl = append(asm, a), append(decl, d)
		}
	}
	return asm, decl
}

// General-purpose registers of the least-squares kernels.
const (
	lsqG, lsqR, lsqX, lsqY, lsqW = "R0", "R1", "R2", "R3", "R4"
	lsqN, lsqM, lsqIdx, lsqRowB  = "R5", "R6", "R7", "R8" // n, rows left, idx, bytes per row
	lsqRow, lsqLimit, lsqLC      = "R9", "R10", "R11"     // the row, the last row start a whole-vector load allows, lc
	lsqT, lsqP, lsqQ             = "R12", "R13", "R14"    // scratch
	// The mini-batch kernels' prefetch: the next idx entry to prefetch, and how many entries are left from it.
	lsqPfIdx, lsqPfLeft = "R19", "R20"
)

// lsqPrefetchBytes is how far ahead, in bytes of rows, the mini-batch kernels prefetch, as on amd64: about what
// DRAM delivers in its latency. The distance in rows is lsqPrefetchBytes/rowBytes, clamped to 4 … 64.
const lsqPrefetchBytes = 4096

// lsqGen writes one least-squares function.
type lsqGen struct {
	*fn
	batch bool
	sOff  int // the frame offset of s; the result follows at the next multiple of 8
}

func leastSquares(e elem, batch bool) (asm, decl string) {
	name, idxParam, rows := "LeastSquares", "", "every row of X"
	if batch {
		name, idxParam, rows = "LeastSquaresBatch", ", idx []int", "the rows idx[0], idx[1], … of X"
	}
	g := &lsqGen{fn: &fn{name: name + e.suffix + "NEON", e: e}, batch: batch, sOff: 120}
	if batch {
		g.sOff = 144
	}
	params := fmt.Sprintf("g, r, X, y, w []%s%s, s %s", e.goType, idxParam, e.goType)
	fmt.Fprintf(&g.b, "// func %s(%s) %s\n", g.name, params, e.goType)
	fmt.Fprintf(&g.b, "TEXT ·%s(SB), NOSPLIT, $0-%d\n", g.name, g.retOff()+e.size)
	g.ins("MOVD g_base+0(FP), %s", lsqG)
	g.ins("MOVD r_base+24(FP), %s", lsqR)
	g.ins("MOVD X_base+48(FP), %s", lsqX)
	g.ins("MOVD y_base+72(FP), %s", lsqY)
	g.ins("MOVD w_base+96(FP), %s", lsqW)
	g.ins("MOVD w_len+104(FP), %s", lsqN)
	if batch {
		g.ins("MOVD idx_base+120(FP), %s", lsqIdx)
		g.ins("MOVD idx_len+128(FP), %s", lsqM)
	} else {
		g.ins("MOVD y_len+80(FP), %s", lsqM)
	}
	g.ins("LSL $%d, %s, %s", log2(e.size), lsqN, lsqRowB)
	// V = ⌈n/lanes⌉ picks the code; lc is what the last vector holds.
	g.ins("CMP $%d, %s", lsqMaxV*e.lanes(), lsqN)
	g.ins("BGT %s", g.ref("stream"))
	g.ins("ADD $%d, %s, %s", e.lanes()-1, lsqN, lsqT)
	g.ins("LSR $%d, %s, %s", log2(e.lanes()), lsqT, lsqT)
	for v := range lsqMaxV + 1 {
		g.ins("CMP $%d, %s", v, lsqT)
		g.ins("BEQ %s", g.ref(fmt.Sprintf("v%d", v)))
	}
	for v := range lsqMaxV + 1 {
		g.registers(v)
	}
	g.stream()
	decl = fmt.Sprintf("// %s\n"+
		"//\n//go:noescape\nfunc %s(%s) %s\n",
		strings.Join(kerneldoc.LeastSquares(g.name, rows), "\n// "), g.name, params, e.goType)
	return g.text(), decl
}

func (g *lsqGen) retOff() int { return (g.sOff + g.e.size + 7) &^ 7 }

// rowLoop writes the loop over the rows: it points lsqRow at each row in turn and loads its y into Y's lane 0,
// runs dot, which leaves the row's dot product in lane 0 of D, and finishes the row: the residual into D's lane 0
// (and r), its square into the loss and the residual into every lane of B, for update to add B·row into g. It
// falls through when the rows are done.
//
// The mini-batch kernel's rows are scattered, beyond the reach of the hardware prefetchers, so, as on amd64, it
// prefetches the first lines bytes of row idx[k+d] and its y while working on row k.
func (g *lsqGen) rowLoop(label string, lines int, Y, D, B, zero, loss vreg, dot, update func()) {
	e := g.e
	if g.batch {
		g.setupPrefetch(label, lines)
	}
	g.label(label)
	g.ins("CBZ %s, %s", lsqM, g.ref(label+"_done"))
	if g.batch {
		g.ins("CMP $0, %s", lsqPfLeft)
		g.ins("BLE %s", g.ref(label+"_nopf"))
		g.ins("MOVD.P 8(%s), %s", lsqPfIdx, lsqP)
		g.prefetch(lsqP, lines)
		g.ins("SUB $1, %s", lsqPfLeft)
		g.label(label + "_nopf")
		g.ins("MOVD.P 8(%s), %s", lsqIdx, lsqT)
		g.ins("MUL %s, %s, %s", lsqRowB, lsqT, lsqRow)
		g.ins("ADD %s, %s, %s", lsqX, lsqRow, lsqRow)
		g.ins("ADD %s<<%d, %s, %s", lsqT, log2(e.size), lsqY, lsqT)
		g.ins("%s (%s), %s", e.fmov, lsqT, g.fp(Y))
	} else {
		g.ins("%s.P %d(%s), %s", e.fmov, e.size, lsqY, g.fp(Y))
	}
	dot()
	g.scalar("FADD", D, D, zero) // the +0 that makes a −0 dot product the reference's +0
	g.scalar("FSUB", D, D, Y)
	g.ins("CBZ %s, %s", lsqR, g.ref(label+"_nor"))
	g.ins("%s.P %s, %d(%s)", e.fmov, g.fp(D), e.size, lsqR)
	g.label(label + "_nor")
	g.scalar("FMUL", Y, D, D)
	g.scalar("FADD", loss, loss, Y)
	g.ins("VDUP V%d.%s[0], %s", D, e.lane, g.vec(B))
	update()
	if !g.batch {
		g.ins("ADD %s, %s, %s", lsqRowB, lsqRow, lsqRow)
	}
	g.ins("SUB $1, %s", lsqM)
	g.ins("B %s", g.ref(label))
	g.label(label + "_done")
}

// setupPrefetch sets the distance d in rows, prefetches the rows idx[0] … idx[min(d, m)−1], and leaves lsqPfIdx at
// idx[d] with lsqPfLeft = m − d entries from there (none when it is not positive).
func (g *lsqGen) setupPrefetch(label string, lines int) {
	const d = lsqT
	g.ins("MOVD $%d, %s", lsqPrefetchBytes, lsqP)
	g.ins("UDIV %s, %s, %s", lsqRowB, lsqP, d) // 0 when n = 0
	for _, c := range []struct {
		bound int
		cond  string
	}{{4, "LO"}, {64, "HI"}} {
		g.ins("CMP $%d, %s", c.bound, d)
		g.ins("MOVD $%d, %s", c.bound, lsqP)
		g.ins("CSEL %s, %s, %s, %s", c.cond, lsqP, d, d)
	}
	g.ins("SUB %s, %s, %s", d, lsqM, lsqPfLeft)
	g.ins("CMP %s, %s", d, lsqM)
	g.ins("CSEL LO, %s, %s, %s", lsqM, d, d)
	g.ins("MOVD %s, %s", lsqIdx, lsqPfIdx)
	g.label(label + "_pro")
	g.ins("CBZ %s, %s", d, g.ref(label+"_prodone"))
	g.ins("MOVD.P 8(%s), %s", lsqPfIdx, lsqP)
	g.prefetch(lsqP, lines)
	g.ins("SUB $1, %s", d)
	g.ins("B %s", g.ref(label+"_pro"))
	g.label(label + "_prodone")
}

// prefetch fetches the row i (a register, which it overwrites) into the cache: its y, its first lines bytes and
// its last byte (an unaligned row ends in one more line).
func (g *lsqGen) prefetch(i string, lines int) {
	g.ins("ADD %s<<%d, %s, %s", i, log2(g.e.size), lsqY, lsqQ)
	g.ins("PRFM (%s), PLDL1KEEP", lsqQ)
	if lines == 0 {
		return
	}
	g.ins("MUL %s, %s, %s", lsqRowB, i, i)
	g.ins("ADD %s, %s, %s", lsqX, i, i)
	for l := 0; l < lines; l += 64 {
		g.ins("PRFM %d(%s), PLDL1KEEP", l, i)
	}
	g.ins("ADD %s, %s, %s", lsqRowB, i, i)
	g.ins("SUB $1, %s", i)
	g.ins("PRFM (%s), PLDL1KEEP", i)
}

// scalar writes the scalar operation d = n op m on lane 0 (op is FADD, FSUB or FMUL).
func (g *lsqGen) scalar(op string, d, n, m vreg) {
	g.ins("%s%s F%d, F%d, F%d", op, g.e.fmov[len(g.e.fmov)-1:], m, n, d)
}

// lanesIO writes the loads (or stores) of lanes 0 … cnt−1 of V(r) at ptr, advancing ptr, for cnt in 1 … lanes.
func (g *lsqGen) lanesIO(load bool, r vreg, ptr, cnt string) {
	e := g.e
	done := g.fresh("lanes")
	for lane := range e.lanes() {
		if lane > 0 {
			g.ins("CMP $%d, %s", lane, cnt)
			g.ins("BEQ %s", g.ref(done))
		}
		if load {
			g.ins("VLD1.P %d(%s), V%d.%s[%d]", e.size, ptr, r, e.lane, lane)
		} else {
			g.ins("VST1.P V%d.%s[%d], %d(%s)", r, e.lane, lane, e.size, ptr)
		}
	}
	g.label(done)
}

// vectorsIO writes the loads (or stores) of the consecutive registers V(first) … V(first+count−1) at ptr,
// four at a time, advancing ptr.
func (g *lsqGen) vectorsIO(load bool, first vreg, count int, ptr string) {
	for c := 0; c < count; c += 4 {
		k := min(4, count-c)
		regs := make([]string, k)
		for j := range k {
			regs[j] = g.vec(first + vreg(c+j))
		}
		list := "[" + strings.Join(regs, ", ") + "]"
		if load {
			g.ins("VLD1.P %d(%s), %s", 16*k, ptr, list)
		} else {
			g.ins("VST1.P %s, %d(%s)", list, 16*k, ptr)
		}
	}
}

// registers writes the register strategy for rows of v vectors (v = 0 is n = 0: every residual is −y[i]).
func (g *lsqGen) registers(v int) {
	e := g.e
	g.label(fmt.Sprintf("v%d", v))
	// The row, g and the products each take v consecutive registers, and so does w unless it is read from memory;
	// WL is w's last vector, with +0 beyond lc.
	wMem := v > lsqWRegs
	ROW, G, P, W := vreg(0), vreg(v), vreg(2*v), vreg(3*v)
	WL, next := W+vreg(v-1), 4*v
	if wMem {
		WL, next = W, 3*v+1
	}
	mask, zero, loss, B, T := vreg(next), vreg(next+1), vreg(next+2), vreg(next+3), vreg(next+4)
	g.xor(zero, zero, zero)
	g.xor(loss, loss, loss)
	if v > 0 {
		g.ins("SUB $%d, %s, %s", (v-1)*e.lanes(), lsqN, lsqLC)
		g.ins("MOVD $%s(SB), %s", lsqMask, lsqT)
		g.ins("ADD %s<<%d, %s, %s", lsqLC, log2(e.size)+2, lsqT, lsqT) // 16·lc·size/4 bytes in
		g.ins("VLD1 (%s), [%s]", lsqT, g.b16(mask))
		g.ins("MOVD %s, %s", lsqW, lsqT)
		if wMem {
			g.ins("ADD $%d, %s", 16*(v-1), lsqT)
		} else {
			g.vectorsIO(true, W, v-1, lsqT)
		}
		g.xor(WL, WL, WL)
		g.lanesIO(true, WL, lsqT, lsqLC)
		for j := range vreg(v) {
			g.xor(G+j, G+j, G+j)
		}
		// The last row start from which v whole vectors stay inside X.
		g.ins("MOVD X_len+56(FP), %s", lsqLimit)
		g.ins("ADD %s<<%d, %s, %s", lsqLimit, log2(e.size), lsqX, lsqLimit)
		g.ins("SUB $%d, %s", 16*v, lsqLimit)
	}
	if !g.batch {
		g.ins("MOVD %s, %s", lsqX, lsqRow)
	}
	label := fmt.Sprintf("v%d_row", v)
	loaded := g.fresh("loaded")
	g.rowLoop(label, 16*v, T, P, B, zero, loss, func() {
		if v == 0 {
			g.xor(P, P, P)
			return
		}
		g.ins("CMP %s, %s", lsqLimit, lsqRow)
		g.ins("BHI %s", g.ref(label+"_near"))
		g.ins("MOVD %s, %s", lsqRow, lsqP)
		g.vectorsIO(true, ROW, v, lsqP)
		g.and(ROW+vreg(v-1), ROW+vreg(v-1), mask)
		g.label(loaded)
		if wMem {
			g.ins("MOVD %s, %s", lsqW, lsqQ)
			g.vectorsIO(true, P, v-1, lsqQ)
			for j := range vreg(v - 1) {
				g.op3(fmul, P+j, ROW+j, P+j)
			}
		} else {
			for j := range vreg(v - 1) {
				g.op3(fmul, P+j, ROW+j, W+j)
			}
		}
		g.op3(fmul, P+vreg(v-1), ROW+vreg(v-1), WL)
		tree(g.fn, v, P, B)
	}, func() {
		for j := range vreg(v) {
			g.op3(fmul, P+j, ROW+j, B)
			g.op3(fadd, G+j, G+j, P+j)
		}
	})
	if v > 0 {
		g.ins("%s s+%d(FP), F%d", e.fmov, g.sOff, T)
		g.ins("VDUP V%d.%s[0], %s", T, e.lane, g.vec(B))
		for j := range vreg(v) {
			g.op3(fmul, G+j, G+j, B)
		}
		g.ins("MOVD %s, %s", lsqG, lsqT)
		g.vectorsIO(false, G, v-1, lsqT)
		g.lanesIO(false, G+vreg(v-1), lsqT, lsqLC)
	}
	g.ins("%s F%d, ret+%d(FP)", e.fmov, loss, g.retOff())
	g.ins("RET")
	if v > 0 {
		// A row near the end of X: its whole vectors, then its last one lane by lane.
		g.label(label + "_near")
		g.ins("MOVD %s, %s", lsqRow, lsqP)
		g.vectorsIO(true, ROW, v-1, lsqP)
		g.xor(ROW+vreg(v-1), ROW+vreg(v-1), ROW+vreg(v-1))
		g.lanesIO(true, ROW+vreg(v-1), lsqP, lsqLC)
		g.ins("B %s", g.ref(loaded))
	}
}

// lsqStreamLines is how much of a long row the mini-batch kernel prefetches: its first lines, as on amd64; the
// hardware prefetchers follow the rest.
const lsqStreamLines = 512

// stream writes the strategy for long rows: g is cleared, gets each row's B·row added in memory, and is scaled by
// s at the end. A row's dot product is Dot's description, which sum lowers into V0–V15 and whichever other
// registers it finds free: V24–V27, taken here, hold the rest.
func (g *lsqGen) stream() {
	e := g.e
	const zero, loss, B, Y = vreg(24), vreg(25), vreg(26), vreg(27)
	for _, r := range []vreg{zero, loss, B, Y} {
		g.used[r] = true
	}
	dot := description("Dot")
	g.label("stream")
	g.xor(zero, zero, zero)
	g.xor(loss, loss, loss)
	g.overG("clear", nil)
	if !g.batch {
		g.ins("MOVD %s, %s", lsqX, lsqRow)
	}
	g.rowLoop("row", lsqStreamLines, Y, 0, B, zero, loss, func() {
		g.ins("MOVD %s, %s", lsqRow, lsqP)
		g.ins("MOVD %s, %s", lsqW, lsqQ)
		g.ins("MOVD %s, %s", lsqN, lsqT)
		sum(g.fn, dot, []string{lsqP, lsqQ}, lsqT, "R15", []string{"R16", "R17"})
	}, func() {
		g.ins("MOVD %s, %s", lsqRow, lsqP)
		g.overG("add", func(X, G vreg) {
			g.op3(fmul, X, X, B)
			g.op3(fadd, G, G, X)
		})
	})
	g.ins("%s s+%d(FP), F%d", e.fmov, g.sOff, Y)
	g.ins("VDUP V%d.%s[0], %s", Y, e.lane, g.vec(B))
	g.overG("scale", func(_, G vreg) { g.op3(fmul, G, G, B) })
	g.ins("%s F%d, ret+%d(FP)", e.fmov, loss, g.retOff())
	g.ins("RET")
}

// overG writes a pass over the n elements of g: four vectors at a time, then one, then one element at a time in
// lane 0. op updates G from X, the row's matching vector read at lsqP; with op nil, g is cleared.
func (g *lsqGen) overG(label string, op func(X, G vreg)) {
	e := g.e
	const X, G = vreg(16), vreg(20)
	if op == nil {
		for j := range vreg(4) {
			g.xor(X+j, X+j, X+j)
		}
	}
	list := func(r vreg, k int) string {
		regs := make([]string, k)
		for j := range k {
			regs[j] = g.vec(r + vreg(j))
		}
		return "[" + strings.Join(regs, ", ") + "]"
	}
	g.ins("MOVD %s, %s", lsqN, lsqT)
	g.ins("MOVD %s, %s", lsqG, lsqQ)
	g.ins("MOVD %s, R15", lsqG)
	for _, k := range []int{4, 1} {
		loop := fmt.Sprintf("%s%d", label, k)
		g.label(loop)
		g.ins("CMP $%d, %s", k*e.lanes(), lsqT)
		g.ins("BLT %s", g.ref(loop+"_done"))
		if op == nil {
			g.ins("VST1.P %s, %d(R15)", list(X, k), 16*k)
		} else {
			if label == "add" {
				g.ins("VLD1.P %d(%s), %s", 16*k, lsqP, list(X, k))
			}
			g.ins("VLD1.P %d(%s), %s", 16*k, lsqQ, list(G, k))
			for j := range vreg(k) {
				op(X+j, G+j)
			}
			g.ins("VST1.P %s, %d(R15)", list(G, k), 16*k)
		}
		g.ins("SUB $%d, %s", k*e.lanes(), lsqT)
		g.ins("B %s", g.ref(loop))
		g.label(loop + "_done")
	}
	tail := label + "_tail"
	g.label(tail)
	g.ins("CBZ %s, %s", lsqT, g.ref(tail+"_done"))
	if op == nil {
		g.ins("%s.P F%d, %d(R15)", e.fmov, X, e.size)
	} else {
		if label == "add" {
			g.ins("%s.P %d(%s), F%d", e.fmov, e.size, lsqP, X)
		}
		g.ins("%s.P %d(%s), F%d", e.fmov, e.size, lsqQ, G)
		op(X, G)
		g.ins("%s.P F%d, %d(R15)", e.fmov, G, e.size)
	}
	g.ins("SUB $1, %s", lsqT)
	g.ins("B %s", g.ref(tail))
	g.label(tail + "_done")
}

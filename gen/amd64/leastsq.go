package main

import (
	"fmt"

	"github.com/fastgrad/fastgrad/gen/internal/kerneldoc"

	"github.com/mmcloughlin/avo/attr"
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// The least-squares kernels reproduce kernels/leastsq.go: per row, the residual ri = Dot(row, w) − y[i] in the
// canonical reduction order (element j into accumulator j mod L, L·size = 256 bytes, then the pairwise tree), then
// g[j] += F(ri·row[j]) and loss += F(ri·ri), row after row; finally g = s·g.
//
// The accumulators of the canonical order are laid out as 256/width vector registers, register r holding lanes
// r·lanes … (r+1)·lanes−1, so the tree's levels h ≥ lanes add whole registers and the last levels fold a register
// onto itself. The register strategy does not start the accumulators at +0: it takes the first product of each as
// it is.
// That differs from the reference only when the first product is −0, and a −0 addend only decides the sign of a
// zero sum, so the final sum differs at most in being −0 where the reference's is +0 (which it always is, since
// its accumulators started at +0). Adding +0 once to the dot product restores it.
//
// Two strategies, chosen per call on n = len(w) (rows of one element have a scalar form of the first, scalarRows):
//   - rows that fit in a few registers (n ≤ maxV vectors): w, g and the row live in registers, the row is read
//     once, and the vector width is the narrowest that holds a row of up to a vector (XMM for n ≤ 4 float32, so
//     tiny rows need only a short tree);
//   - longer rows stream: a pass over the row for the dot product into the 256/width accumulator registers, then a
//     pass that adds ri·row into g in memory (the row is in L1 by then).
//
// The last, partial vector of a row (its rem = n mod lanes elements, possibly a whole vector) is loaded with its
// other lanes +0; see loadPartial.

// lsqVariants is the generated file's account of its code paths, which its header gives.
const lsqVariants = `//
// Each function holds one code path per row length it specialises, chosen per call on n = len(w):
//   - n = 1: scalar instructions, the contiguous kernel's independent steps a YMM vector of rows at a time;
//   - n ≤ one XMM vector, then (AVX-512) ≤ one YMM vector: the register strategy at that narrower width, whose tree
//     is shorter, for the tiniest rows;
//   - n ≤ 1, 2, … maxV vectors of the widest width (AVX2: 4 YMM, AVX-512: 8 ZMM): the register strategy, one path
//     per vector count, the row read once;
//   - longer rows: the streaming strategy, a dot-product pass and an update pass over each row.
`

// lsqType is one element type's instructions, beyond elem's, for the least-squares kernels.
type lsqType struct {
	elem
	subs, muls, and op
	bcast           func(x, dst reg.Register)  // every lane of dst = lane 0 of the XMM x
	movz            func(m, k, dst operand.Op) // zeroing masked load
}

func lsqTypes(c *build.Context) []lsqType {
	es := elems(c)
	return []lsqType{
		{
			elem: es[0], subs: c.VSUBSS, muls: c.VMULSS, and: c.VANDPS, movz: c.VMOVUPS_Z,
			bcast: func(x, dst reg.Register) { c.VBROADCASTSS(x, dst) },
		},
		{
			elem: es[1], subs: c.VSUBSD, muls: c.VMULSD, and: c.VANDPD, movz: c.VMOVUPD_Z,
			bcast: func(x, dst reg.Register) {
				if dst.Size() == 16 {
					c.VMOVDDUP(x, dst) // VBROADCASTSD has no XMM form
				} else {
					c.VBROADCASTSD(x, dst)
				}
			},
		},
	}
}

// lsqISA is an instruction set the kernels are written for.
type lsqISA struct {
	suffix string
	avx512 bool
	widths []int // vector widths in bytes, narrowest first; the last one streams
	maxV   int   // the register strategy's longest row, in vectors of the widest width
}

var lsqISAs = []lsqISA{
	// Sixteen YMM registers hold g and the row of at most four vectors, their products and the broadcast residual;
	// w is read from memory (L1).
	{suffix: "AVX2", widths: []int{16, 32}, maxV: 4},
	// Thirty-two ZMM registers hold w, g and the row of up to eight vectors, and four accumulators.
	{suffix: "AVX512", avx512: true, widths: []int{16, 32, 64}, maxV: 8},
}

// leastSquares writes LeastSquares{F32,F64}{AVX2,AVX512} and their Batch versions.
func leastSquares(c *build.Context) {
	// lsqkmask[k] has the k low bits set: the AVX-512 mask of a partial vector of k elements (k ≤ 16).
	kmask := c.StaticGlobal("lsqkmask")
	c.DataAttributes(attr.RODATA | attr.NOPTR)
	for k := 0; k <= 16; k++ {
		c.AddDatum(2*k, operand.U16(uint16(1<<k-1)))
	}
	// 32 bytes of ones then 32 of zeros: the 32 bytes from 32 − bytes keep the first bytes of a vector.
	vmask := c.StaticGlobal("lsqvmask")
	c.DataAttributes(attr.RODATA | attr.NOPTR)
	for i := 0; i < 16; i++ {
		c.AddDatum(4*i, operand.U32(uint32(int32(i-8)>>31))) // ones for i < 8
	}
	for _, t := range lsqTypes(c) {
		for _, isa := range lsqISAs {
			for _, batch := range []bool{false, true} {
				g := &lsqGen{c: c, t: t, isa: isa, batch: batch, kmask: kmask, vmask: vmask}
				g.function()
			}
		}
	}
}

// lsqGen writes one kernel function.
type lsqGen struct {
	c            *build.Context
	t            lsqType
	isa          lsqISA
	batch        bool
	kmask, vmask operand.Mem
	name         string
	labels       int

	loss, zero reg.VecVirtual // the running loss (XMM) and +0
	// The partial vector of the current case: its mask (AVX-512), or (AVX2) the mask to AND it with, its element
	// count, a zeroed buffer to copy it through, and w's partial vector padded with +0.
	k                  reg.Register
	and, rem, buf, wtl operand.Mem
	// Locals: the number of rows, the bytes of a row, the prefetch distance in rows and the end of X.
	m, rowBytes, dist, xend operand.Mem
}

func (f *lsqGen) label(s string) operand.LabelRef {
	f.labels++
	return operand.LabelRef(fmt.Sprintf("%s_%s%d", f.name, s, f.labels))
}

func (f *lsqGen) vec(width int) reg.VecVirtual {
	switch width {
	case 16:
		return f.c.XMM()
	case 32:
		return f.c.YMM()
	}
	return f.c.ZMM()
}

func (f *lsqGen) function() {
	c, t := f.c, f.t
	f.name = "LeastSquares"
	params, over := "g, r, X, y, w []%[1]s", "every row of X"
	if f.batch {
		f.name = "LeastSquaresBatch"
		params, over = "g, r, X, y, w []%[1]s, idx []int", "the rows idx[0], idx[1], … of X"
	}
	f.name += t.suffix + f.isa.suffix
	c.Function(f.name)
	c.Attributes(attr.NOSPLIT)
	c.SignatureExpr(fmt.Sprintf("func("+params+", s %[1]s) %[1]s", t.goType))
	c.Pragma("noescape")
	c.Doc(kerneldoc.LeastSquares(f.name, over)...)

	f.m, f.rowBytes, f.dist, f.xend = c.AllocLocal(8), c.AllocLocal(8), c.AllocLocal(8), c.AllocLocal(8)
	if !f.isa.avx512 {
		f.rem, f.and, f.buf, f.wtl = c.AllocLocal(8), c.AllocLocal(32), c.AllocLocal(32), c.AllocLocal(32)
	}
	x := c.Load(c.Param("X").Base(), c.GP64())
	end := c.Load(c.Param("X").Len(), c.GP64())
	c.LEAQ(operand.Mem{Base: x, Index: end, Scale: uint8(t.size)}, end)
	c.MOVQ(end, f.xend)
	n := c.Load(c.Param("w").Len(), c.GP64())
	rows := c.Param("y").Len()
	if f.batch {
		rows = c.Param("idx").Len()
	}
	c.MOVQ(c.Load(rows, c.GP64()), f.m)
	rb := c.GP64()
	c.MOVQ(n, rb)
	c.SHLQ(operand.U8(lsqLog2(t.size)), rb)
	c.MOVQ(rb, f.rowBytes)
	f.loss, f.zero = c.XMM(), c.XMM()
	t.xor(f.loss, f.loss, f.loss)
	t.xor(f.zero, f.zero, f.zero)

	// The register strategy for each row length up to maxV vectors, narrowest width first.
	type regCase struct{ width, vecs int }
	var cases []regCase
	for _, w := range f.isa.widths[:len(f.isa.widths)-1] {
		cases = append(cases, regCase{w, 1})
	}
	widest := f.isa.widths[len(f.isa.widths)-1]
	for v := 1; v <= f.isa.maxV; v++ {
		cases = append(cases, regCase{widest, v})
	}
	scalar := f.label("scalar")
	c.CMPQ(n, operand.U32(1))
	c.JE(scalar)
	targets := make([]operand.LabelRef, len(cases))
	for i, rc := range cases {
		targets[i] = f.label(fmt.Sprintf("w%dv%d_", rc.width, rc.vecs))
		c.CMPQ(n, operand.U32(rc.vecs*rc.width/t.size))
		c.JBE(targets[i])
	}
	stream := f.label("stream")
	c.JMP(stream)
	done := operand.LabelRef(f.name + "_done")
	c.Label(string(scalar))
	f.scalarRows()
	c.JMP(done)
	for i, rc := range cases {
		c.Label(string(targets[i]))
		f.registerRows(rc.width, rc.vecs)
		c.JMP(done)
	}
	c.Label(string(stream))
	f.streamRows(widest)

	c.Label(string(done))
	c.VZEROUPPER()
	c.Store(f.loss, c.ReturnIndex(0))
	c.RET()
}

// lsqLog2 returns the base-2 logarithm of a power of two.
func lsqLog2(x int) int {
	k := 0
	for 1<<k < x {
		k++
	}
	return k
}

// setupPartial prepares the loads and stores of a partial vector of rem elements (rem may be a whole vector, or 0)
// of either width.
func (f *lsqGen) setupPartial(rem reg.Register) {
	c, t := f.c, f.t
	if f.isa.avx512 {
		k := c.K()
		tab := c.GP64()
		c.LEAQ(f.kmask, tab)
		c.KMOVW(operand.Mem{Base: tab, Index: rem, Scale: 2}, k)
		f.k = k
		return
	}
	c.MOVQ(rem, f.rem)
	tab, off, v := c.GP64(), c.GP64(), c.YMM()
	c.LEAQ(f.vmask, tab)
	c.MOVQ(operand.U32(32), off)
	b := c.GP64()
	c.MOVQ(rem, b)
	c.SHLQ(operand.U8(lsqLog2(t.size)), b)
	c.SUBQ(b, off)
	c.VMOVUPS(operand.Mem{Base: tab, Index: off, Scale: 1}, v)
	c.VMOVUPS(v, f.and)
	z := c.YMM()
	c.VXORPS(z, z, z)
	c.VMOVUPS(z, f.buf)
}

// loadPartial loads the rem elements at p into dst, its other lanes +0, reading nothing outside X when p is in X.
// While a whole vector at p stays inside X it is read with an ordinary load and the lanes past rem cleared:
// AMD's Zen 5 runs a masked load that misses the cache several times slower (0.6 against 0.15 ns per element of a
// 1e6×16 float32 matrix in DRAM). Near X's end AVX-512 uses the masked load, and AVX2 copies the rem elements
// through a zeroed stack buffer (VMASKMOVPS faults past a mapping under qemu).
func (f *lsqGen) loadPartial(p operand.Mem, dst reg.VecVirtual) {
	c, t := f.c, f.t
	edge, next := f.label("edge"), f.label("loaded")
	e := c.GP64()
	c.LEAQ(p.Offset(int(dst.Size())), e)
	c.CMPQ(e, f.xend)
	c.JA(edge)
	t.movu(p, dst)
	if f.isa.avx512 {
		t.movz(dst, f.k, dst)
	} else {
		t.and(f.and.Offset(0), dst, dst)
	}
	c.JMP(next)
	c.Label(string(edge))
	if f.isa.avx512 {
		t.movz(p, f.k, dst)
	} else {
		f.copyRem(p, f.buf)
		t.movu(f.buf, dst)
	}
	c.Label(string(next))
}

// copyRem copies rem elements from src to dst, one at a time (AVX2's partial vectors near the end of a slice).
func (f *lsqGen) copyRem(src, dst operand.Mem) {
	c, t := f.c, f.t
	a, b, i, loop, end := c.GP64(), c.GP64(), c.GP64(), f.label("copy"), f.label("copied")
	c.LEAQ(src, a)
	c.LEAQ(dst, b)
	c.XORQ(i, i)
	c.Label(string(loop))
	c.CMPQ(i, f.rem)
	c.JAE(end)
	x := c.XMM()
	t.movs(operand.Mem{Base: a, Index: i, Scale: uint8(t.size)}, x)
	t.movs(x, operand.Mem{Base: b, Index: i, Scale: uint8(t.size)})
	c.INCQ(i)
	c.JMP(loop)
	c.Label(string(end))
}

// loadW returns w's vector at byte offset off as an operand: a register on AVX-512, memory on AVX2 (its partial
// vector copied once into a zero-padded stack buffer).
func (f *lsqGen) loadW(w reg.Register, off, width int, partial bool) operand.Op {
	c, t := f.c, f.t
	p := operand.Mem{Base: w, Disp: off}
	switch {
	case f.isa.avx512:
		W := f.vec(width)
		if partial {
			t.movz(p, f.k, W)
		} else {
			t.movu(p, W)
		}
		return W
	case partial:
		z := c.YMM()
		c.VXORPS(z, z, z)
		c.VMOVUPS(z, f.wtl)
		f.copyRem(p, f.wtl)
		return f.wtl
	}
	return p
}

// storePartial stores the first rem lanes of x at p.
func (f *lsqGen) storePartial(x reg.VecVirtual, p operand.Mem) {
	t := f.t
	if f.isa.avx512 {
		t.movu(x, f.k, p)
		return
	}
	t.movu(x, f.buf)
	f.copyRem(f.buf, p)
}

// forRows emits the loop over the rows in the kernel's order. body gets the row's first element, y's element and
// r's element for the row.
//
// The mini-batch kernel's rows are scattered, beyond the reach of the hardware prefetchers, so it prefetches the
// first lines bytes of row idx[k+d] and its y while working on row k (d: see lsqPrefetchBytes): without that, a
// batch of random rows from a matrix in L3 took 2.5 times as long per element as the whole matrix.
func (f *lsqGen) forRows(lines int, body func(row reg.Register, yi, ri operand.Mem)) {
	c, t := f.c, f.t
	x := c.Load(c.Param("X").Base(), c.GP64())
	y := c.Load(c.Param("y").Base(), c.GP64())
	r := c.Load(c.Param("r").Base(), c.GP64())
	var idx reg.Register
	if f.batch {
		idx = c.Load(c.Param("idx").Base(), c.GP64())
		f.setupPrefetch(x, y, idx, lines)
	}
	k := c.GP64()
	c.XORQ(k, k)
	loop, end := f.label("row"), f.label("rowsdone")
	c.Label(string(loop))
	c.CMPQ(k, f.m)
	c.JAE(end)
	ri := operand.Mem{Base: r, Index: k, Scale: uint8(t.size)}
	if f.batch {
		kp := c.GP64()
		c.MOVQ(k, kp)
		c.ADDQ(f.dist, kp)
		f.prefetch(x, y, idx, kp, lines)
		i, row := c.GP64(), c.GP64()
		c.MOVQ(operand.Mem{Base: idx, Index: k, Scale: 8}, i)
		c.MOVQ(i, row)
		c.IMULQ(f.rowBytes, row)
		c.ADDQ(x, row)
		body(row, operand.Mem{Base: y, Index: i, Scale: uint8(t.size)}, ri)
	} else {
		body(x, operand.Mem{Base: y}, ri)
		c.ADDQ(f.rowBytes, x)
		c.ADDQ(operand.U32(t.size), y)
	}
	c.INCQ(k)
	c.JMP(loop)
	c.Label(string(end))
}

// lsqPrefetchBytes is how far ahead, in bytes of rows, the mini-batch kernels prefetch: about what DRAM delivers in
// its latency. The distance in rows is lsqPrefetchBytes/rowBytes, between 4 and 64 (a row of 16 float32 from DRAM
// needs 64 rows in flight; a row of 64 from L3 16).
const lsqPrefetchBytes = 4096

// lsqStreamAhead is how far ahead of the dot-product pass, in bytes of X, the streaming strategy prefetches (the
// contiguous kernel only, whose next rows follow). It took a 1e5×512 float32 matrix in DRAM from 0.145 to 0.105 ns
// per element on AVX-512 (AMD EPYC, Zen 5); 1 KiB gained half of that.
const lsqStreamAhead = 8192

// setupPrefetch sets the prefetch distance in rows and prefetches the rows before it.
func (f *lsqGen) setupPrefetch(x, y, idx reg.Register, lines int) {
	c := f.c
	d, b := c.GP64(), c.GP64()
	c.MOVQ(operand.U32(64), d)
	shrink, ok := f.label("shrink"), f.label("distance")
	c.Label(string(shrink))
	c.CMPQ(d, operand.U32(4))
	c.JBE(ok)
	c.MOVQ(d, b)
	c.IMULQ(f.rowBytes, b)
	c.CMPQ(b, operand.U32(lsqPrefetchBytes))
	c.JBE(ok)
	c.SHRQ(operand.U8(1), d)
	c.JMP(shrink)
	c.Label(string(ok))
	c.MOVQ(d, f.dist)
	k, loop, end := c.GP64(), f.label("pro"), f.label("prodone")
	c.XORQ(k, k)
	c.Label(string(loop))
	c.CMPQ(k, f.dist)
	c.JAE(end)
	f.prefetch(x, y, idx, k, lines)
	c.INCQ(k)
	c.JMP(loop)
	c.Label(string(end))
}

// prefetch fetches row idx[kp] (its first lines bytes, and its last byte) and its y into the cache, if kp < m.
func (f *lsqGen) prefetch(x, y, idx, kp reg.Register, lines int) {
	c, t := f.c, f.t
	skip := f.label("nopf")
	p := c.GP64()
	c.CMPQ(kp, f.m)
	c.JAE(skip)
	c.MOVQ(operand.Mem{Base: idx, Index: kp, Scale: 8}, p)
	c.PREFETCHT0(operand.Mem{Base: y, Index: p, Scale: uint8(t.size)})
	c.IMULQ(f.rowBytes, p)
	c.ADDQ(x, p)
	for l := 0; l < lines; l += 64 {
		c.PREFETCHT0(operand.Mem{Base: p, Disp: l})
	}
	c.ADDQ(f.rowBytes, p) // an unaligned row ends in one more line
	c.PREFETCHT0(operand.Mem{Base: p, Disp: -1})
	c.Label(string(skip))
}

// residual combines the accumulator registers acc (acc[r] holds lanes r·lanes…, registers past the end are +0) by
// the canonical tree and returns ri = dot − y[i] in an XMM register, after storing it in r[i] (unless r is nil)
// and adding ri² to the loss.
func (f *lsqGen) residual(acc []reg.VecVirtual, yi, rm operand.Mem) reg.Register {
	c, t := f.c, f.t
	lo := tree(c, t.elem, acc, f.isa.avx512)
	t.adds(f.zero, lo, lo) // −0 becomes +0, as the reference's sum
	t.subs(yi, lo, lo)
	skip := f.label("nor")
	c.CMPQ(rm.Base, operand.U32(0))
	c.JE(skip)
	t.movs(lo, rm)
	c.Label(string(skip))
	sq := c.XMM()
	t.muls(lo, lo, sq)
	t.adds(sq, f.loss, f.loss)
	return lo
}

// scalarRows is the register strategy for rows of one element, in scalar instructions: the canonical tree of a
// single product is the product plus +0, so a row is a load and six operations. The vector form of the same rows,
// a partial load, its mask and a tree over empty lanes, took 2.6 times as long as a C loop written this way (1e5×1
// float32), and a loop that kept the row count in memory and tested r on every row still 1.25 times: the contiguous
// kernel has a loop with r and one without, over pointers in registers.
func (f *lsqGen) scalarRows() {
	c, t := f.c, f.t
	w, g := c.XMM(), c.XMM()
	t.movs(operand.Mem{Base: c.Load(c.Param("w").Base(), c.GP64())}, w)
	t.xor(g, g, g)
	// row adds the row at x, whose y is at yi, and stores its residual at rm unless rm is nil.
	row := func(x, yi operand.Mem, rm *operand.Mem) {
		xi, ri := c.XMM(), c.XMM()
		t.movs(x, xi)
		t.muls(w, xi, ri)
		t.adds(f.zero, ri, ri) // −0 becomes +0, as the reference's sum
		t.subs(yi, ri, ri)
		if rm != nil {
			t.movs(ri, *rm)
		}
		sq := c.XMM()
		t.muls(ri, ri, sq)
		t.adds(sq, f.loss, f.loss)
		t.muls(ri, xi, xi)
		t.adds(xi, g, g)
	}
	if f.batch {
		f.forRows(t.size, func(x reg.Register, yi, rm operand.Mem) {
			skip, next := f.label("nor"), f.label("stored")
			c.CMPQ(rm.Base, operand.U32(0))
			c.JE(skip)
			row(operand.Mem{Base: x}, yi, &rm)
			c.JMP(next)
			c.Label(string(skip))
			row(operand.Mem{Base: x}, yi, nil)
			c.Label(string(next))
		})
	} else {
		f.scalarRun(w, g, row)
	}
	s := c.Load(c.Param("s"), c.XMM())
	t.muls(s, g, g)
	t.movs(g, operand.Mem{Base: c.Load(c.Param("g").Base(), c.GP64())})
}

// scalarRun is scalarRows' loop for the contiguous kernel: a loop with r and one without, over pointers in
// registers. Each takes a YMM vector of rows at a time through the operations whose rows are independent, the
// residuals, their squares and their products with the rows, as a C compiler vectorizes them, and adds the squares
// and products to the loss and g one row after another, in row order, from a stack buffer; the last rows go through
// row one at a time.
func (f *lsqGen) scalarRun(w, g reg.VecVirtual, row func(x, yi operand.Mem, rm *operand.Mem)) {
	c, t := f.c, f.t
	const width = 32
	lanes := width / t.size
	terms := c.AllocLocal(2 * width) // the squares, then the products
	x := c.Load(c.Param("X").Base(), c.GP64())
	y := c.Load(c.Param("y").Base(), c.GP64())
	r := c.Load(c.Param("r").Base(), c.GP64())
	left := c.GP64()
	c.MOVQ(f.m, left)
	W, Z := c.YMM(), c.YMM()
	t.bcast(w, W)
	t.xor(Z, Z, Z)
	without, done := f.label("nor"), f.label("rowsdone")
	c.CMPQ(r, operand.U32(0))
	c.JE(without)
	for _, withR := range []bool{true, false} {
		if !withR {
			c.Label(string(without))
		}
		var rm *operand.Mem
		next := []reg.Register{x, y}
		if withR {
			rm = &operand.Mem{Base: r}
			next = append(next, r)
		}
		vec, one := f.label("rows"), f.label("row")
		c.Label(string(vec))
		c.CMPQ(left, operand.U32(lanes))
		c.JB(one)
		X, R, P := c.YMM(), c.YMM(), c.YMM()
		t.movu(operand.Mem{Base: x}, X)
		t.mul(W, X, R)
		t.add(Z, R, R) // −0 becomes +0, as the reference's sum
		t.sub(operand.Mem{Base: y}, R, R)
		if withR {
			t.movu(R, operand.Mem{Base: r})
		}
		t.mul(R, X, P)
		t.mul(R, R, R)
		t.movu(R, terms)
		t.movu(P, terms.Offset(width))
		for k := range lanes {
			t.adds(terms.Offset(k*t.size), f.loss, f.loss)
			t.adds(terms.Offset(width+k*t.size), g, g)
		}
		for _, p := range next {
			c.ADDQ(operand.U32(width), p)
		}
		c.SUBQ(operand.U32(lanes), left)
		c.JMP(vec)
		c.Label(string(one))
		c.CMPQ(left, operand.U32(0))
		c.JE(done)
		row(operand.Mem{Base: x}, operand.Mem{Base: y}, rm)
		for _, p := range next {
			c.ADDQ(operand.U32(t.size), p)
		}
		c.DECQ(left)
		c.JMP(one)
	}
	c.Label(string(done))
}

// registerRows is the register strategy for rows of vecs vectors of the given width, the last one partial (1 to
// lanes elements).
func (f *lsqGen) registerRows(width, vecs int) {
	c, t := f.c, f.t
	lanes := width / t.size
	n := c.Load(c.Param("w").Len(), c.GP64())
	rem := n
	if vecs > 1 {
		c.SUBQ(operand.U32((vecs-1)*lanes), rem)
	}
	f.setupPartial(rem)
	wp := c.Load(c.Param("w").Base(), c.GP64())
	W := make([]operand.Op, vecs)
	G := make([]reg.VecVirtual, vecs)
	for k := range W {
		W[k] = f.loadW(wp, k*width, width, k == vecs-1)
		G[k] = f.vec(width)
		t.xor(G[k], G[k], G[k])
	}
	f.forRows(vecs*width, func(row reg.Register, yi, rm operand.Mem) {
		X := make([]reg.VecVirtual, vecs)
		for k := range X {
			X[k] = f.vec(width)
			p := operand.Mem{Base: row, Disp: k * width}
			if k == vecs-1 {
				f.loadPartial(p, X[k])
			} else {
				t.movu(p, X[k])
			}
		}
		A := accBytes / width
		acc := make([]reg.VecVirtual, min(vecs, A))
		for k := range X {
			if k < A {
				acc[k] = f.vec(width)
				t.mul(W[k], X[k], acc[k])
				continue
			}
			T := f.vec(width)
			t.mul(W[k], X[k], T)
			t.add(T, acc[k%A], acc[k%A])
		}
		ri := f.residual(acc, yi, rm)
		R := f.vec(width)
		t.bcast(ri, R)
		for k := range X {
			T := f.vec(width)
			t.mul(R, X[k], T)
			t.add(T, G[k], G[k])
		}
	})
	S := f.scale(width)
	gp := c.Load(c.Param("g").Base(), c.GP64())
	for k := range G {
		t.mul(S, G[k], G[k])
		p := operand.Mem{Base: gp, Disp: k * width}
		if k == vecs-1 {
			f.storePartial(G[k], p)
		} else {
			t.movu(G[k], p)
		}
	}
}

// scale returns s in every lane of a register of the given width.
func (f *lsqGen) scale(width int) reg.Register {
	s := f.c.Load(f.c.Param("s"), f.c.XMM())
	S := f.vec(width)
	f.t.bcast(s, S)
	return S
}

// streamRows is the streaming strategy: per row a dot-product pass into 256/width accumulator registers, then a
// pass adding ri·row into g in memory. The partial vector of g stays in a register throughout.
func (f *lsqGen) streamRows(width int) {
	c, t := f.c, f.t
	lanes := width / t.size
	A := accBytes / width
	n := c.Load(c.Param("w").Len(), c.GP64())
	rem, full := c.GP64(), c.GP64()
	c.MOVQ(n, rem)
	c.ANDQ(operand.U32(lanes-1), rem)
	c.MOVQ(n, full)
	c.SUBQ(rem, full)
	c.SHLQ(operand.U8(lsqLog2(t.size)), full) // the bytes of the whole vectors
	fullBytes := c.AllocLocal(8)
	c.MOVQ(full, fullBytes)
	f.setupPartial(rem)

	// clear(g) for the whole vectors.
	{
		gp := c.Load(c.Param("g").Base(), c.GP64())
		z := f.vec(width)
		t.xor(z, z, z)
		j, loop, end := c.GP64(), f.label("clear"), f.label("cleared")
		c.XORQ(j, j)
		c.Label(string(loop))
		c.CMPQ(j, fullBytes)
		c.JAE(end)
		t.movu(z, operand.Mem{Base: gp, Index: j, Scale: 1})
		c.ADDQ(operand.U32(width), j)
		c.JMP(loop)
		c.Label(string(end))
	}
	wp := c.Load(c.Param("w").Base(), c.GP64())
	c.ADDQ(full, wp)
	Wp := f.loadW(wp, 0, width, true)
	Gp := f.vec(width)
	t.xor(Gp, Gp, Gp)

	// A long row's first lines; the hardware prefetchers follow the rest.
	f.forRows(512, func(row reg.Register, yi, rm operand.Mem) {
		w := c.Load(c.Param("w").Base(), c.GP64())
		j := c.GP64()
		// The partial vector is loaded first so that its stack-copy fallback is written once.
		Xp := f.vec(width)
		c.MOVQ(fullBytes, j)
		f.loadPartial(operand.Mem{Base: row, Index: j, Scale: 1}, Xp)
		acc := make([]reg.VecVirtual, A)
		for r := range acc {
			acc[r] = f.vec(width)
			t.xor(acc[r], acc[r], acc[r])
		}
		// product adds the vector at byte offset j+off into accumulator r.
		product := func(off, r int) {
			T := f.vec(width)
			t.movu(operand.Mem{Base: row, Index: j, Scale: 1, Disp: off}, T)
			t.mul(operand.Mem{Base: w, Index: j, Scale: 1, Disp: off}, T, T)
			t.add(T, acc[r], acc[r])
		}
		block, rest, tree := f.label("block"), f.label("rest"), f.label("tree")
		e := c.GP64()
		c.XORQ(j, j)
		c.Label(string(block))
		c.LEAQ(operand.Mem{Base: j, Disp: A * width}, e)
		c.CMPQ(e, fullBytes)
		c.JA(rest)
		for l := 0; l < A*width && !f.batch; l += 64 {
			c.PREFETCHT0(operand.Mem{Base: row, Index: j, Scale: 1, Disp: lsqStreamAhead + l})
		}
		for r := range A {
			product(r*width, r)
		}
		c.MOVQ(e, j)
		c.JMP(block)
		// Fewer than A whole vectors remain: they go to accumulators 0, 1, … and the partial one to the next.
		c.Label(string(rest))
		part := make([]operand.LabelRef, A)
		for r := range part {
			part[r] = f.label(fmt.Sprintf("part%d_", r))
		}
		for r := range A - 1 {
			c.CMPQ(j, fullBytes)
			c.JAE(part[r])
			product(0, r)
			c.ADDQ(operand.U32(width), j)
		}
		// After A−1 whole vectors the partial one can only go to the last accumulator: its code comes first.
		for q := range A {
			r := (q + A - 1) % A
			c.Label(string(part[r]))
			T := f.vec(width)
			t.mul(Wp, Xp, T)
			t.add(T, acc[r], acc[r])
			if q < A-1 {
				c.JMP(tree)
			}
		}
		c.Label(string(tree))
		// The accumulators started at +0 here, so the tree's +0 in residual changes nothing.
		ri := f.residual(acc, yi, rm)
		R := f.vec(width)
		t.bcast(ri, R)

		gp := c.Load(c.Param("g").Base(), c.GP64())
		update := func(off int) {
			T := f.vec(width)
			t.mul(operand.Mem{Base: row, Index: j, Scale: 1, Disp: off}, R, T)
			t.add(operand.Mem{Base: gp, Index: j, Scale: 1, Disp: off}, T, T)
			t.movu(T, operand.Mem{Base: gp, Index: j, Scale: 1, Disp: off})
		}
		const unroll = 4
		gblock, gone, gdone := f.label("gblock"), f.label("gone"), f.label("gdone")
		c.XORQ(j, j)
		c.Label(string(gblock))
		c.LEAQ(operand.Mem{Base: j, Disp: unroll * width}, e)
		c.CMPQ(e, fullBytes)
		c.JA(gone)
		for u := range unroll {
			update(u * width)
		}
		c.MOVQ(e, j)
		c.JMP(gblock)
		c.Label(string(gone))
		c.CMPQ(j, fullBytes)
		c.JAE(gdone)
		update(0)
		c.ADDQ(operand.U32(width), j)
		c.JMP(gone)
		c.Label(string(gdone))
		T := f.vec(width)
		t.mul(R, Xp, T)
		t.add(T, Gp, Gp)
	})

	// g = s·g.
	S := f.scale(width)
	gp := c.Load(c.Param("g").Base(), c.GP64())
	j, loop, end := c.GP64(), f.label("scale"), f.label("scaled")
	c.XORQ(j, j)
	c.Label(string(loop))
	c.CMPQ(j, fullBytes)
	c.JAE(end)
	T := f.vec(width)
	t.mul(operand.Mem{Base: gp, Index: j, Scale: 1}, S, T)
	t.movu(T, operand.Mem{Base: gp, Index: j, Scale: 1})
	c.ADDQ(operand.U32(width), j)
	c.JMP(loop)
	c.Label(string(end))
	t.mul(S, Gp, Gp)
	c.ADDQ(fullBytes, gp)
	f.storePartial(Gp, operand.Mem{Base: gp})
}

package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/fastgrad/fastgrad/gen/internal/kerneldoc"
	"github.com/fastgrad/fastgrad/internal/kerneldesc"

	"github.com/mmcloughlin/avo/attr"
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/pass"
	"github.com/mmcloughlin/avo/printer"
	"github.com/mmcloughlin/avo/reg"
)

// isa is an instruction set the elementwise kernels are generated for.
type isa struct {
	name  string // symbol suffix
	bytes int    // vector width
}

var (
	avx2   = isa{"AVX2", 32}
	avx512 = isa{"AVX512", 64}
)

// elementwise describes a kernel that updates every index i of its arrays independently: the loop, the tail and
// the constants are emitted by emit, once for all kernels; a kernel supplies only the per-element math.
type elementwise struct {
	name   string   // symbol prefix, e.g. Adam; the symbol is name + F32|F64 + AVX2|AVX512
	arrays []string // slice parameters in signature order, walked with one index; the first one's length is n
	// storage is how each array holds its elements, as kerneldesc.Kernel.Storage: nil when all hold the element
	// type. A 16-bit array is a []uint16, widened on loading and rounded on storing; such a kernel is float32 only.
	storage []kerneldesc.Storage
	consts  int // scalars in the constant block k [consts]F that follows the slices, passed by value; none: no k
	// numbers and flags are the slots of k the body reads, ascending; only they are broadcast. A flag is a mask, all
	// ones (on) or +0 (off), used only by blend.
	numbers, flags []int
	abs            bool   // the body takes an Abs, which needs the all-but-sign mask broadcast
	doc            string // what the kernel computes, completing "<symbol> …"
	widensBF16     bool   // the body loads a bfloat16 array
	// stochastic are the 16-bit arrays whose stores round stochastically (stored_sr.go); a kernel with any
	// takes the key and the first element's index after its constant block.
	stochastic []string
	// unroll is the number of vectors per loop iteration for AVX2 and AVX-512.
	unroll [2]int
	// body emits the update of one vector's worth of elements through v. It must reach memory only through
	// v.load and v.store, so that the same body serves whole vectors, masked tails and scalar tails.
	body func(v *vec)
}

// vec is what a kernel body, or a reduction's term, is written against: one vector of elements at the current
// index, in whatever width the loop is at.
type vec struct {
	c      *build.Context
	e      elem
	reg    func() reg.VecVirtual         // a new register of the current width
	load   func(array string) operand.Op // a register, or, for a reduction's whole vector, memory
	store  func(r reg.VecVirtual, array string)
	consts []operand.Op         // constant s, broadcast: in a register, or in a stack slot (AVX2)
	flags  map[int]reg.Register // flag s as a mask: a vector register (AVX2) or an opmask (AVX-512)
	abs    reg.Register         // the all-but-sign mask, broadcast, if the body takes an Abs
	wide   bool                 // AVX-512: masks are opmasks
	masks  *masks               // the file's read-only constants, for the conversions of 16-bit arrays
	spread spread               // AVX-512, if the body widens bfloat16
	name   string               // the function's, which its labels start with
	labels int                  // the labels newLabel has made
	// pending are the AVX-512 16-bit stores since the last fixStores, and rare the opmask of their lanes whose
	// fast rounding may be wrong.
	pending []pendingStore
	rare    reg.Register
}

// k returns constant s as an operand every lane of which holds it.
func (v *vec) k(s int) operand.Op { return v.consts[s] }

// flag returns flag s as a mask for blend.
func (v *vec) flag(s int) reg.Register { return v.flags[s] }

// cmp returns the mask of the lanes where the comparison pred (a VCMPPx predicate) of a with b holds.
func (v *vec) cmp(pred uint8, a, b operand.Op) reg.Register {
	var m reg.Register
	if v.wide {
		m = v.c.K()
	} else {
		m = v.reg()
	}
	v.e.cmp(operand.U8(pred), b, a, m)
	return m
}

// blend sets dst to a in the lanes of mask and to b elsewhere.
func (v *vec) blend(mask reg.Register, a, b, dst operand.Op) {
	if v.wide {
		v.e.blendm(a, b, mask, dst)
	} else {
		v.e.blendv(mask, a, b, dst)
	}
}

// The VCMPPx predicates the kernels use.
const (
	cmpEQ    = 0x00 // ordered, quiet ==
	cmpLT    = 0x01 // ordered, signalling <
	cmpUnord = 0x03 // either operand is NaN
	cmpGT    = 0x0e // ordered, signalling >
)

// emit writes ek for every element type and both instruction sets, into the file whose masks are m.
func (ek elementwise) emit(c *build.Context, m *masks) {
	for i, e := range elems(c) {
		if e.size != 4 && ek.halves() {
			continue
		}
		for x, is := range []isa{avx2, avx512} {
			inRegs := len(ek.numbers)
			if is == avx2 {
				inRegs = ek.constRegs(i, ek.unroll[x])
			}
			ek.function(c, m, e, is, ek.unroll[x], inRegs)
		}
	}
}

// storageOf returns how the array a holds its elements.
func (ek elementwise) storageOf(a string) kerneldesc.Storage {
	if ek.storage == nil {
		return kerneldesc.Native
	}
	return ek.storage[slices.Index(ek.arrays, a)]
}

// halves reports whether an array holds 16-bit elements.
func (ek elementwise) halves() bool {
	return slices.ContainsFunc(ek.storage, func(s kerneldesc.Storage) bool { return s != kerneldesc.Native })
}

// signature returns the function's Go signature for the element type goType.
func (ek elementwise) signature(goType string) string {
	var params []string
	for _, a := range ek.arrays {
		t := goType
		if ek.storageOf(a) != kerneldesc.Native {
			t = "uint16"
		}
		params = append(params, a+" []"+t)
	}
	if ek.consts > 0 {
		params = append(params, fmt.Sprintf("k [%d]%s", ek.consts, goType))
	}
	if len(ek.stochastic) > 0 {
		params = append(params, "k0, k1, first uint32")
	}
	return "func(" + strings.Join(params, ", ") + ")"
}

// constRegs returns how many numeric constants the AVX2 function keeps in registers: as many as fit beside the
// body in the sixteen registers AVX2 can encode, found by generating it. A constant left in memory costs a load
// per use, which limits the loop where there are many (Lion reads nine per vector); one in a register costs nothing.
func (ek elementwise) constRegs(elem, unroll int) int {
	for r := len(ek.numbers); r > 0; r-- {
		c := build.NewContext()
		ek.function(c, newMasks(c), elems(c)[elem], avx2, unroll, r)
		if ir, err := c.Result(); err == nil && pass.Compile.Execute(ir) == nil {
			if b, err := printer.NewGoAsm(printer.Config{}).Print(ir); err == nil && checkVEX(string(b)) == nil {
				return r
			}
		}
	}
	return 0
}

// function writes ek for one element type and instruction set, with the flags and the first inRegs numeric
// constants (all of them for AVX-512, which has 32 registers) broadcast into registers and the others into stack
// slots.
func (ek elementwise) function(c *build.Context, m *masks, e elem, is isa, unroll, inRegs int) {
	name := ek.name + e.suffix + is.name
	c.Function(name)
	c.Attributes(attr.NOSPLIT)
	c.SignatureExpr(ek.signature(e.goType))
	c.Pragma("noescape")
	doc := []string{fmt.Sprintf("%s %s", name, ek.doc)}
	if args := kerneldoc.Arguments(ek.arrays, ek.consts > 0); args != "" {
		doc = append(doc, args)
	}
	c.Doc(doc...)

	// The index i counts the bytes of the narrowest array, so that one register walks every array, a wider one
	// through the scale of its address.
	size := func(a string) int {
		if ek.storageOf(a) != kerneldesc.Native {
			return 2
		}
		return e.size
	}
	unit := e.size
	if ek.halves() {
		unit = 2
	}
	lanes := is.bytes / e.size

	base := map[string]reg.Register{}
	for _, a := range ek.arrays {
		base[a] = c.Load(c.Param(a).Base(), c.GP64())
	}
	end := c.Load(c.Param(ek.arrays[0]).Len(), c.GP64())
	c.SHLQ(operand.U8(log2(unit)), end)
	i := c.GP64()
	c.XORQ(i, i)

	v := &vec{c: c, e: e, consts: make([]operand.Op, ek.consts), flags: map[int]reg.Register{}, wide: is == avx512,
		masks: m, name: name}
	broadcast := func(src operand.Mem) reg.VecVirtual {
		t := c.YMM()
		if is == avx512 {
			t = c.ZMM()
		}
		e.bcast(src, t)
		return t
	}
	bcast := func(s int) reg.VecVirtual {
		b, err := c.Param("k").Index(s).Resolve()
		if err != nil {
			panic(err)
		}
		return broadcast(b.Addr)
	}
	if ek.abs {
		v.abs = broadcast(m.abs(e))
	}
	if ek.widensBF16 && is == avx512 {
		v.spread = v.newSpread()
	}
	for _, s := range ek.flags {
		t := bcast(s)
		if is == avx512 {
			m := c.K()
			e.tomask(t, m)
			v.flags[s] = m
		} else {
			v.flags[s] = t
		}
	}
	var local operand.Mem
	if inRegs < len(ek.numbers) {
		local = c.AllocLocal(32 * (len(ek.numbers) - inRegs))
	}
	for j, s := range ek.numbers {
		t := bcast(s)
		v.consts[s] = t
		if j >= inRegs {
			// A 32-byte stack slot, read as a memory operand: a folded load costs no extra instruction.
			slot := local.Offset(32 * (j - inRegs))
			e.movu(t, slot)
			v.consts[s] = slot
		}
	}

	var sr *srStores
	if len(ek.stochastic) > 0 {
		sr = v.newSRStores(is, i, ek.storageOf(ek.stochastic[0]))
	}

	// at returns the elements of array a in the vector n vectors past index i.
	at := func(a string, n int) operand.Mem {
		return operand.Mem{Base: base[a], Index: i, Scale: uint8(size(a) / unit), Disp: n * lanes * size(a)}
	}
	// use makes v read and write, in the vector n vectors past i, through mv.
	use := func(mv moves, n int) {
		v.load = func(a string) operand.Op {
			if s := ek.storageOf(a); s != kerneldesc.Native {
				return v.widen(s, mv.load16(at(a, n)))
			}
			return mv.load(at(a, n))
		}
		v.store = func(r reg.VecVirtual, a string) {
			if slices.Contains(ek.stochastic, a) {
				sr.store(v, r, n*lanes, func(h reg.VecVirtual) { mv.store16(h, at(a, n)) })
			} else if s := ek.storageOf(a); s != kerneldesc.Native {
				v.storeNarrow(pendingStore{s: s, x: r, at: at(a, n), whole: mv.whole,
					store: func(h reg.VecVirtual) { mv.store16(h, at(a, n)) }})
			} else {
				mv.store(r, at(a, n))
			}
		}
	}
	label := func(s string) string { return name + "_" + s }
	full := func(n int) {
		v.reg = c.YMM
		if is == avx512 {
			v.reg = c.ZMM
		}
		use(wholeMoves(c, e, is, v.reg), n)
		ek.body(v)
	}

	// Whole blocks of unroll vectors, then whole vectors, then the tail.
	lim := c.GP64()
	for _, u := range blockSizes(unroll) {
		step := u * lanes * unit
		loop, next := label(fmt.Sprintf("x%d", u)), label(fmt.Sprintf("x%d_done", u))
		c.MOVQ(end, lim)
		c.SUBQ(operand.U32(step), lim)
		c.Label(loop)
		c.CMPQ(i, lim)
		c.JG(operand.LabelRef(next))
		for r := range u {
			full(r)
		}
		v.fixStores()
		c.ADDQ(operand.U32(step), i)
		c.JMP(operand.LabelRef(loop))
		c.Label(next)
	}

	if is == avx2 {
		// One element at a time, in the low lane of XMM registers: the other lanes compute on whatever the scalar
		// loads left there (zeros, or copies of a 16-bit element) and are never stored.
		c.Label(label("tail"))
		c.CMPQ(i, end)
		c.JGE(operand.LabelRef(label("done")))
		v.reg = c.XMM
		use(scalarMoves(c, e), 0)
		for s, m := range v.flags {
			v.flags[s] = m.(reg.VecVirtual).AsX()
		}
		for s, k := range v.consts {
			if r, ok := k.(reg.VecVirtual); ok {
				v.consts[s] = r.AsX()
			}
		}
		if v.abs != nil {
			v.abs = v.abs.(reg.VecVirtual).AsX()
		}
		ek.body(v)
		c.ADDQ(operand.U32(unit), i)
		c.JMP(operand.LabelRef(label("tail")))
	} else {
		// The last partial vector in one masked pass: masked-off lanes are neither read (so they never fault)
		// nor written.
		rem := c.GP64()
		c.MOVQ(end, rem)
		c.SUBQ(i, rem)
		c.JZ(operand.LabelRef(label("done")))
		c.SHRQ(operand.U8(log2(unit)), rem)
		mask := firstLanes(c, e, rem)
		v.reg = c.ZMM
		use(maskedMoves(c, e, mask), 0)
		ek.body(v)
		v.fixStores()
	}
	c.Label(label("done"))
	c.VZEROUPPER()
	c.RET()
}

// firstLanes returns the AVX-512 opmask of the first cnt lanes, cnt < 64.
func firstLanes(c *build.Context, e elem, cnt reg.Register) reg.Register {
	ones, k := c.GP64(), c.K()
	c.MOVQ(operand.I32(-1), ones)
	c.BZHIQ(cnt, ones, ones)
	if e.size == 4 {
		c.KMOVW(ones.As32(), k)
	} else {
		c.KMOVB(ones.As32(), k)
	}
	return k
}

// blockSizes returns the vectors per iteration of the successive loops: unroll, then 1 for what remains.
func blockSizes(unroll int) []int {
	if unroll <= 1 {
		return []int{1}
	}
	return []int{unroll, 1}
}

func log2(n int) int {
	l := 0
	for 1<<l < n {
		l++
	}
	return l
}

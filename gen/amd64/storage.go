package main

import (
	"fmt"
	"slices"

	"github.com/fastgrad/fastgrad/internal/kerneldesc"

	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// The float32 kernels' arrays held in 16-bit types: a load widens the elements into float32 lanes and a store
// rounds the lanes back, with the bits of kernels' BF16.Float32, F16.Float32, ToBF16 and ToF16. The 16-bit
// elements of a vector sit in a register half as wide (the low half of an XMM for the scalar tail), lane i in
// lane i.

// widen returns the float32s of the 16-bit elements src holds as s: memory, or a register half as wide as the
// result.
func (v *vec) widen(s kerneldesc.Storage, src operand.Op) reg.VecVirtual {
	dst := v.reg()
	switch s {
	case kerneldesc.BF16:
		// A bfloat16 is the upper half of a float32: exact, a signalling NaN included. AVX-512 spreads the
		// elements into the upper halves in one permutation, the lower ones zeroed.
		if v.wide {
			h, ok := src.(reg.VecVirtual)
			if !ok {
				h = v.c.YMM()
				v.c.VMOVDQU16(src, h)
			}
			v.c.VPERMW_Z(h.AsZ(), v.spread.index, v.spread.upper, dst)
			break
		}
		v.c.VPMOVZXWD(src, dst)
		v.c.VPSLLD(operand.U8(16), dst, dst)
	case kerneldesc.F16:
		// Exact, and a NaN becomes quiet with its sign and payload, as F16.Float32 has it.
		v.c.VCVTPH2PS(src, dst)
	default:
		panic("widen: not a 16-bit storage type")
	}
	return dst
}

// spread is what AVX-512 widens bfloat16 with: VPERMW's indices, word 2i+1 from word i, and the opmask of the
// upper words, which keeps the lower ones zero.
type spread struct{ index, upper reg.Register }

// newSpread sets up the spread, before the loop.
func (v *vec) newSpread() spread {
	s := spread{v.c.ZMM(), v.c.K()}
	v.c.VMOVDQU64(v.masks.vector("bf16spread", func(i int) uint32 { return uint32(i)<<16 | uint32(i) }), s.index)
	r := v.c.GP32()
	v.c.MOVL(operand.U32(0xaaaaaaaa), r)
	v.c.KMOVD(r, s.upper)
	return s
}

// narrow returns x's (AVX2) lanes rounded to s, in a register half as wide.
func (v *vec) narrow(s kerneldesc.Storage, x reg.VecVirtual) reg.VecVirtual {
	c := v.c
	switch s {
	case kerneldesc.BF16:
		return v.uppers(v.roundBF16(x))
	case kerneldesc.F16:
		h := v.halfOf(x)
		c.VCVTPS2PH(operand.U8(0), x, h)
		nan := v.cmp(cmpUnord, x, x)
		c.VTESTPS(nan, nan)
		done := v.newLabel("rounded")
		c.JZ(operand.LabelRef(done))
		v.fixF16NaNs(h, nan)
		c.Label(done)
		return h
	}
	panic("narrow: not a 16-bit storage type")
}

// storeNarrow stores p.x's lanes rounded to p.s. AVX2 rounds exactly, at once. AVX-512 rounds with an
// instruction that is exact but for rare lanes, and keeps p and the mask of its rare lanes until fixStores: one
// test and one branch for all the stores of an iteration. A binary16 store is made at once, a bfloat16 one waits
// for fixStores too, so that two vectors of an array side by side round in one instruction.
func (v *vec) storeNarrow(p pendingStore) {
	if !v.wide {
		p.store(v.narrow(p.s, p.x))
		return
	}
	var rare reg.Register
	switch p.s {
	case kerneldesc.BF16:
		rare = v.c.K()
		v.c.VFPCLASSPSZ(operand.U8(classQNaN|classSNaN|classSubnormal), p.x, rare)
	case kerneldesc.F16:
		// VCVTPS2PH, with rounding control 0 (to nearest, ties to even, whatever MXCSR says), keeps a NaN's
		// payload, which ToF16 drops.
		h := v.halfOf(p.x)
		v.c.VCVTPS2PH(operand.U8(0), p.x, h)
		p.store(h)
		rare = v.cmp(cmpUnord, p.x, p.x)
	default:
		panic("storeNarrow: not a 16-bit storage type")
	}
	if v.rare == nil {
		v.rare = rare
	} else {
		all := v.c.K()
		v.c.KORW(rare, v.rare, all)
		v.rare = all
	}
	v.pending = append(v.pending, p)
}

// pendingStore is a 16-bit store: x's lanes rounded to s, into at (a whole vector) or through store.
type pendingStore struct {
	s     kerneldesc.Storage
	x     reg.VecVirtual
	at    operand.Mem
	whole bool
	store func(h reg.VecVirtual)
}

// follows reports whether p is a whole vector just past q's, in the same array.
func (p pendingStore) follows(q pendingStore) bool {
	next := q.at
	next.Disp += int(q.x.Size() / 2)
	return p.whole && q.whole && p.s == q.s && p.at == next
}

// fixStores ends the AVX-512 stores storeNarrow took since the last call. It makes the bfloat16 ones, with
// VCVTNEPS2BF16, which rounds as ToBF16 does every lane but a NaN, whose payload and sign it keeps, and a
// subnormal, which it flushes to zero; two vectors side by side with one VCVTNE2PS2BF16, which costs less than
// two VCVTNEPS2BF16 (measured on Zen 5). Then, if any lane stored was rare, it rounds all of them exactly and stores them again. The
// arrays do not overlap, so storing again changes nothing else.
func (v *vec) fixStores() {
	if len(v.pending) == 0 {
		return
	}
	c := v.c
	paired := make([]bool, len(v.pending))
	for i, p := range v.pending {
		if p.s != kerneldesc.BF16 || paired[i] {
			continue
		}
		j := slices.IndexFunc(v.pending, func(q pendingStore) bool { return q.follows(p) })
		if j < 0 {
			h := v.halfOf(p.x)
			v.cvtneps2bf16(p.x, h)
			p.store(h)
			continue
		}
		paired[j] = true
		both := c.ZMM()
		v.cvtne2ps2bf16(v.pending[j].x, p.x, both)
		c.VMOVDQU16(both, p.at)
	}
	c.KORTESTW(v.rare, v.rare)
	done := v.newLabel("rounded")
	c.JZ(operand.LabelRef(done))
	for _, p := range v.pending {
		p.store(v.narrowExact(p.s, p.x))
	}
	c.Label(done)
	v.pending, v.rare = nil, nil
}

// The VFPCLASSPx categories.
const (
	classQNaN      = 0x01
	classSubnormal = 0x20
	classSNaN      = 0x80
)

// narrowExact returns the ZMM x's lanes rounded to s in a YMM, every lane as the Go reference rounds it.
func (v *vec) narrowExact(s kerneldesc.Storage, x reg.VecVirtual) reg.VecVirtual {
	c := v.c
	h := v.halfOf(x)
	switch s {
	case kerneldesc.BF16:
		t := v.roundBF16(x)
		c.VPSRLD(operand.U8(16), t, t)
		c.VPMOVDW(t, h)
	case kerneldesc.F16:
		c.VCVTPS2PH(operand.U8(0), x, h)
		v.fixF16NaNs(h, v.cmp(cmpUnord, x, x))
	default:
		panic("narrowExact: not a 16-bit storage type")
	}
	return h
}

// fixF16NaNs makes the binary16 NaNs of h, the lanes of the mask nan, what ToF16 stores: only the sign, the
// exponent and the quiet bit kept.
func (v *vec) fixF16NaNs(h reg.VecVirtual, nan reg.Register) {
	c := v.c
	q := c.XMM()
	if h.Size() == 32 {
		q = c.YMM()
	}
	c.VPSRLW(operand.U8(9), h, q)
	c.VPSLLW(operand.U8(9), q, q)
	if v.wide {
		c.VPBLENDMW(q, h, nan, h)
	} else {
		c.VPBLENDVB(v.packMask(nan.(reg.VecVirtual)), q, h, h)
	}
}

// roundBF16 returns ToBF16 of x's lanes in the upper halves of 32-bit lanes, the lower halves garbage.
func (v *vec) roundBF16(x reg.VecVirtual) reg.VecVirtual {
	// ToBF16's rounding, in integer lanes: x + 0x7fff + bit 16 of x carries into the upper half exactly when the
	// lower half is above half a unit, or exactly half a unit under an odd upper half. NaNs, which it would not
	// make PyTorch's, are replaced after.
	c := v.c
	nan := v.cmp(cmpUnord, x, x)
	odd := v.reg()
	c.VPSLLD(operand.U8(15), x, odd)
	c.VPSRLD(operand.U8(31), odd, odd)
	t := v.reg()
	c.VPADDD(odd, x, t)
	c.VPADDD(v.masks.lanes("bf16bias", 0x7fff), t, t)
	v.blend(nan, v.masks.lanes("bf16nan", 0x7fc0<<16), t, t)
	return t
}

// uppers returns the upper halves of t's (AVX2) 32-bit lanes, in order, in a register half as wide.
func (v *vec) uppers(t reg.VecVirtual) reg.VecVirtual {
	// A byte shuffle gathers each 128-bit half's into its low 8 bytes, and a YMM's two halves' are then brought
	// together.
	c := v.c
	g := v.reg()
	c.VPSHUFB(v.masks.vector("bf16uppers", func(i int) uint32 {
		return []uint32{0x07060302, 0x0f0e0b0a, 0x80808080, 0x80808080}[i%4]
	}), t, g)
	if t.Size() == 16 {
		return g
	}
	c.VPERMQ(operand.U8(0b1000), g, g)
	return g.AsX().(reg.VecVirtual)
}

// newLabel returns a label not yet used in the function, named after what.
func (v *vec) newLabel(what string) string {
	v.labels++
	return fmt.Sprintf("%s_%s%d", v.name, what, v.labels)
}

// packMask returns the AVX2 lane mask t's 32-bit lanes as 16-bit lanes, in order, in a register half as wide.
func (v *vec) packMask(t reg.VecVirtual) reg.VecVirtual {
	h := v.halfOf(t)
	if t.Size() == 16 {
		v.c.VPACKSSDW(t, t, h)
		return h
	}
	// The packs work within each 128-bit half, so the upper half is brought down first.
	hi := v.c.XMM()
	v.c.VEXTRACTI128(operand.U8(1), t, hi)
	v.c.VPACKSSDW(hi, t.AsX(), h)
	return h
}

// halfOf returns a new register half as wide as r, or an XMM for an XMM.
func (v *vec) halfOf(r reg.VecVirtual) reg.VecVirtual {
	if r.Size() == 64 {
		return v.c.YMM()
	}
	return v.c.XMM()
}

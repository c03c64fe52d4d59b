package main

import (
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// moves are the memory accesses of one part of an elementwise loop, between the elements of an array at m and a
// register: whole vectors, the AVX2 scalar tail or the AVX-512 masked tail.
type moves struct {
	load  func(m operand.Mem) reg.VecVirtual
	store func(r reg.VecVirtual, m operand.Mem)
	// load16 returns a 16-bit array's elements as an operand vec.widen reads: memory, or a register half as wide
	// as the vectors; store16 writes them from a register half as wide, as vec.narrow returns them.
	load16  func(m operand.Mem) operand.Op
	store16 func(h reg.VecVirtual, m operand.Mem)
	whole   bool // the moves are of whole vectors
}

// wholeMoves returns the moves of whole vectors of the instruction set is, in registers vector makes.
func wholeMoves(c *build.Context, e elem, is isa, vector func() reg.VecVirtual) moves {
	return moves{
		whole:  true,
		load:   func(m operand.Mem) reg.VecVirtual { r := vector(); e.movu(m, r); return r },
		store:  func(r reg.VecVirtual, m operand.Mem) { e.movu(r, m) },
		load16: func(m operand.Mem) operand.Op { return m },
		store16: func(h reg.VecVirtual, m operand.Mem) {
			if is == avx512 {
				// VMOVDQU has no EVEX form, which the upper sixteen registers need.
				c.VMOVDQU16(h, m)
			} else {
				c.VMOVDQU(h, m)
			}
		},
	}
}

// scalarMoves returns the moves of one element, in the low lane of an XMM register.
func scalarMoves(c *build.Context, e elem) moves {
	return moves{
		load:  func(m operand.Mem) reg.VecVirtual { r := c.XMM(); e.movs(m, r); return r },
		store: func(r reg.VecVirtual, m operand.Mem) { e.movs(r, m) },
		load16: func(m operand.Mem) operand.Op {
			// A broadcast reads exactly the element, and fills the lanes the scalar tail ignores.
			r := c.XMM()
			c.VPBROADCASTW(m, r)
			return r
		},
		store16: func(h reg.VecVirtual, m operand.Mem) { c.VPEXTRW(operand.U8(0), h, m) },
	}
}

// maskedMoves returns the moves of the lanes of the opmask mask, the first ones of a ZMM register; the other
// lanes are neither read nor written.
func maskedMoves(c *build.Context, e elem, mask reg.Register) moves {
	return moves{
		load:  func(m operand.Mem) reg.VecVirtual { r := c.ZMM(); e.movuZ(m, mask, r); return r },
		store: func(r reg.VecVirtual, m operand.Mem) { e.movu(r, mask, m) },
		load16: func(m operand.Mem) operand.Op {
			r := c.YMM()
			c.VMOVDQU16_Z(m, mask, r)
			return r
		},
		store16: func(h reg.VecVirtual, m operand.Mem) { c.VMOVDQU16(h, mask, m) },
	}
}

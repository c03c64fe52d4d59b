package main

import (
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// accBytes is the size of the canonical reduction's accumulators (kernels/reduce.go): 64 float32 or 32 float64.
const accBytes = 256

// tree combines accumulator registers by the canonical pairwise tree, acc[j] += acc[j+h] for h = L/2 … 1, and
// returns the XMM register whose lane 0 holds the total. acc[r] holds accumulators r·lanes … (r+1)·lanes−1, all of
// one width; registers past len(acc) are taken as +0 (adding +0 changes nothing but the sign of a −0, which callers
// whose accumulators did not start at +0 restore at the end). The levels h ≥ lanes add whole registers; the last
// ones fold a register onto itself. The EVEX extract is used for ZMM and AVX-512 code, whose registers VEX cannot
// always encode.
func tree(c *build.Context, e elem, acc []reg.VecVirtual, avx512 bool) reg.Register {
	width := int(acc[0].Size())
	for h := accBytes / width / 2; h >= 1; h /= 2 {
		for r := 0; r < h && r+h < len(acc); r++ {
			e.add(acc[r+h], acc[r], acc[r])
		}
	}
	x := acc[0]
	if width == 64 {
		hi := c.YMM()
		c.VEXTRACTF64X4(operand.U8(1), x, hi)
		e.add(hi, x.AsY(), x.AsY())
	}
	if width >= 32 {
		hi := c.XMM()
		if avx512 {
			c.VEXTRACTF32X4(operand.U8(1), x.AsY(), hi)
		} else {
			c.VEXTRACTF128(operand.U8(1), x.AsY(), hi)
		}
		e.add(hi, x.AsX(), x.AsX())
	}
	lo := x.AsX()
	if e.size == 4 {
		hi := c.XMM()
		c.VMOVHLPS(lo, lo, hi)
		e.add(hi, lo, lo)
	}
	hi := c.XMM()
	e.lane1(lo, hi)
	e.adds(hi, lo, lo)
	return lo
}

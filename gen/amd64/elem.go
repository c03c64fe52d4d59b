package main

import (
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
)

// op is one AVX instruction form taking Go-ordered operands (sources first, destination last).
type op func(ops ...operand.Op)

// elem holds, for one element type, the instructions the kernels are written with, so that each kernel is
// written once for float32 and float64.
type elem struct {
	suffix string // symbol suffix: F32 or F64
	goType string
	size   int // bytes per element
	lanes  int // elements per YMM register
	// Packed arithmetic, on YMM, or on XMM for the scalar tail of elementwise kernels.
	add, sub, mul, div, sqrt, max, xor, cmp op
	blendv                                  func(mask, a, b, dst operand.Op)
	movu                                    op // packed unaligned load/store
	movs                                    op // scalar load/store (a load zeroes the other lanes)
	adds                                    op // scalar add, for the last step of a reduction
	maskmov                                 func(m, mask, dst operand.Op)
	// lane1 moves lane 1 of an XMM register into lane 0 of another (the last step of the reduction tree).
	lane1 func(src, dst operand.Op)
}

func elems(c *build.Context) []elem {
	return []elem{
		{
			suffix: "F32", goType: "float32", size: 4, lanes: 8,
			add: c.VADDPS, sub: c.VSUBPS, mul: c.VMULPS, div: c.VDIVPS, sqrt: c.VSQRTPS,
			max: c.VMAXPS, xor: c.VXORPS, cmp: c.VCMPPS, blendv: c.VBLENDVPS,
			movu: c.VMOVUPS, movs: c.VMOVSS, adds: c.VADDSS, maskmov: c.VMASKMOVPS,
			lane1: func(src, dst operand.Op) { c.VMOVSHDUP(src, dst) },
		},
		{
			suffix: "F64", goType: "float64", size: 8, lanes: 4,
			add: c.VADDPD, sub: c.VSUBPD, mul: c.VMULPD, div: c.VDIVPD, sqrt: c.VSQRTPD,
			max: c.VMAXPD, xor: c.VXORPD, cmp: c.VCMPPD, blendv: c.VBLENDVPD,
			movu: c.VMOVUPD, movs: c.VMOVSD, adds: c.VADDSD, maskmov: c.VMASKMOVPD,
			lane1: func(src, dst operand.Op) { c.VPERMILPD(operand.U8(1), src, dst) },
		},
	}
}

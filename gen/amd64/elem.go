package main

import (
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/ir"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/x86"
)

// op is one AVX instruction form taking Go-ordered operands (sources first, destination last).
type op func(ops ...operand.Op)

// elem holds, for one element type, the instructions the kernels are written with, so that each kernel is
// written once for float32 and float64. The packed forms take XMM, YMM or ZMM registers alike.
type elem struct {
	suffix string // symbol suffix: F32 or F64
	goType string
	size   int // bytes per element
	lanes  int // elements per YMM register
	// Packed arithmetic and logic.
	add, sub, mul, div, sqrt, max, and, xor, cmp op
	blendv                                       func(mask, a, b, dst operand.Op)
	movu                                         op // packed unaligned load/store
	movuZ                                        op // AVX-512 zeroing masked load: mem, k, dst
	movs                                         op // scalar load/store (a load zeroes the other lanes)
	adds                                         op // scalar add, for the last step of a reduction
	bcast                                        op // broadcast one element from memory
	tomask                                       op // AVX-512: each lane's sign bit into an opmask
	blendm                                       op // AVX-512 opmask blend: a, b, k, dst = k ? a : b
	maskmov                                      func(m, mask, dst operand.Op)
	// lane1 moves lane 1 of an XMM register into lane 0 of another (the last step of the reduction tree).
	lane1 func(src, dst operand.Op)
}

func elems(c *build.Context) []elem {
	return []elem{
		{
			suffix: "F32", goType: "float32", size: 4, lanes: 8,
			add: c.VADDPS, sub: c.VSUBPS, mul: c.VMULPS, div: c.VDIVPS, sqrt: c.VSQRTPS,
			max: c.VMAXPS, and: c.VANDPS, xor: c.VXORPS, cmp: c.VCMPPS,
			blendv: c.VBLENDVPS, movu: c.VMOVUPS, movuZ: func(o ...operand.Op) { c.VMOVUPS_Z(o[0], o[1], o[2]) },
			movs: c.VMOVSS, adds: c.VADDSS, bcast: c.VBROADCASTSS,
			tomask: func(o ...operand.Op) { c.VPMOVD2M(o[0], o[1]) }, blendm: writeOnly(c, x86.VBLENDMPS),
			maskmov: c.VMASKMOVPS,
			lane1:   func(src, dst operand.Op) { c.VMOVSHDUP(src, dst) },
		},
		{
			suffix: "F64", goType: "float64", size: 8, lanes: 4,
			add: c.VADDPD, sub: c.VSUBPD, mul: c.VMULPD, div: c.VDIVPD, sqrt: c.VSQRTPD,
			max: c.VMAXPD, and: c.VANDPD, xor: c.VXORPD, cmp: c.VCMPPD,
			blendv: c.VBLENDVPD, movu: c.VMOVUPD, movuZ: func(o ...operand.Op) { c.VMOVUPD_Z(o[0], o[1], o[2]) },
			movs: c.VMOVSD, adds: c.VADDSD, bcast: c.VBROADCASTSD,
			tomask: func(o ...operand.Op) { c.VPMOVQ2M(o[0], o[1]) }, blendm: writeOnly(c, x86.VBLENDMPD),
			maskmov: c.VMASKMOVPD,
			lane1:   func(src, dst operand.Op) { c.VPERMILPD(operand.U8(1), src, dst) },
		},
	}
}

// writeOnly returns the AVX-512 opmask blend ins as an instruction that only writes its destination. avo's table
// counts the destination of any instruction taking an opmask as read, for merge masking; but the blend's opmask
// picks between its two sources in every lane, and the destination's old value is never read. Counted as read, a
// new register there would be live from the function's entry.
func writeOnly(c *build.Context, ins func(ops ...operand.Op) (*ir.Instruction, error)) op {
	return func(ops ...operand.Op) {
		i, err := ins(ops...)
		if err != nil {
			panic(err)
		}
		if n := len(i.Inputs) - 1; i.Inputs[n] == ops[len(ops)-1] {
			i.Inputs = i.Inputs[:n]
		}
		c.Instruction(i)
	}
}

package main

import (
	"fmt"

	"github.com/mmcloughlin/avo/ir"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
	"github.com/mmcloughlin/avo/x86"
)

// Neither avo nor Go's assembler knows AVX512_BF16's VCVTNEPS2BF16. It is written as VPMOVDW, which has its
// operands (a ZMM read, a YMM written), so that avo allocates its registers, then renamed; once the registers are
// allocated, encodeBF16 spells it out in bytes.

// bf16Ext is the extension VCVTNEPS2BF16 needs, as avo's database would name it and as cpuid parses it.
const bf16Ext = "AVX512BF16"

// cvtneps2bf16 writes VCVTNEPS2BF16 x, h: the ZMM x's lanes rounded to bfloat16, to nearest even, into the YMM h.
func (v *vec) cvtneps2bf16(x, h reg.VecVirtual) {
	i, err := x86.VPMOVDW(x, h)
	if err != nil {
		panic(err)
	}
	i.Opcode, i.ISA = "VCVTNEPS2BF16", []string{bf16Ext}
	v.c.Instruction(i)
}

// encodeBF16 replaces each VCVTNEPS2BF16 of fn, its registers allocated, by its bytes, after a comment that names
// it.
func encodeBF16(fn *ir.Function) error {
	var nodes []ir.Node
	for _, n := range fn.Nodes {
		i, ok := n.(*ir.Instruction)
		if !ok || i.Opcode != "VCVTNEPS2BF16" {
			nodes = append(nodes, n)
			continue
		}
		src, dst := reg.ToPhysical(i.Operands[0].(reg.Register)), reg.ToPhysical(i.Operands[1].(reg.Register))
		if src == nil || dst == nil {
			return fmt.Errorf("%s: VCVTNEPS2BF16 with unallocated registers", fn.Name)
		}
		nodes = append(nodes, ir.NewComment(fmt.Sprintf("VCVTNEPS2BF16 %s, %s", src.Asm(), dst.Asm())))
		for _, b := range evexCVTNEPS2BF16(uint8(src.PhysicalIndex()), uint8(dst.PhysicalIndex())) {
			nodes = append(nodes, &ir.Instruction{Opcode: "BYTE", Operands: []operand.Op{operand.U8(b)}})
		}
	}
	fn.Nodes = nodes
	return nil
}

// evexCVTNEPS2BF16 returns the encoding of VCVTNEPS2BF16 from ZMM src to YMM dst (EVEX.512.F3.0F38.W0 72 /r,
// register form).
func evexCVTNEPS2BF16(src, dst uint8) []byte {
	// P0 holds the inverted high bits of the registers, R and R' of ModRM.reg (dst), B and X of ModRM.rm (src),
	// and the 0F38 map; P1 W0, no second source (vvvv = 1111) and the F3 prefix; P2 the 512-bit length and V'
	// set (inverted) for no second source.
	inv := func(r uint8, bit uint) byte { return byte(^r>>bit) & 1 }
	p0 := inv(dst, 3)<<7 | inv(src, 4)<<6 | inv(src, 3)<<5 | inv(dst, 4)<<4 | 0b10
	return []byte{0x62, p0, 0x7e, 0x48, 0x72, 0xc0 | (dst&7)<<3 | src&7}
}

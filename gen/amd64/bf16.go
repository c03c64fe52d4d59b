package main

import (
	"fmt"
	"strings"

	"github.com/mmcloughlin/avo/ir"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
	"github.com/mmcloughlin/avo/x86"
)

// Neither avo nor Go's assembler knows AVX512_BF16's VCVTNEPS2BF16 and VCVTNE2PS2BF16. Each is written as an
// instruction with its operands (VPMOVDW: a ZMM read, a YMM written; VPADDD: two ZMMs read, one written), so
// that avo allocates its registers, then renamed; once the registers are allocated, encodeBF16 spells it out in
// bytes.

// bf16Ext is the extension both need, as avo's database would name it and as cpuid parses it.
const bf16Ext = "AVX512BF16"

// cvtneps2bf16 writes VCVTNEPS2BF16 x, h: the ZMM x's lanes rounded to bfloat16, to nearest even, into the YMM h.
func (v *vec) cvtneps2bf16(x, h reg.VecVirtual) {
	v.renamed("VCVTNEPS2BF16")(x86.VPMOVDW(x, h))
}

// cvtne2ps2bf16 writes VCVTNE2PS2BF16 hi, lo, dst: the ZMMs lo's and hi's lanes rounded as cvtneps2bf16 rounds
// them, lo's into the lower half of the ZMM dst and hi's into the upper half.
func (v *vec) cvtne2ps2bf16(hi, lo, dst reg.VecVirtual) {
	v.renamed("VCVTNE2PS2BF16")(x86.VPADDD(lo, hi, dst))
}

// renamed returns what adds a placeholder instruction to the function as opcode.
func (v *vec) renamed(opcode string) func(*ir.Instruction, error) {
	return func(i *ir.Instruction, err error) {
		if err != nil {
			panic(err)
		}
		i.Opcode, i.ISA = opcode, []string{bf16Ext}
		v.c.Instruction(i)
	}
}

// encodeBF16 replaces each AVX512_BF16 instruction of fn, its registers allocated, by its bytes, after a comment
// that names it.
func encodeBF16(fn *ir.Function) error {
	var nodes []ir.Node
	for _, n := range fn.Nodes {
		i, ok := n.(*ir.Instruction)
		if !ok || (i.Opcode != "VCVTNEPS2BF16" && i.Opcode != "VCVTNE2PS2BF16") {
			nodes = append(nodes, n)
			continue
		}
		var regs []reg.Physical
		for _, o := range i.Operands {
			r := reg.ToPhysical(o.(reg.Register))
			if r == nil {
				return fmt.Errorf("%s: %s with unallocated registers", fn.Name, i.Opcode)
			}
			regs = append(regs, r)
		}
		var code []byte
		if len(regs) == 2 {
			code = evexCVTNEPS2BF16(uint8(regs[0].PhysicalIndex()), uint8(regs[1].PhysicalIndex()))
		} else {
			code = evexCVTNE2PS2BF16(uint8(regs[0].PhysicalIndex()), uint8(regs[1].PhysicalIndex()), uint8(regs[2].PhysicalIndex()))
		}
		var names []string
		for _, r := range regs {
			names = append(names, r.Asm())
		}
		nodes = append(nodes, ir.NewComment(fmt.Sprintf("%s %s", i.Opcode, strings.Join(names, ", "))))
		for _, b := range code {
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

// evexCVTNE2PS2BF16 returns the encoding of VCVTNE2PS2BF16 from ZMMs lo (ModRM.rm) and hi (EVEX.vvvv) to the ZMM
// dst (EVEX.512.F2.0F38.W0 72 /r, register form): as evexCVTNEPS2BF16, with the F2 prefix and hi in vvvv and V'.
func evexCVTNE2PS2BF16(lo, hi, dst uint8) []byte {
	inv := func(r uint8, bit uint) byte { return byte(^r>>bit) & 1 }
	p0 := inv(dst, 3)<<7 | inv(lo, 4)<<6 | inv(lo, 3)<<5 | inv(dst, 4)<<4 | 0b10
	p1 := byte(^hi&0xf)<<3 | 0b111
	p2 := 0b0100_0000 | inv(hi, 4)<<3
	return []byte{0x62, p0, p1, p2, 0x72, 0xc0 | (dst&7)<<3 | lo&7}
}

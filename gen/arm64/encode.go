package main

import "fmt"

// The encoder: the AdvSIMD floating-point instructions Go's arm64 assembler has no mnemonic for, and the
// conversions between 32-bit and 16-bit lanes, as the 32-bit words the emitter writes with WORD, each beside its
// ARM syntax. encode_test.go assembles every form with aarch64-linux-gnu-as and compares the words.

// arrangement is a vector's element layout: four float32 lanes or two float64 lanes, in a 128-bit register.
type arrangement struct {
	name string // ARM syntax suffix
	sz   uint32 // the instructions' sz bit
}

var (
	s4 = arrangement{"4s", 0}
	d2 = arrangement{"2d", 1}
)

// vreg is a SIMD register, V0 to V31.
type vreg uint32

// inst is one encoded instruction.
type inst struct {
	word uint32
	asm  string // ARM syntax, for the comment and the test
}

// threeSame is the AdvSIMD "three registers of the same type" floating-point group: d = n op m.
type threeSame struct {
	name string
	base uint32 // the word with Q = 1 and every register field 0
}

// The vector floating-point operations with two sources.
var (
	fadd  = threeSame{"fadd", 0x4e20d400}
	fsub  = threeSame{"fsub", 0x4ea0d400}
	fmul  = threeSame{"fmul", 0x6e20dc00}
	fdiv  = threeSame{"fdiv", 0x6e20fc00}
	fmax  = threeSame{"fmax", 0x4e20f400}
	fmin  = threeSame{"fmin", 0x4ea0f400}
	faddp = threeSame{"faddp", 0x6e20d400}
	fcmeq = threeSame{"fcmeq", 0x4e20e400} // all ones where n == m
	fcmge = threeSame{"fcmge", 0x6e20e400} // all ones where n ≥ m
	fcmgt = threeSame{"fcmgt", 0x6ea0e400} // all ones where n > m
	// cmhi is the integer compare "unsigned higher", on lanes of the arrangement's width (its sz bit selects
	// 32 or 64 bits in the size field): all ones where n > m as unsigned integers.
	cmhi = threeSame{"cmhi", 0x6ea03400}
	// cmgt is cmhi for signed integers.
	cmgt = threeSame{"cmgt", 0x4ea03400}
)

// twoMisc is the AdvSIMD "two-register miscellaneous" floating-point group: d = op n.
type twoMisc struct {
	name string
	base uint32
}

// The vector floating-point operations with one source, and the conversions between floating-point and integer
// lanes.
var (
	fsqrt = twoMisc{"fsqrt", 0x6ea1f800}
	fabs  = twoMisc{"fabs", 0x4ea0f800}
	fneg  = twoMisc{"fneg", 0x6ea0f800}
	// fcvtzs converts to signed integers of the lanes' width, rounding toward zero; scvtf converts them back.
	fcvtzs = twoMisc{"fcvtzs", 0x4ea1b800}
	scvtf  = twoMisc{"scvtf", 0x4e21d800}
)

func (o threeSame) enc(a arrangement, d, n, m vreg) inst {
	return inst{
		word: o.base | a.sz<<22 | uint32(m)<<16 | uint32(n)<<5 | uint32(d),
		asm:  fmt.Sprintf("%[1]s v%[2]d.%[5]s, v%[3]d.%[5]s, v%[4]d.%[5]s", o.name, d, n, m, a.name),
	}
}

func (o twoMisc) enc(a arrangement, d, n vreg) inst {
	return inst{
		word: o.base | a.sz<<22 | uint32(n)<<5 | uint32(d),
		asm:  fmt.Sprintf("%[1]s v%[2]d.%[4]s, v%[3]d.%[4]s", o.name, d, n, a.name),
	}
}

// halfLanes is an instruction in one arrangement only, most of them between four 32-bit lanes and four 16-bit lanes
// (the low half of a register): its registers d, n and m are in the usual fields, as many as its syntax names, in that order.
type halfLanes struct {
	syntax string // ARM syntax, a %d for each register
	base   uint32 // the word with every register field 0
}

// The instructions that widen 16-bit lanes to 32-bit ones and narrow them back, the one that sets bits in 16-bit
// lanes, and the integer multiply.
var (
	shll16 = halfLanes{"shll v%d.4s, v%d.4h, #16", 0x2e613800}      // d = n's bits followed by sixteen zeros
	fcvtl  = halfLanes{"fcvtl v%d.4s, v%d.4h", 0x0e217800}          // d = n's binary16s as float32s, exactly
	fcvtn  = halfLanes{"fcvtn v%d.4h, v%d.4s", 0x0e216800}          // d = n's float32s rounded to binary16, per FPCR
	xtn    = halfLanes{"xtn v%d.4h, v%d.4s", 0x0e612800}            // d = the low halves of n's lanes
	raddhn = halfLanes{"raddhn v%d.4h, v%d.4s, v%d.4s", 0x2e604000} // d = the high halves of n + m + 2¹⁵
	// orrFE00 sets the top seven bits of each 16-bit lane: ORR (vector, immediate) of 0xfe shifted by 8.
	orrFE00 = halfLanes{"orr v%d.4h, #0xfe, lsl #8", 0x0f07b7c0}
	// mul4s is the integer multiply of 32-bit lanes, keeping each product's low 32 bits; it has no 64-bit form.
	mul4s = halfLanes{"mul v%d.4s, v%d.4s, v%d.4s", 0x4ea09c00}
)

func (o halfLanes) enc(regs ...vreg) inst {
	w, args := o.base, make([]any, len(regs))
	for i, r := range regs {
		w |= uint32(r) << [...]uint32{0, 5, 16}[i]
		args[i] = r
	}
	return inst{word: w, asm: fmt.Sprintf(o.syntax, args...)}
}

// threeSames, twoMiscs and halfLaneOps are every operation the encoder knows, for its test.
var (
	threeSames  = []threeSame{fadd, fsub, fmul, fdiv, fmax, fmin, faddp, fcmeq, fcmge, fcmgt, cmhi, cmgt}
	twoMiscs    = []twoMisc{fsqrt, fabs, fneg, fcvtzs, scvtf}
	halfLaneOps = []halfLanes{shll16, fcvtl, fcvtn, xtn, raddhn, orrFE00, mul4s}
)

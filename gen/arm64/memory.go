package main

import "github.com/fastgrad/fastgrad/internal/kerneldesc"

// How the loops reach an array's elements, a whole vector or one element at a time, whatever the array holds: the
// computing type itself, or 16-bit elements, widened to float32 as they are loaded and rounded as they are stored.
// A vector of float32s is then four 16-bit elements, 8 bytes, in the low half of a register.

// loadVec loads the vector at ptr, stored as s, into a free register, advancing ptr.
func (f *fn) loadVec(ptr string, s kerneldesc.Storage) vreg {
	r := f.v()
	if s == kerneldesc.Native {
		f.ins("VLD1.P 16(%s), [%s]", ptr, f.vec(r))
		return r
	}
	f.ins("FMOVD.P 8(%s), %s", ptr, f.fp(r))
	f.widen(r, s)
	return r
}

// loadElem loads the element at ptr, stored as s, into lane 0 of a free register, advancing ptr, and zeroes the
// other lanes.
func (f *fn) loadElem(ptr string, s kerneldesc.Storage) vreg {
	r := f.v()
	if s == kerneldesc.Native {
		f.ins("%s.P %d(%s), %s", f.e.fmov, f.e.size, ptr, f.fp(r)) // a scalar load zeroes the other lanes
		return r
	}
	f.xor(r, r, r)
	f.ins("VLD1.P 2(%s), V%d.H[0]", ptr, r)
	f.widen(r, s)
	return r
}

// storeVec stores the vector in r to ptr, stored as s, advancing ptr; r is left as it is.
func (f *fn) storeVec(r vreg, ptr string, s kerneldesc.Storage) {
	if s == kerneldesc.Native {
		f.ins("VST1.P [%s], 16(%s)", f.vec(r), ptr)
		return
	}
	h := f.round(r, s)
	f.ins("FMOVD.P %s, 8(%s)", f.fp(h), ptr)
	f.free(h)
}

// storeElem stores lane 0 of r to ptr, stored as s, advancing ptr; r is left as it is.
func (f *fn) storeElem(r vreg, ptr string, s kerneldesc.Storage) {
	if s == kerneldesc.Native {
		f.ins("%s.P %s, %d(%s)", f.e.fmov, f.fp(r), f.e.size, ptr)
		return
	}
	h := f.round(r, s)
	f.ins("VST1.P V%d.H[0], 2(%s)", h, ptr)
	f.free(h)
}

// widen turns the four 16-bit elements, stored as s, in the low half of r into float32s in its four lanes, exactly
// as kernels' BF16.Float32 and F16.Float32 do.
func (f *fn) widen(r vreg, s kerneldesc.Storage) {
	switch s {
	case kerneldesc.BF16:
		// The bits followed by sixteen zeros, by an integer shift: a signaling NaN stays signaling, which a
		// floating-point conversion would not leave it.
		f.word(shll16.enc(r, r))
	case kerneldesc.F16:
		// FPCR.DN and FPCR.FZ16 are clear under Go: a NaN keeps its sign and payload and becomes quiet, and a
		// subnormal is converted exactly.
		f.word(fcvtl.enc(r, r))
	}
}

// round returns a free register whose four low 16-bit lanes hold x's float32s rounded to s, to nearest with ties
// to even, as kernels' ToBF16 and ToF16 do.
func (f *fn) round(x vreg, s kerneldesc.Storage) vreg {
	h, num := f.v(), f.v()
	f.op3(fcmeq, num, x, x) // all ones in the lanes that are numbers, zeros in the NaNs'
	switch s {
	case kerneldesc.BF16:
		// ToBF16's (b + 0x7fff + b>>16&1) >> 16 in integer operations, as BFCVTN would need ARMv8.6: h is b
		// plus its bit 16, which RADDHN adds to num (−1 in a number's lane) and 2¹⁵, keeping the high halves. A
		// NaN's lane is first set to 0x7fc00000, which num's 0 there leaves 0x7fc0.
		f.ins("VSHL $15, %s, %s", f.vec(x), f.vec(h))
		f.ins("VUSHR $31, %s, %s", f.vec(h), f.vec(h))
		f.ins("VADD %s, %s, %s", f.vec(x), f.vec(h), f.vec(h))
		f.bif(num, f.nanBF16, h)
		f.word(raddhn.enc(h, h, num))
	case kerneldesc.F16:
		// FCVTN rounds to nearest even (FPCR.RMode as Go leaves it), to subnormals as well, and keeps a NaN's sign
		// and the top of its payload, quieted: clearing a NaN's payload leaves ToF16's sign | 0x7e00.
		f.word(fcvtn.enc(h, x))
		f.word(xtn.enc(num, num))
		f.word(orrFE00.enc(num))
		f.and(h, h, num)
	}
	f.free(num)
	return h
}

// roundingConstants sets up, once before k's loops, the register its stores round with: bfloat16's NaN in every
// lane when it stores to a BF16 array. tmp is a general register it may use.
func (f *fn) roundingConstants(k *kerneldesc.Kernel, tmp string) {
	for a := range k.Arrays {
		if k.StorageOf(a) == kerneldesc.BF16 && k.Access(a)&kerneldesc.Written != 0 {
			f.nanBF16 = f.v()
			f.ins("MOVW $0x7fc00000, %s", tmp)
			f.ins("VDUP %s, %s", tmp, f.vec(f.nanBF16))
			return
		}
	}
}

package kernels

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// q8PathInputs returns the inputs TestQ8Paths quantizes: every length from 0 to 1100 (the boundaries 255, 256,
// 257, 511, 512 and 513 among them) of random values, with whole blocks of zeros, of a NaN or an infinity, and
// of subnormals here and there, then q8Inputs' special and midpoint inputs of both maps.
func q8PathInputs() [][]float32 {
	r := rand.New(rand.NewPCG(18, 81))
	var in [][]float32
	for n := 0; n <= 1100; n++ {
		x := make([]float32, n)
		fillValues(r, x, n%3 == 0)
		for lo := 0; lo < n; lo += Q8Block {
			blk := x[lo:min(lo+Q8Block, n)]
			switch r.IntN(8) {
			case 0:
				clear(blk)
				blk[r.IntN(len(blk))] = float32(math.Copysign(0, -1))
			case 1:
				blk[r.IntN(len(blk))] = []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1))}[r.IntN(3)]
			case 2:
				for i := range blk {
					blk[i] = math.Float32frombits(r.Uint32() & 0x807fffff) // subnormals and zeros only
				}
			}
		}
		in = append(in, x)
	}
	for _, m := range []Q8Map{Q8Signed, Q8Unsigned} {
		in = append(in, q8Inputs(m.Values())...)
	}
	return in
}

// TestQ8Paths compares Quantize and Dequantize on every path, bit for bit, with the Go functions (quantizeQ8 and
// dequantizeQ8, the generic path's), on q8PathInputs in both maps: with the codes, scales and values against the
// guard page after them or the one before (side 0, 1), and in ordinary memory at an offset, checking that
// nothing outside is written.
func TestQ8Paths(t *testing.T) {
	inputs := q8PathInputs()
	forEachPath(t, func(t *testing.T) {
		const maxN, sentinel = 4096, 0xa5
		codesA, scalesA, xA := newArena[uint8](t, 1, maxN), newArena[float32](t, 1, Q8Blocks(maxN)), newArena[float32](t, 1, maxN)
		for k, x := range inputs {
			n := len(x)
			if n > maxN {
				t.Fatalf("input %d: %d elements, more than the arena's %d", k, n, maxN)
			}
			for _, m := range []Q8Map{Q8Signed, Q8Unsigned} {
				tab := m.table()
				want := NewQ8(m, n)
				quantizeQ8(tab, want.Codes, want.Scales, x)
				back := make([]float32, n)
				dequantizeQ8(back, tab, want.Codes, want.Scales)
				for side := range sides + 1 {
					where := m.String() + ", input " + itoa(k) + ", n=" + itoa(n) + ", side " + itoa(side)
					var q Q8
					var out []float32
					off := k % maxOffset
					bufC, bufS, bufX := make([]uint8, off+n+padding), make([]float32, off+Q8Blocks(n)+padding), make([]float32, off+n+padding)
					if side < sides {
						q = Q8{Map: m, Codes: codesA.side(side, 0, n), Scales: scalesA.side(side, 0, Q8Blocks(n))}
						out = xA.side(side, 0, n)
					} else {
						for i := range bufC {
							bufC[i] = sentinel
						}
						for i := range bufS {
							bufS[i] = sentinel
						}
						for i := range bufX {
							bufX[i] = sentinel
						}
						q = Q8{Map: m, Codes: bufC[off : off+n : off+n], Scales: bufS[off : off+Q8Blocks(n) : off+Q8Blocks(n)]}
						out = bufX[off : off+n : off+n]
					}
					copy(out, x)
					Quantize(q, out)
					sameQ8(t, where+": Quantize", q, want)
					if !sameNaNs(out, x) {
						t.Fatalf("%s: Quantize changed its input", where)
					}
					Dequantize(out, q)
					sameBits(t, where+": Dequantize", out, back)
					if side == sides {
						outside := func(i, lo, hi int) bool { return i < lo || i >= hi }
						for i, c := range bufC {
							if outside(i, off, off+n) && c != sentinel {
								t.Fatalf("%s: code %d outside written", where, i-off)
							}
						}
						for i, s := range bufS {
							if outside(i, off, off+Q8Blocks(n)) && s != sentinel {
								t.Fatalf("%s: scale %d outside written", where, i-off)
							}
						}
						for i, v := range bufX {
							if outside(i, off, off+n) && v != sentinel {
								t.Fatalf("%s: element %d outside written", where, i-off)
							}
						}
					}
				}
			}
		}
	})
}

// sameNaNs reports whether a and b hold the same bits wherever either is not NaN, and NaNs at the same places.
func sameNaNs(a, b []float32) bool {
	for i := range a {
		if math.Float32bits(a[i]) != math.Float32bits(b[i]) && !(a[i] != a[i] && b[i] != b[i]) {
			return false
		}
	}
	return true
}

// TestQ8KernelPaths runs AdamQ8 (Adam and AMSGrad), SGDQ8, LionQ8 and AdagradQ8 for three steps on every path
// and compares weights, codes and scales, bit for bit, with the generic path's, whose conversions are the Go
// functions, on lengths around blocks and chunks, with the state's codes and scales against a guard page.
func TestQ8KernelPaths(t *testing.T) {
	type state struct {
		w, g []float32
		q    [3]Q8
	}
	type kernel struct {
		name string
		maps []Q8Map
		step func(s state, t int)
	}
	adam, ams := AdamHyper{LR: 1e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8}, AdamHyper{LR: 1e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, AMSGrad: true, WeightDecay: 0.01}
	sgd := SGDHyper{LR: 0.01, Momentum: 0.9, Dampening: 0.1, Nesterov: false}
	lion := LionHyper{LR: 1e-4, Beta1: 0.9, Beta2: 0.99, WeightDecay: 0.1}
	adagrad := AdagradHyper{LR: 0.01, Eps: 1e-10}
	kernels := []kernel{
		{"AdamQ8", []Q8Map{Q8Signed, Q8Unsigned}, func(s state, t int) { st := adam.Step(t); AdamQ8(&st, s.w, s.g, s.q[0], s.q[1], Q8{}) }},
		{"AMSGradQ8", []Q8Map{Q8Signed, Q8Unsigned, Q8Unsigned}, func(s state, t int) { st := ams.Step(t); AdamQ8(&st, s.w, s.g, s.q[0], s.q[1], s.q[2]) }},
		{"SGDQ8", []Q8Map{Q8Signed}, func(s state, t int) { st := sgd.Step(t); SGDQ8(&st, s.w, s.g, s.q[0]) }},
		{"LionQ8", []Q8Map{Q8Signed}, func(s state, t int) { LionQ8(&lion, s.w, s.g, s.q[0]) }},
		{"AdagradQ8", []Q8Map{Q8Unsigned}, func(s state, t int) { st := adagrad.Step(t); AdagradQ8(&st, s.w, s.g, s.q[0]) }},
	}
	lengths := []int{0, 1, 15, 16, 17, 255, 256, 257, 511, 512, 513, 767, 1024, 1100, 2305}
	// newState returns the arrays of a kernel over n elements, its state quantized from random moments (positive
	// for the unsigned map), with a block of zero state and a block of NaN gradient; codes and scales lie in the
	// arenas at side (or ordinary memory for side = sides).
	newState := func(t *testing.T, r *rand.Rand, k kernel, n, side int) state {
		s := state{w: make([]float32, n), g: make([]float32, n)}
		fillValues(r, s.w, false)
		fillValues(r, s.g, false)
		if n > 600 {
			s.g[r.IntN(256)+256] = float32(math.NaN())
		}
		for j, m := range k.maps {
			x := make([]float32, n)
			fillValues(r, x, false)
			if m == Q8Unsigned {
				for i := range x {
					x[i] = float32(math.Abs(float64(x[i])))
				}
			}
			if n > 300 {
				clear(x[:256])
			}
			s.q[j] = NewQ8(m, n)
			if side < sides {
				codes, scales := newArena[uint8](t, 1, n), newArena[float32](t, 1, Q8Blocks(n))
				s.q[j] = Q8{Map: m, Codes: codes.side(side, 0, n), Scales: scales.side(side, 0, Q8Blocks(n))}
			}
			Quantize(s.q[j], x)
		}
		return s
	}
	clone := func(s state) state {
		c := state{w: slices.Clone(s.w), g: slices.Clone(s.g)}
		for j, q := range s.q {
			c.q[j] = cloneQ8(q)
		}
		return c
	}
	forEachPath(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(18, 82))
		for _, k := range kernels {
			for _, n := range lengths {
				for side := range sides + 1 {
					got := newState(t, r, k, n, side)
					want := clone(got)
					prev := active.Load()
					active.Store(generic)
					for step := 1; step <= 3; step++ {
						k.step(want, step)
					}
					active.Store(prev)
					for step := 1; step <= 3; step++ {
						k.step(got, step)
					}
					where := k.name + ", n=" + itoa(n) + ", side " + itoa(side)
					sameBits(t, where+": w", got.w, want.w)
					for j := range k.maps {
						sameQ8(t, where+": state "+itoa(j), got.q[j], want.q[j])
					}
				}
			}
		}
	})
}

package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestStoredCopyPaths checks the fused copy entries (float32 weights and state, a BF16 or F16 weights copy) on
// every path against their references, bit for bit, over every length, with special values, the arrays against a
// PROT_NONE page on either side and, at start offsets 0..7, between sentinels, rounding to nearest and
// stochastically (testRoundings).
func TestStoredCopyPaths(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		copyPaths(t, storedRefs().bf16Copy())
		copyPaths(t, storedRefs().f16Copy())
	})
}

// fusedCopyRefs are the references of one 16-bit type's copy entries.
// The SR entries' references serve both roundings, as fusedRefs'.
type fusedCopyRefs[H Half] struct {
	adam    func(a adamArgs[float32], w, g, m, v, vmax []float32, wCopy []H, rnd Rounding)
	sgd     func(a sgdArgs[float32], w, g, buf []float32, wCopy []H, rnd Rounding)
	lion    func(a lionArgs[float32], w, g, m []float32, wCopy []H, rnd Rounding)
	adagrad func(a adagradArgs[float32], w, g, sum []float32, wCopy []H, rnd Rounding)
}

func (o storedOps) bf16Copy() fusedCopyRefs[BF16] {
	return fusedCopyRefs[BF16]{o.adamCopyBF16SR, o.sgdCopyBF16SR, o.lionCopyBF16SR, o.adagradCopyBF16SR}
}

func (o storedOps) f16Copy() fusedCopyRefs[F16] {
	return fusedCopyRefs[F16]{o.adamCopyF16SR, o.sgdCopyF16SR, o.lionCopyF16SR, o.adagradCopyF16SR}
}

// copyPaths runs checkCopyPath over every test length: once for each side of the guard pages, and once between
// sentinels with array k at offset (n+k) mod 8, so that every length meets several alignments.
func copyPaths[H Half](t *testing.T, refs fusedCopyRefs[H]) {
	r := rand.New(rand.NewPCG(18, 4))
	lengths := testLengths()
	maxN := lengths[len(lengths)-1]
	ar, ar16 := newArena[float32](t, 5, maxN), newArena[H](t, 1, maxN)
	for _, n := range lengths {
		for place := range sides + 1 {
			var f [5][]float32
			var pads []*padded[float32]
			var cp, full []H
			off := (n + 5) % maxOffset
			if place < sides {
				for k := range f {
					f[k] = ar.side(place, k, n)
				}
				cp = ar16.side(place, 0, n)
			} else {
				for k, name := range []string{"w", "g", "m", "v", "vmax"} {
					pads = append(pads, newPadded[float32](name, n, (n+k)%maxOffset))
					f[k] = pads[k].s
				}
				full = make([]H, off+n+padding)
				cp = full[off : off+n : off+n]
			}
			for k := range f {
				fillValues(r, f[k], true)
			}
			if n > 9 {
				// Weights the copy rounds at its limits, with no gradient or moments to move them far: near
				// float32's and binary16's largest finite values, and bfloat16 and binary16 subnormals.
				for i, x := range []float32{math.MaxFloat32, -0x1.fffcp15, 0x1p-130, 0x1.8p-20} {
					j := n * (i + 1) / 6
					f[0][j], f[1][j], f[2][j], f[3][j], f[4][j] = x, 0, 0, 0, 0
				}
			}
			for i := range cp {
				cp[i] = sentinel16 // a copy the kernel failed to write keeps it, which no rounding makes
			}
			for i := range full {
				full[i] = sentinel16
			}
			for _, rnd := range testRoundings(r, n) {
				where := fmt.Sprintf("%T copy, n=%d, place %d, rounding %+v", cp[:0], n, place, rnd)
				checkCopyPath(t, where, f, cp, refs, rnd)
			}
			where := fmt.Sprintf("%T copy, n=%d, place %d", cp[:0], n, place)
			for _, p := range pads {
				p.checkSentinels(t)
			}
			for i, b := range full {
				if (i < off || i >= off+n) && b != sentinel16 {
					t.Fatalf("%s: wCopy: element %d outside the slice written", where, i-off)
				}
			}
		}
	}
}

// checkCopyPath runs each fused copy entry on f (w, g and state; squares where the state holds squares) and cp, and
// on clones through the reference, over the variants that pick each kernel of an entry, and compares every array.
func checkCopyPath[H Half](t *testing.T, where string, f [5][]float32, cp []H, refs fusedCopyRefs[H], rnd Rounding) {
	t.Helper()
	w, g, m, v, x := f[0], f[1], f[2], f[3], f[4]
	for i := range v {
		v[i], x[i] = v[i]*v[i], x[i]*x[i]
	}
	rw, rg, rm, rv, rx, rc := clone(w), clone(g), clone(m), clone(v), clone(x), slices.Clone(cp)
	same := func(what string) {
		t.Helper()
		for _, c := range []struct {
			name      string
			got, want []float32
		}{{"w", w, rw}, {"g", g, rg}, {"m", m, rm}, {"v", v, rv}, {"vmax", x, rx}} {
			checkSame(t, fmt.Sprintf("%s, %s %s", where, what, c.name), c.got, c.want)
		}
		for i := range rc {
			if cp[i] != rc[i] && !(Widened(cp[i]) != Widened(cp[i]) && Widened(rc[i]) != Widened(rc[i])) {
				t.Fatalf("%s, %s wCopy: element %d of %d: %#04x, reference %#04x", where, what, i, len(rc), cp[i], rc[i])
			}
		}
	}
	for _, ams := range []bool{false, true} {
		s := AdamHyper{LR: 1e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, AMSGrad: ams, WeightDecay: 0.01}.Step(3)
		vmax, rvmax := x, rx
		if !ams {
			vmax, rvmax = nil, nil
		}
		AdamCopy(&s, w, g, m, v, vmax, cp, rnd)
		refs.adam(newAdamArgs[float32](&s), rw, rg, rm, rv, rvmax, rc, rnd)
		same(fmt.Sprintf("Adam (AMSGrad %v)", ams))
	}
	for _, mom := range []float64{0, 0.9} {
		s := SGDHyper{LR: 0.01, Momentum: mom, Nesterov: mom != 0}.Step(2)
		buf, rbuf := m, rm
		if mom == 0 {
			buf, rbuf = nil, nil
		}
		SGDCopy(&s, w, g, buf, cp, rnd)
		refs.sgd(newSGDArgs[float32](&s), rw, rg, rbuf, rc, rnd)
		same(fmt.Sprintf("SGD (momentum %v)", mom))
	}
	lion := LionHyper{LR: 1e-3, Beta1: 0.9, Beta2: 0.99, WeightDecay: 0.1}
	LionCopy(&lion, w, g, m, cp, rnd)
	refs.lion(newLionArgs[float32](&lion), rw, rg, rm, rc, rnd)
	same("Lion")
	ada := AdagradHyper{LR: 0.1, Eps: 1e-10}.Step(2)
	AdagradCopy(&ada, w, g, v, cp, rnd)
	refs.adagrad(newAdagradArgs[float32](&ada), rw, rg, rv, rc, rnd)
	same("Adagrad")
}

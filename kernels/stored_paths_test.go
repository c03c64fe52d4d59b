package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestStoredPaths checks the fused stored optimizers (all BF16, all F16) on every path against their references,
// bit for bit, over every length, with special values, the arrays against a PROT_NONE page on either side and
// between sentinels: a vector loop that read or wrote one element too many would fault or change one. Each runs
// rounding to nearest and stochastically, at tensor offsets that make the index wrap at 2³² inside the slice.
func TestStoredPaths(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		storedPaths[BF16](t, storedRefs().bf16())
		storedPaths[F16](t, storedRefs().f16())
	})
}

// fusedRefs are the references of one 16-bit type's all-16-bit entries.
// The SR entries' references serve both roundings: with a nearest Rounding they are the nearest entries'.
type fusedRefs[H Half] struct {
	adam    func(a adamArgs[float32], w, g, m, v, vmax []H, rnd Rounding)
	sgd     func(a sgdArgs[float32], w, g, buf []H, rnd Rounding)
	lion    func(a lionArgs[float32], w, g, m []H, rnd Rounding)
	adagrad func(a adagradArgs[float32], w, g, sum []H, rnd Rounding)
}

func (o storedOps) bf16() fusedRefs[BF16] {
	return fusedRefs[BF16]{o.adamBF16SR, o.sgdBF16SR, o.lionBF16SR, o.adagradBF16SR}
}

func (o storedOps) f16() fusedRefs[F16] {
	return fusedRefs[F16]{o.adamF16SR, o.sgdF16SR, o.lionF16SR, o.adagradF16SR}
}

// testRoundings returns the roundings a test of n elements runs: to nearest, and stochastically at tensor offset
// 0, at one that makes the index wrap at 2³² inside the slice, and at one past 2⁴⁰.
func testRoundings(r *rand.Rand, n int) []Rounding {
	k := RoundingKey{r.Uint32(), r.Uint32()}
	rnds := []Rounding{{}}
	for _, off := range []int{0, 1<<32 - 1 - r.IntN(max(n, 1)), 1<<40 + r.IntN(1<<32)} {
		rnds = append(rnds, Rounding{Stochastic: true, Key: k, Offset: off})
	}
	return rnds
}

// sentinel16 is the bit pattern around the sentinelled slices: a signalling NaN, which no store writes (a store
// rounds every NaN to the format's quiet one).
const sentinel16 = 0x7fa5

func storedPaths[H Half](t *testing.T, refs fusedRefs[H]) {
	r := rand.New(rand.NewPCG(18, 3))
	lengths := testLengths()
	ar := newArena[H](t, 5, lengths[len(lengths)-1])
	for _, n := range lengths {
		for side := range sides + 1 {
			arrays, full := make([][]H, 5), make([][]H, 5)
			for k := range arrays {
				if side < sides {
					arrays[k] = ar.side(side, k, n)
				} else {
					full[k] = make([]H, n+2*padding)
					for i := range full[k] {
						full[k][i] = sentinel16
					}
					arrays[k] = full[k][padding : padding+n : padding+n]
				}
				for i := range arrays[k] {
					arrays[k][i] = Rounded[H](float32(r.NormFloat64()), Rounding{}, i)
				}
			}
			if n > 3 {
				// The NaNs, which make every array NaN at their index, take the last vector and one at n/7, which
				// over the lengths falls in each vector of an unrolled block, through a rounding's way for
				// vectors holding a NaN; the others' lanes through its way for vectors without.
				nan := Rounded[H](float32(math.NaN()), Rounding{}, 0)
				arrays[1][n/2], arrays[1][n-1], arrays[1][n/7] = Rounded[H](float32(math.Inf(1)), Rounding{}, 0), nan, nan
				// Subnormal bfloat16 results (binary16 has none this small: they are zeros), which a rounding's
				// way for vectors without a NaN or a subnormal flushes to zero: m at n/3 and w at n/5, with no
				// gradient and, for w, no moment either.
				sub := Rounded[H](0x1p-130, Rounding{}, 0)
				arrays[1][n/3], arrays[2][n/3] = 0, sub
				arrays[0][n/5], arrays[1][n/5], arrays[2][n/5] = sub, 0, 0
			}
			for _, rnd := range testRoundings(r, n) {
				where := fmt.Sprintf("%T n=%d side %d rounding %+v", arrays[0][:0], n, side, rnd)
				checkStoredPath(t, where, arrays, refs, rnd)
			}
			where := fmt.Sprintf("%T n=%d side %d", arrays[0][:0], n, side)
			for k := range full {
				for i, b := range full[k] {
					if (i < padding || i >= padding+n) && b != sentinel16 {
						t.Fatalf("%s: array %d: element %d outside the slice written", where, k, i-padding)
					}
				}
			}
		}
	}
}

// checkStoredPath runs each fused optimizer on arrays (w, g and state; squares where the state holds squares) and
// on copies through the reference, and compares every array.
func checkStoredPath[H Half](t *testing.T, where string, arrays [][]H, refs fusedRefs[H], rnd Rounding) {
	t.Helper()
	w, g, m, v, x := arrays[0], arrays[1], arrays[2], arrays[3], arrays[4]
	for i := range v {
		sq := Widened(v[i]) * Widened(v[i])
		v[i], x[i] = Rounded[H](sq, Rounding{}, i), Rounded[H](sq, Rounding{}, i)
	}
	rw, rg, rm, rv, rx := slices.Clone(w), slices.Clone(g), slices.Clone(m), slices.Clone(v), slices.Clone(x)
	same := func(what string, got, want []H) {
		t.Helper()
		for i := range want {
			a, b := Widened(got[i]), Widened(want[i])
			if got[i] != want[i] && !(a != a && b != b) {
				t.Fatalf("%s, %s: element %d of %d: %#04x, reference %#04x", where, what, i, len(want), got[i], want[i])
			}
		}
	}

	ams := AdamHyper{LR: 1e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, AMSGrad: true, WeightDecay: 0.01}.Step(3)
	AdamStored(&ams, w, g, m, v, x, rnd)
	onGeneric(func() { refs.adam(newAdamArgs[float32](&ams), rw, rg, rm, rv, rx, rnd) })
	same("AMSGrad w", w, rw)
	same("AMSGrad m", m, rm)
	same("AMSGrad v", v, rv)
	same("AMSGrad vmax", x, rx)

	sgd := SGDHyper{LR: 0.01, Momentum: 0.9, Nesterov: true}.Step(2)
	SGDStored(&sgd, w, g, m, rnd)
	onGeneric(func() { refs.sgd(newSGDArgs[float32](&sgd), rw, rg, rm, rnd) })
	same("SGD w", w, rw)
	same("SGD buf", m, rm)

	lion := LionHyper{LR: 1e-3, Beta1: 0.9, Beta2: 0.99, WeightDecay: 0.1}
	LionStored(&lion, w, g, m, rnd)
	onGeneric(func() { refs.lion(newLionArgs[float32](&lion), rw, rg, rm, rnd) })
	same("Lion w", w, rw)
	same("Lion m", m, rm)

	ada := AdagradHyper{LR: 0.1, Eps: 1e-10}.Step(2)
	AdagradStored(&ada, w, g, v, rnd)
	onGeneric(func() { refs.adagrad(newAdagradArgs[float32](&ada), rw, rg, rv, rnd) })
	same("Adagrad w", w, rw)
	same("Adagrad sum", v, rv)
}

// onGeneric runs f on the generic path: the stored references widen and round through the dispatched conversions,
// which on the path under test would share its roundings.
func onGeneric(f func()) {
	defer active.Store(active.Load())
	active.Store(generic)
	f()
}

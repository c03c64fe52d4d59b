package kernels

import (
	"math/rand/v2"
	"testing"
)

// adamHyperFor returns the hyperparameters of flag combination f, one bit per option, so that the path tests
// cycle through all adamCombos combinations.
func adamHyperFor(f int) AdamHyper {
	h := AdamHyper{LR: 1e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8,
		Maximize: f&1 != 0, AMSGrad: f&2 != 0, Decoupled: f&4 != 0, EpsHat: f&8 != 0}
	if f&16 != 0 {
		h.WeightDecay = 0.01
	}
	if f&32 != 0 {
		h.Beta1 = 0.3 // PyTorch's lerp switches to its other formula
	}
	if f&64 != 0 {
		h.LR, h.Beta2, h.Eps = 0.5, 0.5, 0 // ε = 0 divides zero by zero where v is 0
	}
	return h
}

const adamCombos = 128

// adamInputs holds one Adam call's inputs: weights, gradient and state.
type adamInputs[F Float] struct{ w, g, m, v, vmax []F }

func newAdamInputs[F Float](r *rand.Rand, n int, ams, special bool) adamInputs[F] {
	in := adamInputs[F]{w: make([]F, n), g: make([]F, n), m: make([]F, n), v: make([]F, n)}
	fillValues(r, in.w, special)
	fillValues(r, in.g, special)
	fillValues(r, in.m, special)
	fillValues(r, in.v, special)
	if !special {
		for i, x := range in.v {
			in.v[i] = x * x // a second moment is not negative, except when the test says otherwise
		}
	}
	if ams {
		in.vmax = make([]F, n)
		fillValues(r, in.vmax, special)
	}
	return in
}

// refSteps runs three Adam steps of h with the reference on copies of in.
func (in adamInputs[F]) refSteps(h AdamHyper) adamInputs[F] {
	out := adamInputs[F]{clone(in.w), in.g, clone(in.m), clone(in.v), clone(in.vmax)}
	for step := 1; step <= 3; step++ {
		s := h.Step(step)
		adamRef(newAdamArgs[F](&s), out.w, out.g, out.m, out.v, out.vmax)
	}
	return out
}

// steps runs three Adam steps of h with the active path on the given buffers, already holding in's values.
func steps[F Float](h AdamHyper, w, g, m, v, vmax []F) {
	for step := 1; step <= 3; step++ {
		s := h.Step(step)
		Adam(&s, w, g, m, v, vmax)
	}
}

func (in adamInputs[F]) check(t *testing.T, w, g, m, v, vmax []F, want adamInputs[F]) {
	t.Helper()
	checkSame(t, "w", w, want.w)
	checkSame(t, "m", m, want.m)
	checkSame(t, "v", v, want.v)
	checkSame(t, "vmax", vmax, want.vmax)
	checkSame(t, "g (read-only)", g, in.g)
}

// TestAdamPaths checks every path against adamRef bit for bit: every length and offset, all flag combinations,
// realistic and special values, three steps of evolving state, in padded buffers (sentinels intact) and in
// buffers against a PROT_NONE page, after or before them.
func TestAdamPaths(t *testing.T) {
	forEachPath(t, func(t *testing.T) { forTypes(t, adamPaths[float32], adamPaths[float64]) })
}

func adamPaths[F Float](t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	lengths := testLengths()
	ar := newArena[F](t, 5, lengths[len(lengths)-1])
	combo := 0
	for _, n := range lengths {
		for off := range maxOffset {
			combo++
			h := adamHyperFor(combo % adamCombos)
			in := newAdamInputs[F](r, n, h.AMSGrad, combo%3 == 0)
			want := in.refSteps(h)
			t.Logf("n=%d off=%d hyper=%+v", n, off, h) // shown only on failure

			bufs := []*padded[F]{newPadded[F]("w", n, off), newPadded[F]("g", n, (off+1)%maxOffset),
				newPadded[F]("m", n, (off+2)%maxOffset), newPadded[F]("v", n, (off+3)%maxOffset)}
			if h.AMSGrad {
				bufs = append(bufs, newPadded[F]("vmax", n, (off+5)%maxOffset))
			}
			for k, src := range [][]F{in.w, in.g, in.m, in.v, in.vmax}[:len(bufs)] {
				copy(bufs[k].s, src)
			}
			var vmax []F
			if h.AMSGrad {
				vmax = bufs[4].s
			}
			steps(h, bufs[0].s, bufs[1].s, bufs[2].s, bufs[3].s, vmax)
			in.check(t, bufs[0].s, bufs[1].s, bufs[2].s, bufs[3].s, vmax, want)
			for _, b := range bufs {
				b.checkSentinels(t)
			}

			if off < sides {
				s := make([][]F, 5)
				for k, src := range [][]F{in.w, in.g, in.m, in.v, in.vmax} {
					if src != nil {
						s[k] = ar.side(off, k, n)
						copy(s[k], src)
					}
				}
				steps(h, s[0], s[1], s[2], s[3], s[4])
				in.check(t, s[0], s[1], s[2], s[3], s[4], want)
			}
		}
	}
}

// TestAdamAllocatesNothing checks every path, with and without AMSGrad.
func TestAdamAllocatesNothing(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		skipInterpreter(t)
		in32 := newAdamInputs[float32](rand.New(rand.NewPCG(1, 1)), 100, true, false)
		in64 := newAdamInputs[float64](rand.New(rand.NewPCG(1, 1)), 100, true, false)
		for _, ams := range []bool{false, true} {
			s := AdamHyper{LR: 1e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, AMSGrad: ams}.Step(2)
			vm32, vm64 := in32.vmax, in64.vmax
			if !ams {
				vm32, vm64 = nil, nil
			}
			if n := testing.AllocsPerRun(20, func() { Adam(&s, in32.w, in32.g, in32.m, in32.v, vm32) }); n != 0 {
				t.Errorf("float32 AMSGrad=%v: %v allocations per call", ams, n)
			}
			if n := testing.AllocsPerRun(20, func() { Adam(&s, in64.w, in64.g, in64.m, in64.v, vm64) }); n != 0 {
				t.Errorf("float64 AMSGrad=%v: %v allocations per call", ams, n)
			}
		}
	})
}

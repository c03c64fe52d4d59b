package optim

import (
	"maps"
	"math"
	"slices"
	"testing"

	"github.com/fastgrad/fastgrad/kernels"
)

// compactOptimizer is what the tests of 16-bit state and weight copies use of an optimizer.
type compactOptimizer interface {
	Optimizer[float32]
	SetWeightCopy(param string, w WeightCopy) error
}

// refState is a parameter's state as the reference run keeps it: in one of the stored types.
type refState struct {
	f32  [][]float32
	bf16 [][]kernels.BF16
	f16  [][]kernels.F16
}

// newRefState allocates k buffers of n elements of type st, each at initial.
func newRefState(st StateType, k, n int, initial float64) refState {
	var r refState
	for range k {
		switch st {
		case StateBF16:
			r.bf16 = append(r.bf16, slices.Repeat([]kernels.BF16{kernels.ToBF16(float32(initial))}, n))
		case StateF16:
			r.f16 = append(r.f16, slices.Repeat([]kernels.F16{kernels.ToF16(float32(initial))}, n))
		default:
			r.f32 = append(r.f32, slices.Repeat([]float32{float32(initial)}, n))
		}
	}
	return r
}

// widened returns buffer k widened to float32.
func (r refState) widened(k int) []float32 {
	switch {
	case r.bf16 != nil:
		return widened[float32](r.bf16[k])
	case r.f16 != nil:
		return widened[float32](r.f16[k])
	}
	return slices.Clone(r.f32[k])
}

// compactCase is an optimizer with a 16-bit state mode: its constructor at a state type, and its step at rate lr
// and step count t called on the stored kernel directly, the reference.
type compactCase struct {
	name    string
	names   int     // state buffers per parameter
	initial float64 // their first value
	build   func(st StateType, ps []*Param[float32]) (compactOptimizer, error)
	ref     func(lr float64, t int, w, g []float32, st refState)
}

// stored calls step, generic over the state type, on the type r holds.
func stored(r refState, bf16 func([][]kernels.BF16), f16 func([][]kernels.F16), f32 func([][]float32)) {
	switch {
	case r.bf16 != nil:
		bf16(r.bf16)
	case r.f16 != nil:
		f16(r.f16)
	default:
		f32(r.f32)
	}
}

func adamRef[S kernels.Stored](c AdamConfig, lr float64, t int, w, g []float32) func([][]S) {
	return func(st [][]S) {
		s := c.hyper(lr).Step(t)
		var vmax []S
		if c.AMSGrad {
			vmax = st[2]
		}
		kernels.AdamStored(&s, w, g, st[0], st[1], vmax, kernels.Rounding{})
	}
}

func sgdRef[S kernels.Stored](c SGDConfig, lr float64, t int, w, g []float32) func([][]S) {
	return func(st [][]S) {
		s := c.hyper(lr).Step(t)
		kernels.SGDStored(&s, w, g, st[0], kernels.Rounding{})
	}
}

func lionRef[S kernels.Stored](c LionConfig, lr float64, w, g []float32) func([][]S) {
	return func(st [][]S) {
		h := c.hyper(lr)
		kernels.LionStored(&h, w, g, st[0], kernels.Rounding{})
	}
}

func adagradRef[S kernels.Stored](c AdagradConfig, lr float64, t int, w, g []float32) func([][]S) {
	return func(st [][]S) {
		s := c.hyper(lr).Step(t)
		kernels.AdagradStored(&s, w, g, st[0], kernels.Rounding{})
	}
}

func compactCases() []compactCase {
	adam := DefaultAdam()
	adam.LR, adam.WeightDecay = 0.01, 0.01
	adamw := DefaultAdamW()
	adamw.LR, adamw.AMSGrad = 0.02, true
	sgd := DefaultSGD()
	sgd.LR, sgd.Momentum, sgd.Dampening, sgd.WeightDecay = 0.05, 0.9, 0.1, 0.001
	nesterov := DefaultSGD()
	nesterov.LR, nesterov.Momentum, nesterov.Nesterov, nesterov.Maximize = 0.05, 0.8, true, true
	lion := DefaultLion()
	lion.LR, lion.WeightDecay = 1e-3, 0.1
	adagrad := DefaultAdagrad()
	adagrad.LRDecay, adagrad.InitialAccumulatorValue = 0.01, 0.1
	return []compactCase{
		{"Adam", 2, 0, func(st StateType, ps []*Param[float32]) (compactOptimizer, error) {
			c := adam
			c.State = st
			return NewAdam(ps, c)
		}, func(lr float64, t int, w, g []float32, r refState) {
			stored(r, adamRef[kernels.BF16](adam, lr, t, w, g), adamRef[kernels.F16](adam, lr, t, w, g), adamRef[float32](adam, lr, t, w, g))
		}},
		{"AdamW-AMSGrad", 3, 0, func(st StateType, ps []*Param[float32]) (compactOptimizer, error) {
			c := adamw
			c.State = st
			return NewAdam(ps, c)
		}, func(lr float64, t int, w, g []float32, r refState) {
			stored(r, adamRef[kernels.BF16](adamw, lr, t, w, g), adamRef[kernels.F16](adamw, lr, t, w, g), adamRef[float32](adamw, lr, t, w, g))
		}},
		{"SGD-momentum", 1, 0, func(st StateType, ps []*Param[float32]) (compactOptimizer, error) {
			c := sgd
			c.State = st
			return NewSGD(ps, c)
		}, func(lr float64, t int, w, g []float32, r refState) {
			stored(r, sgdRef[kernels.BF16](sgd, lr, t, w, g), sgdRef[kernels.F16](sgd, lr, t, w, g), sgdRef[float32](sgd, lr, t, w, g))
		}},
		{"SGD-Nesterov", 1, 0, func(st StateType, ps []*Param[float32]) (compactOptimizer, error) {
			c := nesterov
			c.State = st
			return NewSGD(ps, c)
		}, func(lr float64, t int, w, g []float32, r refState) {
			stored(r, sgdRef[kernels.BF16](nesterov, lr, t, w, g), sgdRef[kernels.F16](nesterov, lr, t, w, g), sgdRef[float32](nesterov, lr, t, w, g))
		}},
		{"Lion", 1, 0, func(st StateType, ps []*Param[float32]) (compactOptimizer, error) {
			c := lion
			c.State = st
			return NewLion(ps, c)
		}, func(lr float64, t int, w, g []float32, r refState) {
			stored(r, lionRef[kernels.BF16](lion, lr, w, g), lionRef[kernels.F16](lion, lr, w, g), lionRef[float32](lion, lr, w, g))
		}},
		{"Adagrad", 1, 0.1, func(st StateType, ps []*Param[float32]) (compactOptimizer, error) {
			c := adagrad
			c.State = st
			return NewAdagrad(ps, c)
		}, func(lr float64, t int, w, g []float32, r refState) {
			stored(r, adagradRef[kernels.BF16](adagrad, lr, t, w, g), adagradRef[kernels.F16](adagrad, lr, t, w, g), adagradRef[float32](adagrad, lr, t, w, g))
		}},
	}
}

// compactParams returns parameters of the given lengths, named p0, p1, …, with values that vary in sign and
// magnitude.
func compactParams(lens ...int) []*Param[float32] {
	var ps []*Param[float32]
	for k, n := range lens {
		p := &Param[float32]{Name: "p" + string(rune('0'+k)), Value: make([]float32, n), Grad: make([]float32, n)}
		for j := range p.Value {
			p.Value[j] = float32(j%23-11) * 0.0625 * float32(k+1)
		}
		ps = append(ps, p)
	}
	return ps
}

// compactGrads sets the gradients of step s (from 1): a function of the value, the index and the step, every
// product rounded.
func compactGrads(ps []*Param[float32], s int) {
	for _, p := range ps {
		for j, v := range p.Value {
			p.Grad[j] = float32(v*0.5) + float32((j*7+s*3)%19-9)*0.01
		}
	}
}

// compactLR is the rate of step s, changed as a schedule would.
func compactLR(base float64, s int) float64 { return base / float64(1+s%3) }

// stateTypes are the types the tests run each case at.
var stateTypes = []StateType{StateFloat32, StateBF16, StateF16}

// TestCompactStateMatchesKernels runs each optimizer with each state type for several steps, its rate changing
// between them, every parameter with a weight copy (stochastic on one, to nearest on the other), and compares the
// values, the state and the copies, bit for bit, with the stored kernels called directly on the whole tensors.
func TestCompactStateMatchesKernels(t *testing.T) {
	for _, c := range compactCases() {
		for _, st := range stateTypes {
			ps := compactParams(1100, 37)
			opt, err := c.build(st, ps)
			if err != nil {
				t.Fatal(err)
			}
			copies := []WeightCopy{{BF16: make([]kernels.BF16, 1100), Stochastic: true, Seed: 7}, {F16: make([]kernels.F16, 37)}}
			for i, cp := range copies {
				if err := opt.SetWeightCopy(ps[i].Name, cp); err != nil {
					t.Fatal(err)
				}
			}
			ref := compactParams(1100, 37)
			refSt := []refState{newRefState(st, c.names, 1100, c.initial), newRefState(st, c.names, 37, c.initial)}
			base := opt.LR(0)
			for s := 1; s <= 6; s++ {
				lr := compactLR(base, s)
				if err := opt.SetLR(0, lr); err != nil {
					t.Fatal(err)
				}
				compactGrads(ps, s)
				compactGrads(ref, s)
				if err := opt.Step(); err != nil {
					t.Fatal(err)
				}
				for i, p := range ref {
					c.ref(lr, s, p.Value, p.Grad, refSt[i])
				}
			}
			wantCopy0 := make([]kernels.BF16, 1100)
			kernels.RoundToBF16(wantCopy0, ref[0].Value, kernels.Rounding{Stochastic: true, Key: kernels.NewRoundingKey(7, 6)})
			wantCopy1 := make([]kernels.F16, 37)
			kernels.RoundToF16(wantCopy1, ref[1].Value, kernels.Rounding{})
			state := opt.TorchState()
			for i, p := range ps {
				if !sameBits(p.Value, ref[i].Value) {
					t.Errorf("%s, %v state: %s's values differ from the kernels'", c.name, st, p.Name)
				}
				// PyTorch's names of each optimizer's buffers sort in the order the kernels take them.
				names := slices.Sorted(maps.Keys(state.State[i].Tensors))
				if len(names) != c.names {
					t.Fatalf("%s: state %v", c.name, names)
				}
				for k, name := range names {
					if !sameBits(state.State[i].Tensors[name], refSt[i].widened(k)) {
						t.Errorf("%s, %v state: %s's %s differs from the kernels'", c.name, st, p.Name, name)
					}
				}
			}
			if !slices.Equal(copies[0].BF16, wantCopy0) || !slices.Equal(copies[1].F16, wantCopy1) {
				t.Errorf("%s, %v state: the weight copies differ from the values rounded", c.name, st)
			}
		}
	}
}

// sameBits reports whether x and y hold the same bits (any NaN equal to any NaN).
func sameBits(x, y []float32) bool {
	return slices.EqualFunc(x, y, func(a, b float32) bool {
		return math.Float32bits(a) == math.Float32bits(b) || (a != a && b != b)
	})
}

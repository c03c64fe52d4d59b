package optim

import (
	"bytes"
	"maps"
	"math"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/fastgrad/fastgrad/internal/safetensors"
	"github.com/fastgrad/fastgrad/kernels"
)

// compactOptimizer is what the tests of 16-bit state and weight copies use of an optimizer.
type compactOptimizer interface {
	Optimizer[float32]
	SetWeightCopy(param string, w WeightCopy) error
}

// refState is a parameter's state as the reference run keeps it: in one of the stored types, or in 8 bits.
type refState struct {
	f32  [][]float32
	bf16 [][]kernels.BF16
	f16  [][]kernels.F16
	q8   []kernels.Q8
}

// newRefState allocates the buffers named names, of n elements of type st, each at initial; in 8 bits, the sums
// of squares in the unsigned map and the others in the signed one.
func newRefState(st StateType, names []string, n int, initial float64) refState {
	var r refState
	for _, name := range names {
		switch st {
		case StateQ8:
			m := kernels.Q8Signed
			if name == "exp_avg_sq" || name == "max_exp_avg_sq" || name == "sum" {
				m = kernels.Q8Unsigned
			}
			q := kernels.NewQ8(m, n)
			kernels.Quantize(q, slices.Repeat([]float32{float32(initial)}, n))
			r.q8 = append(r.q8, q)
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
	case r.q8 != nil:
		return dequantized[float32](r.q8[k])
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

// stored calls step, generic over the state type, on the type r holds (q8 for 8-bit state).
func stored(r refState, bf16 func([][]kernels.BF16), f16 func([][]kernels.F16), f32 func([][]float32), q8 func([]kernels.Q8)) {
	switch {
	case r.q8 != nil:
		q8(r.q8)
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

func adamQ8Ref(c AdamConfig, lr float64, t int, w, g []float32) func([]kernels.Q8) {
	return func(st []kernels.Q8) {
		s := c.hyper(lr).Step(t)
		var vmax kernels.Q8
		if c.AMSGrad {
			vmax = st[2]
		}
		kernels.AdamQ8(&s, w, g, st[0], st[1], vmax)
	}
}

func sgdQ8Ref(c SGDConfig, lr float64, t int, w, g []float32) func([]kernels.Q8) {
	return func(st []kernels.Q8) {
		s := c.hyper(lr).Step(t)
		kernels.SGDQ8(&s, w, g, st[0])
	}
}

func lionQ8Ref(c LionConfig, lr float64, w, g []float32) func([]kernels.Q8) {
	return func(st []kernels.Q8) {
		h := c.hyper(lr)
		kernels.LionQ8(&h, w, g, st[0])
	}
}

func adagradQ8Ref(c AdagradConfig, lr float64, t int, w, g []float32) func([]kernels.Q8) {
	return func(st []kernels.Q8) {
		s := c.hyper(lr).Step(t)
		kernels.AdagradQ8(&s, w, g, st[0])
	}
}

func compactCases() []compactCase {
	adam := DefaultAdam()
	adam.LR, adam.WeightDecay, adam.L2 = 0.01, 0.01, true
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
	return []compactCase{adamCase("Adam", adam), adamCase("AdamW-AMSGrad", adamw), sgdCase("SGD-momentum", sgd),
		sgdCase("SGD-Nesterov", nesterov),
		{"Lion", 1, 0, func(st StateType, ps []*Param[float32]) (compactOptimizer, error) {
			c := lion
			c.State = st
			return NewLion(ps, c)
		}, func(lr float64, t int, w, g []float32, r refState) {
			stored(r, lionRef[kernels.BF16](lion, lr, w, g), lionRef[kernels.F16](lion, lr, w, g), lionRef[float32](lion, lr, w, g),
				lionQ8Ref(lion, lr, w, g))
		}},
		{"Adagrad", 1, 0.1, func(st StateType, ps []*Param[float32]) (compactOptimizer, error) {
			c := adagrad
			c.State = st
			return NewAdagrad(ps, c)
		}, func(lr float64, t int, w, g []float32, r refState) {
			stored(r, adagradRef[kernels.BF16](adagrad, lr, t, w, g), adagradRef[kernels.F16](adagrad, lr, t, w, g), adagradRef[float32](adagrad, lr, t, w, g),
				adagradQ8Ref(adagrad, lr, t, w, g))
		}},
	}
}

// adamCase is the compactCase of Adam with config cfg.
func adamCase(name string, cfg AdamConfig) compactCase {
	return compactCase{name, len(cfg.stateNames()), 0, func(st StateType, ps []*Param[float32]) (compactOptimizer, error) {
		c := cfg
		c.State = st
		return NewAdam(ps, c)
	}, func(lr float64, t int, w, g []float32, r refState) {
		stored(r, adamRef[kernels.BF16](cfg, lr, t, w, g), adamRef[kernels.F16](cfg, lr, t, w, g), adamRef[float32](cfg, lr, t, w, g),
			adamQ8Ref(cfg, lr, t, w, g))
	}}
}

// sgdCase is the compactCase of SGD with config cfg.
func sgdCase(name string, cfg SGDConfig) compactCase {
	return compactCase{name, 1, 0, func(st StateType, ps []*Param[float32]) (compactOptimizer, error) {
		c := cfg
		c.State = st
		return NewSGD(ps, c)
	}, func(lr float64, t int, w, g []float32, r refState) {
		stored(r, sgdRef[kernels.BF16](cfg, lr, t, w, g), sgdRef[kernels.F16](cfg, lr, t, w, g), sgdRef[float32](cfg, lr, t, w, g),
			sgdQ8Ref(cfg, lr, t, w, g))
	}}
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
var stateTypes = []StateType{StateFloat32, StateBF16, StateF16, StateQ8}

// compactRun is a run of a compactCase: its parameters, optimizer and weight copies.
type compactRun struct {
	ps     []*Param[float32]
	opt    compactOptimizer
	copies []WeightCopy
}

// startCompact builds c's optimizer at state type st over parameters of the given lengths, with workers goroutines
// and a weight copy of each parameter: bf16 rounded stochastically with seed 7+i for the even ones, f16 to
// nearest for the odd ones.
func startCompact(t *testing.T, c compactCase, st StateType, workers int, lens ...int) compactRun {
	t.Helper()
	r := compactRun{ps: compactParams(lens...)}
	var err error
	if r.opt, err = c.build(st, r.ps); err != nil {
		t.Fatal(err)
	}
	if err := r.opt.SetWorkers(workers); err != nil {
		t.Fatal(err)
	}
	for i, n := range lens {
		cp := WeightCopy{F16: make([]kernels.F16, n)}
		if i%2 == 0 {
			cp = WeightCopy{BF16: make([]kernels.BF16, n), Stochastic: true, Seed: uint64(7 + i)}
		}
		if err := r.opt.SetWeightCopy(r.ps[i].Name, cp); err != nil {
			t.Fatal(err)
		}
		r.copies = append(r.copies, cp)
	}
	return r
}

// steps takes the run's steps from+1 to to, the rate changed before each as a schedule would.
func (r compactRun) steps(t *testing.T, base float64, from, to int) {
	t.Helper()
	for s := from + 1; s <= to; s++ {
		if err := r.opt.SetLR(0, compactLR(base, s)); err != nil {
			t.Fatal(err)
		}
		compactGrads(r.ps, s)
		if err := r.opt.Step(); err != nil {
			t.Fatal(err)
		}
	}
}

// checkpoint returns the run's checkpoint: the values and every state buffer, as stored.
func (r compactRun) checkpoint(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := r.opt.Save(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// sameCopies reports whether two runs' weight copies hold the same bits.
func sameCopies(a, b []WeightCopy) bool {
	return slices.EqualFunc(a, b, func(x, y WeightCopy) bool { return slices.Equal(x.BF16, y.BF16) && slices.Equal(x.F16, y.F16) })
}

// checkAgainstKernels compares run r, after n steps of c at state type st, with the stored kernels called
// directly on the whole tensors: the values, the state and the copies, bit for bit.
func checkAgainstKernels(t *testing.T, c compactCase, st StateType, r compactRun, n int) {
	t.Helper()
	var lens []int
	for _, p := range r.ps {
		lens = append(lens, len(p.Value))
	}
	ref := compactParams(lens...)
	var refSt []refState
	for _, n := range lens {
		refSt = append(refSt, newRefState(st, c.stateNames(t), n, c.initial))
	}
	base := c.baseLR(t)
	for s := 1; s <= n; s++ {
		compactGrads(ref, s)
		for i, p := range ref {
			c.ref(compactLR(base, s), s, p.Value, p.Grad, refSt[i])
		}
	}
	state := r.opt.TorchState()
	for i, p := range r.ps {
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
		cp := r.copies[i]
		if cp.BF16 != nil {
			want := make([]kernels.BF16, len(cp.BF16))
			kernels.RoundToBF16(want, ref[i].Value, kernels.Rounding{Stochastic: true, Key: kernels.NewRoundingKey(cp.Seed, uint64(n))})
			if !slices.Equal(cp.BF16, want) {
				t.Errorf("%s, %v state: %s's stochastic bf16 copy differs from its values rounded", c.name, st, p.Name)
			}
		} else {
			want := make([]kernels.F16, len(cp.F16))
			kernels.RoundToF16(want, ref[i].Value, kernels.Rounding{})
			if !slices.Equal(cp.F16, want) {
				t.Errorf("%s, %v state: %s's f16 copy differs from its values rounded", c.name, st, p.Name)
			}
		}
	}
}

// stateNames returns the names of the case's state buffers, in PyTorch's names, which sort in the order the
// kernels take them.
func (c compactCase) stateNames(t *testing.T) []string {
	opt, err := c.build(StateFloat32, compactParams(1))
	if err != nil {
		t.Fatal(err)
	}
	// Stepped once, as SGD's state, like PyTorch's, is empty before its first step.
	if err := opt.Step(); err != nil {
		t.Fatal(err)
	}
	return slices.Sorted(maps.Keys(opt.TorchState().State[0].Tensors))
}

// baseLR returns the case's configured rate.
func (c compactCase) baseLR(t *testing.T) float64 {
	opt, err := c.build(StateFloat32, compactParams(1))
	if err != nil {
		t.Fatal(err)
	}
	return opt.LR(0)
}

// TestCompactStateMatchesKernels runs each optimizer with each state type for several steps, its rate changing
// between them, every parameter with a weight copy (stochastic or to nearest), and compares the values, the state
// and the copies, bit for bit, with the stored kernels called directly on the whole tensors.
func TestCompactStateMatchesKernels(t *testing.T) {
	for _, c := range compactCases() {
		for _, st := range stateTypes {
			r := startCompact(t, c, st, 1, 1100, 37)
			r.steps(t, c.baseLR(t), 0, 6)
			checkAgainstKernels(t, c, st, r, 6)
		}
	}
}

// TestCompactStateSplitSameBits: a step split across workers gives the bits of the step on one goroutine and of
// the kernels on the whole tensors, stochastic copies included (each piece rounds at its offset in the tensor).
func TestCompactStateSplitSameBits(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	for _, c := range compactCases() {
		for _, st := range stateTypes {
			var runs []compactRun
			for _, workers := range []int{1, 2} {
				r := startCompact(t, c, st, workers, 140_001, 5)
				r.steps(t, c.baseLR(t), 0, 3)
				runs = append(runs, r)
			}
			if !bytes.Equal(runs[0].checkpoint(t), runs[1].checkpoint(t)) || !sameCopies(runs[0].copies, runs[1].copies) {
				t.Errorf("%s, %v state: 2 workers give other bits than 1", c.name, st)
			}
			checkAgainstKernels(t, c, st, runs[1], 3)
		}
	}
}

// TestCompactStateResumes: a run saved after 3 steps and loaded into a new optimizer, with new copies, continues
// to the bits of the run that was not interrupted: values, state and stochastic copies. The copies are right at
// once: Load refreshes them.
func TestCompactStateResumes(t *testing.T) {
	for _, c := range compactCases() {
		for _, st := range stateTypes {
			base := c.baseLR(t)
			whole, part := startCompact(t, c, st, 1, 300, 7), startCompact(t, c, st, 1, 300, 7)
			whole.steps(t, base, 0, 3)
			part.steps(t, base, 0, 3)
			resumed := startCompact(t, c, st, 1, 300, 7)
			if err := resumed.opt.Load(bytes.NewReader(part.checkpoint(t))); err != nil {
				t.Fatal(err)
			}
			if !sameCopies(resumed.copies, whole.copies) {
				t.Errorf("%s, %v state: the copies after Load differ from the run's", c.name, st)
			}
			whole.steps(t, base, 3, 6)
			resumed.steps(t, base, 3, 6)
			if !bytes.Equal(whole.checkpoint(t), resumed.checkpoint(t)) || !sameCopies(whole.copies, resumed.copies) {
				t.Errorf("%s, %v state: the resumed run differs from the whole one", c.name, st)
			}
		}
	}
}

// TestCompactStateTorchRoundTrip: TorchState, written to a safetensors file with the 16-bit buffers as BF16 or F16
// tensors, read and restored into a new optimizer, gives back the same bits. An 8-bit state is written
// dequantized, in F32; restored, it gives back the same bits where quantizing it gives the same values, and is
// otherwise refused, the optimizer left as it was (both happen among the cases).
func TestCompactStateTorchRoundTrip(t *testing.T) {
	for _, c := range compactCases() {
		for _, st := range stateTypes {
			r := startCompact(t, c, st, 1, 30, 7)
			r.steps(t, c.baseLR(t), 0, 3)
			var buf bytes.Buffer
			if err := WriteTorchState(&buf, r.opt.TorchState(), r.ps...); err != nil {
				t.Fatal(err)
			}
			f, err := safetensors.Read(bytes.NewReader(buf.Bytes()), maxTorchFile)
			if err != nil {
				t.Fatal(err)
			}
			want := map[StateType]string{StateFloat32: "F32", StateBF16: "BF16", StateF16: "F16", StateQ8: "F32"}[st]
			for name, tensor := range f.Tensors {
				if strings.HasPrefix(name, "state.") && !strings.HasSuffix(name, ".step") && tensor.DType != want {
					t.Errorf("%s, %v state: %s is %s, want %s", c.name, st, name, tensor.DType, want)
				}
			}
			s, values, err := ReadTorchState[float32](bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			again := startCompact(t, c, st, 1, 30, 7)
			for _, p := range again.ps {
				copy(p.Value, values[p.Name])
			}
			err = again.opt.SetTorchState(s)
			if st == StateQ8 && err != nil {
				if !strings.Contains(err.Error(), "which the optimizer's q8 state does not hold exactly") {
					t.Errorf("%s: q8 state refused: %v", c.name, err)
				}
				fresh := startCompact(t, c, st, 1, 30, 7)
				if !reflect.DeepEqual(again.opt.TorchState(), fresh.opt.TorchState()) {
					t.Errorf("%s: the refused q8 state changed the optimizer", c.name)
				}
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			if strings.HasPrefix(c.name, "SGD") {
				// PyTorch's SGD state has no step, so the restored run's step count is 1, not the saved run's:
				// its state, which decides every later step, must be the same.
				if !reflect.DeepEqual(again.opt.TorchState(), r.opt.TorchState()) {
					t.Errorf("%s, %v state: written, read and restored, the state differs", c.name, st)
				}
				continue
			}
			if !bytes.Equal(again.checkpoint(t), r.checkpoint(t)) {
				t.Errorf("%s, %v state: written, read and restored, the state differs", c.name, st)
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

// TestCompactStateUnderScalerAndClip runs each optimizer with 16-bit state and weight copies through a GradScaler
// and gradient clipping by norm, a step of infinite gradients among the others: the skipped step changes no
// state and no copy, and every other step is the stored kernel's over the gradients as unscaled and clipped (they
// are left in Grad), bit for bit.
func TestCompactStateUnderScalerAndClip(t *testing.T) {
	for _, c := range compactCases() {
		for _, st := range stateTypes[1:] {
			r := startCompact(t, c, st, 1, 600, 9)
			if err := r.opt.SetClip(Clip{MaxNorm: 0.5}); err != nil {
				t.Fatal(err)
			}
			scaler, err := NewGradScaler(r.ps, DefaultGradScaler())
			if err != nil {
				t.Fatal(err)
			}
			ref := compactParams(600, 9)
			refSt := []refState{newRefState(st, c.stateNames(t), 600, c.initial), newRefState(st, c.stateNames(t), 9, c.initial)}
			lr := c.baseLR(t)
			for s := 1; s <= 5; s++ {
				compactGrads(r.ps, s)
				for _, p := range r.ps {
					for j := range p.Grad {
						p.Grad[j] *= float32(scaler.Scale())
					}
				}
				if s == 3 {
					r.ps[1].Grad[4] = float32(math.Inf(1))
				}
				before, copies := r.checkpoint(t), slices.Clone(r.copies[0].BF16)
				stepped, err := scaler.Step(r.opt)
				if err != nil {
					t.Fatal(err)
				}
				scaler.Update()
				if stepped != (s != 3) {
					t.Fatalf("%s: step %d stepped: %v", c.name, s, stepped)
				}
				if !stepped {
					if !bytes.Equal(before, r.checkpoint(t)) || !slices.Equal(copies, r.copies[0].BF16) {
						t.Errorf("%s, %v state: a skipped step changed the state or a copy", c.name, st)
					}
					continue
				}
				for i, p := range ref {
					copy(p.Grad, r.ps[i].Grad)
					c.ref(lr, r.opt.StepCount(), p.Value, p.Grad, refSt[i])
				}
			}
			state := r.opt.TorchState()
			for i, p := range r.ps {
				names := slices.Sorted(maps.Keys(state.State[i].Tensors))
				if !sameBits(p.Value, ref[i].Value) || !sameBits(state.State[i].Tensors[names[0]], refSt[i].widened(0)) {
					t.Errorf("%s, %v state: %s differs from the kernels' over the clipped gradients", c.name, st, p.Name)
				}
			}
		}
	}
}

// TestCompactStateGroups: groups of one optimizer may keep their state in different types; each group steps as
// an optimizer of its own would, and the checkpoint of all of them loads back.
func TestCompactStateGroups(t *testing.T) {
	cfg := func(st StateType) AdamConfig {
		c := DefaultAdam()
		c.LR, c.State = 0.01, st
		return c
	}
	ps := compactParams(50, 40, 30)
	opt, err := NewAdamGroups(NewGroup(ps[:1], cfg(StateBF16)), NewGroup(ps[1:2], cfg(StateFloat32)), NewGroup(ps[2:], cfg(StateF16)))
	if err != nil {
		t.Fatal(err)
	}
	alone := compactParams(50, 40, 30)
	var single []*Adam[float32]
	for i, st := range stateTypes[:3] {
		k := []int{1, 0, 2}[i] // the parameter of the group with state type st
		o, err := NewAdam(alone[k:k+1], cfg(st))
		if err != nil {
			t.Fatal(err)
		}
		single = append(single, o)
	}
	for s := 1; s <= 4; s++ {
		compactGrads(ps, s)
		compactGrads(alone, s)
		if err := opt.Step(); err != nil {
			t.Fatal(err)
		}
		for _, o := range single {
			if err := o.Step(); err != nil {
				t.Fatal(err)
			}
		}
	}
	for i, p := range ps {
		if !sameBits(p.Value, alone[i].Value) {
			t.Errorf("%s differs from its group stepped alone", p.Name)
		}
	}
	var buf bytes.Buffer
	if err := opt.Save(&buf); err != nil {
		t.Fatal(err)
	}
	again, err := NewAdamGroups(NewGroup(compactParams(50, 40, 30)[:1], cfg(StateBF16)),
		NewGroup(compactParams(1, 40)[1:], cfg(StateFloat32)), NewGroup(compactParams(1, 1, 30)[2:], cfg(StateF16)))
	if err != nil {
		t.Fatal(err)
	}
	if err := again.Load(bytes.NewReader(buf.Bytes())); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(again.TorchState(), opt.TorchState()) {
		t.Error("the groups' checkpoint loads back another state")
	}
}

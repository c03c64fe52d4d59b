package optim

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/fastgrad/fastgrad/internal/misuse"
	"github.com/fastgrad/fastgrad/internal/safetensors"
	"github.com/fastgrad/fastgrad/kernels"
)

// TestMisuse walks every exported function and method of the package through its misuse cases: nil, repeated and
// overlapping parameters, mismatched lengths and parameters resized after construction, every hyperparameter out
// of its range (NaN and ±Inf included), bad schedule arguments and states, group indices out of range, and
// checkpoints and PyTorch states that do not fit. Bad input is an error, except a group index out of range, which
// panics as an index out of range does; the whole message is compared. A call that fails writes nothing it was
// given (the parameters' values and gradients: Run checks them) and changes nothing it holds (step counts, rates,
// state buffers: the cases check them with keeps). The borderline calls the documentation allows run. The table is
// complete by construction: misuse.Run lists the package's exported functions and methods with go/parser, the
// methods every optimizer gets from Core included, and fails for one without cases.
func TestMisuse(t *testing.T) {
	misuse.RunFloats(t, ".", misuseTable[float32], misuseTable[float64])
}

// misuseTable returns every exported function's and method's misuse cases, by name as misuse.Exported gives it,
// the parameters' buffers made by a. The nine optimizers' constructors, Step and defaults are derived from the
// ranges of their configs' fields (addOptimizer); the rest are spelled out.
func misuseTable[F kernels.Float](t *testing.T, a *misuse.Args[F]) map[string][]misuse.Case {
	ok, fails, panics := misuse.OK, misuse.Fails, misuse.Panics
	nan, inf := math.NaN(), math.Inf(1)
	boom := errors.New("boom")
	// param is a parameter whose buffers Run watches (untracked: one whose buffers it does not).
	param := func(name string, n int) *Param[F] { return tracked(a, name, n) }
	table := map[string][]misuse.Case{}

	// The optimizers: every float field of each config out of its range, named in the error.
	adamLike := []hyper{{"LR", lrRange}, {"Betas[0]", unitRange}, {"Betas[1]", unitRange}, {"Eps", epsRange}, {"WeightDecay", nonNegRange}}
	addOptimizer(table, a, "SGD", DefaultSGD, NewSGD[F], NewSGDGroups[F], SGDConfig{LR: 1e-3},
		hyper{"LR", lrRange}, hyper{"Momentum", unitRange}, hyper{"Dampening", unitRange}, hyper{"WeightDecay", nonNegRange})
	addOptimizer(table, a, "Adagrad", DefaultAdagrad, NewAdagrad[F], NewAdagradGroups[F], AdagradConfig{LR: 0.01, Eps: 1e-10},
		hyper{"LR", lrRange}, hyper{"LRDecay", nonNegRange}, hyper{"WeightDecay", nonNegRange},
		hyper{"InitialAccumulatorValue", nonNegRange}, hyper{"Eps", epsRange})
	addOptimizer(table, a, "RMSprop", DefaultRMSprop, NewRMSprop[F], NewRMSpropGroups[F], RMSpropConfig{LR: 0.01, Alpha: 0.99, Eps: 1e-8},
		hyper{"LR", lrRange}, hyper{"Alpha", unitRange}, hyper{"Eps", epsRange}, hyper{"WeightDecay", nonNegRange},
		hyper{"Momentum", unitRange})
	// Adam's ranges are checked with L2 chosen, since a WeightDecay needs its kind (the cases below).
	adamL2 := func() AdamConfig { c := DefaultAdam(); c.L2 = true; return c }
	addOptimizer(table, a, "Adam", adamL2, NewAdam[F], NewAdamGroups[F],
		AdamConfig{LR: 1e-3, Betas: [2]float64{0.9, 0.999}, Eps: 1e-8, L2: true}, adamLike...)
	addOptimizer(table, a, "Adamax", DefaultAdamax, NewAdamax[F], NewAdamaxGroups[F],
		AdamaxConfig{LR: 2e-3, Betas: [2]float64{0.9, 0.999}, Eps: 1e-8}, adamLike...)
	addOptimizer(table, a, "NAdam", DefaultNAdam, NewNAdam[F], NewNAdamGroups[F],
		NAdamConfig{LR: 2e-3, Betas: [2]float64{0.9, 0.999}, Eps: 1e-8, MomentumDecay: 4e-3},
		append(adamLike, hyper{"MomentumDecay", nonNegRange})...)
	addOptimizer(table, a, "RAdam", DefaultRAdam, NewRAdam[F], NewRAdamGroups[F],
		RAdamConfig{LR: 1e-3, Betas: [2]float64{0.9, 0.999}, Eps: 1e-8}, adamLike...)
	addOptimizer(table, a, "Adadelta", DefaultAdadelta, NewAdadelta[F], NewAdadeltaGroups[F], AdadeltaConfig{LR: 1, Rho: 0.9, Eps: 1e-6},
		hyper{"LR", lrRange}, hyper{"Rho", unitRange}, hyper{"Eps", epsRange}, hyper{"WeightDecay", nonNegRange})
	addOptimizer(table, a, "Lion", DefaultLion, NewLion[F], NewLionGroups[F], LionConfig{LR: 1e-4, Betas: [2]float64{0.9, 0.99}},
		hyper{"LR", lrRange}, hyper{"Betas[0]", unitRange}, hyper{"Betas[1]", unitRange}, hyper{"WeightDecay", nonNegRange})
	addOptimizer(table, a, "ASGD", DefaultASGD, NewASGD[F], NewASGDGroups[F], ASGDConfig{LR: 1e-2, Lambd: 1e-4, Alpha: 0.75, T0: 1e6},
		hyper{"LR", lrRange}, hyper{"Lambd", nonNegRange}, hyper{"Alpha", nonNegRange}, hyper{"T0", finiteRange},
		hyper{"WeightDecay", nonNegRange})
	addOptimizer(table, a, "Rprop", DefaultRprop, NewRprop[F], NewRpropGroups[F],
		RpropConfig{LR: 1e-2, Etas: [2]float64{0.5, 1.2}, StepSizes: [2]float64{1e-6, 50}},
		hyper{"LR", lrRange}, hyper{"Etas[0]", etaMinusRange}, hyper{"Etas[1]", etaPlusRange},
		hyper{"StepSizes[0]", stepMinRange}, hyper{"StepSizes[1]", stepMaxRange})

	// The combinations of fields a config rejects besides their ranges.
	sgd := func(c SGDConfig) func() error {
		return func() error { _, err := NewSGD([]*Param[F]{param("w", 3)}, c); return err }
	}
	table["NewSGD"] = append(table["NewSGD"],
		fails("Nesterov without momentum", sgd(SGDConfig{LR: 0.1, Nesterov: true}),
			"optim: SGD: Nesterov needs Momentum > 0 and Dampening 0 (Momentum=0, Dampening=0)"),
		fails("Nesterov with dampening", sgd(SGDConfig{LR: 0.1, Momentum: 0.9, Dampening: 0.1, Nesterov: true}),
			"optim: SGD: Nesterov needs Momentum > 0 and Dampening 0 (Momentum=0.9, Dampening=0.1)"),
		fails("Keras without momentum", sgd(SGDConfig{LR: 0.1, Mode: ModeKeras}),
			"optim: SGD: Keras momentum needs Momentum > 0 and no Dampening, WeightDecay or Maximize"),
		fails("Keras with dampening", sgd(SGDConfig{LR: 0.1, Momentum: 0.9, Dampening: 0.5, Mode: ModeKeras}),
			"optim: SGD: Keras momentum needs Momentum > 0 and no Dampening, WeightDecay or Maximize"),
		fails("Keras with weight decay", sgd(SGDConfig{LR: 0.1, Momentum: 0.9, WeightDecay: 0.1, Mode: ModeKeras}),
			"optim: SGD: Keras momentum needs Momentum > 0 and no Dampening, WeightDecay or Maximize"),
		fails("Keras maximizing", sgd(SGDConfig{LR: 0.1, Momentum: 0.9, Maximize: true, Mode: ModeKeras}),
			"optim: SGD: Keras momentum needs Momentum > 0 and no Dampening, WeightDecay or Maximize"),
		accepts("Keras Nesterov", sgd(SGDConfig{LR: 0.1, Momentum: 0.9, Nesterov: true, Mode: ModeKeras})),
	)
	// An η that F rounds to 1 is refused in F, where the kernel compares the factors.
	rpropWith := func(change func(*RpropConfig)) func() error { return changed(a, DefaultRprop, NewRprop[F], change) }
	for _, c := range []struct {
		name string
		etas [2]float64
	}{{"η− rounds to 1", [2]float64{1 - 1e-9, 1.2}}, {"η+ rounds to 1", [2]float64{0.5, 1 + 1e-9}}} {
		call := rpropWith(func(r *RpropConfig) { r.Etas = c.etas })
		if unsafe.Sizeof(F(0)) == 8 {
			table["NewRprop"] = append(table["NewRprop"], accepts(c.name+" in float32, not in float64", call))
			continue
		}
		want := fmt.Sprintf("optim: Rprop: Etas=%v is [%v %v] in float32: want 0 < Etas[0] < 1 < Etas[1] there",
			c.etas, float32(c.etas[0]), float32(c.etas[1]))
		table["NewRprop"] = append(table["NewRprop"], fails(c.name+" in float32", call, want))
		table["NewRpropGroups"] = append(table["NewRpropGroups"], fails(c.name+" in float32, group 1", func() error {
			bad := DefaultRprop()
			bad.Etas = c.etas
			_, err := NewRpropGroups(Group[F, RpropConfig]{[]*Param[F]{param("w", 3)}, DefaultRprop()},
				Group[F, RpropConfig]{[]*Param[F]{param("v", 2)}, bad})
			return err
		}, want+" (group 1)"))
	}
	table["NewRprop"] = append(table["NewRprop"],
		fails("reversed step sizes", rpropWith(func(r *RpropConfig) { r.StepSizes = [2]float64{1, 0.5} }),
			"optim: Rprop: StepSizes[1]=0.5, want > 0 and ≥ StepSizes[0]"),
		accepts("equal step sizes, maximizing", rpropWith(func(r *RpropConfig) { r.StepSizes, r.Maximize = [2]float64{0.5, 0.5}, true })))
	adamWith := func(change func(*AdamConfig)) func() error { return changed(a, DefaultAdam, NewAdam[F], change) }
	table["NewAdam"] = append(table["NewAdam"],
		fails("both betas 0, the zero value", adamWith(func(c *AdamConfig) { c.Betas = [2]float64{} }),
			"optim: Adam: Betas are both 0, the zero value (start from DefaultAdam for PyTorch's (0.9, 0.999))"),
		accepts("AMSGrad, decoupled, maximizing, ε̂", adamWith(func(c *AdamConfig) {
			c.AMSGrad, c.DecoupledWeightDecay, c.Maximize, c.Mode = true, true, true, ModeKeras
		})),
		is("DefaultAdam is torch.optim.Adam's defaults", func() any { return DefaultAdam() },
			AdamConfig{LR: 1e-3, Betas: [2]float64{0.9, 0.999}, Eps: 1e-8}),
		fails("DefaultAdam plus a WeightDecay, its kind not chosen", adamWith(func(c *AdamConfig) { c.WeightDecay = 0.01 }),
			"optim: Adam: WeightDecay=0.01 needs its kind: L2 (torch.optim.Adam's weight_decay) or DecoupledWeightDecay (AdamW, as DefaultAdamW)"),
		fails("both kinds of weight decay", adamWith(func(c *AdamConfig) { c.WeightDecay, c.L2, c.DecoupledWeightDecay = 0.01, true, true }),
			"optim: Adam: L2 and DecoupledWeightDecay are both set: choose one"),
		accepts("L2 weight decay, as torch.optim.Adam's", adamWith(func(c *AdamConfig) { c.WeightDecay, c.L2 = 0.01, true })),
		accepts("L2 chosen, no weight decay", adamWith(func(c *AdamConfig) { c.L2 = true })),
		fails("a mode Adam lacks", adamWith(func(c *AdamConfig) { c.Mode = ModeTFJS }),
			"optim: Adam: Mode tfjs: Adam offers [torch keras]"),
		fails("a mode that does not exist", adamWith(func(c *AdamConfig) { c.Mode = 7 }),
			"optim: Adam: Mode Mode(7): Adam offers [torch keras]"),
	)
	table["Mode.String"] = []misuse.Case{
		is("each constant, and a value none has", func() any {
			return []string{ModeTorch.String(), ModeKeras.String(), ModeTFJS.String(), Mode(9).String()}
		}, []string{"torch", "keras", "tfjs", "Mode(9)"}),
	}
	rmsWith := func(change func(*RMSpropConfig)) func() error {
		return changed(a, DefaultRMSprop, NewRMSprop[F], change)
	}
	table["NewRMSprop"] = append(table["NewRMSprop"],
		accepts("TFJS, centered, with momentum", rmsWith(func(c *RMSpropConfig) { c.Mode, c.Centered, c.Momentum = ModeTFJS, true, 0.9 })),
		fails("TFJS with weight decay", rmsWith(func(c *RMSpropConfig) { c.Mode, c.WeightDecay = ModeTFJS, 0.1 }),
			"optim: RMSprop: ModeTFJS reproduces tf.train's RMSprop, which has no WeightDecay or Maximize"),
		fails("TFJS maximizing", rmsWith(func(c *RMSpropConfig) { c.Mode, c.Maximize = ModeTFJS, true }),
			"optim: RMSprop: ModeTFJS reproduces tf.train's RMSprop, which has no WeightDecay or Maximize"))
	table["NewAdadelta"] = append(table["NewAdadelta"],
		accepts("TFJS", changed(a, DefaultAdadelta, NewAdadelta[F], func(c *AdadeltaConfig) { c.Mode = ModeTFJS })),
		fails("Keras, which Adadelta lacks", changed(a, DefaultAdadelta, NewAdadelta[F], func(c *AdadeltaConfig) { c.Mode = ModeKeras }),
			"optim: Adadelta: Mode keras: Adadelta offers [torch tfjs]"),
		fails("TFJS with weight decay", changed(a, DefaultAdadelta, NewAdadelta[F], func(c *AdadeltaConfig) { c.Mode, c.WeightDecay = ModeTFJS, 1 }),
			"optim: Adadelta: ModeTFJS reproduces tf.train's Adadelta, which has no WeightDecay or Maximize"))
	table["NewAdamax"] = append(table["NewAdamax"],
		accepts("TFJS", changed(a, DefaultAdamax, NewAdamax[F], func(c *AdamaxConfig) { c.Mode = ModeTFJS })),
		fails("Keras, which Adamax lacks", changed(a, DefaultAdamax, NewAdamax[F], func(c *AdamaxConfig) { c.Mode = ModeKeras }),
			"optim: Adamax: Mode keras: Adamax offers [torch tfjs]"),
		fails("TFJS maximizing", changed(a, DefaultAdamax, NewAdamax[F], func(c *AdamaxConfig) { c.Mode, c.Maximize = ModeTFJS, true }),
			"optim: Adamax: ModeTFJS reproduces tf.train's Adamax, which has no WeightDecay or Maximize"))
	table["DefaultAdamW"] = []misuse.Case{
		is("torch.optim.AdamW's defaults", func() any { return DefaultAdamW() },
			AdamConfig{LR: 1e-3, Betas: [2]float64{0.9, 0.999}, Eps: 1e-8, WeightDecay: 1e-2, DecoupledWeightDecay: true}),
		accepts("NewAdam takes them", func() error { _, err := NewAdam([]*Param[F]{param("w", 3)}, DefaultAdamW()); return err }),
	}

	// The methods every optimizer has from Core, on an Adam, and on a NAdam or an SGD where their state differs.
	// stepped is an Adam over a(3) and b(2) after two steps, its buffers not watched.
	stepped := func() *Adam[F] {
		o := built(NewAdam([]*Param[F]{untracked[F]("a", 3), untracked[F]("b", 2)}, DefaultAdam()))
		noErr(errors.Join(o.Step(), o.Step()))
		return o
	}
	adam := func(ps ...*Param[F]) *Adam[F] { return built(NewAdam(ps, DefaultAdam())) }
	// twoGroups is an Adam over an empty group at rate 0.5 and a group holding w.
	twoGroups := func() *Adam[F] {
		half := DefaultAdamW()
		half.LR = 0.5
		return built(NewAdamGroups(Group[F, AdamConfig]{Config: half}, Group[F, AdamConfig]{[]*Param[F]{param("w", 3)}, DefaultAdam()}))
	}
	outOfRange := func(g int) string { return fmt.Sprintf("optim: Adam: group %d out of range [0, 1)", g) }
	table["Core.LR"] = []misuse.Case{
		panics("group −1", func() { adam(param("w", 3)).LR(-1) }, outOfRange(-1)),
		panics("group 1 of 1", func() { adam(param("w", 3)).LR(1) }, outOfRange(1)),
		panics("group MinInt", func() { adam(param("w", 3)).LR(math.MinInt) }, outOfRange(math.MinInt)),
		is("an empty group's", func() any { o := twoGroups(); return []float64{o.LR(0), o.LR(1)} }, []float64{0.5, 1e-3}),
		panics("of a zero value", func() { new(Adam[F]).LR(0) }, errNotBuilt.Error()),
	}
	setLR := func(g int, lr float64) func() error {
		return func() error {
			o := adam(param("w", 3))
			return keeps(func() any { return o.LR(0) }, func() error { return o.SetLR(g, lr) })
		}
	}
	table["Core.SetLR"] = []misuse.Case{
		fails("NaN", setLR(0, nan), "optim: Adam: SetLR(0, NaN): want a finite rate ≥ 0"),
		fails("negative", setLR(0, -1e-3), "optim: Adam: SetLR(0, -0.001): want a finite rate ≥ 0"),
		fails("+Inf", setLR(0, inf), "optim: Adam: SetLR(0, +Inf): want a finite rate ≥ 0"),
		fails("−Inf", setLR(0, -inf), "optim: Adam: SetLR(0, -Inf): want a finite rate ≥ 0"),
		panics("group 1 of 1", func() { setLR(1, 0.1)() }, outOfRange(1)),
		panics("group −1 and a NaN rate: the index first", func() { setLR(-1, nan)() }, outOfRange(-1)),
		is("0, which a schedule may anneal to", func() any {
			o := adam(param("w", 3))
			return []any{o.SetLR(0, 0), o.LR(0)}
		}, []any{nil, 0}),
		is("one group of two", func() any {
			o := twoGroups()
			return []any{o.SetLR(1, 0.25), o.LR(0), o.LR(1)}
		}, []any{nil, 0.5, 0.25}),
		is("an empty group", func() any {
			o := twoGroups()
			return []any{o.SetLR(0, 0.25), o.LR(0), o.LR(1)}
		}, []any{nil, 0.25, 1e-3}),
	}
	table["Core.NumGroups"] = []misuse.Case{
		is("an empty group counts", func() any { return twoGroups().NumGroups() }, 2),
	}
	table["Core.StepCount"] = []misuse.Case{
		is("before the first step", func() any { return adam(param("w", 3)).StepCount() }, 0),
		is("a failed step does not count", func() any {
			p := untracked[F]("w", 3)
			o := adam(p)
			noErr(o.Step())
			p.Grad = nil
			return []any{o.Step() != nil, o.StepCount()}
		}, []any{true, 1}),
	}
	table["Core.ZeroGrad"] = []misuse.Case{
		is("every gradient, an empty parameter's too", func() any {
			p := param("w", 3)
			adam(p, &Param[F]{Name: "empty"}).ZeroGrad()
			return p.Grad
		}, []F{0, 0, 0}),
		is("after a resize: the gradient as it is now", func() any {
			p := param("w", 3)
			o := adam(p)
			p.Grad = a.Slice(5)
			o.ZeroGrad()
			return p.Grad
		}, []F{0, 0, 0, 0, 0}),
	}
	// clipped steps an Adam over gradients grads, clipping with cl, and returns its GradNorm.
	clipped := func(cl Clip, grads ...[]F) any {
		var ps []*Param[F]
		for i, g := range grads {
			ps = append(ps, &Param[F]{Name: fmt.Sprint(i), Value: make([]F, len(g)), Grad: g})
		}
		o := adam(ps...)
		if err := o.SetClip(cl); err != nil {
			return err
		}
		noErr(o.Step())
		return o.GradNorm()
	}
	table["Core.GradNorm"] = []misuse.Case{
		is("0 before a step", func() any { return adam(param("w", 3)).GradNorm() }, 0),
		is("0 without clipping by norm", func() any { return clipped(Clip{Value: 1}, []F{3, 4}) }, 0),
		is("the norm before clipping", func() any { return clipped(Clip{MaxNorm: 1}, []F{3, 4}) }, 5),
		is("per tensor, the largest", func() any { return clipped(Clip{MaxNorm: 1, PerTensor: true}, []F{3, 4}, []F{12}) }, 12),
		is("after a NaN gradient, NaN", func() any { return clipped(Clip{MaxNorm: 1}, []F{3, F(nan)}) }, nan),
	}
	setClip := func(cl Clip) func() error { return func() error { return adam(param("w", 3)).SetClip(cl) } }
	clipErr := func(field string, v float64, want string) string {
		return fmt.Sprintf("optim: Adam: Clip.%s=%v, want %s", field, v, want)
	}
	table["Core.SetClip"] = []misuse.Case{
		fails("Value −1", setClip(Clip{Value: -1}), clipErr("Value", -1, "finite and ≥ 0")),
		fails("Value NaN", setClip(Clip{Value: nan}), clipErr("Value", nan, "finite and ≥ 0")),
		fails("Value +Inf", setClip(Clip{Value: inf}), clipErr("Value", inf, "finite and ≥ 0")),
		fails("MaxNorm −1", setClip(Clip{MaxNorm: -1}), clipErr("MaxNorm", -1, "finite and ≥ 0")),
		fails("MaxNorm NaN", setClip(Clip{MaxNorm: nan}), clipErr("MaxNorm", nan, "finite and ≥ 0")),
		fails("MaxNorm +Inf", setClip(Clip{MaxNorm: inf}), clipErr("MaxNorm", inf, "finite and ≥ 0")),
		fails("NormType NaN", setClip(Clip{NormType: nan}), clipErr("NormType", nan, "a number or ±Inf")),
		fails("NormZero with NormType 2", setClip(Clip{MaxNorm: 1, NormType: 2, NormZero: true}),
			"optim: Adam: Clip.NormZero with NormType=2, want 0"),
		accepts("NormType 1", setClip(Clip{MaxNorm: 1, NormType: 1})),
		accepts("NormType 3", setClip(Clip{MaxNorm: 1, NormType: 3})),
		accepts("NormType −Inf", setClip(Clip{MaxNorm: 1, NormType: -inf})),
		accepts("NormType −0.5", setClip(Clip{MaxNorm: 1, NormType: -0.5})),
		accepts("NormZero", setClip(Clip{MaxNorm: 1, NormZero: true})),
		is("a rejected clip keeps the one before", func() any {
			p := &Param[F]{Name: "w", Value: make([]F, 2), Grad: []F{3, 4}}
			o := adam(p)
			if err := o.SetClip(Clip{MaxNorm: 1}); err != nil {
				return err
			}
			if o.SetClip(Clip{MaxNorm: nan}) == nil {
				return "a NaN MaxNorm accepted"
			}
			noErr(o.Step())
			return o.GradNorm()
		}, 5),
		accepts("the zero Clip: no clipping", setClip(Clip{})),
		accepts("every field, the inf-norm", setClip(Clip{Value: 1, MaxNorm: 1, NormType: inf, PerTensor: true})),
	}
	table["Core.SetNonfinite"] = []misuse.Case{
		fails("a value no constant has", func() error { return adam(param("w", 3)).SetNonfinite(3) },
			"optim: Adam: SetNonfinite(Nonfinite(3)): want NonfiniteStep, NonfiniteSkip or NonfiniteFail"),
		is("a rejected value keeps the one before", func() any {
			p := untracked[F]("w", 2)
			p.Grad[1] = F(nan)
			o := adam(p)
			noErr(o.SetNonfinite(NonfiniteSkip))
			err := o.SetNonfinite(NonfiniteFail + 1)
			return []any{err != nil, o.Step(), o.StepCount()}
		}, []any{true, nil, 0}),
		is("NonfiniteStep, the default: steps into NaN as PyTorch does", func() any {
			p := untracked[F]("w", 2)
			p.Grad[1] = F(nan)
			o := adam(p)
			noErr(o.SetNonfinite(NonfiniteFail))
			noErr(o.SetNonfinite(NonfiniteStep))
			return []any{o.Step(), o.StepCount(), p.Value[1] != p.Value[1]}
		}, []any{nil, 1, true}),
		is("NonfiniteFail's error is a *NonfiniteError", func() any {
			p := untracked[F]("w", 2)
			p.Grad[0] = F(-inf)
			o := adam(param("v", 1), p)
			noErr(o.SetNonfinite(NonfiniteFail))
			var e *NonfiniteError
			if !errors.As(o.Step(), &e) {
				return "not a *NonfiniteError"
			}
			return *e
		}, NonfiniteError{Optimizer: "Adam", Param: "w", Index: 1}),
		is("NonfiniteSkip before Value's clamp: an infinity the clamp would make finite still skips", func() any {
			p := untracked[F]("w", 2)
			p.Grad[0] = F(inf)
			o := adam(p)
			noErr(errors.Join(o.SetNonfinite(NonfiniteSkip), o.SetClip(Clip{Value: 1, MaxNorm: 1, PerTensor: true})))
			err := o.Step()
			n, bad := o.Skipped()
			return []any{err, n, bad, p.Grad[0], o.StepCount()}
		}, []any{nil, 1, "w", F(inf), 0}),
	}
	table["Core.Skipped"] = []misuse.Case{
		is("none before a step", func() any { n, p := adam(param("w", 3)).Skipped(); return []any{n, p} }, []any{0, ""}),
		is("counts every skip and names the last parameter, steps in between", func() any {
			p, q := untracked[F]("p", 2), untracked[F]("q", 2)
			o := adam(p, q)
			noErr(o.SetNonfinite(NonfiniteSkip))
			q.Grad[0] = F(nan)
			noErr(o.Step())
			q.Grad[0], p.Grad[1] = 0, F(inf)
			noErr(o.Step())
			p.Grad[1] = 1
			noErr(o.Step())
			n, bad := o.Skipped()
			return []any{n, bad, o.StepCount()}
		}, []any{2, "p", 1}),
	}
	table["Nonfinite.String"] = []misuse.Case{
		is("each constant, and a value none has", func() any {
			return []string{NonfiniteStep.String(), NonfiniteSkip.String(), NonfiniteFail.String(), Nonfinite(9).String()}
		}, []string{"step", "skip", "fail", "Nonfinite(9)"}),
	}
	table["NonfiniteError.Error"] = []misuse.Case{
		is("names the optimizer and the parameter", func() any {
			return (&NonfiniteError{Optimizer: "SGD", Param: "w", Index: 2}).Error()
		}, `optim: SGD: the gradient of "w" (parameter 2) is not finite: nothing clipped or stepped`),
	}
	setWorkers := func(n int) func() error {
		return func() error {
			o := adam(param("w", 3))
			if err := o.SetWorkers(n); err != nil {
				return err
			}
			return o.Step()
		}
	}
	table["Core.SetWorkers"] = []misuse.Case{
		fails("−1", setWorkers(-1), "optim: Adam: SetWorkers(-1): want ≥ 0"),
		fails("MinInt", setWorkers(math.MinInt), fmt.Sprintf("optim: Adam: SetWorkers(%d): want ≥ 0", math.MinInt)),
		accepts("0: GOMAXPROCS", setWorkers(0)),
		accepts("1: the caller alone", setWorkers(1)),
		accepts("more than the pool holds", setWorkers(math.MaxInt)),
	}
	table["Core.TorchState"] = []misuse.Case{
		is("before the first step: zero buffers at step 0", func() any { return adam(param("w", 2)).TorchState().State },
			[]TorchParamState[F]{{Tensors: map[string][]F{"exp_avg": {0, 0}, "exp_avg_sq": {0, 0}}, Scalars: map[string]float64{"step": 0}}}),
		is("SGD before its first step: no entry, as PyTorch's", func() any {
			c := DefaultSGD()
			c.Momentum = 0.9
			return built(NewSGD([]*Param[F]{param("w", 2)}, c)).TorchState().State
		}, []TorchParamState[F]{{}}),
		is("SGD stepped: momentum_buffer and no step, as PyTorch's", func() any {
			c := DefaultSGD()
			c.Momentum = 0.9
			o := built(NewSGD([]*Param[F]{param("w", 2)}, c))
			if err := o.Step(); err != nil {
				panic(err)
			}
			st := o.TorchState().State[0]
			_, buf := st.Tensors["momentum_buffer"]
			return [2]any{buf, len(st.Scalars)}
		}, [2]any{true, 0}),
		is("a copy: writing into it changes nothing", func() any {
			o := adam(param("w", 2))
			s := o.TorchState()
			s.State[0].Tensors["exp_avg"][0], s.State[0].Scalars["step"], s.ParamGroups[0].Options["lr"] = 1, 5, 0.5
			return []any{o.TorchState().State[0].Tensors["exp_avg"], o.StepCount(), o.LR(0)}
		}, []any{[]F{0, 0}, 0, 1e-3}),
	}

	// SetTorchState: every mismatch with the optimizer, on an Adam (or a NAdam) after two steps: torchOf(made)
	// changes the state of an optimizer made returns with change and restores it. The optimizer takes a third step
	// before, so that restoring any part of the state would change it.
	torchOf := func(made func() optimizer[F]) func(change func(s *TorchState[F])) func() error {
		return func(change func(s *TorchState[F])) func() error {
			return func() error {
				o := made()
				s := o.TorchState()
				change(&s)
				noErr(o.Step())
				return keeps(stateOf[F](o), func() error { return o.SetTorchState(s) })
			}
		}
	}
	torch := torchOf(func() optimizer[F] { return stepped() })
	bothSteps := func(v float64) func(s *TorchState[F]) {
		return func(s *TorchState[F]) { s.State[0].Scalars["step"], s.State[1].Scalars["step"] = v, v }
	}
	ts := func(format string, args ...any) string {
		return fmt.Sprintf("optim: Adam: SetTorchState: "+format, args...)
	}
	wholeStep := func(i int, v float64) string {
		return ts("parameter %d: step %v, want a whole number in [0, %d]", i, v, math.MaxInt32)
	}
	nadam := func() *NAdam[F] {
		o := built(NewNAdam([]*Param[F]{untracked[F]("a", 3), untracked[F]("b", 2)}, DefaultNAdam()))
		noErr(errors.Join(o.Step(), o.Step()))
		return o
	}
	muProduct := nadam().TorchState().State[0].Scalars["mu_product"]
	nadamTorch := torchOf(func() optimizer[F] { return nadam() })
	asgd := func() *ASGD[F] {
		o := built(NewASGD([]*Param[F]{untracked[F]("a", 3), untracked[F]("b", 2)}, DefaultASGD()))
		noErr(errors.Join(o.Step(), o.Step()))
		return o
	}
	asgdEta := asgd().TorchState().State[0].Scalars["eta"]
	asgdTorch := torchOf(func() optimizer[F] { return asgd() })
	table["ASGD.Averaged"] = []misuse.Case{
		panics("parameter −1", func() { asgd().Averaged(-1) }, "optim: ASGD: parameter -1 out of range [0, 2)"),
		panics("parameter 2 of 2", func() { asgd().Averaged(2) }, "optim: ASGD: parameter 2 out of range [0, 2)"),
		panics("of a zero value", func() { new(ASGD[F]).Averaged(0) }, errNotBuilt.Error()),
		is("a copy: writing to it changes no state", func() any {
			o := asgd()
			o.Averaged(1)[0] = 7
			return o.Averaged(1)[0] != 7
		}, true),
		is("zero before the first step", func() any {
			return built(NewASGD([]*Param[F]{untracked[F]("w", 2)}, DefaultASGD())).Averaged(0)
		}, []F{0, 0}),
	}
	table["Core.SetTorchState"] = []misuse.Case{
		fails("the zero state", torch(func(s *TorchState[F]) { *s = TorchState[F]{} }), ts("0 parameter states, the optimizer has 2 parameters")),
		fails("one parameter's state", torch(func(s *TorchState[F]) { s.State = s.State[:1] }), ts("1 parameter states, the optimizer has 2 parameters")),
		fails("no param_groups", torch(func(s *TorchState[F]) { s.ParamGroups = nil }), ts("0 param_groups, the optimizer has 1")),
		fails("the parameters in another order", torch(func(s *TorchState[F]) { s.ParamGroups[0].Params = []int{1, 0} }),
			ts("param_groups[0] holds parameters [1 0], the optimizer's group 0 holds 2 from 0 on")),
		fails("a parameter missing from its group", torch(func(s *TorchState[F]) { s.ParamGroups[0].Params = []int{0} }),
			ts("param_groups[0] has 1 parameters, the optimizer's group 0 has 2")),
		fails("no lr", torch(func(s *TorchState[F]) { delete(s.ParamGroups[0].Options, "lr") }),
			ts("param_groups[0]: lr <nil>, want a finite rate ≥ 0")),
		fails("a NaN lr", torch(func(s *TorchState[F]) { s.ParamGroups[0].Options["lr"] = nan }),
			ts("param_groups[0]: lr NaN, want a finite rate ≥ 0")),
		fails("a negative lr", torch(func(s *TorchState[F]) { s.ParamGroups[0].Options["lr"] = -1 }),
			ts("param_groups[0]: lr -1, want a finite rate ≥ 0")),
		fails("an lr that is a string", torch(func(s *TorchState[F]) { s.ParamGroups[0].Options["lr"] = "0.1" }),
			ts("param_groups[0]: lr 0.1, want a finite rate ≥ 0")),
		fails("other betas", torch(func(s *TorchState[F]) { s.ParamGroups[0].Options["betas"] = []any{0.9, 0.99} }),
			ts("param_groups[0]: betas is [0.9 0.99], the optimizer's [0.9 0.999]")),
		fails("AMSGrad", torch(func(s *TorchState[F]) { s.ParamGroups[0].Options["amsgrad"] = true }),
			ts("param_groups[0]: amsgrad is true, the optimizer's false")),
		fails("an option the optimizer does not have: another optimizer's state", torch(func(s *TorchState[F]) { s.ParamGroups[0].Options["momentum_decay"] = 4e-3 }),
			ts("param_groups[0]: it has option momentum_decay, which Adam has not")),
		is("an Adam's state offered to a RAdam: refused for amsgrad", func() any {
			r := built(NewRAdam([]*Param[F]{untracked[F]("a", 3), untracked[F]("b", 2)}, DefaultRAdam()))
			return r.SetTorchState(stepped().TorchState()).Error()
		}, "optim: RAdam: SetTorchState: param_groups[0]: it has option amsgrad, which RAdam has not"),
		accepts("PyTorch's options of how a step runs", func() error {
			s := stepped().TorchState()
			for _, k := range []string{"foreach", "capturable", "differentiable", "fused", "initial_lr"} {
				s.ParamGroups[0].Options[k] = true
			}
			return stepped().SetTorchState(s)
		}),
		fails("a mode the optimizer does not have", torch(func(s *TorchState[F]) { s.ParamGroups[0].Options["fastgrad_mode"] = "eps_hat" }),
			ts("param_groups[0]: fastgrad_mode is eps_hat, the optimizer's <nil>")),
		fails("state of parameter 1 only", torch(func(s *TorchState[F]) { s.State[0] = TorchParamState[F]{} }),
			ts("state of parameter 1, none of parameter 0: fastgrad steps every parameter together")),
		fails("no state of parameter 1", torch(func(s *TorchState[F]) { s.State[1] = TorchParamState[F]{} }),
			ts("parameter 1 has no state, parameter 0 has")),
		fails("no step", torch(func(s *TorchState[F]) { delete(s.State[0].Scalars, "step"); delete(s.State[1].Scalars, "step") }),
			ts("parameter 0 has no step")),
		fails("steps that differ", torch(func(s *TorchState[F]) { s.State[1].Scalars["step"] = 7 }),
			ts("parameter 1 is at step 7, parameter 0 at 2: fastgrad steps every parameter together")),
		fails("a fractional step", torch(bothSteps(2.5)), wholeStep(0, 2.5)),
		fails("a negative step", torch(bothSteps(-1)), wholeStep(0, -1)),
		fails("a NaN step", torch(bothSteps(nan)), wholeStep(0, nan)),
		fails("a NaN step in parameter 1", torch(func(s *TorchState[F]) { s.State[1].Scalars["step"] = nan }), wholeStep(1, nan)),
		fails("a step beyond int32", torch(bothSteps(1<<31)), wholeStep(0, 1<<31)),
		fails("a buffer of another length", torch(func(s *TorchState[F]) { s.State[0].Tensors["exp_avg"] = make([]F, 5) }),
			ts("parameter 0's exp_avg has 5 elements, want 3")),
		fails("a buffer the options do not keep", torch(func(s *TorchState[F]) { s.State[1].Tensors["max_exp_avg_sq"] = make([]F, 2) }),
			ts(`parameter 1 has a tensor "max_exp_avg_sq", which its group's options do not keep (they keep [exp_avg exp_avg_sq])`)),
		fails("a buffer missing", torch(func(s *TorchState[F]) { delete(s.State[1].Tensors, "exp_avg_sq") }),
			ts("parameter 1 has no exp_avg_sq")),
		fails("a step and no buffers", torch(func(s *TorchState[F]) { s.State[0].Tensors = nil }), ts("parameter 0 has no exp_avg")),
		fails("a NaN in exp_avg_sq", torch(func(s *TorchState[F]) { s.State[1].Tensors["exp_avg_sq"][1] = F(nan) }),
			ts("parameter 1's exp_avg_sq[1] is NaN, want finite and ≥ 0")),
		fails("a negative exp_avg_sq", torch(func(s *TorchState[F]) { s.State[0].Tensors["exp_avg_sq"][0] = -2 }),
			ts("parameter 0's exp_avg_sq[0] is -2, want finite and ≥ 0")),
		fails("an infinite exp_avg", torch(func(s *TorchState[F]) { s.State[0].Tensors["exp_avg"][2] = F(math.Inf(-1)) }),
			ts("parameter 0's exp_avg[2] is -Inf, want finite")),
		fails("a scalar the optimizer does not keep", torch(func(s *TorchState[F]) { s.State[0].Scalars["mu_product"] = 0.5 }),
			ts(`parameter 0 has a scalar "mu_product" this optimizer does not keep`)),
		fails("NAdam: no mu_product, as an Adam's state has none", nadamTorch(func(s *TorchState[F]) { delete(s.State[1].Scalars, "mu_product") }),
			"optim: NAdam: SetTorchState: parameter 1 has no mu_product"),
		fails("NAdam: a mu_product beyond 1", nadamTorch(func(s *TorchState[F]) {
			s.State[0].Scalars["mu_product"], s.State[1].Scalars["mu_product"] = 2, 2
		}), "optim: NAdam: checkpoint mu_product 2 of group 0, want in [0, 1]"),
		fails("NAdam: mu_products that differ in a group", nadamTorch(func(s *TorchState[F]) { s.State[1].Scalars["mu_product"] = 0.5 }),
			fmt.Sprintf("optim: NAdam: SetTorchState: parameter 1 has mu_product 0.5, the one before it in its group %v", muProduct)),
		fails("ASGD: no eta, as an SGD's state has none", asgdTorch(func(s *TorchState[F]) { delete(s.State[0].Scalars, "eta") }),
			"optim: ASGD: SetTorchState: parameter 0 has no eta"),
		fails("ASGD: no mu", asgdTorch(func(s *TorchState[F]) { delete(s.State[1].Scalars, "mu") }),
			"optim: ASGD: SetTorchState: parameter 1 has no mu"),
		fails("ASGD: a negative eta", asgdTorch(func(s *TorchState[F]) { s.State[0].Scalars["eta"], s.State[1].Scalars["eta"] = -1, -1 }),
			"optim: ASGD: eta -1 of group 0, want a finite rate ≥ 0"),
		fails("ASGD: an infinite eta", asgdTorch(func(s *TorchState[F]) { s.State[0].Scalars["eta"], s.State[1].Scalars["eta"] = inf, inf }),
			"optim: ASGD: eta +Inf of group 0, want a finite rate ≥ 0"),
		fails("ASGD: a mu beyond 1", asgdTorch(func(s *TorchState[F]) { s.State[0].Scalars["mu"], s.State[1].Scalars["mu"] = 2, 2 }),
			"optim: ASGD: mu 2 of group 0, want in [0, 1]"),
		fails("ASGD: a NaN mu", asgdTorch(func(s *TorchState[F]) { s.State[0].Scalars["mu"], s.State[1].Scalars["mu"] = nan, nan }),
			"optim: ASGD: mu NaN of group 0, want in [0, 1]"),
		fails("ASGD: etas that differ in a group", asgdTorch(func(s *TorchState[F]) { s.State[1].Scalars["eta"] = 0.5 }),
			fmt.Sprintf("optim: ASGD: SetTorchState: parameter 1 has eta 0.5, the one before it in its group %v", asgdEta)),
		is("ASGD: no entries: η and μ as PyTorch starts them, at the state's lr", func() any {
			o := asgd()
			s := o.TorchState()
			s.State = make([]TorchParamState[F], 2)
			s.ParamGroups[0].Options["lr"] = 0.5
			err := o.SetTorchState(s)
			got := o.TorchState().State[1].Scalars
			return []any{err, o.StepCount(), got["eta"], got["mu"]}
		}, []any{nil, 0, 0.5, 1.0}),
		is("no entries: the state before the first step", func() any {
			o := stepped()
			s := o.TorchState()
			s.State = make([]TorchParamState[F], 2)
			return []any{o.SetTorchState(s), o.StepCount(), o.TorchState().State[0].Tensors["exp_avg"]}
		}, []any{nil, 0, []F{0, 0, 0}}),
		is("SGD: no step, as PyTorch gives none, is step 1", func() any {
			o := built(NewSGD([]*Param[F]{untracked[F]("w", 2)}, SGDConfig{LR: 0.1, Momentum: 0.9}))
			noErr(o.Step())
			s := o.TorchState()
			delete(s.State[0].Scalars, "step")
			return []any{o.SetTorchState(s), o.StepCount()}
		}, []any{nil, 1}),
		is("lr an int, betas a list, an option fastgrad ignores", func() any {
			o := stepped()
			s := o.TorchState()
			s.ParamGroups[0].Options["lr"], s.ParamGroups[0].Options["betas"], s.ParamGroups[0].Options["foreach"] = 0, []any{0.9, 0.999}, true
			return []any{o.SetTorchState(s), o.LR(0), o.StepCount()}
		}, []any{nil, 0, 2}),
	}

	// Checkpoints: damage, and every field that does not fit the parts it is loaded into. A failed load changes
	// no part.
	save := func(parts ...Checkpointed) []byte {
		var buf bytes.Buffer
		noErr(SaveCheckpoint(&buf, parts...))
		return buf.Bytes()
	}
	good := save(stepped())
	body := good[:len(good)-4]
	flipped := slices.Clone(good)
	flipped[len(flipped)/2] ^= 1
	version5 := slices.Clone(good)
	version5[4] = 5
	// adamOver is the checkpoint of an Adam with config c over the groups of parameters of the lengths given.
	adamOver := func(c AdamConfig, names string, lens ...[]int) []byte {
		var groups []Group[F, AdamConfig]
		k := 0
		for _, g := range lens {
			var ps []*Param[F]
			for _, n := range g {
				ps = append(ps, untracked[F](names[k:k+1], n))
				k++
			}
			groups = append(groups, Group[F, AdamConfig]{ps, c})
		}
		return save(built(NewAdamGroups(groups...)))
	}
	size := int(unsafe.Sizeof(F(0)))
	otherSize := save(built(NewAdam([]*Param[float64]{untracked[float64]("a", 3), untracked[float64]("b", 2)}, DefaultAdam())))
	if size == 8 {
		otherSize = save(built(NewAdam([]*Param[float32]{untracked[float32]("a", 3), untracked[float32]("b", 2)}, DefaultAdam())))
	}
	ams := DefaultAdam()
	ams.AMSGrad = true
	// load loads data into an Adam a step ahead of good's, so that restoring any part of it would change the Adam.
	load := func(data []byte) func() error {
		return func() error {
			o := stepped()
			noErr(o.Step())
			return keeps(stateOf[F](o), func() error { return o.Load(bytes.NewReader(data)) })
		}
	}
	table["Core.Load"] = []misuse.Case{
		fails("nothing", load(nil), "optim: not a fastgrad checkpoint"),
		fails("a zip file", load([]byte("PK\x03\x04 a zip file")), "optim: not a fastgrad checkpoint"),
		fails("a later version", load(sealed(version5[:len(version5)-4])), "optim: checkpoint version 5, this build reads 1 to 4"),
		fails("a flipped bit in the version", load(version5), fmt.Sprintf("optim: checkpoint checksum %08x, want %08x: the file is corrupt or truncated",
			binary.LittleEndian.Uint32(version5[len(version5)-4:]), crc32.Checksum(version5[:len(version5)-4], castagnoli))),
		fails("the header alone", load(good[:8]), "optim: checkpoint truncated"),
		fails("a flipped bit", load(flipped), fmt.Sprintf("optim: checkpoint checksum %08x, want %08x: the file is corrupt or truncated",
			binary.LittleEndian.Uint32(flipped[len(flipped)-4:]), crc32.Checksum(flipped[:len(flipped)-4], castagnoli))),
		fails("cut short, sealed again", load(sealed(body[:len(body)-9])), "optim: Adam: checkpoint: truncated"),
		fails("bytes after the last part", load(sealed(append(slices.Clone(body), make([]byte, 8)...))),
			"optim: checkpoint: 8 bytes after the last part"),
		fails("an SGD's", load(save(built(NewSGD([]*Param[F]{untracked[F]("a", 3), untracked[F]("b", 2)}, DefaultSGD())))),
			"optim: checkpoint part 0 is \"SGD\", loading into \"Adam\""),
		fails("of the other element type", load(otherSize),
			fmt.Sprintf("optim: Adam: checkpoint of %d-byte elements, this optimizer has %d-byte ones", 12-size, size)),
		fails("another parameter's name", load(adamOver(DefaultAdam(), "ac", []int{3, 2})),
			`optim: Adam: checkpoint parameter 1 is "c", the optimizer's "b"`),
		fails("another length", load(adamOver(DefaultAdam(), "ab", []int{4, 2})), `optim: Adam: checkpoint parameter "a" has 4 elements, want 3`),
		fails("fewer parameters", load(adamOver(DefaultAdam(), "a", []int{3})), "optim: Adam: checkpoint group 0 has 1 parameters, the optimizer's 2"),
		fails("two groups", load(adamOver(DefaultAdam(), "ab", []int{3}, []int{2})), "optim: Adam: checkpoint has 2 parameter groups, the optimizer 1"),
		fails("AMSGrad", load(adamOver(ams, "ab", []int{3, 2})), "optim: Adam: checkpoint group 0: amsgrad is true, the optimizer's false"),
		fails("a NaN rate", load(patched(good, lrAt("Adam", 0), math.Float64bits(nan))), "optim: Adam: checkpoint with learning rate NaN for group 0"),
		fails("a negative rate", load(patched(good, lrAt("Adam", 0), math.Float64bits(-1))), "optim: Adam: checkpoint with learning rate -1 for group 0"),
		fails("a step count beyond int", load(patched(good, stepAt("Adam"), 1<<63)), "optim: Adam: checkpoint: a count of 9223372036854775808"),
		fails("a failing reader", func() error { return stepped().Load(errReader{boom}) }, "optim: reading a checkpoint: boom"),
		fails("NAdam: a mu_product beyond 1", func() error {
			o := nadam()
			data := patched(save(o), stepAt("NAdam")+8+4, math.Float64bits(2))
			noErr(o.Step())
			return keeps(stateOf[F](o), func() error { return o.Load(bytes.NewReader(data)) })
		}, "optim: NAdam: checkpoint mu_product 2 of group 0, want in [0, 1]"),
		is("its own: the step and the rate", func() any {
			o := adam(untracked[F]("a", 3), untracked[F]("b", 2))
			return []any{o.Load(bytes.NewReader(patched(good, lrAt("Adam", 0), math.Float64bits(0)))), o.StepCount(), o.LR(0)}
		}, []any{nil, 2, 0}),
	}
	table["Core.Save"] = []misuse.Case{
		fails("a failing writer", func() error { return stepped().Save(errWriter{boom}) }, "boom"),
		is("what SaveCheckpoint writes", func() any {
			var buf bytes.Buffer
			return []any{stepped().Save(&buf), bytes.Equal(buf.Bytes(), good)}
		}, []any{nil, true}),
	}
	dir := t.TempDir()
	missing := filepath.Join(dir, "none", "adam.ckpt")
	table["Core.SaveFile"] = []misuse.Case{
		// The OS's error names the temporary file, whose name is random: the case checks what kind of error it is.
		is("into a directory that does not exist", func() any { return errors.Is(stepped().SaveFile(missing), fs.ErrNotExist) }, true),
		accepts("over a file", func() error {
			path := filepath.Join(dir, "over.ckpt")
			noErr(os.WriteFile(path, []byte("an older, longer file that must be replaced whole"), 0o644))
			return stepped().SaveFile(path)
		}),
	}
	table["Core.LoadFile"] = []misuse.Case{
		fails("no such file", func() error { return stepped().LoadFile(missing) }, "open "+missing+": no such file or directory"),
		fails("a directory", func() error { return stepped().LoadFile(dir) }, "optim: reading a checkpoint: read "+dir+": is a directory"),
		is("what SaveFile wrote", func() any {
			path := filepath.Join(dir, "adam.ckpt")
			noErr(stepped().SaveFile(path))
			o := adam(untracked[F]("a", 3), untracked[F]("b", 2))
			return []any{o.LoadFile(path), o.StepCount()}
		}, []any{nil, 2}),
	}

	// Checkpoints of several parts: each part checked before any is restored.
	type parts struct {
		opt   *Adam[F]
		sched *Scheduler
		plat  *ReduceLROnPlateau
		scale *GradScaler[F]
	}
	// run is an Adam over a(3) and b(2) after two steps, with a Scheduler, a ReduceLROnPlateau and a GradScaler
	// that have each moved, the GradScaler's interval growth.
	run := func(growth int) parts {
		o := stepped()
		sc := built(NewScheduler(o, built(StepLR(1, 0.5))))
		pl := built(NewReduceLROnPlateau(o, DefaultPlateau()))
		cfg := DefaultGradScaler()
		cfg.GrowthInterval = growth
		gs := built(NewGradScaler(o.params, cfg))
		noErr(errors.Join(sc.Step(), pl.Step(1)))
		for range 5 {
			gs.Update()
		}
		return parts{o, sc, pl, gs}
	}
	all := func(p parts) []Checkpointed { return []Checkpointed{p.opt, p.sched, p.plat, p.scale} }
	everything := func(p parts) func() any {
		return func() any { return []any{p.opt.TorchState(), p.sched.State(), p.plat.State(), p.scale.State()} }
	}
	// loadAll loads data into the parts of into, a run that has moved on since (or another run), so that restoring
	// any part would change it.
	loadAll := func(data []byte, into parts) func() error {
		return func() error {
			noErr(errors.Join(into.opt.Step(), into.sched.Step(), into.plat.Step(0.5)))
			into.scale.Update()
			return keeps(everything(into), func() error { return LoadCheckpoint(bytes.NewReader(data), all(into)...) })
		}
	}
	twoGroupRun := func() parts {
		o := built(NewAdamGroups(Group[F, AdamConfig]{[]*Param[F]{untracked[F]("a", 3)}, DefaultAdam()},
			Group[F, AdamConfig]{[]*Param[F]{untracked[F]("b", 2)}, DefaultAdam()}))
		return parts{o, built(NewScheduler(o, Constant())), built(NewReduceLROnPlateau(o, DefaultPlateau())),
			built(NewGradScaler(o.params, DefaultGradScaler()))}
	}
	whole := save(all(run(10))...)
	table["SaveCheckpoint"] = []misuse.Case{
		fails("no parts", func() error { return SaveCheckpoint(io.Discard) }, "optim: SaveCheckpoint: no parts"),
		fails("a nil part after one: nothing written", func() error {
			var buf bytes.Buffer
			return keeps(func() any { return buf.Len() }, func() error { return SaveCheckpoint(&buf, stepped(), nil) })
		}, "optim: SaveCheckpoint: a nil part"),
		fails("a failing writer", func() error { return SaveCheckpoint(errWriter{boom}, all(run(10))...) }, "boom"),
		accepts("every kind of part", func() error { return SaveCheckpoint(io.Discard, all(run(10))...) }),
	}
	table["LoadCheckpoint"] = []misuse.Case{
		fails("no parts", func() error { return LoadCheckpoint(bytes.NewReader(good)) }, "optim: LoadCheckpoint: no parts"),
		fails("a nil part", func() error { return LoadCheckpoint(bytes.NewReader(good), stepped(), nil) }, "optim: LoadCheckpoint: a nil part"),
		fails("fewer parts than given", loadAll(good, run(10)), "optim: checkpoint of 1 parts, loading into 4"),
		fails("the parts in another order", func() error {
			p := run(10)
			return keeps(everything(p), func() error { return LoadCheckpoint(bytes.NewReader(whole), p.sched, p.opt, p.plat, p.scale) })
		}, "optim: checkpoint part 0 is \"Adam\", loading into \"Scheduler\""),
		fails("another number of groups: the optimizer's part first", loadAll(save(all(twoGroupRun())...), run(10)),
			"optim: Adam: checkpoint has 2 parameter groups, the optimizer 1"),
		fails("a Scheduler of another number of groups", func() error {
			p, q := run(10), twoGroupRun()
			return keeps(everything(p), func() error {
				return LoadCheckpoint(bytes.NewReader(save(p.opt, q.sched)), p.opt, p.sched)
			})
		}, "optim: Scheduler: checkpoint: 2 base rates, want 1"),
		fails("a ReduceLROnPlateau of another number of groups", func() error {
			p, q := run(10), twoGroupRun()
			return keeps(everything(p), func() error {
				return LoadCheckpoint(bytes.NewReader(save(p.opt, q.plat)), p.opt, p.plat)
			})
		}, "optim: ReduceLROnPlateau: checkpoint: 2 rates, want 1"),
		fails("a GradScaler's tracker beyond the interval: no part restored", loadAll(whole, run(3)),
			"optim: GradScaler: state tracker 5, want in [0, GrowthInterval=3)"),
		fails("a failing reader", func() error { return LoadCheckpoint(errReader{boom}, all(run(10))...) }, "optim: reading a checkpoint: boom"),
		fails("an optimizer of the caller's rejects a rate as the Scheduler restores it", func() error {
			fake := newFakeOpt(0.1)
			sc := built(NewScheduler(fake, built(StepLR(1, 0.5))))
			data := save(sc)
			fake.reject = 0
			return keeps(func() any { return []any{sc.State(), slices.Clone(fake.lrs)} },
				func() error { return LoadCheckpoint(bytes.NewReader(data), sc) })
		}, "optim: checkpoint part 0 (Scheduler): optim: Scheduler: step 0, group 0: fake: rejected"),
		is("every kind of part", func() any {
			p := run(10)
			q := run(10)
			noErr(errors.Join(q.sched.Step(), q.plat.Step(0.5), q.opt.Step()))
			return []any{LoadCheckpoint(bytes.NewReader(save(all(q)...)), all(p)...), reflect.DeepEqual(everything(p)(), everything(q)())}
		}, []any{nil, true}),
	}
	// forge returns the sealed checkpoint b with the element skip bytes after the string name set to v, sealed
	// again: a state no run reaches, under a valid checksum.
	forge := func(b []byte, name string, skip int, v F) []byte {
		body := slices.Clone(b[:len(b)-4])
		at := bytes.Index(body, appendString(nil, name)) + 4 + len(name) + skip
		copy(body[at:], appendElements(nil, []F{v}))
		return sealed(body)
	}
	savedAdam := func(change func(*AdamConfig)) []byte {
		c := DefaultAdam()
		change(&c)
		o := built(NewAdam([]*Param[F]{untracked[F]("a", 3), untracked[F]("b", 2)}, c))
		noErr(errors.Join(o.Step(), o.Step()))
		return save(o)
	}
	addCompactMisuse(table, a, load, good)
	table["Core.Load"] = append(table["Core.Load"],
		fails("an AdamW's", load(savedAdam(func(c *AdamConfig) { *c = DefaultAdamW() })),
			"optim: Adam: checkpoint group 0: decoupled_weight_decay is true, the optimizer's false"),
		fails("other betas", load(savedAdam(func(c *AdamConfig) { c.Betas[1] = 0.99 })),
			"optim: Adam: checkpoint group 0: betas is [0.9 0.99], the optimizer's [0.9 0.999]"),
		fails("another eps", load(savedAdam(func(c *AdamConfig) { c.Eps = 1e-6 })),
			"optim: Adam: checkpoint group 0: eps is 1e-06, the optimizer's 1e-08"),
		fails("maximize", load(savedAdam(func(c *AdamConfig) { c.Maximize = true })),
			"optim: Adam: checkpoint group 0: maximize is true, the optimizer's false"),
		fails("ε̂", load(savedAdam(func(c *AdamConfig) { c.Mode = ModeKeras })),
			"optim: Adam: checkpoint group 0: fastgrad_mode is keras, the optimizer's <nil>"),
		fails("a NaN in exp_avg_sq", load(forge(good, "exp_avg_sq", 1, F(nan))),
			`optim: Adam: checkpoint parameter "a": exp_avg_sq[0] is NaN, want finite and ≥ 0`),
		fails("a negative exp_avg_sq", load(forge(good, "exp_avg_sq", 1, -1)),
			`optim: Adam: checkpoint parameter "a": exp_avg_sq[0] is -1, want finite and ≥ 0`),
		fails("an infinite exp_avg", load(forge(good, "exp_avg", 1, F(math.Inf(1)))),
			`optim: Adam: checkpoint parameter "a": exp_avg[0] is +Inf, want finite`),
		fails("a NaN value", load(forge(good, "a", 8+1, F(nan))), `optim: Adam: checkpoint parameter "a": value[0] is NaN, want finite`),
		fails("a value flag of 2", load(func() []byte {
			body := slices.Clone(good[:len(good)-4])
			body[bytes.Index(body, appendString(nil, "a"))+4+1+8] = 2
			return sealed(body)
		}()), `optim: Adam: checkpoint parameter "a": value flag 2, want 0 or 1`),
		is("the values", func() any {
			src := built(NewAdam([]*Param[F]{untracked[F]("a", 3), untracked[F]("b", 2)}, DefaultAdam()))
			src.params[0].Value[1] = 7
			o := adam(untracked[F]("a", 3), untracked[F]("b", 2))
			return []any{o.Load(bytes.NewReader(save(src))), o.params[0].Value[1]}
		}, []any{nil, F(7)}),
	)
	// A user's parts: checked like the others, before any part is restored.
	roundTrip := func(save, into Checkpointed) error {
		var buf bytes.Buffer
		noErr(SaveCheckpoint(&buf, save))
		return LoadCheckpoint(&buf, into)
	}
	table["StateOnly"] = []misuse.Case{
		is("an optimizer's state without its values: loading keeps them", func() any {
			src := stepped()
			src.params[0].Value[1] = 7
			o := adam(untracked[F]("a", 3), untracked[F]("b", 2))
			return []any{roundTrip(StateOnly(src), o), o.params[0].Value[1], o.StepCount()}
		}, []any{nil, F(0), 2}),
		is("loaded as such, a checkpoint with the values leaves them", func() any {
			src := stepped()
			src.params[0].Value[1] = 7
			o := adam(untracked[F]("a", 3), untracked[F]("b", 2))
			return []any{roundTrip(src, StateOnly(o)), o.params[0].Value[1], o.StepCount()}
		}, []any{nil, F(0), 2}),
		is("any other part, as it is", func() any { p := run(10).sched; return StateOnly(p) == Checkpointed(p) }, true),
	}
	blob := []byte("the loader's position")
	table["Bytes"] = []misuse.Case{
		fails("a nil pointer, saved", func() error { return SaveCheckpoint(io.Discard, Bytes("loader", nil)) },
			"optim: SaveCheckpoint: user:loader: nil *[]byte"),
		fails("a nil pointer, loaded", func() error { return roundTrip(Bytes("loader", &blob), Bytes("loader", nil)) },
			"optim: user:loader: checkpoint: a nil *[]byte"),
		fails("another name", func() error { var b []byte; return roundTrip(Bytes("loader", &blob), Bytes("rng", &b)) },
			"optim: checkpoint part 0 is \"user:loader\", loading into \"user:rng\""),
		is("the bytes, in a new slice", func() any {
			var b []byte
			return []any{roundTrip(Bytes("loader", &blob), Bytes("loader", &b)), string(b), &b[0] != &blob[0]}
		}, []any{nil, string(blob), true}),
	}
	type position struct {
		Epoch, Batch int64
		Seed         [2]uint64
	}
	pos := position{3, 17, [2]uint64{1, 2}}
	table["Binary"] = []misuse.Case{
		fails("not a pointer", func() error { return SaveCheckpoint(io.Discard, Binary("epoch", 3)) },
			"optim: SaveCheckpoint: user:epoch: Binary: int is not a non-nil pointer to fixed-size data"),
		fails("a pointer to variable-size data", func() error { return SaveCheckpoint(io.Discard, Binary("name", new(string))) },
			"optim: SaveCheckpoint: user:name: Binary: *string is not a non-nil pointer to fixed-size data"),
		fails("loaded into a nil pointer", func() error { return roundTrip(Binary("pos", &pos), Binary("pos", (*[4]int64)(nil))) },
			"optim: user:pos: checkpoint: Binary: *[4]int64 is not a non-nil pointer to fixed-size data"),
		fails("loaded into a smaller value", func() error { var e int32; return roundTrip(Binary("pos", &pos), Binary("pos", &e)) },
			"optim: user:pos: checkpoint: 28 bytes after its state"),
		fails("loaded into a larger value", func() error { var big [5]int64; return roundTrip(Binary("pos", &pos), Binary("pos", &big)) },
			"optim: user:pos: checkpoint: truncated"),
		is("the value", func() any { var p position; return []any{roundTrip(Binary("pos", &pos), Binary("pos", &p)), p} },
			[]any{nil, pos}),
	}
	table["Marshaled"] = []misuse.Case{
		fails("not a pointer", func() error { return SaveCheckpoint(io.Discard, Marshaled("rng", valueMarshaler{})) },
			"optim: SaveCheckpoint: user:rng: Marshaled: optim.valueMarshaler is not a non-nil pointer"),
		fails("a nil pointer", func() error { return SaveCheckpoint(io.Discard, Marshaled("rng", (*rand.PCG)(nil))) },
			"optim: SaveCheckpoint: user:rng: Marshaled: *rand.PCG is not a non-nil pointer"),
		fails("bytes it does not take: nothing restored", func() error {
			rng := rand.NewPCG(1, 2)
			before, _ := rng.MarshalBinary()
			err := roundTrip(Bytes("rng", &blob), Marshaled("rng", rng))
			if after, _ := rng.MarshalBinary(); !bytes.Equal(before, after) {
				return errors.New("the RNG changed")
			}
			return err
		}, "optim: user:rng: checkpoint: invalid PCG encoding"),
		is("an RNG's state", func() any {
			src, dst := rand.NewPCG(1, 2), rand.NewPCG(3, 4)
			src.Uint64()
			err := roundTrip(Marshaled("rng", src), Marshaled("rng", dst))
			return []any{err, src.Uint64() == dst.Uint64()}
		}, []any{nil, true}),
	}
	ema := []F{1, 2, 3}
	table["Tensor"] = []misuse.Case{
		fails("another length", func() error { return roundTrip(Tensor("ema", ema), Tensor("ema", make([]F, 2))) },
			"optim: user:ema: checkpoint of 3 elements, this tensor has 2"),
		fails("another element type", func() error {
			if size == 4 {
				return roundTrip(Tensor("ema", ema), Tensor("ema", make([]float64, 3)))
			}
			return roundTrip(Tensor("ema", ema), Tensor("ema", make([]float32, 3)))
		}, fmt.Sprintf("optim: user:ema: checkpoint of %d-byte elements, this tensor has %d-byte ones", size, 12-size)),
		is("the elements, in place", func() any { x := make([]F, 3); return []any{roundTrip(Tensor("ema", ema), Tensor("ema", x)), x} },
			[]any{nil, ema}),
	}
	// An accumulator between two steps: its pending sums travel with the run.
	pendingAcc := func(k, pending int) *Accumulator[F] {
		o := stepped()
		a := built(NewAccumulator(o, o.params, k))
		for range pending {
			o.params[0].Grad[0] = 1
			_, err := a.Add()
			noErr(err)
		}
		return a
	}
	table["LoadCheckpoint"] = append(table["LoadCheckpoint"],
		fails("an Accumulator of another k", func() error { return roundTrip(pendingAcc(4, 1), pendingAcc(3, 0)) },
			"optim: Accumulator: checkpoint of k=4 micro-batches, this accumulator's 3"),
		fails("an Accumulator with k pending", func() error {
			a := pendingAcc(4, 1)
			var buf bytes.Buffer
			noErr(SaveCheckpoint(&buf, a))
			b := buf.Bytes()
			return LoadCheckpoint(bytes.NewReader(patched(b, bytes.Index(b, []byte("Accumulator"))+len("Accumulator")+8+8, 4)), pendingAcc(4, 0))
		}, "optim: Accumulator: checkpoint with 4 pending micro-batches, want fewer than k=4"),
		is("an Accumulator's pending micro-batches", func() any {
			a := pendingAcc(4, 0)
			err := roundTrip(pendingAcc(4, 2), a)
			return []any{err, a.Pending(), a.sums[0][0]}
		}, []any{nil, 2, F(0.5)}),
	)
	// PyTorch's state as a safetensors file: every malformed part named, nothing returned.
	elem := func(n int) safetensors.Tensor {
		return safetensors.Tensor{DType: torchDType[F](), Shape: []int{n}, Data: make([]byte, n*size)}
	}
	groups := `[{"lr":0.001,"betas":[0.9,0.999],"params":[0,1]}]`
	stFile := func(groups string, tensors map[string]safetensors.Tensor) []byte {
		var buf bytes.Buffer
		meta := map[string]string{}
		if groups != "" {
			meta["param_groups"] = groups
		}
		noErr(safetensors.Write(&buf, safetensors.File{Tensors: tensors, Metadata: meta}))
		return buf.Bytes()
	}
	read := func(data []byte) func() error {
		return func() error { _, _, err := ReadTorchState[F](bytes.NewReader(data)); return err }
	}
	rt := func(format string, args ...any) string {
		return "optim: ReadTorchState: " + fmt.Sprintf(format, args...)
	}
	other := "F64"
	if size == 8 {
		other = "I64"
	}
	table["ReadTorchState"] = []misuse.Case{
		fails("nothing", read(nil), rt("safetensors: no header: EOF")),
		fails("no param_groups", read(stFile("", nil)), rt(`no "param_groups" in the metadata: not an optimizer's state_dict`)),
		fails("param_groups not a list", read(stFile(`{"lr":1}`, nil)), rt("param_groups: json: cannot unmarshal object into Go value of type []map[string]interface {}")),
		fails("params not a list", read(stFile(`[{"params":3}]`, nil)), rt("param_groups[0]: params is 3, want a list of indices")),
		fails("a negative index", read(stFile(`[{"params":[-1]}]`, nil)), rt("param_groups[0]: parameter index -1, want a whole number ≥ 0")),
		fails("a fractional index", read(stFile(`[{"params":[0.5]}]`, nil)), rt("param_groups[0]: parameter index 0.5, want a whole number ≥ 0")),
		fails("a tensor of no known name", read(stFile(groups, map[string]safetensors.Tensor{"exp_avg": elem(3)})),
			rt(`tensor "exp_avg": want state.<index>.<name> or param.<name>`)),
		fails("an index written oddly", read(stFile(groups, map[string]safetensors.Tensor{"state.01.exp_avg": elem(3)})),
			rt(`tensor "state.01.exp_avg": want state.<index>.<name> or param.<name>`)),
		fails("a parameter in no group", read(stFile(groups, map[string]safetensors.Tensor{"state.2.exp_avg": elem(3)})),
			rt(`tensor "state.2.exp_avg": parameter 2 is in no param_group (there are 2 parameters)`)),
		fails("a tensor of another dtype", read(stFile(groups, map[string]safetensors.Tensor{"state.0.exp_avg": {DType: other, Shape: []int{1}, Data: make([]byte, 8)}})),
			rt(`tensor "state.0.exp_avg" is %s, the optimizer's elements are %s: converting would round or is not a float`, other, torchDType[F]())),
		fails("a step of two numbers", read(stFile(groups, map[string]safetensors.Tensor{"state.0.step": {DType: "F64", Shape: []int{2}, Data: make([]byte, 16)}})),
			rt(`tensor "state.0.step" has shape [2], want a single number`)),
		fails("a step of bytes", read(stFile(groups, map[string]safetensors.Tensor{"state.0.step": {DType: "U8", Shape: []int{}, Data: make([]byte, 1)}})),
			rt(`tensor "state.0.step" is U8, want a number (F64, F32 or I64)`)),
		is("float32 into float64 exactly, or refused into float32", func() any {
			x := binary.LittleEndian.AppendUint32(nil, math.Float32bits(0.1))
			s, _, err := ReadTorchState[F](bytes.NewReader(stFile(groups, map[string]safetensors.Tensor{"state.0.exp_avg": {DType: "F32", Shape: []int{1}, Data: x}})))
			if err != nil {
				return err.Error()
			}
			return float64(s.State[0].Tensors["exp_avg"][0]) == float64(float32(0.1))
		}, true),
		is("what WriteTorchState wrote", func() any {
			o := stepped()
			var buf bytes.Buffer
			noErr(WriteTorchState(&buf, o.TorchState(), o.params...))
			s, w, err := ReadTorchState[F](&buf)
			return []any{err, reflect.DeepEqual(s.State, o.TorchState().State), reflect.DeepEqual(w["a"], o.params[0].Value), o.SetTorchState(s)}
		}, []any{nil, true, true, nil}),
	}
	table["LoadTorchStateFile"] = []misuse.Case{
		fails("no such file", func() error { _, _, err := LoadTorchStateFile[F](missing); return err }, "open "+missing+": no such file or directory"),
		fails("a directory", func() error { _, _, err := LoadTorchStateFile[F](dir); return err },
			"optim: ReadTorchState: safetensors: no header: read "+dir+": is a directory"),
		is("what SaveTorchStateFile wrote", func() any {
			o, path := stepped(), filepath.Join(dir, "adam.safetensors")
			noErr(SaveTorchStateFile(path, o.TorchState(), o.params...))
			s, _, err := LoadTorchStateFile[F](path)
			return []any{err, reflect.DeepEqual(s.State, o.TorchState().State)}
		}, []any{nil, true}),
	}
	withOption := func(key string, v any) TorchState[F] {
		s := stepped().TorchState()
		s.ParamGroups[0].Options[key] = v
		return s
	}
	table["WriteTorchState"] = []misuse.Case{
		fails("a nil parameter", func() error { return WriteTorchState(io.Discard, stepped().TorchState(), nil) }, "optim: WriteTorchState: a nil parameter"),
		fails("a parameter twice", func() error {
			o := stepped()
			return WriteTorchState(io.Discard, o.TorchState(), o.params[0], o.params[0])
		},
			`optim: WriteTorchState: parameter "a" given twice`),
		fails("an option named params", func() error { return WriteTorchState(io.Discard, withOption("params", 1)) },
			"optim: WriteTorchState: param_groups[0] has an option named params"),
		fails("an option JSON cannot hold", func() error { return WriteTorchState(io.Discard, withOption("lr", nan)) },
			"optim: WriteTorchState: param_groups: json: unsupported value: NaN"),
		fails("a failing writer", func() error { return WriteTorchState(errWriter{boom}, stepped().TorchState()) }, "boom"),
	}
	table["SaveTorchStateFile"] = []misuse.Case{
		is("into a directory that does not exist", func() any { return errors.Is(SaveTorchStateFile(missing, stepped().TorchState()), fs.ErrNotExist) }, true),
		fails("a nil parameter: no file", func() error {
			path := filepath.Join(dir, "nil.safetensors")
			err := SaveTorchStateFile(path, stepped().TorchState(), nil)
			if _, statErr := os.Stat(path); statErr == nil {
				return errors.New("a file was written")
			}
			return err
		}, "optim: WriteTorchState: a nil parameter"),
	}
	table["NewGroup"] = []misuse.Case{
		is("the group of its arguments", func() any {
			ps := []*Param[F]{untracked[F]("w", 3)}
			return reflect.DeepEqual(NewGroup(ps, DefaultAdamW()), Group[F, AdamConfig]{Params: ps, Config: DefaultAdamW()})
		}, true),
		fails("what the optimizer checks, in it", func() error { _, err := NewAdamGroups(NewGroup[F](nil, AdamConfig{})); return err },
			"optim: Adam: LR=0, want > 0 (start from DefaultAdam for PyTorch's defaults)"),
	}
	table["SaveCheckpointFile"] = []misuse.Case{
		is("into a directory that does not exist", func() any { return errors.Is(SaveCheckpointFile(missing, stepped()), fs.ErrNotExist) }, true),
		fails("no parts: the file is left as it was", func() error {
			path := filepath.Join(dir, "kept.ckpt")
			noErr(os.WriteFile(path, good, 0o644))
			return keeps(func() any { b, _ := os.ReadFile(path); return b }, func() error { return SaveCheckpointFile(path) })
		}, "optim: SaveCheckpoint: no parts"),
		accepts("every kind of part", func() error { return SaveCheckpointFile(filepath.Join(dir, "all.ckpt"), all(run(10))...) }),
	}
	table["LoadCheckpointFile"] = []misuse.Case{
		fails("no such file", func() error { return LoadCheckpointFile(missing, stepped()) }, "open "+missing+": no such file or directory"),
		fails("a directory", func() error { return LoadCheckpointFile(dir, stepped()) }, "optim: reading a checkpoint: read "+dir+": is a directory"),
		fails("no parts", func() error { return LoadCheckpointFile(missing) }, "open "+missing+": no such file or directory"),
		accepts("what SaveCheckpointFile wrote", func() error {
			path := filepath.Join(dir, "parts.ckpt")
			noErr(SaveCheckpointFile(path, all(run(10))...))
			return LoadCheckpointFile(path, all(run(10))...)
		}),
	}
	table["LoadCheckpoint"] = append(table["LoadCheckpoint"],
		// The one exception to all or nothing: an LRGroups of the caller's may reject a rate the checks passed.
		is("an optimizer of the caller's rejects a rate: the parts before it are restored", func() any {
			o := stepped()
			fake := newFakeOpt(0.1)
			sc := built(NewScheduler(fake, Constant()))
			data := save(o, sc)
			noErr(o.Step())
			fake.reject = 0
			return []any{LoadCheckpoint(bytes.NewReader(data), o, sc) != nil, o.StepCount()}
		}, []any{true, 2}))

	// Schedules: every argument out of its range, named with its value in the error, and the borders allowed.
	errOf := func(_ Schedule, err error) error { return err }
	rate := func(s Schedule, err error) func(base float64, t int) any {
		return func(base float64, t int) any {
			if err != nil {
				return err
			}
			return s.Rate(base, t)
		}
	}
	table["Constant"] = []misuse.Case{
		is("any step: the base rate", func() any { return Constant().Rate(0.1, math.MaxInt) }, 0.1),
		is("a base rate of 0", func() any { return Constant().Rate(0, 3) }, 0),
	}
	table["ConstantLR"] = []misuse.Case{
		fails("factor 0", func() error { return errOf(ConstantLR(0, 5)) }, "optim: ConstantLR: factor=0, want in (0, 1]"),
		fails("factor 1.5", func() error { return errOf(ConstantLR(1.5, 5)) }, "optim: ConstantLR: factor=1.5, want in (0, 1]"),
		fails("factor NaN", func() error { return errOf(ConstantLR(nan, 5)) }, "optim: ConstantLR: factor=NaN, want in (0, 1]"),
		fails("factor −Inf", func() error { return errOf(ConstantLR(-inf, 5)) }, "optim: ConstantLR: factor=-Inf, want in (0, 1]"),
		fails("totalIters 0", func() error { return errOf(ConstantLR(0.5, 0)) }, "optim: ConstantLR: totalIters=0, want ≥ 1"),
		fails("totalIters −1", func() error { return errOf(ConstantLR(0.5, -1)) }, "optim: ConstantLR: totalIters=-1, want ≥ 1"),
		is("factor 1, one step", func() any { return rate(ConstantLR(1, 1))(0.1, 0) }, 0.1),
	}
	table["StepLR"] = []misuse.Case{
		fails("stepSize 0", func() error { return errOf(StepLR(0, 0.1)) }, "optim: StepLR: stepSize=0, want ≥ 1"),
		fails("stepSize MinInt", func() error { return errOf(StepLR(math.MinInt, 0.1)) },
			fmt.Sprintf("optim: StepLR: stepSize=%d, want ≥ 1", math.MinInt)),
		fails("gamma 0", func() error { return errOf(StepLR(3, 0)) }, "optim: StepLR: gamma=0, want finite and > 0"),
		fails("gamma −0.5", func() error { return errOf(StepLR(3, -0.5)) }, "optim: StepLR: gamma=-0.5, want finite and > 0"),
		fails("gamma NaN", func() error { return errOf(StepLR(3, nan)) }, "optim: StepLR: gamma=NaN, want finite and > 0"),
		fails("gamma +Inf", func() error { return errOf(StepLR(3, inf)) }, "optim: StepLR: gamma=+Inf, want finite and > 0"),
		fails("both: the first named", func() error { return errOf(StepLR(0, nan)) }, "optim: StepLR: stepSize=0, want ≥ 1"),
		is("gamma above 1: the rate grows", func() any { return rate(StepLR(1, 2))(0.25, 2) }, 1),
	}
	table["MultiStepLR"] = []misuse.Case{
		fails("no milestones", func() error { return errOf(MultiStepLR(nil, 0.1)) }, "optim: MultiStepLR: milestones=[], want at least one"),
		fails("decreasing", func() error { return errOf(MultiStepLR([]int{5, 3}, 0.1)) }, "optim: MultiStepLR: milestones=[5 3], want non-decreasing"),
		fails("a milestone 0", func() error { return errOf(MultiStepLR([]int{0, 3}, 0.1)) }, "optim: MultiStepLR: milestones=[0 3], want each ≥ 1"),
		fails("a negative milestone", func() error { return errOf(MultiStepLR([]int{2, -3}, 0.1)) }, "optim: MultiStepLR: milestones=[2 -3], want each ≥ 1"),
		fails("gamma NaN", func() error { return errOf(MultiStepLR([]int{3}, nan)) }, "optim: MultiStepLR: gamma=NaN, want finite and > 0"),
		fails("gamma 0", func() error { return errOf(MultiStepLR([]int{3}, 0)) }, "optim: MultiStepLR: gamma=0, want finite and > 0"),
		is("a milestone twice: gamma² there", func() any { return rate(MultiStepLR([]int{2, 2}, 0.5))(1, 2) }, 0.25),
		is("the caller's slice is copied", func() any {
			m := []int{2, 4}
			s, err := MultiStepLR(m, 0.5)
			m[0] = 100
			return rate(s, err)(1, 3)
		}, 0.5),
	}
	table["ExponentialLR"] = []misuse.Case{
		fails("gamma −0.9", func() error { return errOf(ExponentialLR(-0.9)) }, "optim: ExponentialLR: gamma=-0.9, want finite and > 0"),
		fails("gamma 0", func() error { return errOf(ExponentialLR(0)) }, "optim: ExponentialLR: gamma=0, want finite and > 0"),
		fails("gamma NaN", func() error { return errOf(ExponentialLR(nan)) }, "optim: ExponentialLR: gamma=NaN, want finite and > 0"),
		fails("gamma +Inf", func() error { return errOf(ExponentialLR(inf)) }, "optim: ExponentialLR: gamma=+Inf, want finite and > 0"),
		is("gamma 1", func() any { return rate(ExponentialLR(1))(0.1, 1000) }, 0.1),
	}
	table["CosineAnnealingLR"] = []misuse.Case{
		fails("tMax 0", func() error { return errOf(CosineAnnealingLR(0, 0)) }, "optim: CosineAnnealingLR: tMax=0, want ≥ 1"),
		fails("tMax −5", func() error { return errOf(CosineAnnealingLR(-5, 0)) }, "optim: CosineAnnealingLR: tMax=-5, want ≥ 1"),
		fails("etaMin negative", func() error { return errOf(CosineAnnealingLR(5, -1e-3)) }, "optim: CosineAnnealingLR: etaMin=-0.001, want finite and ≥ 0"),
		fails("etaMin NaN", func() error { return errOf(CosineAnnealingLR(5, nan)) }, "optim: CosineAnnealingLR: etaMin=NaN, want finite and ≥ 0"),
		fails("etaMin +Inf", func() error { return errOf(CosineAnnealingLR(5, inf)) }, "optim: CosineAnnealingLR: etaMin=+Inf, want finite and ≥ 0"),
		is("tMax 1: etaMin at t = 1", func() any { return rate(CosineAnnealingLR(1, 0))(0.1, 1) }, 0),
	}
	table["LinearLR"] = []misuse.Case{
		fails("startFactor 0", func() error { return errOf(LinearLR(0, 1, 5)) }, "optim: LinearLR: startFactor=0, want in (0, 1]"),
		fails("startFactor NaN", func() error { return errOf(LinearLR(nan, 1, 5)) }, "optim: LinearLR: startFactor=NaN, want in (0, 1]"),
		fails("endFactor 1.1", func() error { return errOf(LinearLR(0.1, 1.1, 5)) }, "optim: LinearLR: endFactor=1.1, want in [0, 1]"),
		fails("endFactor −0.1", func() error { return errOf(LinearLR(0.1, -0.1, 5)) }, "optim: LinearLR: endFactor=-0.1, want in [0, 1]"),
		fails("totalIters −1", func() error { return errOf(LinearLR(0.1, 1, -1)) }, "optim: LinearLR: totalIters=-1, want ≥ 1"),
		is("down to 0 in one step", func() any { return rate(LinearLR(1, 0, 1))(0.1, 5) }, 0),
	}
	table["PolynomialLR"] = []misuse.Case{
		fails("totalIters 0", func() error { return errOf(PolynomialLR(0, 1)) }, "optim: PolynomialLR: totalIters=0, want ≥ 1"),
		fails("power −1", func() error { return errOf(PolynomialLR(10, -1)) }, "optim: PolynomialLR: power=-1, want finite and ≥ 0"),
		fails("power NaN", func() error { return errOf(PolynomialLR(10, nan)) }, "optim: PolynomialLR: power=NaN, want finite and ≥ 0"),
		is("0 at totalIters and after", func() any { return rate(PolynomialLR(10, 1))(0.1, 11) }, 0),
		is("power 0: the base rate", func() any { return rate(PolynomialLR(1, 0))(0.1, 0) }, 0.1),
	}
	oneCycle := func(change func(*OneCycleConfig)) func() error {
		return func() error {
			c := DefaultOneCycle(100)
			change(&c)
			return errOf(OneCycleLR(c))
		}
	}
	oneCycleRate := func(change func(*OneCycleConfig), t int) any {
		c := DefaultOneCycle(100)
		change(&c)
		return rate(OneCycleLR(c))(1, t)
	}
	table["OneCycleLR"] = []misuse.Case{
		fails("the zero config", func() error { return errOf(OneCycleLR(OneCycleConfig{})) }, "optim: OneCycleLR: TotalSteps=0, want ≥ 1"),
		fails("TotalSteps −1", oneCycle(func(c *OneCycleConfig) { c.TotalSteps = -1 }), "optim: OneCycleLR: TotalSteps=-1, want ≥ 1"),
		fails("PctStart 1.2", oneCycle(func(c *OneCycleConfig) { c.PctStart = 1.2 }), "optim: OneCycleLR: PctStart=1.2, want in [0, 1]"),
		fails("PctStart −0.1", oneCycle(func(c *OneCycleConfig) { c.PctStart = -0.1 }), "optim: OneCycleLR: PctStart=-0.1, want in [0, 1]"),
		fails("PctStart NaN", oneCycle(func(c *OneCycleConfig) { c.PctStart = nan }), "optim: OneCycleLR: PctStart=NaN, want in [0, 1]"),
		fails("PctStart 0.6 with three phases", oneCycle(func(c *OneCycleConfig) { c.PctStart, c.ThreePhase = 0.6, true }),
			"optim: OneCycleLR: PctStart=0.6, want in [0, 0.5]"),
		fails("a first phase of no length", oneCycle(func(c *OneCycleConfig) { c.PctStart = 0.01 }),
			"optim: OneCycleLR: PctStart=0.01 with TotalSteps=100: PctStart·TotalSteps = 1 gives the first phase no length"),
		fails("DivFactor 0", oneCycle(func(c *OneCycleConfig) { c.DivFactor = 0 }), "optim: OneCycleLR: DivFactor=0, want finite and > 0"),
		fails("DivFactor +Inf", oneCycle(func(c *OneCycleConfig) { c.DivFactor = inf }), "optim: OneCycleLR: DivFactor=+Inf, want finite and > 0"),
		fails("FinalDivFactor −2", oneCycle(func(c *OneCycleConfig) { c.FinalDivFactor = -2 }), "optim: OneCycleLR: FinalDivFactor=-2, want finite and > 0"),
		fails("FinalDivFactor NaN", oneCycle(func(c *OneCycleConfig) { c.FinalDivFactor = nan }), "optim: OneCycleLR: FinalDivFactor=NaN, want finite and > 0"),
		is("PctStart 0: no rise, annealing from the first step", func() any {
			r := oneCycleRate(func(c *OneCycleConfig) { c.PctStart = 0 }, 0)
			return r.(float64) < 1 && r.(float64) > 0.99
		}, true),
		is("PctStart 1: the peak at the end", func() any { return oneCycleRate(func(c *OneCycleConfig) { c.PctStart = 1 }, 99) }, 1),
		is("PctStart 0.5 with three phases", func() any { return oneCycleRate(func(c *OneCycleConfig) { c.PctStart, c.ThreePhase = 0.5, true }, 49) }, 1),
		is("one step", func() any { return oneCycleRate(func(c *OneCycleConfig) { c.TotalSteps = 1 }, 0) }, 1.0/25/1e4),
		is("past the end: the end rate", func() any {
			return oneCycleRate(func(*OneCycleConfig) {}, math.MaxInt) == oneCycleRate(func(*OneCycleConfig) {}, 99)
		}, true),
		fails("MaxLR −1", oneCycle(func(c *OneCycleConfig) { c.MaxLR = -1 }), "optim: OneCycleLR: MaxLR=-1, want finite and ≥ 0"),
		fails("MaxLR +Inf", oneCycle(func(c *OneCycleConfig) { c.MaxLR = inf }), "optim: OneCycleLR: MaxLR=+Inf, want finite and ≥ 0"),
		fails("BaseMomentum 1 when cycling", oneCycle(func(c *OneCycleConfig) { c.CycleMomentum, c.BaseMomentum = true, 1 }),
			"optim: OneCycleLR: BaseMomentum=1, want in [0, 1)"),
		fails("MaxMomentum NaN when cycling", oneCycle(func(c *OneCycleConfig) { c.CycleMomentum, c.MaxMomentum = true, nan }),
			"optim: OneCycleLR: MaxMomentum=NaN, want in [0, 1)"),
		accepts("MaxMomentum NaN when not cycling: unused", oneCycle(func(c *OneCycleConfig) { c.MaxMomentum = nan })),
		is("MaxLR: the peak whatever the base rate", func() any { return oneCycleRate(func(c *OneCycleConfig) { c.MaxLR = 0.3 }, 29) }, 0.3),
		is("Extrapolate: NaN past TotalSteps, as PyTorch raises", func() any {
			return math.IsNaN(oneCycleRate(func(c *OneCycleConfig) { c.Extrapolate = true }, 101).(float64))
		}, true),
		is("Extrapolate: at TotalSteps, past the end rate along the cosine", func() any {
			end := oneCycleRate(func(c *OneCycleConfig) { c.Extrapolate = true }, 99).(float64)
			return oneCycleRate(func(c *OneCycleConfig) { c.Extrapolate = true }, 100).(float64) > end
		}, true),
	}
	table["DefaultOneCycle"] = []misuse.Case{
		is("PyTorch's defaults, but momentum not cycled", func() any { return DefaultOneCycle(7) },
			OneCycleConfig{TotalSteps: 7, PctStart: 0.3, DivFactor: 25, FinalDivFactor: 1e4, BaseMomentum: 0.85, MaxMomentum: 0.95}),
		fails("no steps: OneCycleLR names them", func() error { return errOf(OneCycleLR(DefaultOneCycle(0))) }, "optim: OneCycleLR: TotalSteps=0, want ≥ 1"),
	}
	table["InverseTimeDecay"] = []misuse.Case{
		fails("k −1", func() error { return errOf(InverseTimeDecay(-1)) }, "optim: InverseTimeDecay: k=-1, want finite and ≥ 0"),
		fails("k +Inf", func() error { return errOf(InverseTimeDecay(inf)) }, "optim: InverseTimeDecay: k=+Inf, want finite and ≥ 0"),
		fails("k NaN", func() error { return errOf(InverseTimeDecay(nan)) }, "optim: InverseTimeDecay: k=NaN, want finite and ≥ 0"),
		is("k 0: the base rate", func() any { return rate(InverseTimeDecay(0))(0.1, math.MaxInt) }, 0.1),
	}
	table["PowerDecay"] = []misuse.Case{
		fails("p NaN", func() error { return errOf(PowerDecay(nan)) }, "optim: PowerDecay: p=NaN, want finite and ≥ 0"),
		fails("p −0.5", func() error { return errOf(PowerDecay(-0.5)) }, "optim: PowerDecay: p=-0.5, want finite and ≥ 0"),
		fails("p +Inf", func() error { return errOf(PowerDecay(inf)) }, "optim: PowerDecay: p=+Inf, want finite and ≥ 0"),
		is("p 0: the base rate", func() any { return rate(PowerDecay(0))(0.1, 1000) }, 0.1),
	}
	table["VWDecay"] = []misuse.Case{
		fails("initialT 0", func() error { return errOf(VWDecay(0, 0.5)) }, "optim: VWDecay: initialT=0, want finite and > 0"),
		fails("initialT NaN", func() error { return errOf(VWDecay(nan, 0.5)) }, "optim: VWDecay: initialT=NaN, want finite and > 0"),
		fails("powerT −0.5", func() error { return errOf(VWDecay(10, -0.5)) }, "optim: VWDecay: powerT=-0.5, want finite and ≥ 0"),
		fails("powerT +Inf", func() error { return errOf(VWDecay(10, inf)) }, "optim: VWDecay: powerT=+Inf, want finite and ≥ 0"),
		is("powerT 0: the base rate", func() any { return rate(VWDecay(1e-300, 0))(0.1, 1000) }, 0.1),
	}
	cos := built(CosineAnnealingLR(10, 0))
	table["SequentialLR"] = []misuse.Case{
		fails("no schedules", func() error { return errOf(SequentialLR(nil, nil)) }, "optim: SequentialLR: no schedules"),
		fails("a nil schedule", func() error { return errOf(SequentialLR([]Schedule{cos, nil}, []int{3})) }, "optim: SequentialLR: schedules[1] is nil"),
		fails("too few milestones", func() error { return errOf(SequentialLR([]Schedule{cos, cos}, nil)) },
			"optim: SequentialLR: 0 milestones for 2 schedules, want 1"),
		fails("too many milestones", func() error { return errOf(SequentialLR([]Schedule{cos}, []int{3})) },
			"optim: SequentialLR: 1 milestones for 1 schedules, want 0"),
		fails("milestones equal", func() error { return errOf(SequentialLR([]Schedule{cos, cos, cos}, []int{5, 5})) },
			"optim: SequentialLR: milestones=[5 5], want strictly increasing"),
		fails("a milestone 0", func() error { return errOf(SequentialLR([]Schedule{cos, cos}, []int{0})) },
			"optim: SequentialLR: milestones=[0], want each ≥ 1"),
		is("one schedule, no milestones", func() any { return rate(SequentialLR([]Schedule{Constant()}, nil))(0.1, 5) }, 0.1),
		is("the caller's slices are copied", func() any {
			list, m := []Schedule{Constant(), built(ConstantLR(0.5, 10))}, []int{2}
			s, err := SequentialLR(list, m)
			list[1], m[0] = nil, 100
			return rate(s, err)(1, 2)
		}, 0.5),
	}
	table["Chain"] = []misuse.Case{
		fails("no schedules", func() error { return errOf(Chain()) }, "optim: Chain: no schedules"),
		fails("a nil schedule", func() error { return errOf(Chain(cos, nil)) }, "optim: Chain: schedules[1] is nil"),
		is("one schedule", func() any { return rate(Chain(Constant()))(0.1, 5) }, 0.1),
		is("the caller's slice is copied", func() any {
			list := []Schedule{built(ConstantLR(0.5, 10))}
			s, err := Chain(list...)
			list[0] = nil
			return rate(s, err)(1, 0)
		}, 0.5),
	}

	// Scheduler: a rate no optimizer can use, or one the optimizer rejects, is an error that changes no rate
	// and no step count.
	// rateAt is a schedule whose rate is the base rate but at step t, where it is r.
	rateAt := func(t int, r float64) Schedule {
		return rateFunc(func(base float64, at int) float64 {
			if at == t {
				return r
			}
			return base
		})
	}
	// driven is a Scheduler over an optimizer with the rates lrs that rejects a rate for group reject (−1: none)
	// once the Scheduler is made, and a function that reports the rates and the Scheduler's position.
	driven := func(s Schedule, reject int, lrs ...float64) (*Scheduler, func() any) {
		o := newFakeOpt(lrs...)
		sc := built(NewScheduler(o, s))
		o.reject = reject
		return sc, func() any { return []any{slices.Clone(o.lrs), sc.State()} }
	}
	newScheduler := func(o LRGroups, s Schedule) func() error {
		return func() error { _, err := NewScheduler(o, s); return err }
	}
	rejecting := newFakeOpt(0.1, 0.2)
	rejecting.reject = 1
	table["NewScheduler"] = []misuse.Case{
		fails("nil optimizer", newScheduler(nil, Constant()), "optim: Scheduler: nil optimizer"),
		fails("a nil *Adam", newScheduler((*Adam[F])(nil), Constant()), "optim: Scheduler: nil optimizer"),
		fails("nil schedule", newScheduler(newFakeOpt(0.1), nil), "optim: Scheduler: nil schedule"),
		fails("no groups", newScheduler(newFakeOpt(), Constant()), "optim: Scheduler: the optimizer has 0 parameter groups, want ≥ 1"),
		fails("a NaN base rate", newScheduler(newFakeOpt(0.1, nan), Constant()), "optim: Scheduler: group 1's base rate: rate NaN, want finite and ≥ 0"),
		fails("a negative base rate", newScheduler(newFakeOpt(-1), Constant()), "optim: Scheduler: group 0's base rate: rate -1, want finite and ≥ 0"),
		fails("the schedule's NaN rate at step 0", func() error {
			o := newFakeOpt(0.1, 0.2)
			return keeps(func() any { return slices.Clone(o.lrs) }, newScheduler(o, rateAt(0, nan)))
		}, "optim: Scheduler: step 0, group 0: the schedule's rate: rate NaN, want finite and ≥ 0"),
		fails("the optimizer rejects group 1's rate: group 0's is restored", func() error {
			return keeps(func() any { return slices.Clone(rejecting.lrs) }, newScheduler(rejecting, built(ConstantLR(0.5, 3))))
		}, "optim: Scheduler: step 0, group 1: fake: rejected"),
		is("an Adam at rate 0, with an empty group", func() any {
			o := twoGroups()
			noErr(o.SetLR(1, 0))
			_, err := NewScheduler(o, built(ConstantLR(0.5, 3)))
			return []any{err, o.LR(0), o.LR(1)}
		}, []any{nil, 0.25, 0}),
	}
	// A momentum-cycling OneCycleLR needs an optimizer with momentum, and one whose groups have it.
	cycling := func() Schedule {
		c := DefaultOneCycle(10)
		c.CycleMomentum = true
		return built(OneCycleLR(c))
	}
	table["NewScheduler"] = append(table["NewScheduler"],
		fails("a momentum schedule over an optimizer without momentum", newScheduler(newFakeOpt(0.1), cycling()),
			"optim: Scheduler: the schedule cycles momentum, and the optimizer (*optim.fakeOpt) has none (no Momentum and SetMomentum)"),
		fails("a momentum schedule over SGD without momentum: rates and momenta kept", func() error {
			o := built(NewSGDGroups(Group[F, SGDConfig]{[]*Param[F]{param("a", 2)}, SGDConfig{LR: 0.1, Momentum: 0.5}},
				Group[F, SGDConfig]{[]*Param[F]{param("b", 2)}, SGDConfig{LR: 0.2}}))
			return keeps(func() any { return []float64{o.LR(0), o.LR(1), o.Momentum(0), o.Momentum(1)} }, newScheduler(o, cycling()))
		}, "optim: Scheduler: step 0, group 1: the schedule's momentum: optim: SGD: SetMomentum(1, 0.95): the group was built "+
			"without momentum, so it keeps no momentum_buffer (PyTorch would start one): build it with Momentum > 0"),
		is("a momentum schedule over Adam: β1 at MaxMomentum, the rate at MaxLR/DivFactor", func() any {
			c := DefaultOneCycle(10)
			c.CycleMomentum, c.MaxLR = true, 0.5
			o := adam(param("w", 3))
			_, err := NewScheduler(o, built(OneCycleLR(c)))
			return []any{err, o.Momentum(0), math.Abs(o.LR(0)-0.5/25) < 1e-15} // PyTorch's anneal rounds at step 0
		}, []any{nil, 0.95, true}),
	)
	// Every optimizer with a momentum or a β1: its range, the group out of range, and the value read back.
	momentumOf := map[string]func() MomentumGroups{
		"SGD": func() MomentumGroups {
			return built(NewSGD([]*Param[F]{param("w", 3)}, SGDConfig{LR: 0.1, Momentum: 0.9}))
		},
		"RMSprop": func() MomentumGroups {
			c := DefaultRMSprop()
			c.Momentum = 0.9
			return built(NewRMSprop([]*Param[F]{param("w", 3)}, c))
		},
		"Adam":   func() MomentumGroups { return built(NewAdam([]*Param[F]{param("w", 3)}, DefaultAdam())) },
		"Adamax": func() MomentumGroups { return built(NewAdamax([]*Param[F]{param("w", 3)}, DefaultAdamax())) },
		"NAdam":  func() MomentumGroups { return built(NewNAdam([]*Param[F]{param("w", 3)}, DefaultNAdam())) },
		"RAdam":  func() MomentumGroups { return built(NewRAdam([]*Param[F]{param("w", 3)}, DefaultRAdam())) },
		"Lion":   func() MomentumGroups { return built(NewLion([]*Param[F]{param("w", 3)}, DefaultLion())) },
	}
	for name, mk := range momentumOf {
		buffered := name == "SGD" || name == "RMSprop"
		rng := "[0, 1)"
		if buffered {
			rng = "(0, 1)"
		}
		set := func(m float64) func() error {
			return func() error {
				o := mk()
				return keeps(func() any { return o.Momentum(0) }, func() error { return o.SetMomentum(0, m) })
			}
		}
		bad := func(m float64) string {
			return fmt.Sprintf("optim: %s: SetMomentum(0, %v): want in %s", name, m, rng)
		}
		table[name+".SetMomentum"] = []misuse.Case{
			fails("1", set(1), bad(1)),
			fails("−0.1", set(-0.1), bad(-0.1)),
			fails("NaN", set(nan), bad(nan)),
			panics("group 1 of 1", func() { _ = mk().SetMomentum(1, 0.5) }, fmt.Sprintf("optim: %s: group 1 out of range [0, 1)", name)),
			is("0.5, read back", func() any { o := mk(); noErr(o.SetMomentum(0, 0.5)); return o.Momentum(0) }, 0.5),
		}
		if buffered {
			table[name+".SetMomentum"] = append(table[name+".SetMomentum"], fails("0, which would drop the buffer", set(0), bad(0)))
		} else {
			table[name+".SetMomentum"] = append(table[name+".SetMomentum"], accepts("0", func() error { return mk().SetMomentum(0, 0) }))
		}
		table[name+".Momentum"] = []misuse.Case{
			panics("group −1", func() { mk().Momentum(-1) }, fmt.Sprintf("optim: %s: group -1 out of range [0, 1)", name)),
		}
	}
	// strictRun is a strict Scheduler over an Adam over w(3), and what it reports.
	strictRun := func() (*Adam[F], *Scheduler, func() any) {
		o := adam(untracked[F]("w", 3))
		sc := built(NewScheduler(o, built(StepLR(1, 0.5))))
		noErr(sc.SetStrict(true))
		return o, sc, func() any { return []any{sc.State(), o.LR(0)} }
	}
	strict := func(n int) string {
		return fmt.Sprintf("optim: Scheduler: Step with no optimizer step since the last (the optimizer is at step %d): call it once after each optimizer step", n)
	}
	table["Scheduler.SetStrict"] = []misuse.Case{
		fails("an optimizer without StepCount", func() error { return built(NewScheduler(newFakeOpt(0.1), Constant())).SetStrict(true) },
			"optim: Scheduler: SetStrict: the optimizer (*optim.fakeOpt) has no StepCount"),
		is("off again: a second Step is taken", func() any {
			_, sc, _ := strictRun()
			noErr(sc.SetStrict(false))
			return []any{sc.Step(), sc.Step(), sc.StepCount()}
		}, []any{nil, nil, 2}),
	}
	table["Scheduler.Step"] = []misuse.Case{
		fails("strict: before the first optimizer step", func() error { _, sc, state := strictRun(); return keeps(state, sc.Step) }, strict(0)),
		fails("strict: twice after one optimizer step", func() error {
			o, sc, state := strictRun()
			noErr(errors.Join(o.Step(), sc.Step()))
			return keeps(state, sc.Step)
		}, strict(1)),
		is("strict: once after each optimizer step, and once after a restored state", func() any {
			o, sc, _ := strictRun()
			noErr(errors.Join(o.Step(), sc.Step(), o.Step(), sc.Step()))
			noErr(sc.SetState(sc.State()))
			return []any{sc.Step(), sc.StepCount()}
		}, []any{nil, 3}),
		fails("the schedule's +Inf rate", func() error {
			sc, state := driven(rateAt(2, inf), -1, 0.1)
			noErr(sc.Step())
			return keeps(state, sc.Step)
		}, "optim: Scheduler: step 2, group 0: the schedule's rate: rate +Inf, want finite and ≥ 0"),
		fails("the schedule's NaN rate", func() error {
			sc, state := driven(rateAt(2, nan), -1, 0.1)
			noErr(sc.Step())
			return keeps(state, sc.Step)
		}, "optim: Scheduler: step 2, group 0: the schedule's rate: rate NaN, want finite and ≥ 0"),
		fails("the schedule's negative rate", func() error {
			sc, state := driven(rateAt(1, -1e-3), -1, 0.1)
			return keeps(state, sc.Step)
		}, "optim: Scheduler: step 1, group 0: the schedule's rate: rate -0.001, want finite and ≥ 0"),
		fails("the optimizer rejects group 1's rate", func() error {
			sc, state := driven(built(StepLR(1, 0.5)), 1, 0.1, 0.2)
			return keeps(state, sc.Step)
		}, "optim: Scheduler: step 1, group 1: fake: rejected"),
		fails("at the largest step count", func() error {
			sc, state := driven(Constant(), -1, 0.1)
			noErr(sc.SetState(SchedulerState{Step: math.MaxInt, BaseLRs: []float64{0.1}}))
			return keeps(state, sc.Step)
		}, fmt.Sprintf("optim: Scheduler: the step count is at its largest, %d", math.MaxInt)),
		is("a rate of 0", func() any {
			sc, _ := driven(built(PolynomialLR(1, 1)), -1, 0.1)
			return []any{sc.Step(), sc.opt.LR(0)}
		}, []any{nil, 0}),
	}
	table["Scheduler.StepCount"] = []misuse.Case{
		is("at the start", func() any { sc, _ := driven(Constant(), -1, 0.1); return sc.StepCount() }, 0),
		is("a failed step does not count", func() any {
			sc, _ := driven(rateAt(2, nan), -1, 0.1)
			return []any{sc.Step(), sc.Step() != nil, sc.StepCount()}
		}, []any{nil, true, 1}),
	}
	table["Scheduler.State"] = []misuse.Case{
		is("a copy", func() any {
			sc, _ := driven(Constant(), -1, 0.1)
			sc.State().BaseLRs[0] = 5
			return sc.State()
		}, SchedulerState{Step: 0, BaseLRs: []float64{0.1}}),
	}
	setState := func(st SchedulerState, reject int) func() error {
		return func() error {
			sc, state := driven(built(StepLR(1, 2)), reject, 0.1, 0.2)
			return keeps(state, func() error { return sc.SetState(st) })
		}
	}
	table["Scheduler.SetState"] = []misuse.Case{
		fails("a negative step", setState(SchedulerState{Step: -1, BaseLRs: []float64{1, 1}}, -1), "optim: Scheduler: SetState: state Step=-1, want ≥ 0"),
		fails("one base rate for two groups", setState(SchedulerState{Step: 1, BaseLRs: []float64{1}}, -1),
			"optim: Scheduler: SetState: 1 base rates for 2 parameter groups"),
		fails("no base rates", setState(SchedulerState{}, -1), "optim: Scheduler: SetState: 0 base rates for 2 parameter groups"),
		fails("a NaN base rate", setState(SchedulerState{Step: 1, BaseLRs: []float64{1, nan}}, -1),
			"optim: Scheduler: SetState: BaseLRs[1]: rate NaN, want finite and ≥ 0"),
		fails("a negative base rate", setState(SchedulerState{Step: 1, BaseLRs: []float64{-1, 1}}, -1),
			"optim: Scheduler: SetState: BaseLRs[0]: rate -1, want finite and ≥ 0"),
		fails("a step where the schedule's rate overflows", setState(SchedulerState{Step: 2000, BaseLRs: []float64{1, 1}}, -1),
			"optim: Scheduler: SetState: group 0 at step 2000: the schedule's rate: rate +Inf, want finite and ≥ 0"),
		fails("the optimizer rejects group 1's rate", setState(SchedulerState{Step: 3, BaseLRs: []float64{1, 1}}, 1),
			"optim: Scheduler: step 3, group 1: fake: rejected"),
		is("base rates of 0", func() any {
			sc, _ := driven(Constant(), -1, 0.1)
			return []any{sc.SetState(SchedulerState{Step: 5, BaseLRs: []float64{0}}), sc.opt.LR(0)}
		}, []any{nil, 0}),
	}

	// ReduceLROnPlateau: every field out of its range, and states and reductions that do not fit.
	plateau := func(change func(*PlateauConfig)) func() error {
		return func() error {
			c := DefaultPlateau()
			change(&c)
			_, err := NewReduceLROnPlateau(newFakeOpt(0.1, 0.2), c)
			return err
		}
	}
	pl := func(format string, args ...any) string {
		return fmt.Sprintf("optim: ReduceLROnPlateau: "+format, args...)
	}
	table["NewReduceLROnPlateau"] = []misuse.Case{
		fails("nil optimizer", func() error { _, err := NewReduceLROnPlateau(nil, DefaultPlateau()); return err }, pl("nil optimizer")),
		fails("a nil *Adam", func() error { _, err := NewReduceLROnPlateau((*Adam[F])(nil), DefaultPlateau()); return err }, pl("nil optimizer")),
		fails("no groups", func() error { _, err := NewReduceLROnPlateau(newFakeOpt(), DefaultPlateau()); return err },
			pl("the optimizer has 0 parameter groups, want ≥ 1")),
		fails("the zero config", plateau(func(c *PlateauConfig) { *c = PlateauConfig{} }), pl("Factor=0, want in (0, 1)")),
		fails("Factor 1", plateau(func(c *PlateauConfig) { c.Factor = 1 }), pl("Factor=1, want in (0, 1)")),
		fails("Factor NaN", plateau(func(c *PlateauConfig) { c.Factor = nan }), pl("Factor=NaN, want in (0, 1)")),
		fails("Factor −0.5", plateau(func(c *PlateauConfig) { c.Factor = -0.5 }), pl("Factor=-0.5, want in (0, 1)")),
		fails("Patience −1", plateau(func(c *PlateauConfig) { c.Patience = -1 }), pl("Patience=-1, want ≥ 0")),
		fails("Threshold −0.1", plateau(func(c *PlateauConfig) { c.Threshold = -0.1 }), pl("Threshold=-0.1, want in [0, 1)")),
		fails("Threshold 1, relative", plateau(func(c *PlateauConfig) { c.Threshold = 1 }), pl("Threshold=1, want in [0, 1)")),
		fails("Threshold NaN", plateau(func(c *PlateauConfig) { c.Threshold = nan }), pl("Threshold=NaN, want in [0, 1)")),
		fails("Threshold +Inf, absolute", plateau(func(c *PlateauConfig) { c.Threshold, c.AbsThreshold = inf, true }),
			pl("Threshold=+Inf, want finite and ≥ 0")),
		fails("Cooldown −2", plateau(func(c *PlateauConfig) { c.Cooldown = -2 }), pl("Cooldown=-2, want ≥ 0")),
		fails("MinLR negative", plateau(func(c *PlateauConfig) { c.MinLR = -1e-3 }), pl("MinLR=-0.001, want finite and ≥ 0")),
		fails("MinLR +Inf", plateau(func(c *PlateauConfig) { c.MinLR = inf }), pl("MinLR=+Inf, want finite and ≥ 0")),
		fails("one MinLRs for two groups", plateau(func(c *PlateauConfig) { c.MinLRs = []float64{0} }), pl("1 MinLRs for 2 parameter groups")),
		fails("empty MinLRs", plateau(func(c *PlateauConfig) { c.MinLRs = []float64{} }), pl("0 MinLRs for 2 parameter groups")),
		fails("a NaN MinLRs", plateau(func(c *PlateauConfig) { c.MinLRs = []float64{0, nan} }), pl("MinLRs[1]=NaN, want finite and ≥ 0")),
		fails("Eps NaN", plateau(func(c *PlateauConfig) { c.Eps = nan }), pl("Eps=NaN, want finite and ≥ 0")),
		fails("Eps −1", plateau(func(c *PlateauConfig) { c.Eps = -1 }), pl("Eps=-1, want finite and ≥ 0")),
		accepts("an absolute Threshold above 1", plateau(func(c *PlateauConfig) { c.Threshold, c.AbsThreshold = 2, true })),
		accepts("every bound 0", plateau(func(c *PlateauConfig) { c.Threshold, c.MinLRs, c.Eps, c.Patience = 0, []float64{0, 0}, 0, 0 })),
	}
	table["DefaultPlateau"] = []misuse.Case{
		is("PyTorch's defaults", func() any { return DefaultPlateau() }, PlateauConfig{Factor: 0.1, Patience: 10, Threshold: 1e-4, Eps: 1e-8}),
	}
	// watched is a ReduceLROnPlateau with patience 0 over an optimizer at rates 0.1 and 0.2 that rejects group
	// reject's rate (−1: none), and a function that reports its state.
	watched := func(reject int) (*ReduceLROnPlateau, func() any) {
		o := newFakeOpt(0.1, 0.2)
		o.reject = reject
		c := DefaultPlateau()
		c.Patience = 0
		r := built(NewReduceLROnPlateau(o, c))
		return r, func() any { return r.State() }
	}
	table["ReduceLROnPlateau.Step"] = []misuse.Case{
		fails("the optimizer rejects group 1's reduced rate", func() error {
			r, state := watched(1)
			noErr(r.Step(1))
			return keeps(state, func() error { return r.Step(1) })
		}, pl("epoch 2: group 1: fake: rejected")),
		fails("at the largest epoch count", func() error {
			r, state := watched(-1)
			noErr(r.SetState(PlateauState{Epoch: math.MaxInt, Best: 1, LRs: []float64{0.1, 0.2}}))
			return keeps(state, func() error { return r.Step(0.5) })
		}, pl("the epoch count is at its largest, %d", math.MaxInt)),
		is("a NaN metric: a bad epoch", func() any {
			r, _ := watched(-1)
			return []any{r.Step(1), r.Step(nan), r.State()}
		}, []any{nil, nil, PlateauState{Epoch: 2, Best: 1, LRs: []float64{0.010000000000000002, 0.020000000000000004}}}),
		is("infinite metrics", func() any {
			r, _ := watched(-1)
			return []any{r.Step(inf), r.Step(-inf), r.State().Best}
		}, []any{nil, nil, -inf}),
	}
	table["ReduceLROnPlateau.State"] = []misuse.Case{
		is("before any metric", func() any { r, _ := watched(-1); return r.State() }, PlateauState{Best: inf, LRs: []float64{0.1, 0.2}}),
	}
	plateauState := func(st PlateauState, reject int) func() error {
		return func() error {
			r, state := watched(reject)
			return keeps(state, func() error { return r.SetState(st) })
		}
	}
	table["ReduceLROnPlateau.SetState"] = []misuse.Case{
		fails("a negative epoch", plateauState(PlateauState{Epoch: -1, Best: 1, LRs: []float64{1, 1}}, -1),
			pl("SetState: state Epoch=-1, BadEpochs=0, Cooldown=0, want each ≥ 0")),
		fails("negative bad epochs", plateauState(PlateauState{BadEpochs: -1, Best: 1, LRs: []float64{1, 1}}, -1),
			pl("SetState: state Epoch=0, BadEpochs=-1, Cooldown=0, want each ≥ 0")),
		fails("a negative cooldown", plateauState(PlateauState{Cooldown: -1, Best: 1, LRs: []float64{1, 1}}, -1),
			pl("SetState: state Epoch=0, BadEpochs=0, Cooldown=-1, want each ≥ 0")),
		fails("a NaN best", plateauState(PlateauState{Best: nan, LRs: []float64{1, 1}}, -1), pl("SetState: state Best is NaN")),
		fails("one rate for two groups", plateauState(PlateauState{Best: 1, LRs: []float64{1}}, -1), pl("SetState: 1 rates for 2 parameter groups")),
		fails("a negative rate", plateauState(PlateauState{Best: 1, LRs: []float64{1, -1}}, -1), pl("SetState: LRs[1]: rate -1, want finite and ≥ 0")),
		fails("an infinite rate", plateauState(PlateauState{Best: 1, LRs: []float64{inf, 1}}, -1), pl("SetState: LRs[0]: rate +Inf, want finite and ≥ 0")),
		fails("the optimizer rejects group 1's rate", plateauState(PlateauState{Best: 1, LRs: []float64{1, 1}}, 1), pl("SetState: group 1: fake: rejected")),
		is("an infinite best, rates of 0", func() any {
			r, _ := watched(-1)
			return []any{r.SetState(PlateauState{Best: -inf, LRs: []float64{0, 0}}), r.State()}
		}, []any{nil, PlateauState{Best: -inf, LRs: []float64{0, 0}}}),
	}

	// Clipping by hand: bad bounds and norm types, a nil parameter, and a non-finite norm the caller asked to be an
	// error change no gradient.
	clipValue := func(c float64) func() error {
		return func() error { return ClipGradValue([]*Param[F]{param("w", 3)}, c) }
	}
	table["ClipGradValue"] = []misuse.Case{
		fails("c −1", clipValue(-1), "optim: ClipGradValue: c=-1, want ≥ 0"),
		fails("c NaN", clipValue(nan), "optim: ClipGradValue: c=NaN, want ≥ 0"),
		fails("c −Inf", clipValue(-inf), "optim: ClipGradValue: c=-Inf, want ≥ 0"),
		fails("a nil parameter after one", func() error { return ClipGradValue([]*Param[F]{param("w", 3), nil}, 0.1) },
			"optim: ClipGradValue: params[1] is nil"),
		is("c 0: every gradient 0", func() any { p := param("w", 2); noErr(ClipGradValue([]*Param[F]{p}, 0)); return p.Grad }, []F{0, 0}),
		is("c +Inf: nothing clipped", func() any { p := param("w", 2); noErr(ClipGradValue([]*Param[F]{p}, inf)); return p.Grad }, []F{misuse.Sentinel, misuse.Sentinel}),
		accepts("no parameters", func() error { return ClipGradValue[F](nil, 1) }),
	}
	norm := func(clip func([]*Param[F], float64, float64, bool) (float64, error), ps func() []*Param[F], maxNorm, normType float64, errorIfNonfinite bool) func() error {
		return func() error { _, err := clip(ps(), maxNorm, normType, errorIfNonfinite); return err }
	}
	normCases := func(clip func([]*Param[F], float64, float64, bool) (float64, error), name string) []misuse.Case {
		w := func() []*Param[F] { return []*Param[F]{param("w", 3)} }
		// nonFinite is a finite gradient, watched, and then one holding v, which is not (Run would count setting v
		// as a write): the first must not be clipped either.
		nonFinite := func(v float64) func() []*Param[F] {
			return func() []*Param[F] {
				p, q := param("a", 2), untracked[F]("b", 2)
				q.Grad[1] = F(v)
				return []*Param[F]{p, q}
			}
		}
		return []misuse.Case{
			fails("maxNorm −1", norm(clip, w, -1, 2, false), "optim: ClipGradNorm: maxNorm=-1, want finite and ≥ 0"),
			fails("maxNorm NaN", norm(clip, w, nan, 2, false), "optim: ClipGradNorm: maxNorm=NaN, want finite and ≥ 0"),
			fails("maxNorm +Inf", norm(clip, w, inf, 2, false), "optim: ClipGradNorm: maxNorm=+Inf, want finite and ≥ 0"),
			fails("normType NaN", norm(clip, w, 1, nan, false), "optim: ClipGradNorm: normType=NaN, want a number or ±Inf"),
			accepts("normType 1", norm(clip, w, 1, 1, false)),
			accepts("normType 0", norm(clip, w, 1, 0, false)),
			accepts("normType −Inf", norm(clip, w, 1, -inf, false)),
			accepts("normType −3", norm(clip, w, 1, -3, false)),
			accepts("normType 0, a NaN gradient, errorIfNonfinite: the count is finite, as PyTorch's", norm(clip, nonFinite(nan), 0.1, 0, true)),
			fails("a nil parameter after one", norm(clip, func() []*Param[F] { return []*Param[F]{param("w", 3), nil} }, 0.1, 2, false),
				"optim: "+name+": params[1] is nil"),
			fails("a NaN gradient, errorIfNonfinite", norm(clip, nonFinite(nan), 0.1, 2, true),
				"optim: ClipGradNorm: the total norm of the gradients is NaN"),
			fails("an infinite gradient, errorIfNonfinite, the inf-norm", norm(clip, nonFinite(-inf), 0.1, inf, true),
				"optim: ClipGradNorm: the total norm of the gradients is +Inf"),
			is("no parameters: a norm of 0", func() any { n, err := clip(nil, 1, 2, true); return []any{n, err} }, []any{0, nil}),
			is("maxNorm 0: every gradient 0", func() any {
				p := param("w", 2)
				n, err := clip([]*Param[F]{p}, 0, 2, false)
				return []any{err, n > 0, p.Grad}
			}, []any{nil, true, []F{0, 0}}),
			is("a NaN gradient, not asked to fail: NaN gradients, as PyTorch's", func() any {
				ps := nonFinite(nan)()
				n, err := clip(ps, 0.1, 2, false)
				return []any{err, n, ps[1].Grad}
			}, []any{nil, nan, []F{F(nan), F(nan)}}),
		}
	}
	table["ClipGradNorm"] = normCases(ClipGradNorm[F], "ClipGradNorm")
	table["ClipGradNormPerTensor"] = append(normCases(ClipGradNormPerTensor[F], "ClipGradNormPerTensor"),
		is("the largest norm", func() any {
			p, q := param("a", 2), param("b", 1)
			p.Grad[0], p.Grad[1], q.Grad[0] = 3, 4, 12
			n, err := ClipGradNormPerTensor([]*Param[F]{p, q}, 100, 2, true)
			return []any{n, err}
		}, []any{12, nil}))

	pn := func(p float64) PNorm[F] { n, err := NewPNorm[F](p); noErr(err); return n }
	table["NewPNorm"] = []misuse.Case{
		fails("NaN", func() error { _, err := NewPNorm[F](nan); return err }, "optim: ClipGradNorm: normType=NaN, want a number or ±Inf"),
		accepts("−Inf", func() error { _, err := NewPNorm[F](-inf); return err }),
		accepts("0", func() error { _, err := NewPNorm[F](0); return err }),
		accepts("−0.5", func() error { _, err := NewPNorm[F](-0.5); return err }),
	}
	table["Clip.NormP"] = []misuse.Case{
		fails("NormType NaN", func() error { _, err := Clip{NormType: nan}.NormP(); return err }, "Clip.NormType=NaN, want a number or ±Inf"),
		fails("NormZero with NormType 1", func() error { _, err := Clip{NormType: 1, NormZero: true}.NormP(); return err },
			"Clip.NormZero with NormType=1, want 0"),
		is("NormType 0: 2", func() any { p, _ := Clip{}.NormP(); return p }, 2),
		is("NormZero: 0", func() any { p, _ := Clip{NormZero: true}.NormP(); return p }, 0),
	}
	table["PNorm.Tensor"] = []misuse.Case{
		is("an empty gradient: 0 for every p", func() any {
			var out []F
			for _, p := range []float64{2, inf, -inf, 0, 1, 3, -2} {
				out = append(out, pn(p).Tensor(nil))
			}
			return out
		}, []F{0, 0, 0, 0, 0, 0, 0}),
		is("a NaN: NaN but for p = 0, which counts it", func() any {
			g := []F{1, F(nan)}
			return []F{pn(2).Tensor(g), pn(-inf).Tensor(g), pn(1).Tensor(g), pn(3).Tensor(g), pn(0).Tensor(g)}
		}, []F{F(nan), F(nan), F(nan), F(nan), 2}),
	}
	table["PNorm.Total"] = []misuse.Case{
		is("no norms: 0", func() any { return []F{pn(2).Total(0, nil), pn(-inf).Total(0, nil), pn(0.5).Total(0, nil)} }, []F{0, 0, 0}),
	}
	table["PNorm.Coef"] = []misuse.Case{
		is("a NaN norm: NaN", func() any { return pn(2).Coef(1, F(nan)) }, F(nan)),
		is("an infinite norm: 0", func() any { return pn(2).Coef(1, F(inf)) }, F(0)),
		is("a norm of 0: 1", func() any { return pn(2).Coef(1, 0) }, F(1)),
	}
	table["PNorm.ProvesFinite"] = []misuse.Case{
		is("only p > 0", func() any {
			return []bool{pn(0).ProvesFinite(), pn(-1).ProvesFinite(), pn(-inf).ProvesFinite(), pn(0.5).ProvesFinite()}
		},
			[]bool{false, false, false, true}),
	}

	// GradScaler: every field of its config out of its range, the parameter lists the optimizers reject, and
	// states that do not fit.
	scaler := func(change func(*GradScalerConfig)) func() error {
		return changed(a, DefaultGradScaler, NewGradScaler[F], change)
	}
	initScale := func(v float64) string {
		return fmt.Sprintf("optim: GradScaler: InitScale=%v, want > 0 and finite in float32 (start from DefaultGradScaler for PyTorch's 65536)", v)
	}
	table["NewGradScaler"] = []misuse.Case{
		fails("the zero config", func() error { _, err := NewGradScaler([]*Param[F]{param("w", 3)}, GradScalerConfig{}); return err }, initScale(0)),
		fails("InitScale NaN", scaler(func(c *GradScalerConfig) { c.InitScale = nan }), initScale(nan)),
		fails("InitScale −1", scaler(func(c *GradScalerConfig) { c.InitScale = -1 }), initScale(-1)),
		fails("InitScale +Inf", scaler(func(c *GradScalerConfig) { c.InitScale = inf }), initScale(inf)),
		fails("InitScale beyond float32", scaler(func(c *GradScalerConfig) { c.InitScale = 1e39 }), initScale(1e39)),
		fails("InitScale below float32", scaler(func(c *GradScalerConfig) { c.InitScale = 1e-46 }), initScale(1e-46)),
		fails("GrowthFactor 1", scaler(func(c *GradScalerConfig) { c.GrowthFactor = 1 }), "optim: GradScaler: GrowthFactor=1, want > 1 and finite"),
		fails("GrowthFactor +Inf", scaler(func(c *GradScalerConfig) { c.GrowthFactor = inf }), "optim: GradScaler: GrowthFactor=+Inf, want > 1 and finite"),
		fails("GrowthFactor NaN", scaler(func(c *GradScalerConfig) { c.GrowthFactor = nan }), "optim: GradScaler: GrowthFactor=NaN, want > 1 and finite"),
		fails("BackoffFactor 0", scaler(func(c *GradScalerConfig) { c.BackoffFactor = 0 }), "optim: GradScaler: BackoffFactor=0, want in (0, 1)"),
		fails("BackoffFactor 1", scaler(func(c *GradScalerConfig) { c.BackoffFactor = 1 }), "optim: GradScaler: BackoffFactor=1, want in (0, 1)"),
		fails("BackoffFactor NaN", scaler(func(c *GradScalerConfig) { c.BackoffFactor = nan }), "optim: GradScaler: BackoffFactor=NaN, want in (0, 1)"),
		fails("GrowthInterval 0", scaler(func(c *GradScalerConfig) { c.GrowthInterval = 0 }), "optim: GradScaler: GrowthInterval=0, want ≥ 1"),
		fails("GrowthInterval −1", scaler(func(c *GradScalerConfig) { c.GrowthInterval = -1 }), "optim: GradScaler: GrowthInterval=-1, want ≥ 1"),
		fails("no parameters", func() error { _, err := NewGradScaler[F](nil, DefaultGradScaler()); return err }, "optim: no parameters"),
		fails("a nil parameter", func() error {
			_, err := NewGradScaler([]*Param[F]{param("w", 3), nil}, DefaultGradScaler())
			return err
		},
			"optim: params[1] is nil"),
		fails("the same parameter twice", func() error {
			p := param("w", 3)
			_, err := NewGradScaler([]*Param[F]{p, p}, DefaultGradScaler())
			return err
		}, `optim: params[0] and params[1] are the same parameter "w", given twice`),
		is("the smallest float32 InitScale, an interval of 1", func() any {
			c := GradScalerConfig{InitScale: 1e-45, GrowthFactor: 1.5, BackoffFactor: 0.5, GrowthInterval: 1}
			s, err := NewGradScaler([]*Param[F]{param("w", 3)}, c)
			if err != nil {
				return err
			}
			return s.Scale()
		}, float64(float32(1e-45))),
	}
	table["DefaultGradScaler"] = []misuse.Case{
		is("PyTorch's defaults", func() any { return DefaultGradScaler() },
			GradScalerConfig{InitScale: 65536, GrowthFactor: 2, BackoffFactor: 0.5, GrowthInterval: 2000}),
	}
	gradScaler := func(ps ...*Param[F]) *GradScaler[F] { return built(NewGradScaler(ps, DefaultGradScaler())) }
	table["GradScaler.Scale"] = []misuse.Case{
		is("InitScale rounded to float32", func() any {
			c := DefaultGradScaler()
			c.InitScale = 0.1
			return built(NewGradScaler([]*Param[F]{param("w", 1)}, c)).Scale()
		}, float64(float32(0.1))),
	}
	table["GradScaler.Unscale"] = []misuse.Case{
		is("once per step: the second call changes nothing", func() any {
			p := param("w", 1)
			s := gradScaler(p)
			return []any{s.Unscale(), s.Unscale(), p.Grad}
		}, []any{true, true, []F{F(misuse.Sentinel) * F(1.0/65536)}}),
		is("a NaN gradient: not finite", func() any {
			p := param("w", 2)
			p.Grad[0] = F(nan)
			return gradScaler(p).Unscale()
		}, false),
		is("a resized gradient: what it holds now", func() any {
			p := param("w", 2)
			s := gradScaler(p)
			p.Grad = append(p.Grad, F(inf))
			return s.Unscale()
		}, false),
	}
	table["GradScaler.Step"] = []misuse.Case{
		fails("a nil *Adam", func() error { _, err := gradScaler(param("w", 3)).Step((*Adam[F])(nil)); return err },
			"optim: GradScaler: Step: nil optimizer"),
		fails("nil optimizer: the gradients are not unscaled", func() error {
			_, err := gradScaler(param("w", 3)).Step(nil)
			return err
		}, "optim: GradScaler: Step: nil optimizer"),
		// The gradients are not watched: Step unscales them before the optimizer fails, as it documents.
		fails("the optimizer's error, after unscaling", func() error {
			_, err := gradScaler(untracked[F]("w", 3)).Step(stepFunc(func() error { return boom }))
			return err
		}, "boom"),
		// Only the values are watched: Step unscales the gradients, then the optimizer refuses the step.
		fails("a parameter resized: the optimizer's error, no update", func() error {
			p := untracked[F]("w", 3)
			p.Value = a.Slice(3)
			o := adam(p)
			s := gradScaler(p)
			p.Grad = p.Grad[:2]
			_, err := s.Step(o)
			return err
		}, `optim: parameter "w" was resized: len(Value)=3, len(Grad)=2, want 3`),
		is("a NaN gradient: no step, no error", func() any {
			p := param("w", 2)
			p.Grad[1] = F(nan)
			o := adam(p)
			stepped, err := gradScaler(p).Step(o)
			return []any{stepped, err, o.StepCount()}
		}, []any{false, nil, 0}),
	}
	table["GradScaler.StepOf"] = []misuse.Case{
		fails("nil optimizer", func() error { return gradScaler(param("w", 3)).StepOf(nil).Step() }, "optim: GradScaler: Step: nil optimizer"),
		fails("a nil *Adam", func() error { return gradScaler(param("w", 3)).StepOf((*Adam[F])(nil)).Step() }, "optim: GradScaler: Step: nil optimizer"),
		is("a NaN gradient: no step, no error", func() any {
			p := param("w", 2)
			p.Grad[1] = F(nan)
			o := adam(p)
			return []any{gradScaler(p).StepOf(o).Step(), o.StepCount()}
		}, []any{nil, 0}),
	}
	table["GradScaler.Update"] = []misuse.Case{
		is("without Unscale: a finite step", func() any { s := gradScaler(param("w", 1)); s.Update(); return s.State() }, GradScalerState{Scale: 65536, Tracker: 1}),
		is("no growth past float32", func() any {
			c := GradScalerConfig{InitScale: 3e38, GrowthFactor: 2, BackoffFactor: 0.5, GrowthInterval: 1}
			s := built(NewGradScaler([]*Param[F]{param("w", 1)}, c))
			s.Update()
			return s.State()
		}, GradScalerState{Scale: float64(float32(3e38)), Tracker: 0}),
	}
	table["GradScaler.State"] = []misuse.Case{
		is("at the start", func() any { return gradScaler(param("w", 1)).State() }, GradScalerState{Scale: 65536}),
	}
	scalerState := func(st GradScalerState) func() error {
		return func() error {
			s := gradScaler(param("w", 1))
			return keeps(func() any { return s.State() }, func() error { return s.SetState(st) })
		}
	}
	stateScale := func(v float64) string {
		return fmt.Sprintf("optim: GradScaler: state scale %v, want > 0 and finite in float32", v)
	}
	table["GradScaler.SetState"] = []misuse.Case{
		fails("scale 0", scalerState(GradScalerState{}), stateScale(0)),
		fails("scale NaN", scalerState(GradScalerState{Scale: nan}), stateScale(nan)),
		fails("scale −1", scalerState(GradScalerState{Scale: -1}), stateScale(-1)),
		fails("scale +Inf", scalerState(GradScalerState{Scale: inf}), stateScale(inf)),
		fails("scale beyond float32", scalerState(GradScalerState{Scale: 1e39}), stateScale(1e39)),
		fails("tracker −1", scalerState(GradScalerState{Scale: 1, Tracker: -1}), "optim: GradScaler: state tracker -1, want in [0, GrowthInterval=2000)"),
		fails("tracker at the interval", scalerState(GradScalerState{Scale: 1, Tracker: 2000}), "optim: GradScaler: state tracker 2000, want in [0, GrowthInterval=2000)"),
		is("the largest tracker, a scale of 1", func() any {
			s := gradScaler(param("w", 1))
			return []any{s.SetState(GradScalerState{Scale: 1, Tracker: 1999}), s.State()}
		}, []any{nil, GradScalerState{Scale: 1, Tracker: 1999}}),
	}

	addAverageMisuse(table, a)

	// Accumulator.
	accumulator := func(opt interface{ Step() error }, k int, ps ...*Param[F]) func() error {
		return func() error { _, err := NewAccumulator(opt, ps, k); return err }
	}
	table["NewAccumulator"] = []misuse.Case{
		fails("nil optimizer", func() error { return accumulator(nil, 2, param("w", 3))() }, "optim: Accumulator: nil optimizer"),
		fails("a nil *Adam", func() error { return accumulator((*Adam[F])(nil), 2, param("w", 3))() }, "optim: Accumulator: nil optimizer"),
		fails("k 0", func() error { return accumulator(stepFunc(nil), 0, param("w", 3))() }, "optim: Accumulator: k=0 micro-batches, want ≥ 1"),
		fails("k −1", func() error { return accumulator(stepFunc(nil), -1, param("w", 3))() }, "optim: Accumulator: k=-1 micro-batches, want ≥ 1"),
		fails("no parameters", accumulator(stepFunc(nil), 2), "optim: no parameters"),
		fails("a nil parameter", func() error { return accumulator(stepFunc(nil), 2, param("w", 3), nil)() }, "optim: params[1] is nil"),
		fails("Grad shorter than Value", func() error {
			return accumulator(stepFunc(nil), 2, &Param[F]{Name: "w", Value: a.Slice(3), Grad: a.Slice(2)})()
		}, `optim: parameter "w": len(Grad)=2, want len(Value)=3`),
		accepts("k 1", func() error { return accumulator(stepFunc(nil), 1, param("w", 3))() }),
	}
	// accumulated is an Accumulator of k over w(3) that steps opt, and a function that reports its Pending.
	accumulated := func(opt interface{ Step() error }, k int, p *Param[F]) (*Accumulator[F], func() any) {
		acc := built(NewAccumulator(opt, []*Param[F]{p}, k))
		return acc, func() any {
			sums := make([][]F, len(acc.sums))
			for i, s := range acc.sums {
				sums[i] = slices.Clone(s)
			}
			return []any{acc.Pending(), sums}
		}
	}
	noStep := stepFunc(func() error { return nil })
	table["Accumulator.Add"] = []misuse.Case{
		fails("a resized gradient: nothing accumulated", func() error {
			p := param("w", 3)
			acc, state := accumulated(noStep, 2, p)
			p.Grad = p.Grad[:2]
			return keeps(state, func() error { _, err := acc.Add(); return err })
		}, `optim: parameter "w" was resized: len(Value)=3, len(Grad)=2, want 3`),
		fails("a resized gradient, a micro-batch pending", func() error {
			p := untracked[F]("w", 3)
			acc, state := accumulated(noStep, 3, p)
			if _, err := acc.Add(); err != nil {
				return err
			}
			p.Value, p.Grad = a.Slice(3), a.Slice(4)
			return keeps(state, func() error { _, err := acc.Add(); return err })
		}, `optim: parameter "w" was resized: len(Value)=3, len(Grad)=4, want 3`),
		fails("the optimizer's error, k 1: the gradient as it is", func() error {
			acc, _ := accumulated(stepFunc(func() error { return boom }), 1, param("w", 3))
			_, err := acc.Add()
			return err
		}, "boom"),
		// The gradient is not watched: the K-th Add sets it to the mean before it steps, as it documents.
		fails("the optimizer's error, k 2: the gradient is the mean", func() error {
			acc, _ := accumulated(stepFunc(func() error { return boom }), 2, untracked[F]("w", 3))
			_, err1 := acc.Add()
			_, err2 := acc.Add()
			return errors.Join(err1, err2)
		}, "boom"),
		is("k 1: every call steps", func() any {
			o := adam(param("w", 3))
			acc, _ := accumulated(o, 1, o.params[0])
			s1, err1 := acc.Add()
			s2, err2 := acc.Add()
			return []any{s1, err1, s2, err2, o.StepCount(), acc.Pending()}
		}, []any{true, nil, true, nil, 2, 0}),
	}
	table["Accumulator.Pending"] = []misuse.Case{
		is("at the start", func() any { acc, _ := accumulated(noStep, 2, param("w", 3)); return acc.Pending() }, 0),
		is("after a failed Add", func() any {
			p := untracked[F]("w", 3)
			acc, _ := accumulated(noStep, 3, p)
			acc.Add()
			p.Grad = nil
			_, err := acc.Add()
			return []any{err != nil, acc.Pending()}
		}, []any{true, 1}),
	}
	table["Accumulator.Reset"] = []misuse.Case{
		is("drops what is pending", func() any {
			acc, state := accumulated(noStep, 3, untracked[F]("w", 3))
			acc.Add()
			acc.Reset()
			return state()
		}, []any{0, [][]F{{0, 0, 0}}}),
		ok("k 1: nothing to drop", func() { acc, _ := accumulated(noStep, 1, param("w", 3)); acc.Reset() }),
	}

	return table
}

// optimizer is what the table asks of every optimizer of the package.
type optimizer[F kernels.Float] interface {
	Step() error
	StepCount() int
	NumGroups() int
	LR(group int) float64
	SetClip(Clip) error
	SetNonfinite(Nonfinite) error
	Skipped() (int, string)
	TorchState() TorchState[F]
	SetTorchState(TorchState[F]) error
	Save(w io.Writer) error
	Load(r io.Reader) error
}

// valueRange is the range a config's float field must be in, as its documentation gives it.
type valueRange int

const (
	lrRange     valueRange = iota // > 0: a config's 0 is a forgotten field
	unitRange                     // [0, 1): a decay
	epsRange                      // > 0
	nonNegRange                   // ≥ 0
	finiteRange                   // any finite value (ASGD's T0)
	// Rprop's: η− in (0, 1), η+ > 1, and its step sizes' bounds about its defaults' (1e-6, 50).
	etaMinusRange
	etaPlusRange
	stepMinRange // ≥ 0, and ≤ 50
	stepMaxRange // > 0, and ≥ 1e-6
)

// hyper is a float field of an optimizer's config, by its name in errors ("Eps", or an element: "Betas[1]"), and
// the range its values must be in.
type hyper struct {
	name string
	r    valueRange
}

// set sets the field h names in *c to v.
func (h hyper) set(c any, v float64) {
	f := reflect.ValueOf(c).Elem()
	if name, index, ok := strings.Cut(h.name, "["); ok {
		i, _ := strconv.Atoi(strings.TrimSuffix(index, "]"))
		f.FieldByName(name).Index(i).SetFloat(v)
		return
	}
	f.FieldByName(h.name).SetFloat(v)
}

// unlisted returns the float fields of C, each element of an array field by itself, that fields does not name:
// fields whose ranges have no cases.
func unlisted[C any](fields []hyper) []string {
	var missing []string
	t := reflect.TypeFor[C]()
	for i := range t.NumField() {
		f := t.Field(i)
		names := []string{f.Name}
		if f.Type.Kind() == reflect.Array {
			names = []string{f.Name + "[0]", f.Name + "[1]"}
		} else if f.Type.Kind() != reflect.Float64 {
			continue
		}
		for _, name := range names {
			if !slices.ContainsFunc(fields, func(h hyper) bool { return h.name == name }) {
				missing = append(missing, name)
			}
		}
	}
	return missing
}

// addOptimizer adds to table the cases of the optimizer name's NewX, NewXGroups, X.Step and DefaultX: every field
// of its config out of its range (fields, LR first) and at the borders it allows, the parameter lists every
// optimizer rejects, groups that do not fit together, and a Step after a parameter was resized or at the largest
// step count. def must return defaults, the documented values.
func addOptimizer[F kernels.Float, C any, O optimizer[F]](table map[string][]misuse.Case, a *misuse.Args[F], name string,
	def func() C, newOpt func([]*Param[F], C) (O, error), newGroups func(...Group[F, C]) (O, error), defaults C,
	fields ...hyper) {
	fails, nan, inf := misuse.Fails, math.NaN(), math.Inf(1)
	param := func(name string, n int) *Param[F] { return tracked(a, name, n) }
	build := func(ps ...*Param[F]) func() error {
		return func() error { _, err := newOpt(ps, def()); return err }
	}
	// with builds the optimizer from the defaults with field f set to v.
	with := func(f hyper, v float64) func() error {
		return changed(a, def, newOpt, func(c *C) { f.set(c, v) })
	}
	msg := func(format string, args ...any) string { return fmt.Sprintf("optim: "+name+": "+format, args...) }
	lr0 := msg("LR=0, want > 0 (start from Default%s for PyTorch's defaults)", name)

	// A float field added to the config without a range here is a failure, as a function without cases is.
	news := []misuse.Case{is("every float field of the config has its cases", func() any { return unlisted[C](fields) }, []string{})}
	for _, f := range fields {
		for _, v := range []float64{nan, inf, -inf} {
			news = append(news, fails(fmt.Sprintf("%s %v", f.name, v), with(f, v), msg("%s=%v is not finite", f.name, v)))
		}
		var bad, good []float64
		var want string
		switch f.r {
		case lrRange:
			bad, good, want = []float64{0, -1e-3}, []float64{1e-30, 10}, "want > 0 (start from Default"+name+" for PyTorch's defaults)"
		case unitRange:
			bad, good, want = []float64{1, -0.1, 1.5}, []float64{0, 0.999999}, "want in [0, 1)"
		case epsRange:
			bad, good, want = []float64{0, -1e-8}, []float64{1e-30, 1}, "want > 0"
		case nonNegRange:
			bad, good, want = []float64{-1e-3, -math.MaxFloat64}, []float64{0, 1e3}, "want ≥ 0"
		case finiteRange:
			good = []float64{-1e6, 0, 1e6}
		case etaMinusRange:
			bad, good, want = []float64{0, 1, -0.5, 1.5}, []float64{1e-3, 0.99}, "want in (0, 1)"
		case etaPlusRange:
			bad, good, want = []float64{1, 0.5, -2}, []float64{1.01, 1e3}, "want > 1"
		case stepMinRange:
			bad, good, want = []float64{-1e-6, -math.MaxFloat64}, []float64{0, 50}, "want ≥ 0"
		case stepMaxRange:
			bad, good, want = []float64{0, -1, 1e-7}, []float64{1e-6, 1e3}, "want > 0 and ≥ StepSizes[0]"
		}
		for _, v := range bad {
			news = append(news, fails(fmt.Sprintf("%s %v", f.name, v), with(f, v), msg("%s=%v, %s", f.name, v, want)))
		}
		for _, v := range good {
			news = append(news, accepts(fmt.Sprintf("%s %v", f.name, v), with(f, v)))
		}
		// A value F rounds to 0, a subnormal or ±Inf is refused, whatever its range allows in float64.
		if torch, ok := map[string]string{"LR": "lr", "Eps": "eps"}[f.name]; ok {
			for _, v := range []float64{1e-320, 1e-40, 1e39} {
				got := F(v)
				if g := math.Abs(float64(got)); math.IsInf(g, 0) || g < smallestNormal[F]() {
					news = append(news, fails(fmt.Sprintf("%s %v, not a normal %T", f.name, v, got), with(f, v),
						msg("%s=%v is %v in %T: want a value it holds as a normal number", torch, v, got, got)))
				} else if f.r == lrRange || v < 1 {
					news = append(news, accepts(fmt.Sprintf("%s %v, a normal %T", f.name, v, got), with(f, v)))
				}
			}
		}
	}
	var zero C
	news = append(news,
		fails("the zero config", func() error { _, err := newOpt([]*Param[F]{param("w", 3)}, zero); return err }, lr0),
		fails("nil parameters", build(), "optim: no parameters ("+name+")"),
		fails("an empty list", func() error { _, err := newOpt([]*Param[F]{}, def()); return err }, "optim: no parameters ("+name+")"),
		fails("a nil parameter", func() error { return build(nil)() }, "optim: params[0] is nil ("+name+")"),
		fails("a nil parameter after one", func() error { return build(param("w", 3), nil)() }, "optim: params[1] is nil ("+name+")"),
		fails("no name", func() error { return build(&Param[F]{Value: a.Slice(2), Grad: a.Slice(2)})() },
			"optim: params[0] has no name ("+name+")"),
		fails("one name twice", func() error { return build(param("w", 3), param("w", 2))() },
			`optim: two parameters are named "w" (`+name+")"),
		fails("the same parameter twice", func() error { p := param("w", 3); return build(p, param("v", 1), p)() },
			`optim: params[0] and params[2] are the same parameter "w", given twice (`+name+")"),
		fails("Grad shorter than Value", func() error { return build(&Param[F]{Name: "w", Value: a.Slice(3), Grad: a.Slice(2)})() },
			`optim: parameter "w": len(Grad)=2, want len(Value)=3 (`+name+")"),
		fails("no Grad", func() error { return build(&Param[F]{Name: "w", Value: a.Slice(3)})() },
			`optim: parameter "w": len(Grad)=0, want len(Value)=3 (`+name+")"),
		fails("no Value", func() error { return build(&Param[F]{Name: "w", Grad: a.Slice(3)})() },
			`optim: parameter "w": len(Grad)=3, want len(Value)=0 (`+name+")"),
		fails("two Values overlap", func() error {
			buf := a.Slice(5)
			return build(&Param[F]{Name: "a", Value: buf[:3], Grad: a.Slice(3)}, &Param[F]{Name: "b", Value: buf[2:], Grad: a.Slice(3)})()
		}, `optim: parameters "a"'s Value and "b"'s Value share memory (`+name+")"),
		fails("a Value overlaps its Grad", func() error {
			buf := a.Slice(4)
			return build(&Param[F]{Name: "w", Value: buf[:3], Grad: buf[1:]})()
		}, `optim: parameters "w"'s Value and "w"'s Grad share memory (`+name+")"),
		fails("two Grads overlap", func() error {
			buf := a.Slice(3)
			return build(&Param[F]{Name: "a", Value: a.Slice(2), Grad: buf[:2]}, &Param[F]{Name: "b", Value: a.Slice(2), Grad: buf[1:]})()
		}, `optim: parameters "a"'s Grad and "b"'s Grad share memory (`+name+")"),
		accepts("adjacent views of one buffer", func() error {
			buf := a.Slice(6)
			return build(&Param[F]{Name: "w", Value: buf[:3:3], Grad: buf[3:]})()
		}),
		accepts("a parameter of no elements", func() error { return build(param("w", 3), &Param[F]{Name: "empty"})() }),
	)
	table["New"+name] = news

	group := func(c C, ps ...*Param[F]) Group[F, C] { return Group[F, C]{Params: ps, Config: c} }
	groups := func(gs ...Group[F, C]) func() error {
		return func() error { _, err := newGroups(gs...); return err }
	}
	var bad C
	fields[0].set(&bad, 0) // LR 0: every other field 0 too, so only LR's check can fail first
	table["New"+name+"Groups"] = []misuse.Case{
		fails("no groups", groups(), msg("no parameter groups")),
		fails("only empty groups", groups(group(def()), group(def())), "optim: no parameters ("+name+")"),
		fails("group 1's config", func() error { return groups(group(def(), param("w", 3)), group(bad, param("v", 2)))() }, lr0+" (group 1)"),
		fails("group 0's config", func() error { return groups(group(bad, param("w", 3)), group(def(), param("v", 2)))() }, lr0+" (group 0)"),
		fails("a parameter in two groups", func() error { p := param("w", 3); return groups(group(def(), p), group(def(), p))() },
			`optim: params[0] and params[1] are the same parameter "w", given twice (`+name+")"),
		fails("a name in two groups", func() error { return groups(group(def(), param("w", 3)), group(def(), param("w", 3)))() },
			`optim: two parameters are named "w" (`+name+")"),
		fails("a nil parameter in group 1", func() error { return groups(group(def(), param("w", 3)), group(def(), nil))() },
			"optim: params[1] is nil ("+name+")"),
		is("an empty group, as PyTorch allows", func() any {
			o, err := newGroups(group(def()), group(def(), param("w", 3)))
			if err != nil {
				return err
			}
			return []any{o.NumGroups(), o.Step()}
		}, []any{2, nil}),
	}

	big := math.MaxFloat32 // the largest F
	if unsafe.Sizeof(F(0)) == 8 {
		big = math.MaxFloat64
	}
	// Step: a parameter resized since the optimizer was built is an error before anything is written or counted.
	must := func(ps ...*Param[F]) O {
		o, err := newOpt(ps, def())
		if err != nil {
			panic(err)
		}
		return o
	}
	state := stateOf[F, O]
	resized := func(format string, args ...any) string { return fmt.Sprintf("optim: parameter "+format, args...) }
	table[name+".Step"] = []misuse.Case{
		fails("a zero value", func() error { var zero O; return reflect.New(reflect.TypeOf(zero).Elem()).Interface().(O).Step() },
			errNotBuilt.Error()),
		fails("a NaN gradient with Clip.ErrorIfNonfinite: nothing clipped, written or counted", func() error {
			p, q := untracked[F]("a", 3), untracked[F]("b", 2)
			q.Grad[0], p.Grad[2], q.Grad[1] = 5, 7, F(nan)
			o := must(p, q)
			noErr(o.SetClip(Clip{Value: 1, MaxNorm: 1, ErrorIfNonfinite: true}))
			err := keeps(state(o), o.Step)
			if p.Grad[2] != 7 || q.Grad[0] != 5 || p.Value[0] != 0 {
				return fmt.Errorf("the failed step clipped or wrote: %v, %v, %v", p.Grad, q.Grad, p.Value)
			}
			return err
		}, `optim: `+name+`: the gradient of "b" (parameter 1) is not finite: nothing clipped or stepped`),
		fails("an infinite gradient with NonfiniteFail: nothing written or counted", func() error {
			p, q := untracked[F]("a", 3), untracked[F]("b", 2)
			p.Grad[0], q.Grad[1] = 5, F(inf)
			o := must(p, q)
			noErr(o.SetNonfinite(NonfiniteFail))
			err := keeps(state(o), o.Step)
			if p.Value[0] != 0 {
				return fmt.Errorf("the failed step wrote %v", p.Value)
			}
			return err
		}, `optim: `+name+`: the gradient of "b" (parameter 1) is not finite: nothing clipped or stepped`),
		is("a NaN gradient with NonfiniteSkip, clipping by norm: skipped and counted, nothing clipped or written", func() any {
			p, q := untracked[F]("a", 3), untracked[F]("b", 2)
			p.Grad[0], q.Grad[1] = 5, F(nan)
			o := must(p, q)
			noErr(errors.Join(o.SetNonfinite(NonfiniteSkip), o.SetClip(Clip{MaxNorm: 1})))
			before := state(o)()
			err := o.Step()
			n, bad := o.Skipped()
			return []any{err, n, bad, reflect.DeepEqual(before, state(o)()), p.Grad[0], p.Value[0]}
		}, []any{nil, 1, "b", true, F(5), F(0)}),
		is("finite gradients with NonfiniteSkip: stepped, although their norm overflows", func() any {
			p := untracked[F]("w", 2)
			p.Grad[0], p.Grad[1] = F(big), F(big)
			o := must(p)
			noErr(errors.Join(o.SetNonfinite(NonfiniteSkip), o.SetClip(Clip{MaxNorm: 1})))
			err := o.Step()
			n, _ := o.Skipped()
			return []any{err, n, o.StepCount()}
		}, []any{nil, 0, 1}),
		fails("an infinite norm of finite gradients with Clip.ErrorIfNonfinite", func() error {
			p := untracked[F]("w", 3)
			p.Grad[0], p.Grad[1] = F(big), F(big)
			o := must(p)
			noErr(o.SetClip(Clip{MaxNorm: 1, ErrorIfNonfinite: true}))
			return keeps(state(o), o.Step)
		}, "optim: "+name+": ClipGradNorm: the total norm of the gradients is +Inf"),
		fails("a Grad set to its own Value since: nothing written or counted", func() error {
			p := param("w", 3)
			o := must(p)
			p.Grad = p.Value
			return keeps(state(o), o.Step)
		}, `optim: parameters "w"'s Value and "w"'s Grad share memory (`+name+", since it was built)"),
		fails("a Grad set to another parameter's Value since", func() error {
			p, q := param("a", 3), param("b", 3)
			o := must(p, q)
			q.Grad = p.Value
			return keeps(state(o), o.Step)
		}, `optim: parameters "a"'s Value and "b"'s Grad share memory (`+name+", since it was built)"),
		is("new buffers that share nothing: stepped", func() any {
			p := untracked[F]("w", 3)
			o := must(p)
			p.Value, p.Grad = make([]F, 3), make([]F, 3)
			return []any{o.Step(), o.StepCount()}
		}, []any{nil, 1}),
		fails("Value shortened", func() error {
			p := param("w", 3)
			o := must(p)
			p.Value = p.Value[:2]
			return keeps(state(o), o.Step)
		}, resized(`"w" was resized: len(Value)=2, len(Grad)=3, want 3`)),
		fails("Grad replaced by a longer one", func() error {
			p := param("w", 3)
			o := must(p)
			p.Grad = a.Slice(4)
			return keeps(state(o), o.Step)
		}, resized(`"w" was resized: len(Value)=3, len(Grad)=4, want 3`)),
		fails("the second parameter resized: the first is not updated", func() error {
			p, q := param("a", 3), param("b", 2)
			o := must(p, q)
			q.Grad = nil
			return keeps(state(o), o.Step)
		}, resized(`"b" was resized: len(Value)=2, len(Grad)=0, want 2`)),
		fails("resized, with clipping on: no gradient is clipped", func() error {
			p := param("w", 3)
			o := must(p)
			if err := o.SetClip(Clip{Value: 0.1, MaxNorm: 0.1}); err != nil {
				return err
			}
			p.Value = p.Value[:1]
			return keeps(state(o), o.Step)
		}, resized(`"w" was resized: len(Value)=1, len(Grad)=3, want 3`)),
		fails("resized after two steps: the count stays 2", func() error {
			p := untracked[F]("w", 3)
			o := must(p)
			if err := errors.Join(o.Step(), o.Step()); err != nil {
				return err
			}
			p.Value, p.Grad = a.Slice(3), a.Slice(2) // new buffers, watched from here on
			err := keeps(state(o), o.Step)
			if o.StepCount() != 2 {
				return fmt.Errorf("the failed step counted: %d", o.StepCount())
			}
			return err
		}, resized(`"w" was resized: len(Value)=3, len(Grad)=2, want 3`)),
		fails("at the largest step count", func() error {
			o := must(param("w", 3))
			if err := atStep(o, name, math.MaxInt); err != nil {
				return err
			}
			return keeps(state(o), o.Step)
		}, msg("the step count is at its largest, %d", math.MaxInt)),
		accepts("resized and back", func() error {
			p := param("w", 3)
			o := must(p)
			p.Value = p.Value[:2]
			if o.Step() == nil {
				return errors.New("a resized parameter stepped")
			}
			p.Value = p.Value[:3]
			return o.Step()
		}),
		accepts("NaN gradients: the update is NaN, not an error", func() error {
			p := param("w", 3)
			p.Grad[1] = F(math.NaN())
			return must(p).Step()
		}),
		accepts("a parameter of no elements", func() error { return must(param("w", 2), &Param[F]{Name: "empty"}).Step() }),
	}

	table["Default"+name] = []misuse.Case{
		is("the documented values", func() any { return def() }, defaults),
		accepts("New"+name+" takes them", build(param("w", 3))),
	}
}

// built returns o, panicking on err: for what a case builds before its misuse.
func built[O any](o O, err error) O {
	noErr(err)
	return o
}

// noErr panics on err: for the steps a case takes before its misuse, which must succeed.
func noErr(err error) {
	if err != nil {
		panic(err)
	}
}

// stateOf returns what o holds, for keeps: its step count, rates and state buffers.
func stateOf[F kernels.Float, O optimizer[F]](o O) func() any {
	return func() any { return o.TorchState() }
}

// changed returns a call of build over a parameter w(3) made by a, with def's config changed by change.
func changed[F kernels.Float, C, O any](a *misuse.Args[F], def func() C, build func([]*Param[F], C) (O, error), change func(*C)) func() error {
	return func() error {
		c := def()
		change(&c)
		_, err := build([]*Param[F]{tracked(a, "w", 3)}, c)
		return err
	}
}

// tracked returns a parameter of n elements named name whose Value and Grad come from a, so that Run sees whether a
// failed call wrote them.
func tracked[F kernels.Float](a *misuse.Args[F], name string, n int) *Param[F] {
	return &Param[F]{Name: name, Value: a.Slice(n), Grad: a.Slice(n)}
}

// untracked returns a parameter of n elements named name whose buffers Run does not watch: for the steps a case
// takes before its misuse, or for a call documented to write them before it fails.
func untracked[F kernels.Float](name string, n int) *Param[F] {
	return &Param[F]{Name: name, Value: make([]F, n), Grad: make([]F, n)}
}

// is is a call whose result the documentation specifies.
var is = misuse.Is

// accepts is a call whose error is its outcome that must succeed: a borderline input the documentation allows.
func accepts(name string, call func() error) misuse.Case {
	return misuse.Case{Name: name, Call: call, Want: "ok"}
}

// keeps runs call, which must fail, and returns its error; but if the call changed what state reports (a step
// count, the rates, the state buffers), it returns an error saying so instead, which no case's Want matches. Run
// checks what a failed call was given; keeps checks what its receiver holds.
func keeps(state func() any, call func() error) error {
	before := state()
	err := call()
	if after := state(); !reflect.DeepEqual(before, after) {
		return fmt.Errorf("the failed call changed the state from %v to %v", before, after)
	}
	return err
}

// sealed returns a checkpoint's body with its CRC-32C appended, so that a forged checkpoint reaches the field
// checks behind the checksum.
func sealed(body []byte) []byte {
	body = slices.Clone(body)
	binary.LittleEndian.PutUint64(body[8:], uint64(len(body)-16))
	return binary.LittleEndian.AppendUint32(body, crc32.Checksum(body, castagnoli))
}

// patched returns the sealed checkpoint b with the 8 bytes at offset at set to v, sealed again.
func patched(b []byte, at int, v uint64) []byte {
	body := slices.Clone(b[:len(b)-4])
	binary.LittleEndian.PutUint64(body[at:], v)
	return sealed(body)
}

// stepAt is the offset of the step count in a checkpoint of one optimizer of the given kind (see the format in
// checkpoint.go): magic, version, body size, part count, kind, part size, element size.
func stepAt(kind string) int { return 4 + 4 + 8 + 4 + 4 + len(kind) + 8 + 1 }

// lrAt is the offset of the first group's rate in that checkpoint, after extra scalars.
func lrAt(kind string, extra int) int { return stepAt(kind) + 8 + 4 + 8*extra + 4 }

// atStep loads into o its own checkpoint with the step count set to t, as a forged checkpoint can.
func atStep[F kernels.Float](o optimizer[F], kind string, t uint64) error {
	var buf bytes.Buffer
	if err := o.Save(&buf); err != nil {
		return err
	}
	return o.Load(bytes.NewReader(patched(buf.Bytes(), stepAt(kind), t)))
}

// rateFunc is a Schedule made of a function, for schedules that give rates no optimizer can use.
type rateFunc func(base float64, t int) float64

func (f rateFunc) Rate(base float64, t int) float64 { return f(base, t) }

// stepFunc is an optimizer made of a function, for one whose Step fails.
type stepFunc func() error

func (f stepFunc) Step() error { return f() }

// errWriter and errReader fail every call with err.
type errWriter struct{ err error }

func (w errWriter) Write([]byte) (int, error) { return 0, w.err }

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

// valueMarshaler is a Marshaler that is not a pointer, which Marshaled refuses: it could not check bytes on a
// fresh value.
type valueMarshaler struct{}

func (valueMarshaler) MarshalBinary() ([]byte, error) { return nil, nil }
func (valueMarshaler) UnmarshalBinary([]byte) error   { return nil }

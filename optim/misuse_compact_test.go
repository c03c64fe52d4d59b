package optim

import (
	"bytes"
	"errors"
	"io"
	"unsafe"

	"github.com/fastgrad/fastgrad/internal/misuse"
	"github.com/fastgrad/fastgrad/kernels"
)

// addCompactMisuse adds the misuse cases of 16-bit state and weight copies to misuseTable's table: a State the
// parameters cannot have, copies that do not fit, and checkpoints and states of another state type. load loads a
// checkpoint into a stepped Adam, keeping its state on failure; good is that Adam's own checkpoint.
func addCompactMisuse[F kernels.Float](table map[string][]misuse.Case, a *misuse.Args[F], load func([]byte) func() error, good []byte) {
	fails := misuse.Fails
	is32 := unsafe.Sizeof(F(0)) == 4
	// onFloat32 is the case c for float32 parameters; for float64 ones, its call fails with fails64.
	onFloat32 := func(c misuse.Case, fails64 string) misuse.Case {
		if !is32 {
			return fails(c.Name, c.Call, fails64)
		}
		return c
	}
	bf16 := func(c *AdamConfig) { c.State = StateBF16 }
	table["NewAdam"] = append(table["NewAdam"],
		onFloat32(accepts("State BF16", changed(a, DefaultAdam, NewAdam[F], bf16)),
			"optim: Adam: State=bf16 needs float32 parameters, these are float64"),
		onFloat32(accepts("State Q8 with AMSGrad", changed(a, DefaultAdam, NewAdam[F], func(c *AdamConfig) { c.State, c.AMSGrad = StateQ8, true })),
			"optim: Adam: State=q8 needs float32 parameters, these are float64"),
		fails("State 7", changed(a, DefaultAdam, NewAdam[F], func(c *AdamConfig) { c.State = 7 }),
			"optim: Adam: State=StateType(7): want StateFloat32, StateBF16, StateF16 or StateQ8"))
	table["NewSGD"] = append(table["NewSGD"],
		fails("State BF16 without momentum", changed(a, DefaultSGD, NewSGD[F], func(c *SGDConfig) { c.State = StateBF16 }),
			"optim: SGD: State=bf16 keeps momentum_buffer in bf16: it needs Momentum > 0 and not Keras"),
		fails("State F16 with Keras momentum", changed(a, DefaultSGD, NewSGD[F], func(c *SGDConfig) {
			c.State, c.Momentum, c.Mode = StateF16, 0.9, ModeKeras
		}), "optim: SGD: State=f16 keeps momentum_buffer in f16: it needs Momentum > 0 and not Keras"),
		onFloat32(accepts("State F16 with momentum", changed(a, DefaultSGD, NewSGD[F], func(c *SGDConfig) { c.State, c.Momentum = StateF16, 0.9 })),
			"optim: SGD: State=f16 needs float32 parameters, these are float64"),
		fails("State Q8 without momentum", changed(a, DefaultSGD, NewSGD[F], func(c *SGDConfig) { c.State = StateQ8 }),
			"optim: SGD: State=q8 keeps momentum_buffer in q8: it needs Momentum > 0 and not Keras"),
		onFloat32(accepts("State Q8 with Nesterov momentum", changed(a, DefaultSGD, NewSGD[F], func(c *SGDConfig) {
			c.State, c.Momentum, c.Nesterov = StateQ8, 0.9, true
		})), "optim: SGD: State=q8 needs float32 parameters, these are float64"))
	table["NewLion"] = append(table["NewLion"],
		onFloat32(accepts("State F16", changed(a, DefaultLion, NewLion[F], func(c *LionConfig) { c.State = StateF16 })),
			"optim: Lion: State=f16 needs float32 parameters, these are float64"),
		onFloat32(accepts("State Q8", changed(a, DefaultLion, NewLion[F], func(c *LionConfig) { c.State = StateQ8 })),
			"optim: Lion: State=q8 needs float32 parameters, these are float64"))
	table["NewAdagrad"] = append(table["NewAdagrad"],
		onFloat32(accepts("State BF16", changed(a, DefaultAdagrad, NewAdagrad[F], func(c *AdagradConfig) { c.State = StateBF16 })),
			"optim: Adagrad: State=bf16 needs float32 parameters, these are float64"),
		onFloat32(accepts("State Q8", changed(a, DefaultAdagrad, NewAdagrad[F], func(c *AdagradConfig) { c.State = StateQ8 })),
			"optim: Adagrad: State=q8 needs float32 parameters, these are float64"))
	table["StateType.String"] = []misuse.Case{
		is("each constant, and a value none has", func() any {
			return []string{StateFloat32.String(), StateBF16.String(), StateF16.String(), StateQ8.String(), StateType(9).String()}
		}, []string{"float32", "bf16", "f16", "q8", "StateType(9)"}),
	}

	// setCopy registers copy on an Adam over w(3) and v(2), then a copy of v if other is set, and steps it.
	setCopy := func(copy WeightCopy, other bool) func() error {
		return func() error {
			w, v := tracked(a, "w", 3), tracked(a, "v", 2)
			o := built(NewAdam([]*Param[F]{w, v}, DefaultAdam()))
			if err := o.SetWeightCopy("w", copy); err != nil {
				return err
			}
			if other {
				if err := o.SetWeightCopy("v", WeightCopy{BF16: make([]kernels.BF16, 2)}); err != nil {
					return err
				}
			}
			return o.Step()
		}
	}
	bits := func(x []F) []kernels.BF16 {
		return unsafe.Slice((*kernels.BF16)(unsafe.Pointer(unsafe.SliceData(x))), 3)
	}
	f64 := `optim: Adam: SetWeightCopy("w"): a weight copy needs float32 parameters, these are float64`
	table["Core.SetWeightCopy"] = []misuse.Case{
		fails("a zero Adam", func() error { return new(Adam[F]).SetWeightCopy("w", WeightCopy{}) }, errNotBuilt.Error()),
		onFloat32(accepts("a BF16 copy", setCopy(WeightCopy{BF16: make([]kernels.BF16, 3)}, false)), f64),
		onFloat32(accepts("a stochastic F16 copy", setCopy(WeightCopy{F16: make([]kernels.F16, 3), Stochastic: true, Seed: 1}, true)), f64),
		onFloat32(accepts("none: no copy", setCopy(WeightCopy{}, true)), f64),
		onFloat32(fails("no such parameter", func() error {
			return built(NewAdam([]*Param[F]{tracked(a, "w", 3)}, DefaultAdam())).SetWeightCopy("x", WeightCopy{F16: make([]kernels.F16, 3)})
		}, `optim: Adam: SetWeightCopy("x"): no such parameter`), `optim: Adam: SetWeightCopy("x"): a weight copy needs float32 parameters, these are float64`),

		onFloat32(fails("both types", setCopy(WeightCopy{BF16: make([]kernels.BF16, 3), F16: make([]kernels.F16, 3)}, false),
			`optim: Adam: SetWeightCopy("w"): both BF16 and F16 are set, want one`), f64),
		onFloat32(fails("too short", setCopy(WeightCopy{BF16: make([]kernels.BF16, 2)}, false),
			`optim: Adam: SetWeightCopy("w"): 2 elements, the parameter has 3`), f64),
		onFloat32(fails("over a gradient", func() error {
			w := untracked[F]("w", 3)
			return built(NewAdam([]*Param[F]{w}, DefaultAdam())).SetWeightCopy("w", WeightCopy{BF16: bits(w.Grad)})
		}, `optim: Adam: SetWeightCopy("w"): shares memory with "w"'s Value or Grad`), f64),
		onFloat32(fails("over another copy", func() error {
			w, v := untracked[F]("w", 3), untracked[F]("v", 3)
			o := built(NewAdam([]*Param[F]{w, v}, DefaultAdam()))
			shared := make([]kernels.F16, 3)
			if err := o.SetWeightCopy("w", WeightCopy{F16: shared}); err != nil {
				return err
			}
			return o.SetWeightCopy("v", WeightCopy{F16: shared})
		}, `optim: Adam: SetWeightCopy("v"): shares memory with "w"'s copy`), f64),
	}

	// A checkpoint whose first state buffer says it is kept in bf16, and one of a bf16 Adam.
	typed := func() []byte {
		body := bytes.Clone(good[:len(good)-4])
		at := bytes.Index(body, appendString(nil, "exp_avg")) + 4 + len("exp_avg")
		body[at] = byte(StateBF16)
		return sealed(body)
	}()
	table["Core.Load"] = append(table["Core.Load"],
		fails("a buffer of another state type", load(typed),
			`optim: Adam: checkpoint parameter "a": exp_avg is kept in bf16, the optimizer keeps it in the parameters' type (the config's State)`))
	if !is32 {
		return
	}
	adamBF16 := func() *Adam[F] {
		c := DefaultAdam()
		c.State = StateBF16
		o := built(NewAdam([]*Param[F]{untracked[F]("a", 3), untracked[F]("b", 2)}, c))
		noErr(errors.Join(o.Step(), o.Step()))
		return o
	}
	var buf bytes.Buffer
	noErr(adamBF16().Save(&buf))
	table["Core.Load"] = append(table["Core.Load"],
		fails("a bf16 state", load(buf.Bytes()),
			"optim: Adam: checkpoint group 0: its state is kept in bf16, the optimizer keeps it in the parameters' type (the config's State)"),
		fails("a float32 state into bf16", func() error {
			o := adamBF16()
			return keeps(stateOf[F](o), func() error { return o.Load(bytes.NewReader(good)) })
		}, "optim: Adam: checkpoint group 0: its state is kept in the parameters' type, the optimizer keeps it in bf16 (the config's State)"))
	table["Core.SetTorchState"] = append(table["Core.SetTorchState"],
		fails("a value bf16 does not hold", func() error {
			o := adamBF16()
			s := o.TorchState()
			s.State[0].Tensors["exp_avg"][1] = 0.1
			return keeps(stateOf[F](o), func() error { return o.SetTorchState(s) })
		}, "optim: Adam: SetTorchState: parameter 0's exp_avg[1] is 0.10000000149011612, which the optimizer's bf16 state does not hold exactly"),
		fails("a float32 state into bf16", func() error {
			o := adamBF16()
			s := built(NewAdam([]*Param[F]{untracked[F]("a", 3), untracked[F]("b", 2)}, DefaultAdam())).TorchState()
			return keeps(stateOf[F](o), func() error { return o.SetTorchState(s) })
		}, "optim: Adam: SetTorchState: param_groups[0]: its state is kept in the parameters' type, the optimizer keeps it in bf16 (the config's State)"))
	table["WriteTorchState"] = append(table["WriteTorchState"],
		fails("a bf16 state with a value bf16 does not hold", func() error {
			s := adamBF16().TorchState()
			s.State[1].Tensors["exp_avg_sq"][0] = 0.1
			return WriteTorchState(io.Discard, s)
		}, "optim: WriteTorchState: state.1.exp_avg_sq: [0] is 0.10000000149011612, which bf16 does not hold exactly"),
		fails("a state type it does not know", func() error {
			s := adamBF16().TorchState()
			s.ParamGroups[0].Options[stateOption] = "q4"
			return WriteTorchState(io.Discard, s)
		}, `optim: WriteTorchState: state.0.exp_avg: fastgrad_state q4, want "bf16" or "f16"`))
	addQ8Misuse[F](table, load)
}

// addQ8Misuse adds the misuse cases of 8-bit state over float32 parameters: checkpoints of another state type or
// with a scale no quantization stores, and states to restore that 8 bits do not hold.
func addQ8Misuse[F kernels.Float](table map[string][]misuse.Case, load func([]byte) func() error) {
	fails := misuse.Fails
	adamQ8 := func() *Adam[F] {
		c := DefaultAdam()
		c.State = StateQ8
		ps := []*Param[F]{untracked[F]("a", 3), untracked[F]("b", 2)}
		for _, p := range ps {
			for j := range p.Grad {
				p.Grad[j] = F(j + 1)
			}
		}
		o := built(NewAdam(ps, c))
		noErr(errors.Join(o.Step(), o.Step()))
		return o
	}
	var buf bytes.Buffer
	noErr(adamQ8().Save(&buf))
	good := buf.Bytes()
	// The checkpoint with parameter "a"'s exp_avg_sq scale (after its type byte and 3 codes) made negative.
	negative := func() []byte {
		body := bytes.Clone(good[:len(good)-4])
		at := bytes.Index(body, appendString(nil, "exp_avg_sq")) + 4 + len("exp_avg_sq") + 1 + 3
		body[at+3] |= 0x80
		return sealed(body)
	}()
	table["Core.Load"] = append(table["Core.Load"],
		fails("a q8 state", load(good),
			"optim: Adam: checkpoint group 0: its state is kept in q8, the optimizer keeps it in the parameters' type (the config's State)"),
		fails("a q8 state with a negative scale", func() error {
			o := adamQ8()
			return keeps(stateOf[F](o), func() error { return o.Load(bytes.NewReader(negative)) })
		}, `optim: Adam: checkpoint parameter "a": exp_avg_sq scale [0] is -0.017990999, want finite and ≥ 0`))
	table["Core.SetTorchState"] = append(table["Core.SetTorchState"],
		fails("a value q8 does not hold", func() error {
			o := adamQ8()
			s := o.TorchState()
			copy(s.State[0].Tensors["exp_avg"], []F{1, 0.3, 0}) // 0.3 is no map value
			return keeps(stateOf[F](o), func() error { return o.SetTorchState(s) })
		}, "optim: Adam: SetTorchState: parameter 0's exp_avg[1] is 0.30000001192092896, which the optimizer's q8 state does not hold exactly"),
		fails("a bf16 state into q8", func() error {
			o := adamQ8()
			c := DefaultAdam()
			c.State = StateBF16
			s := built(NewAdam([]*Param[F]{untracked[F]("a", 3), untracked[F]("b", 2)}, c)).TorchState()
			return keeps(stateOf[F](o), func() error { return o.SetTorchState(s) })
		}, "optim: Adam: SetTorchState: param_groups[0]: fastgrad_state is bf16, the optimizer's q8"))
}

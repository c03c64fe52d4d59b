package optim

import (
	"fmt"
	"go/ast"
	"reflect"
	"strings"
	"testing"

	"github.com/fastgrad/fastgrad/internal/gofiles"
)

// configCase is one optimizer's config as TestConfigFieldsReachKernelAndState sees it.
type configCase struct {
	def   any               // the default config
	hyper func(c any) any   // the kernel hyperparameters the optimizer computes from a config
	not   map[string]string // the fields that reach no kernel hyperparameter, and where they act instead
	// build, for a config with a State, builds its optimizer over float32 parameters, where State acts: the type
	// of the buffers it allocates, which selects the stored kernel.
	build func(c any) (any, error)
}

// unrecorded lists, per optimizer, the config fields the options a state records leave out: they only choose, at
// validation, what another field means.
var unrecorded = map[string]map[string]bool{"Adam": {"L2": true}}

// rate is why a config's LR is not among hyper's results: the rate reaches the kernel as hyper's argument, the
// group's scheduled rate.
const rate = "the group's scheduled rate, hyper's argument"

// state is why a config's State is not among hyper's results: it is the type of the buffers the constructor
// allocates, which selects the stored kernel (TestCompactStateMatchesKernels); the test checks it with build.
const state = "the state buffers' type, which selects the stored kernel"

// l2 is why AdamConfig.L2 reaches neither the kernel nor the options: it only says that a WeightDecay is meant as
// L2, which DecoupledWeightDecay false already gives the kernel; it makes the choice explicit at construction.
const l2 = "the explicit choice of WeightDecay's kind, checked by validate"

// tfjs is why a Mode with only ModeTFJS besides PyTorch's reaches no kernel hyperparameter.
const tfjs = "chooses optim's TensorFlow.js loop in place of the kernel"

// oneParam is a float32 parameter for configCase.build.
func oneParam() []*Param[float32] {
	return []*Param[float32]{{Name: "w", Value: make([]float32, 3), Grad: make([]float32, 3)}}
}

var configCases = map[string]configCase{
	"SGD": {DefaultSGD(), func(c any) any { return c.(SGDConfig).hyper(0.1) },
		map[string]string{"LR": rate, "Mode": "chooses optim's Keras update (Scale and Axpy) in place of the kernel", "State": state},
		func(c any) (any, error) {
			cfg := c.(SGDConfig)
			cfg.Momentum = 0.9 // a 16-bit state needs a momentum buffer
			return NewSGD(oneParam(), cfg)
		}},
	"Adam": {DefaultAdam(), func(c any) any { return c.(AdamConfig).hyper(0.1) },
		map[string]string{"LR": rate, "State": state, "L2": l2},
		func(c any) (any, error) { return NewAdam(oneParam(), c.(AdamConfig)) }},
	"Adagrad": {DefaultAdagrad(), func(c any) any { return c.(AdagradConfig).hyper(0.1) },
		map[string]string{"LR": rate, "InitialAccumulatorValue": "the sum's first value, written by the constructor", "State": state},
		func(c any) (any, error) { return NewAdagrad(oneParam(), c.(AdagradConfig)) }},
	"RMSprop":  {DefaultRMSprop(), func(c any) any { return c.(RMSpropConfig).hyper(0.1) }, map[string]string{"LR": rate}, nil},
	"Adamax":   {DefaultAdamax(), func(c any) any { return c.(AdamaxConfig).hyper(0.1) }, map[string]string{"LR": rate, "Mode": tfjs}, nil},
	"NAdam":    {DefaultNAdam(), func(c any) any { return c.(NAdamConfig).hyper(0.1) }, map[string]string{"LR": rate}, nil},
	"RAdam":    {DefaultRAdam(), func(c any) any { return c.(RAdamConfig).hyper(0.1) }, map[string]string{"LR": rate}, nil},
	"Adadelta": {DefaultAdadelta(), func(c any) any { return c.(AdadeltaConfig).hyper(0.1) }, map[string]string{"LR": rate, "Mode": tfjs}, nil},
	"Lion": {DefaultLion(), func(c any) any { return c.(LionConfig).hyper(0.1) }, map[string]string{"LR": rate, "State": state},
		func(c any) (any, error) { return NewLion(oneParam(), c.(LionConfig)) }},
	"ASGD": {DefaultASGD(), func(c any) any { return c.(ASGDConfig).hyper(0.1) }, map[string]string{"LR": rate}, nil},
	"Rprop": {DefaultRprop(), func(c any) any { return c.(RpropConfig).hyper() },
		map[string]string{"LR": "the step sizes' first value, written into the state by prepare"}, nil},
}

// TestConfigFieldsReachKernelAndState changes each field of each optimizer's config, one at a time, and fails
// unless the change reaches the kernel's hyperparameters (or the field is listed with where it acts instead) and
// the options a state or checkpoint records. A field added to a config but forgotten in hyper or torchOptions
// fails here, though every other test stays green.
func TestConfigFieldsReachKernelAndState(t *testing.T) {
	for name, c := range configCases {
		for _, f := range configFields(reflect.TypeOf(c.def)) {
			changed := f.change(c.def)
			if reflect.DeepEqual(c.hyper(changed), c.hyper(c.def)) != (c.not[f.field] != "") {
				if c.not[f.field] != "" {
					t.Errorf("%s: %s is listed as reaching no hyperparameter (%s), but changing it changes them", name, f, c.not[f.field])
				} else {
					t.Errorf("%s: changing %s does not change the kernel's hyperparameters", name, f)
				}
			}
			if f.field == "State" {
				for _, st := range []StateType{StateBF16, StateF16, StateQ8} {
					v := reflect.New(reflect.TypeOf(c.def)).Elem()
					v.Set(reflect.ValueOf(c.def))
					v.FieldByName("State").SetUint(uint64(st))
					checkStateReachesBuffers(t, name, c, v.Interface())
				}
			}
			opts := func(c any) map[string]any { return c.(interface{ torchOptions() map[string]any }).torchOptions() }
			if !unrecorded[name][f.field] && reflect.DeepEqual(opts(changed), opts(c.def)) {
				t.Errorf("%s: changing %s does not change the options a state records", name, f)
			}
		}
		for field := range c.not {
			if _, ok := reflect.TypeOf(c.def).FieldByName(field); !ok {
				t.Errorf("%s: the exemption names %s, which the config does not have", name, field)
			}
		}
	}
	for _, name := range configTypes(t) {
		if _, ok := configCases[strings.TrimSuffix(name, "Config")]; !ok {
			t.Errorf("%s has no configCase", name)
		}
	}
}

// checkStateReachesBuffers checks that the optimizer built from a config with a changed State keeps its state in
// the State's type.
func checkStateReachesBuffers(t *testing.T, name string, c configCase, changed any) {
	t.Helper()
	if c.build == nil {
		t.Errorf("%s has a State but its configCase no build", name)
		return
	}
	o, err := c.build(changed)
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return
	}
	want := changed.(stateTyper).stateType()
	if got := o.(interface{ stateType(int) StateType }).stateType(0); got != want {
		t.Errorf("%s: State %v builds an optimizer whose state is %v", name, want, got)
	}
	h := o.(interface{ halfOf(int) halfState }).halfOf(0)
	if (want == StateBF16) != (h.bf16 != nil) || (want == StateF16) != (h.f16 != nil) || (want == StateQ8) != (h.q8 != nil) {
		t.Errorf("%s: State %v allocates no buffers of that type", name, want)
	}
}

// configTypes returns the package's optimizer configs: the types with a torchOptions method.
func configTypes(t *testing.T) []string {
	_, files := gofiles.Parse(t, ".")
	var names []string
	for _, f := range files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == "torchOptions" && fd.Recv != nil {
				if id, ok := fd.Recv.List[0].Type.(*ast.Ident); ok {
					names = append(names, id.Name)
				}
			}
		}
	}
	if len(names) == 0 {
		t.Fatal("no config has a torchOptions method")
	}
	return names
}

// configField is one scalar of a config: a field, or an element of an array field.
type configField struct {
	field string
	index int // the element of an array field, or −1
}

func (f configField) String() string {
	if f.index < 0 {
		return f.field
	}
	return fmt.Sprintf("%s[%d]", f.field, f.index)
}

// configFields returns every scalar of config type t.
func configFields(t reflect.Type) []configField {
	var fs []configField
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Type.Kind() == reflect.Array {
			for j := range f.Type.Len() {
				fs = append(fs, configField{f.Name, j})
			}
		} else {
			fs = append(fs, configField{f.Name, -1})
		}
	}
	return fs
}

// change returns cfg with the scalar f set to another value: a bool flipped, a number halved (or 0.25 if 0), a
// StateType BF16 (or the default if not).
func (f configField) change(cfg any) any {
	v := reflect.New(reflect.TypeOf(cfg)).Elem()
	v.Set(reflect.ValueOf(cfg))
	s := v.FieldByName(f.field)
	if f.index >= 0 {
		s = s.Index(f.index)
	}
	switch s.Kind() {
	case reflect.Uint8: // a StateType
		if s.Uint() == 0 {
			s.SetUint(uint64(StateBF16))
		} else {
			s.SetUint(0)
		}
	case reflect.Bool:
		s.SetBool(!s.Bool())
	case reflect.Float64:
		if x := s.Float(); x != 0 {
			s.SetFloat(x / 2)
		} else {
			s.SetFloat(0.25)
		}
	default:
		panic(fmt.Sprintf("config field %s of kind %v", f, s.Kind()))
	}
	return v.Interface()
}

// halfOf returns parameter i's compact state, for checkStateReachesBuffers.
func (c *Core[F]) halfOf(i int) halfState { return c.half[i] }

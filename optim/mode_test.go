package optim_test

import (
	"strings"
	"testing"

	"github.com/fastgrad/fastgrad/optim"
)

// TestLegacyModeNamesLoad restores states whose "fastgrad_mode" has the names files had before Mode existed: each
// loads into the optimizer with the Keras mode it named, and into no other.
func TestLegacyModeNamesLoad(t *testing.T) {
	ps := func() []*optim.Param[float32] {
		return []*optim.Param[float32]{{Name: "w", Value: []float32{1, -2}, Grad: []float32{0.5, 0.25}}}
	}
	type stateful interface {
		Step() error
		TorchState() optim.TorchState[float32]
		SetTorchState(optim.TorchState[float32]) error
	}
	build := func(name string, m optim.Mode) stateful {
		var o stateful
		var err error
		switch name {
		case "Adam":
			c := optim.DefaultAdam()
			c.Mode = m
			o, err = optim.NewAdam(ps(), c)
		case "RMSprop":
			c := optim.DefaultRMSprop()
			c.Mode = m
			o, err = optim.NewRMSprop(ps(), c)
		case "Adagrad":
			c := optim.DefaultAdagrad()
			c.Mode = m
			o, err = optim.NewAdagrad(ps(), c)
		}
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	for _, c := range []struct{ opt, old string }{{"Adam", "eps_hat"}, {"RMSprop", "eps_inside"}, {"Adagrad", "eps_inside"}} {
		saved := build(c.opt, optim.ModeKeras)
		if err := saved.Step(); err != nil {
			t.Fatal(err)
		}
		s := saved.TorchState()
		if got := s.ParamGroups[0].Options["fastgrad_mode"]; got != "keras" {
			t.Errorf("%s: fastgrad_mode %v, want keras", c.opt, got)
		}
		s.ParamGroups[0].Options["fastgrad_mode"] = c.old
		if err := build(c.opt, optim.ModeKeras).SetTorchState(s); err != nil {
			t.Errorf("%s: an old state with %q: %v", c.opt, c.old, err)
		}
		if err := build(c.opt, optim.ModeTorch).SetTorchState(s); err == nil || !strings.Contains(err.Error(), c.old) {
			t.Errorf("%s: an old state with %q loaded into ModeTorch (err %v)", c.opt, c.old, err)
		}
	}
	// A legacy name belongs to its optimizer only: Adam's eps_hat is no RMSprop mode.
	s := build("RMSprop", optim.ModeKeras)
	st := s.TorchState()
	st.ParamGroups[0].Options["fastgrad_mode"] = "eps_hat"
	if err := build("RMSprop", optim.ModeKeras).SetTorchState(st); err == nil {
		t.Error("RMSprop took Adam's eps_hat")
	}
}

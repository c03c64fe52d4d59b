package optim_test

import (
	"testing"

	"github.com/fastgrad/fastgrad/optim"
)

// TestRpropSeedsStepSizesAtFirstStep: as PyTorch creates Rprop's state at the first step, the step sizes start at
// the rate in effect then (a SetLR before it counts), and a rate set later changes nothing.
func TestRpropSeedsStepSizesAtFirstStep(t *testing.T) {
	run := func(before, after float64) []float32 {
		p := &optim.Param[float32]{Name: "w", Value: []float32{1, 2}, Grad: []float32{0.5, -0.5}}
		o, err := optim.NewRprop([]*optim.Param[float32]{p}, optim.DefaultRprop())
		if err != nil {
			t.Fatal(err)
		}
		if before > 0 {
			noErr(t, o.SetLR(0, before))
		}
		noErr(t, o.Step())
		if after > 0 {
			noErr(t, o.SetLR(0, after))
		}
		noErr(t, o.Step())
		return o.TorchState().State[0].Tensors["step_size"]
	}
	// Two steps of one gradient: the step sizes grow by η+ = 1.2 once (the first step's product with prev is 0).
	for _, c := range []struct {
		before, after float64
		want          float32
	}{{0, 0, float32(float32(0.01) * float32(1.2))}, {0.2, 0, float32(float32(0.2) * float32(1.2))},
		{0, 0.2, float32(float32(0.01) * float32(1.2))}} {
		got := run(c.before, c.after)
		if got[0] != c.want || got[1] != c.want {
			t.Errorf("SetLR %v before the first step, %v after: step sizes %v, want %v", c.before, c.after, got, c.want)
		}
	}
}

func noErr(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

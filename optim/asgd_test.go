package optim_test

import (
	"testing"

	"github.com/fastgrad/fastgrad/optim"
)

// TestASGDRateChangesAsPyTorch: a rate set between steps reaches η one step later, as in PyTorch, which computes
// η at the end of each step from the rate of then. The wants are torch.optim.ASGD's (1.13) state and weights over
// three steps of a gradient of ones, its param_groups' lr set to 0.2 before step 2 and to 0.4 before step 3.
func TestASGDRateChangesAsPyTorch(t *testing.T) {
	p := &optim.Param[float32]{Name: "w", Value: make([]float32, 2), Grad: []float32{1, 1}}
	opt, err := optim.NewASGD([]*optim.Param[float32]{p}, optim.ASGDConfig{LR: 0.1, Lambd: 0.5, Alpha: 0.75})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		eta, mu float64
		w       float32
	}{
		{0x1.8ae1fp-4, 1, -0x1.99999ap-4},
		{0x1.654060p-3, 0.5, -0x1.885e84p-3},
		{0x1.1feb34p-2, 0x1.555556p-2, -0x1.65b2fep-2},
	}
	for k, lr := range []float64{0.1, 0.2, 0.4} {
		if err := opt.SetLR(0, lr); err != nil {
			t.Fatal(err)
		}
		if err := opt.Step(); err != nil {
			t.Fatal(err)
		}
		s := opt.TorchState().State[0].Scalars
		if s["eta"] != want[k].eta || s["mu"] != want[k].mu || p.Value[0] != want[k].w {
			t.Errorf("step %d: eta %x, mu %x, w %x; PyTorch's %x, %x, %x", k+1, s["eta"], s["mu"], p.Value[0],
				want[k].eta, want[k].mu, want[k].w)
		}
	}
	// T0 = 0: μ was 1 at steps 1 and 2, so ax followed w, and 1/2 at step 3.
	w2 := float32(-0x1.885e84p-3)
	if got, avg := opt.Averaged(0)[1], w2+(p.Value[1]-w2)*0.5; got != avg {
		t.Errorf("Averaged after step 3: %x, want %x", got, avg)
	}
}

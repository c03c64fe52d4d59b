package kopt

import (
	"math"
	"testing"

	"github.com/fastgrad/fastgrad/optim"
)

// Two steps of each optimizer on one weight against PyTorch's update written out.
func TestSteps(t *testing.T) {
	grads := []float64{0.5, -2}
	param := func() *optim.Param[float64] {
		return &optim.Param[float64]{Name: "w", Value: []float64{1}, Grad: []float64{0}}
	}
	run := func(p *optim.Param[float64], step func() error) float64 {
		for _, g := range grads {
			p.Grad[0] = g
			if err := step(); err != nil {
				t.Fatal(err)
			}
		}
		return p.Value[0]
	}

	p := param()
	o, _ := NewSGD([]*optim.Param[float64]{p}, SGDConfig{LR: 0.1, Momentum: 0.9, Nesterov: true})
	// buf₁ = g₁, w₁ = w₀ − lr(g₁ + μbuf₁); buf₂ = μbuf₁ + g₂, w₂ = w₁ − lr(g₂ + μbuf₂)
	b1 := 0.5
	w1 := 1 - 0.1*(0.5+0.9*b1)
	b2 := 0.9*b1 - 2
	if got, want := run(p, o.Step), w1-0.1*(-2+0.9*b2); math.Abs(got-want) > 1e-15 {
		t.Errorf("Nesterov SGD: %v, want %v", got, want)
	}

	p = param()
	a, _ := NewAdagrad([]*optim.Param[float64]{p}, AdagradConfig{LR: 0.1, Eps: 1e-10})
	w1 = 1 - 0.1*0.5/(math.Sqrt(0.25)+1e-10)
	if got, want := run(p, a.Step), w1+0.1*2/(math.Sqrt(4.25)+1e-10); math.Abs(got-want) > 1e-15 {
		t.Errorf("Adagrad: %v, want %v", got, want)
	}

	p = param()
	r, _ := NewRMSprop([]*optim.Param[float64]{p}, RMSpropConfig{LR: 0.01, Alpha: 0.9, Eps: 1e-8})
	sq1 := 0.1 * 0.25
	w1 = 1 - 0.01*0.5/(math.Sqrt(sq1)+1e-8)
	sq2 := 0.9*sq1 + 0.1*4
	if got, want := run(p, r.Step), w1+0.01*2/(math.Sqrt(sq2)+1e-8); math.Abs(got-want) > 1e-15 {
		t.Errorf("RMSprop: %v, want %v", got, want)
	}
}

func TestBadConfig(t *testing.T) {
	ps := []*optim.Param[float64]{{Name: "w", Value: []float64{1}, Grad: []float64{0}}}
	short := []*optim.Param[float64]{{Name: "w", Value: []float64{1}, Grad: nil}}
	for name, err := range map[string]error{
		"SGD LR 0":          second(NewSGD(ps, SGDConfig{})),
		"SGD NaN momentum":  second(NewSGD(ps, SGDConfig{LR: 1, Momentum: math.NaN()})),
		"SGD momentum 1":    second(NewSGD(ps, SGDConfig{LR: 1, Momentum: 1})),
		"Nesterov, no mom.": second(NewSGD(ps, SGDConfig{LR: 1, Nesterov: true})),
		"SGD no params":     second(NewSGD[float64](nil, SGDConfig{LR: 1})),
		"SGD short grad":    second(NewSGD(short, SGDConfig{LR: 1})),
		"Adagrad eps 0":     second(NewAdagrad(ps, AdagradConfig{LR: 1})),
		"Adagrad Inf LR":    second(NewAdagrad(ps, AdagradConfig{LR: math.Inf(1), Eps: 1})),
		"RMSprop alpha 1":   second(NewRMSprop(ps, RMSpropConfig{LR: 1, Alpha: 1, Eps: 1})),
		"RMSprop nil param": second(NewRMSprop([]*optim.Param[float64]{nil}, RMSpropConfig{LR: 1, Alpha: 0.9, Eps: 1})),
	} {
		if err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func second[T any](_ T, err error) error { return err }

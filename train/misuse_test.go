package train

import (
	"math"
	"testing"

	"github.com/fastgrad/fastgrad/optim"
)

// Bad input is an error, never a panic.
func TestBadInput(t *testing.T) {
	p, _ := synthetic[float64](t, 50, 2, 9)
	other, _ := synthetic[float64](t, 50, 3, 9)
	good := func() Config[float64] {
		return Config[float64]{Batch: 10, Optimizer: sgd[float64](0.01, 0), Stop: Stop{MaxEpochs: 1}}
	}
	badAdam := optim.DefaultAdam()
	badAdam.LR = math.NaN()
	cases := map[string]func(*Config[float64]){
		"batch 0":                func(c *Config[float64]) { c.Batch = 0 },
		"batch −1":               func(c *Config[float64]) { c.Batch = -1 },
		"batch > rows":           func(c *Config[float64]) { c.Batch = 51 },
		"no optimizer":           func(c *Config[float64]) { c.Optimizer = nil },
		"two optimizers":         func(c *Config[float64]) { c.Lookahead = &Lookahead{LR: 0.1, Momentum: 0.9} },
		"lookahead NaN LR":       func(c *Config[float64]) { c.Optimizer, c.Lookahead = nil, &Lookahead{LR: math.NaN()} },
		"lookahead momentum 1":   func(c *Config[float64]) { c.Optimizer, c.Lookahead = nil, &Lookahead{LR: 0.1, Momentum: 1} },
		"lookahead NaN momentum": func(c *Config[float64]) { c.Optimizer, c.Lookahead = nil, &Lookahead{LR: 0.1, Momentum: math.NaN()} },
		"optimizer NaN LR":       func(c *Config[float64]) { c.Optimizer = Use(optim.NewAdam[float64], badAdam) },
		"nil constructor": func(c *Config[float64]) {
			c.Optimizer = Use[float64, optim.AdamConfig, *optim.Adam[float64]](nil, badAdam)
		},
		"no budget":               func(c *Config[float64]) { c.Stop = Stop{GradTol: 1} },
		"negative MaxIter":        func(c *Config[float64]) { c.Stop.MaxIter = -1 },
		"NaN StepTol":             func(c *Config[float64]) { c.Stop.StepTol = math.NaN() },
		"Inf GradTol":             func(c *Config[float64]) { c.Stop.GradTol = math.Inf(1) },
		"negative GradTol":        func(c *Config[float64]) { c.Stop.GradTol = -1 },
		"patience, no validation": func(c *Config[float64]) { c.Stop.Patience = 2 },
		"validation columns":      func(c *Config[float64]) { c.Validation = other },
		"objective":               func(c *Config[float64]) { c.Objective = Objective(5) },
		"estimator":               func(c *Config[float64]) { c.Estimator = Estimator(-1) },
	}
	for name, change := range cases {
		cfg := good()
		change(&cfg)
		if _, err := Train(p, make([]float64, 2), cfg); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := Train(p, make([]float64, 3), good()); err == nil {
		t.Error("3 weights for 2 columns accepted")
	}
	if _, err := Train(nil, make([]float64, 2), good()); err == nil {
		t.Error("nil problem accepted")
	}
	if _, err := Train(p, make([]float64, 2), good()); err != nil {
		t.Errorf("the good configuration: %v", err)
	}

	for name, f := range map[string]func() error{
		"cols 0":        func() error { _, err := NewProblem([]float64{1}, []float64{1}, 0); return err },
		"X too short":   func() error { _, err := NewProblem([]float64{1, 2, 3}, []float64{1, 2}, 2); return err },
		"no rows":       func() error { _, err := NewProblem([]float64{}, []float64{}, 2); return err },
		"subset dup":    func() error { _, err := p.Subset([]int{1, 1}); return err },
		"subset range":  func() error { _, err := p.Subset([]int{50}); return err },
		"subset empty":  func() error { _, err := p.Subset(nil); return err },
		"row range":     func() error { _, _, err := p.Row(-1); return err },
		"gradient len":  func() error { _, err := p.Gradient(MSE, make([]float64, 1), make([]float64, 2)); return err },
		"loss len":      func() error { _, err := p.Loss(SSE, make([]float64, 3)); return err },
		"loss obj":      func() error { _, err := p.Loss(Objective(9), make([]float64, 2)); return err },
		"compare len":   func() error { _, err := Compare([]float64{1}, []float64{1, 2}); return err },
		"synthetic w":   func() error { _, _, err := Synthetic[float32](5, 2, []float64{1}, 1, 0); return err },
		"synthetic NaN": func() error { _, _, err := Synthetic[float32](5, 1, []float64{1}, math.NaN(), 0); return err },
		"SVD rcond":     func() error { _, err := SolveSVD(p, math.NaN()); return err },
		"scaler shape": func() error {
			_, err := (&Scaler[float64]{Shift: []float64{0, 1}, Scale: []float64{1}}).Transform([]float64{1, 2})
			return err
		},
		"scaler weights": func() error {
			_, err := (&Scaler[float64]{Shift: []float64{1}, Scale: []float64{1}, Intercept: 3}).Weights([]float64{1})
			return err
		},
		"zero GP": func() error { return (&GP{}).Fit([][]float64{{0}}, []float64{1}) },
		"QR wide": func() error {
			q, _ := NewProblem([]float64{1, 2, 3}, []float64{1}, 3)
			_, err := SolveQR(q)
			return err
		},
		"normal collinear": func() error {
			q, _ := NewProblem([]float64{1, 2, 2, 4, 3, 6}, []float64{1, 2, 3}, 2)
			_, err := SolveNormal(q)
			return err
		},
		"NaN in X": func() error {
			q, _ := NewProblem([]float64{1, math.NaN()}, []float64{1, 2}, 1)
			_, err := SolveQR(q)
			return err
		},
	} {
		if f() == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

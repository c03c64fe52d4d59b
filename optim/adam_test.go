package optim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/fastgrad/fastgrad/kernels"
)

// torchAdam is an independent float64 transcription of torch.optim.Adam/AdamW's single-tensor step
// (torch/optim/adam.py), written from the formulas, not from the kernel: lerp for m, addcmul for v, bias
// corrections, ε added after dividing √v by √(1−β2ᵗ), addcdiv for the update.
type torchAdam struct {
	cfg        AdamConfig
	m, v, vmax []float64
	t          int
}

func (a *torchAdam) step(w, g []float64) {
	a.t++
	b1, b2, lr, wd, eps := a.cfg.Betas[0], a.cfg.Betas[1], a.cfg.LR, a.cfg.WeightDecay, a.cfg.Eps
	bc1 := 1 - math.Pow(b1, float64(a.t))
	bc2 := 1 - math.Pow(b2, float64(a.t))
	for i := range w {
		gi := g[i]
		if a.cfg.Maximize {
			gi = -gi
		}
		if a.cfg.DecoupledWeightDecay {
			w[i] *= 1 - lr*wd
		} else if wd != 0 {
			gi += wd * w[i]
		}
		a.m[i] += (1 - b1) * (gi - a.m[i])
		a.v[i] = a.v[i]*b2 + (1-b2)*gi*gi
		v := a.v[i]
		if a.cfg.AMSGrad {
			a.vmax[i] = math.Max(a.vmax[i], v)
			v = a.vmax[i]
		}
		if a.cfg.Mode == ModeKeras {
			w[i] -= lr * math.Sqrt(bc2) / bc1 * a.m[i] / (math.Sqrt(v) + eps)
		} else {
			w[i] -= lr / bc1 * a.m[i] / (math.Sqrt(v)/math.Sqrt(bc2) + eps)
		}
	}
}

func configs() map[string]AdamConfig {
	out := map[string]AdamConfig{"adam": DefaultAdam(), "adamw": DefaultAdamW()}
	c := DefaultAdam()
	c.AMSGrad = true
	out["amsgrad"] = c
	c = DefaultAdam()
	c.WeightDecay, c.L2, c.Maximize = 0.05, true, true
	out["l2+maximize"] = c
	c = DefaultAdam()
	c.Mode, c.Eps, c.LR = ModeKeras, 1e-3, 1e-2
	out["epshat"] = c
	c = DefaultAdamW()
	c.AMSGrad, c.Betas = true, [2]float64{0.5, 0.9}
	out["adamw+amsgrad"] = c
	return out
}

func TestAdamMatchesTorchFormulas(t *testing.T) {
	for name, cfg := range configs() {
		t.Run(name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(7, 8))
			const n = 37
			w := make([]float64, n)
			for i := range w {
				w[i] = r.NormFloat64()
			}
			ref := &torchAdam{cfg: cfg, m: make([]float64, n), v: make([]float64, n), vmax: make([]float64, n)}
			wRef := append([]float64(nil), w...)
			p := &Param[float64]{Name: "w", Value: w, Grad: make([]float64, n)}
			opt, err := NewAdam([]*Param[float64]{p}, cfg)
			if err != nil {
				t.Fatal(err)
			}
			for step := 0; step < 20; step++ {
				for i := range p.Grad {
					p.Grad[i] = r.NormFloat64() + 0.1*w[i]
				}
				ref.step(wRef, p.Grad)
				if err := opt.Step(); err != nil {
					t.Fatal(err)
				}
			}
			for i := range w {
				if d := math.Abs(w[i] - wRef[i]); d > 1e-13*math.Max(1, math.Abs(wRef[i])) {
					t.Fatalf("w[%d] = %v, PyTorch's formulas give %v (diff %g)", i, w[i], wRef[i], d)
				}
			}
			if opt.StepCount() != 20 {
				t.Errorf("StepCount = %d, want 20", opt.StepCount())
			}
		})
	}
}

// TestAdamIsTheKernel checks, bit for bit, that Step is kernels.Adam with AdamHyper.Step(t) on each parameter.
func TestAdamIsTheKernel(t *testing.T) {
	for name, cfg := range configs() {
		t.Run(name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, 2))
			sizes := []int{5, 130}
			var params []*Param[float32]
			type state struct{ w, m, v, vmax []float32 }
			var direct []state
			for k, n := range sizes {
				p := &Param[float32]{Name: fmt.Sprint("p", k), Value: make([]float32, n), Grad: make([]float32, n)}
				for i := range p.Value {
					p.Value[i] = float32(r.NormFloat64())
				}
				params = append(params, p)
				s := state{w: append([]float32(nil), p.Value...), m: make([]float32, n), v: make([]float32, n)}
				if cfg.AMSGrad {
					s.vmax = make([]float32, n)
				}
				direct = append(direct, s)
			}
			opt, err := NewAdam(params, cfg)
			if err != nil {
				t.Fatal(err)
			}
			h := kernels.AdamHyper{LR: cfg.LR, Beta1: cfg.Betas[0], Beta2: cfg.Betas[1], Eps: cfg.Eps, WeightDecay: cfg.WeightDecay,
				Decoupled: cfg.DecoupledWeightDecay, AMSGrad: cfg.AMSGrad, Maximize: cfg.Maximize, EpsHat: cfg.Mode == ModeKeras}
			for step := 1; step <= 5; step++ {
				for k, p := range params {
					for i := range p.Grad {
						p.Grad[i] = float32(r.NormFloat64())
					}
					s := h.Step(step)
					kernels.Adam(&s, direct[k].w, p.Grad, direct[k].m, direct[k].v, direct[k].vmax)
				}
				if err := opt.Step(); err != nil {
					t.Fatal(err)
				}
			}
			for k, p := range params {
				for i := range p.Value {
					if math.Float32bits(p.Value[i]) != math.Float32bits(direct[k].w[i]) {
						t.Fatalf("%s[%d] = %v, kernels.Adam gives %v", p.Name, i, p.Value[i], direct[k].w[i])
					}
				}
			}
		})
	}
}

func TestAdamConvergesOnQuadratic(t *testing.T) {
	// minimise Σ (w_i − c_i)², gradient 2(w − c)
	c := []float64{3, -1, 0.5, 10}
	p := &Param[float64]{Name: "w", Value: make([]float64, len(c)), Grad: make([]float64, len(c))}
	cfg := DefaultAdam()
	cfg.LR = 0.05
	opt, err := NewAdam([]*Param[float64]{p}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for range 3000 {
		for i := range c {
			p.Grad[i] = 2 * (p.Value[i] - c[i])
		}
		if err := opt.Step(); err != nil {
			t.Fatal(err)
		}
	}
	for i := range c {
		if math.Abs(p.Value[i]-c[i]) > 1e-3 {
			t.Errorf("w[%d] = %v, want ≈ %v", i, p.Value[i], c[i])
		}
	}
}

func TestAdamZeroGrad(t *testing.T) {
	p := &Param[float64]{Name: "w", Value: []float64{1, 2}, Grad: []float64{3, 4}}
	opt, err := NewAdam([]*Param[float64]{p}, DefaultAdam())
	if err != nil {
		t.Fatal(err)
	}
	opt.ZeroGrad()
	if p.Grad[0] != 0 || p.Grad[1] != 0 {
		t.Errorf("ZeroGrad left %v", p.Grad)
	}
}

func TestAdamStepAllocatesNothing(t *testing.T) {
	check := func(name string, step func() error) {
		if n := testing.AllocsPerRun(50, func() {
			if err := step(); err != nil {
				t.Fatal(err)
			}
		}); n != 0 {
			t.Errorf("%s: Step allocates %v times per call", name, n)
		}
	}
	for _, cfg := range []AdamConfig{DefaultAdam(), DefaultAdamW()} {
		p32 := &Param[float32]{Name: "a", Value: make([]float32, 300), Grad: make([]float32, 300)}
		o32, _ := NewAdam([]*Param[float32]{p32}, cfg)
		check("float32", o32.Step)
		p64 := &Param[float64]{Name: "a", Value: make([]float64, 300), Grad: make([]float64, 300)}
		o64, _ := NewAdam([]*Param[float64]{p64}, cfg)
		check("float64", o64.Step)
	}
}

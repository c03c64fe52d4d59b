package train

import (
	"math"
	"slices"
	"testing"
)

func TestStopRules(t *testing.T) {
	p, _ := synthetic[float64](t, 200, 2, 8)
	val, _ := synthetic[float64](t, 100, 2, 80)
	start := func() []float64 { return []float64{-4, 4} }

	t.Run("MaxIter", func(t *testing.T) {
		res := mustTrain(t, p, start(), Config[float64]{Batch: 30, Optimizer: sgd[float64](0.001, 0),
			Stop: Stop{MaxIter: 17, MaxEpochs: 100}})
		if res.Reason != StopMaxIter || res.Iters != 17 || res.Epochs != 2 {
			t.Errorf("%v after %d steps, %d epochs", res.Reason, res.Iters, res.Epochs)
		}
	})
	t.Run("MaxEpochs", func(t *testing.T) {
		res := mustTrain(t, p, start(), Config[float64]{Batch: 30, Optimizer: sgd[float64](0.001, 0),
			Stop: Stop{MaxIter: 1000, MaxEpochs: 3}})
		if res.Reason != StopMaxEpochs || res.Iters != 21 || res.Epochs != 3 {
			t.Errorf("%v after %d steps, %d epochs", res.Reason, res.Iters, res.Epochs)
		}
	})
	t.Run("StepTol", func(t *testing.T) {
		const tol = 1e-6
		res := mustTrain(t, p, start(), Config[float64]{Batch: 200, Optimizer: sgd[float64](0.005, 0),
			Stop: Stop{MaxIter: 100000, StepTol: tol}, Record: true})
		h := res.History
		last, before := h.Weights[h.Len()-1], h.Weights[h.Len()-2]
		if res.Reason != StopStep || distance(last, before) >= tol {
			t.Errorf("%v, last step %.3g", res.Reason, distance(last, before))
		}
		if h.Len() > 2 && distance(before, h.Weights[h.Len()-3]) < tol {
			t.Error("the rule fired late")
		}
	})
	t.Run("GradTol full batch", func(t *testing.T) {
		const tol = 1e-8
		w := start()
		res := mustTrain(t, p, w, Config[float64]{Batch: 200, Optimizer: sgd[float64](0.005, 0),
			Stop: Stop{MaxIter: 100000, GradTol: tol}, Record: true})
		g := make([]float64, 2)
		p.Gradient(MSE, g, w)
		if n := math.Hypot(g[0], g[1]); res.Reason != StopGrad || n >= tol {
			t.Errorf("%v, ‖∇L‖ = %.3g at the end", res.Reason, n)
		}
		if h := res.History; float64(h.GradNorm[h.Len()-1]) < tol {
			t.Error("the rule fired late")
		}
	})
	t.Run("GradTol mini-batch", func(t *testing.T) {
		const tol = 1e-6
		w := start()
		res := mustTrain(t, p, w, Config[float64]{Batch: 20, Estimator: SAGA, Optimizer: sgd[float64](0.002, 0),
			Stop: Stop{MaxEpochs: 10000, GradTol: tol}})
		g := make([]float64, 2)
		p.Gradient(MSE, g, w)
		if n := math.Hypot(g[0], g[1]); res.Reason != StopGrad || n >= tol || res.Iters != res.Epochs*10 {
			t.Errorf("%v after %d steps and %d epochs, ‖∇L‖ = %.3g", res.Reason, res.Iters, res.Epochs, n)
		}
	})
	t.Run("Patience", func(t *testing.T) {
		res := mustTrain(t, p, start(), Config[float64]{Batch: 20, Estimator: SAGA, Optimizer: sgd[float64](0.002, 0),
			Validation: val, Stop: Stop{MaxEpochs: 10000, Patience: 3}, Record: true})
		v := res.History.Validation
		if res.Reason != StopPatience || len(v) != res.Epochs {
			t.Fatalf("%v after %d epochs, %d validation losses", res.Reason, res.Epochs, len(v))
		}
		best := slices.Min(v)
		if res.BestValLoss != best || v[res.BestEpoch] != best || res.BestEpoch != len(v)-4 || slices.Index(v, best) != res.BestEpoch {
			t.Errorf("best %v at epoch %d of %v", res.BestValLoss, res.BestEpoch, v)
		}
		if res.ValLoss != v[len(v)-1] {
			t.Errorf("ValLoss %v, last recorded %v", res.ValLoss, v[len(v)-1])
		}
	})
	t.Run("Patience, NaN validation", func(t *testing.T) {
		bad, _ := NewProblem([]float64{1, 2}, []float64{math.NaN()}, 2)
		res := mustTrain(t, p, start(), Config[float64]{Batch: 20, Optimizer: sgd[float64](0.001, 0),
			Validation: bad, Stop: Stop{MaxEpochs: 100, Patience: 2}})
		if res.Reason != StopPatience || res.Epochs != 2 || res.BestEpoch != -1 {
			t.Errorf("%v after %d epochs, best epoch %d", res.Reason, res.Epochs, res.BestEpoch)
		}
	})
	t.Run("Diverged", func(t *testing.T) {
		res := mustTrain(t, p, start(), Config[float64]{Batch: 200, Optimizer: sgd[float64](1, 0),
			Stop: Stop{MaxIter: 100000}})
		if res.Reason != StopDiverged || res.Iters >= 100000 {
			t.Errorf("%v after %d steps", res.Reason, res.Iters)
		}
	})
	t.Run("no validation", func(t *testing.T) {
		res := mustTrain(t, p, start(), Config[float64]{Batch: 200, Optimizer: sgd[float64](0.001, 0), Stop: Stop{MaxIter: 1}})
		if res.BestEpoch != -1 || res.History != nil {
			t.Errorf("BestEpoch %d, History %v", res.BestEpoch, res.History)
		}
	})
}

func TestReasonNames(t *testing.T) {
	seen := map[string]bool{}
	for r := StopMaxIter; r <= StopDiverged; r++ {
		s := r.String()
		if seen[s] || s == "" {
			t.Errorf("reason %d: %q", int(r), s)
		}
		seen[s] = true
	}
	if Reason(0).String() != "Reason(0)" {
		t.Error(Reason(0).String())
	}
}

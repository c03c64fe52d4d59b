package train

import (
	"github.com/fastgrad/fastgrad/optim"
	"math"
	"slices"
	"testing"
)

func TestGDReachesClosedForm(t *testing.T) {
	t.Run("f64", func(t *testing.T) {
		p, ref := synthetic[float64](t, 500, 2, 1)
		w := make([]float64, 2)
		res := mustTrain(t, p, w, Config[float64]{Batch: p.Rows(), Optimizer: sgd[float64](0.01, 0),
			Stop: Stop{MaxIter: 10000, GradTol: 1e-12}})
		if res.Reason != StopGrad {
			t.Errorf("reason %v after %d steps, want the gradient tolerance", res.Reason, res.Iters)
		}
		if e := relErr(t, w, ref); e > 1e-12 {
			t.Errorf("relative error %.3g from the closed form %v: w=%v", e, ref, w)
		}
	})
	t.Run("f32", func(t *testing.T) {
		p, ref := synthetic[float32](t, 500, 2, 1)
		w := make([]float32, 2)
		mustTrain(t, p, w, Config[float32]{Batch: p.Rows(), Optimizer: sgd[float32](0.01, 0), Stop: Stop{MaxIter: 2000}})
		if e := relErr(t, w, ref); e > 1e-5 {
			t.Errorf("relative error %.3g from the closed form %v: w=%v", e, ref, w)
		}
	})
	t.Run("SSE", func(t *testing.T) {
		p, ref := synthetic[float64](t, 500, 2, 1)
		w := make([]float64, 2)
		mustTrain(t, p, w, Config[float64]{Objective: SSE, Batch: p.Rows(), Optimizer: sgd[float64](0.01/500, 0),
			Stop: Stop{MaxIter: 10000, GradTol: 1e-10}})
		if e := relErr(t, w, ref); e > 1e-12 {
			t.Errorf("relative error %.3g from the closed form %v: w=%v", e, ref, w)
		}
	})
}

// The fused loss and gradient against their definitions, summed in float64.
func TestObjectives(t *testing.T) {
	p, _ := synthetic[float64](t, 37, 3, 2)
	w := []float64{0.5, -1, 2}
	for _, obj := range []Objective{MSE, SSE} {
		var sum float64
		grad := make([]float64, 3)
		for i := range p.Rows() {
			x, y, _ := p.Row(i)
			r := x[0]*w[0] + x[1]*w[1] + x[2]*w[2] - y
			sum += r * r
			for j := range grad {
				grad[j] += 2 * r * x[j]
			}
		}
		if obj == MSE {
			sum /= 37
			for j := range grad {
				grad[j] /= 37
			}
		}
		g := make([]float64, 3)
		loss, err := p.Gradient(obj, g, w)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(loss-sum) > 1e-12*sum {
			t.Errorf("%v: loss %v, want %v", obj, loss, sum)
		}
		if e := relErr(t, g, grad); e > 1e-12 {
			t.Errorf("%v: gradient %v, want %v", obj, g, grad)
		}
	}
}

func TestMiniBatchConverges(t *testing.T) {
	p, ref := synthetic[float64](t, 500, 2, 3)
	for _, tc := range []struct {
		name string
		cfg  Config[float64]
		tol  float64
	}{
		// Constant-rate SGD ends in a ball around the minimum whose size the rate sets.
		{"SGD", Config[float64]{Batch: 20, Optimizer: sgd[float64](0.002, 0)}, 1e-2},
		{"momentum", Config[float64]{Batch: 20, Optimizer: sgd[float64](0.0002, 0.9)}, 1e-2},
		{"Adam", Config[float64]{Batch: 20, Optimizer: adam[float64](0.01)}, 1e-2},
		{"lookahead", Config[float64]{Batch: 20, Lookahead: &Lookahead{LR: 0.0002, Momentum: 0.9}}, 1e-2},
		{"Nesterov", Config[float64]{Batch: 20, Optimizer: Use(optim.NewSGD[float64], optim.SGDConfig{LR: 0.0002, Momentum: 0.9, Nesterov: true})}, 1e-2},
		// The variance-reduced estimators converge to the minimum itself.
		{"SAG", Config[float64]{Batch: 20, Estimator: SAG, Optimizer: sgd[float64](0.0008, 0)}, 1e-10},
		{"SAGA", Config[float64]{Batch: 20, Estimator: SAGA, Optimizer: sgd[float64](0.005, 0)}, 1e-10},
		{"SAG batch 1", Config[float64]{Batch: 1, Estimator: SAG, Optimizer: sgd[float64](0.00005, 0)}, 1e-10},
		{"SAGA batch 1", Config[float64]{Batch: 1, Estimator: SAGA, Optimizer: sgd[float64](0.0005, 0)}, 1e-10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := []float64{-4, 4}
			tc.cfg.Seed = 7
			tc.cfg.Stop = Stop{MaxEpochs: 200}
			res := mustTrain(t, p, w, tc.cfg)
			if res.Reason != StopMaxEpochs || res.Epochs != 200 || res.Iters != 200*((500+tc.cfg.Batch-1)/tc.cfg.Batch) {
				t.Errorf("reason %v, %d epochs, %d steps", res.Reason, res.Epochs, res.Iters)
			}
			if e := relErr(t, w, ref); e > tc.tol {
				t.Errorf("relative error %.3g from the closed form %v: w=%v", e, ref, w)
			}
		})
	}
}

// A batch that does not divide the samples leaves a short last batch, weighted by its own size.
func TestShortLastBatch(t *testing.T) {
	p, ref := synthetic[float64](t, 103, 2, 4)
	w := make([]float64, 2)
	res := mustTrain(t, p, w, Config[float64]{Batch: 10, Estimator: SAGA, Optimizer: sgd[float64](0.005, 0),
		Stop: Stop{MaxEpochs: 300}, Record: true})
	if res.Iters != 300*11 {
		t.Errorf("%d steps, want 11 per epoch", res.Iters)
	}
	if e := relErr(t, w, ref); e > 1e-10 {
		t.Errorf("relative error %.3g", e)
	}
	if h := res.History; h.Epoch[10] != 0 || h.Epoch[11] != 1 {
		t.Errorf("epochs of steps 10 and 11: %d, %d", h.Epoch[10], h.Epoch[11])
	}
}

// The lookahead form evaluates the gradient at w + μv: its first step is plain gradient descent (v = 0), its
// second is taken from the point momentum leads to.
func TestLookaheadSteps(t *testing.T) {
	p, _ := synthetic[float64](t, 50, 2, 5)
	const lr, mu = 0.01, 0.9
	w := []float64{1, 1}
	res := mustTrain(t, p, w, Config[float64]{Batch: 50, Lookahead: &Lookahead{LR: lr, Momentum: mu},
		Stop: Stop{MaxIter: 2}, Record: true})
	grad := func(at []float64) []float64 {
		g := make([]float64, 2)
		if _, err := p.Gradient(MSE, g, at); err != nil {
			t.Fatal(err)
		}
		return g
	}
	w0 := []float64{1, 1}
	g0 := grad(w0)
	v1 := []float64{-lr * g0[0], -lr * g0[1]}
	w1 := []float64{w0[0] + v1[0], w0[1] + v1[1]}
	g1 := grad([]float64{w1[0] + mu*v1[0], w1[1] + mu*v1[1]})
	v2 := []float64{mu*v1[0] - lr*g1[0], mu*v1[1] - lr*g1[1]}
	w2 := []float64{w1[0] + v2[0], w1[1] + v2[1]}
	if e := relErr(t, res.History.Weights[0], w1); e > 1e-14 {
		t.Errorf("step 1: %v, want %v", res.History.Weights[0], w1)
	}
	if e := relErr(t, w, w2); e > 1e-14 {
		t.Errorf("step 2: %v, want %v", w, w2)
	}
}

func TestSameSeedSameBits(t *testing.T) {
	p, _ := synthetic[float32](t, 300, 3, 6)
	val, _ := synthetic[float32](t, 100, 3, 60)
	for _, est := range []Estimator{BatchGradient, SAG, SAGA} {
		cfg := Config[float32]{Batch: 7, Estimator: est, Optimizer: adam[float32](0.05), Seed: 99,
			Stop: Stop{MaxEpochs: 5}, Validation: val, Record: true}
		a, b := make([]float32, 3), make([]float32, 3)
		ra, rb := mustTrain(t, p, a, cfg), mustTrain(t, p, b, cfg)
		if !slices.Equal(a, b) || ra.Loss != rb.Loss || !slices.Equal(ra.History.Loss, rb.History.Loss) ||
			!slices.Equal(ra.History.Validation, rb.History.Validation) {
			t.Errorf("%v: two runs differ: %v %v", est, a, b)
		}
		cfg.Seed = 100
		c := make([]float32, 3)
		mustTrain(t, p, c, cfg)
		if slices.Equal(a, c) {
			t.Errorf("%v: seeds 99 and 100 give the same weights", est)
		}
	}
}

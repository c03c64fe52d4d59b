package train

import (
	"testing"

	"github.com/fastgrad/fastgrad/kernels"
	"github.com/fastgrad/fastgrad/optim"
)

// sgd is plain SGD (with momentum when mom > 0) at learning rate lr.
func sgd[F kernels.Float](lr, mom float64) Optimizer[F] {
	c := optim.DefaultSGD()
	c.LR, c.Momentum = lr, mom
	return Use(optim.NewSGD[F], c)
}

func adam[F kernels.Float](lr float64) Optimizer[F] {
	c := optim.DefaultAdam()
	c.LR = lr
	return Use(optim.NewAdam[F], c)
}

// synthetic returns the notebooks' data with weights (3, −2, 1, …) and its closed-form solution.
func synthetic[F kernels.Float](t testing.TB, rows, cols int, seed uint64) (*Problem[F], []float64) {
	t.Helper()
	w := make([]float64, cols)
	for j := range w {
		w[j] = []float64{3, -2, 1, 0.5}[j%4]
	}
	X, y, err := Synthetic[F](rows, cols, w, 1, seed)
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewProblem(X, y, cols)
	if err != nil {
		t.Fatal(err)
	}
	sol, err := SolveQR(p)
	if err != nil {
		t.Fatal(err)
	}
	return p, sol.W
}

func mustTrain[F kernels.Float](t testing.TB, p *Problem[F], w []F, cfg Config[F]) *Result[F] {
	t.Helper()
	res, err := Train(p, w, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func relErr[F kernels.Float](t testing.TB, w []F, ref []float64) float64 {
	t.Helper()
	c, err := Compare(w, ref)
	if err != nil {
		t.Fatal(err)
	}
	return c.RelErr
}

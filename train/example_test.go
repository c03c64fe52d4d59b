package train_test

import (
	"fmt"

	"github.com/fastgrad/fastgrad/optim"
	"github.com/fastgrad/fastgrad/train"
)

// Fit y = 2 + 3x by full-batch gradient descent with Adam, and compare with the closed form.
func ExampleTrain() {
	x := []float64{0, 1, 2, 3, 4}
	y := []float64{2, 5, 8, 11, 14}
	X, _ := train.Polynomial(x, 1) // columns 1, x
	p, _ := train.NewProblem(X, y, 2)
	adam := optim.DefaultAdam()
	adam.LR = 0.1
	w := make([]float64, 2)
	res, err := train.Train(p, w, train.Config[float64]{
		Batch:     p.Rows(), // full batch
		Optimizer: train.Use(optim.NewAdam[float64], adam),
		Stop:      train.Stop{MaxIter: 10000, GradTol: 1e-6},
	})
	if err != nil {
		panic(err)
	}
	sol, _ := train.SolveQR(p)
	fmt.Printf("w = (%.4f, %.4f), closed form (%.4f, %.4f), stopped by %v\n", w[0], w[1], sol.W[0], sol.W[1], res.Reason)
	// Output: w = (2.0000, 3.0000), closed form (2.0000, 3.0000), stopped by gradient below tolerance
}

// Tune Adam's learning rate by random search, each rate scored by 5-fold cross-validation of mini-batch training.
func ExampleRandomSearch() {
	X, y, _ := train.Synthetic[float32](1000, 2, []float64{3, -2}, 1, 1)
	p, _ := train.NewProblem(X, y, 2)
	eval, _ := train.CrossValidate(p, 5, 1, func(hp []float64, rows int) (train.Config[float32], error) {
		adam := optim.DefaultAdam()
		adam.LR = hp[0]
		return train.Config[float32]{Batch: 20, Optimizer: train.Use(optim.NewAdam[float32], adam),
			Stop: train.Stop{MaxEpochs: 5}}, nil
	})
	r, err := train.RandomSearch([]train.Dim{{Name: "lr", Lo: 1e-4, Hi: 1, Log: true}}, 20, 1, eval)
	if err != nil {
		panic(err)
	}
	best := r.Trials[r.Best]
	fmt.Printf("best of %d: lr %.2g, held-out MSE %.2f\n", len(r.Trials), best.Params[0], best.Score)
	// Output: best of 20: lr 0.11, held-out MSE 0.95
}

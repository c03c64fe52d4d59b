package gorgonia_test

import (
	"fmt"
	"log"

	fgsolver "github.com/fastgrad/fastgrad/adapters/gorgonia"
	"github.com/fastgrad/fastgrad/optim"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Fits w in y = w·x by least squares with Gorgonia's autodiff, updating w with fastgrad's Adam.
func Example() {
	g := G.NewGraph()
	xs := tensor.New(tensor.WithShape(4), tensor.WithBacking([]float64{1, 2, 3, 4}))
	ys := tensor.New(tensor.WithShape(4), tensor.WithBacking([]float64{3, 6, 9, 12}))
	x := G.NewVector(g, tensor.Float64, G.WithShape(4), G.WithName("x"), G.WithValue(xs))
	y := G.NewVector(g, tensor.Float64, G.WithShape(4), G.WithName("y"), G.WithValue(ys))
	w := G.NewVector(g, tensor.Float64, G.WithShape(1), G.WithName("w"), G.WithValue(tensor.New(tensor.WithShape(1), tensor.WithBacking([]float64{0}))))
	loss := G.Must(G.Mean(G.Must(G.Square(G.Must(G.Sub(G.Must(G.BroadcastHadamardProd(x, w, nil, []byte{0})), y))))))
	if _, err := G.Grad(loss, w); err != nil {
		log.Fatal(err)
	}
	vm := G.NewTapeMachine(g, G.BindDualValues(w))
	defer vm.Close()

	cfg := optim.DefaultAdam()
	cfg.LR = 0.1
	solver, err := fgsolver.NewAdam(cfg)
	if err != nil {
		log.Fatal(err)
	}
	for range 300 {
		if err := vm.RunAll(); err != nil {
			log.Fatal(err)
		}
		if err := solver.Step(G.NodesToValueGrads(G.Nodes{w})); err != nil {
			log.Fatal(err)
		}
		vm.Reset()
	}
	fmt.Printf("w = %.3f\n", w.Value().Data().([]float64)[0])
	// Output: w = 3.000
}

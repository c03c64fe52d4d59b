package kernels_test

import (
	"fmt"

	"github.com/fastgrad/fastgrad/kernels"
)

// Adam minimises Σ(wᵢ − ¼)² from w = 0, calling the kernel directly: the README's first example.
func ExampleAdam() {
	const steps = 2000
	w, g := make([]float32, 4), make([]float32, 4)
	m, v := make([]float32, 4), make([]float32, 4)

	h := kernels.AdamHyper{LR: 1e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8}
	for t := 1; t <= steps; t++ {
		computeGrad(w, g)
		s := h.Step(t)                    // per-step scalars, computed once in float64
		kernels.Adam(&s, w, g, m, v, nil) // w, m, v updated in place; float32 or float64
	}
	fmt.Printf("%.3f\n", w)
	// Output: [0.250 0.250 0.250 0.250]
}

// computeGrad sets g to the gradient of Σ(wᵢ − ¼)².
func computeGrad(w, g []float32) {
	for i := range w {
		g[i] = 2 * (w[i] - 0.25)
	}
}

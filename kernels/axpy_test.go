package kernels

import "testing"

func TestAxpy(t *testing.T) {
	t.Run("f32", testAxpy[float32])
	t.Run("f64", testAxpy[float64])
}

func testAxpy[F Float](t *testing.T) {
	y := []F{10, 20, 30}
	Axpy(2, []F{1, -2, 3}, y)
	checkSame(t, "y", y, []F{12, 16, 36})
	Axpy(3, y[:2], y[:2]) // x is y: y[i] += 3·y[i]
	checkSame(t, "y (x is y)", y, []F{48, 64, 36})
	Axpy(2, nil, y[:0])

	// The product is rounded before the sum, so no fused multiply-add may change these bits.
	p, minus, plus := fmaProbe[F]()
	y = []F{-1, 1}
	Axpy(p, []F{p, p}, y)
	checkSame(t, "y (probe)", y, []F{minus, plus})

	// Every special alpha, x and y, against the float64 computation rounded to F after each operation (for
	// float32 that is the correctly rounded float32 product and sum: float64 has more than 2·24+2 bits).
	sp := specialValues[F]()
	x := make([]F, len(sp))
	for _, alpha := range sp {
		for _, yv := range sp {
			y = filled(len(sp), yv)
			copy(x, sp)
			Axpy(alpha, x, y)
			for i, xi := range sp {
				want := F(float64(yv) + float64(F(float64(alpha)*float64(xi))))
				if !sameFloat(y[i], want) {
					t.Fatalf("Axpy(%v) of x=%v into y=%v gives %v, want %v", alpha, xi, yv, y[i], want)
				}
			}
		}
	}
	if a := testing.AllocsPerRun(10, func() { Axpy(0.5, x, y) }); a != 0 {
		t.Errorf("Axpy: %v allocations", a)
	}
}

func TestAxpyPanics(t *testing.T) {
	panicsWith(t, func() { Axpy(1, make([]float32, 2), make([]float32, 3)) }, "Axpy:", "len(x)=2", "len(y)=3")
	panicsWith(t, func() { Axpy(1, make([]float64, 4), make([]float64, 3)) }, "Axpy:", "len(x)=4", "len(y)=3")
}

package train

import (
	"math"
	"slices"
	"testing"
)

func TestPolynomial(t *testing.T) {
	X, err := Polynomial([]float64{2, -3}, 3)
	if err != nil {
		t.Fatal(err)
	}
	if want := []float64{1, 2, 4, 8, 1, -3, 9, -27}; !slices.Equal(X, want) {
		t.Errorf("got %v, want %v", X, want)
	}
	if _, err := Polynomial([]float64{1}, -1); err == nil {
		t.Error("degree −1 accepted")
	}
}

func TestAddBiasAndScaleColumns(t *testing.T) {
	X, err := AddBias([]float32{1, 2, 3, 4}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if want := []float32{1, 1, 2, 1, 3, 4}; !slices.Equal(X, want) {
		t.Errorf("AddBias: %v, want %v", X, want)
	}
	if err := ScaleColumns(X, 3, []float64{1, 1, 1e-6}); err != nil {
		t.Fatal(err)
	}
	if want := []float32{1, 1, 2e-6, 1, 3, 4e-6}; !slices.Equal(X, want) {
		t.Errorf("ScaleColumns: %v, want %v", X, want)
	}
	for _, bad := range []error{
		ScaleColumns(X, 3, []float64{1, 1}),
		ScaleColumns(X, 3, []float64{1, math.NaN(), 1}),
		ScaleColumns(X, 4, []float64{1, 1, 1, 1}),
	} {
		if bad == nil {
			t.Error("bad ScaleColumns accepted")
		}
	}
	if _, err := AddBias([]float32{1, 2, 3}, 2); err == nil {
		t.Error("AddBias of a partial row accepted")
	}
}

// Scaling the features changes the weights but not the fit: the weights learned on scaled features, mapped back,
// are the closed form on the original ones.
func TestScalerRoundTrip(t *testing.T) {
	x := make([]float64, 40)
	y := make([]float64, 40)
	for i := range x {
		x[i] = float64(i)/4 - 3
		y[i] = 1.5 - 2*x[i] + 0.25*x[i]*x[i] + 0.1*math.Sin(float64(7*i))
	}
	X, _ := Polynomial(x, 2)
	if err := ScaleColumns(X, 3, []float64{1, 1, 1e-6}); err != nil {
		t.Fatal(err)
	}
	raw, _ := NewProblem(X, y, 3)
	want, err := SolveSVD(raw, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range []Scaling{Standardize, MinMax} {
		s, err := FitScaler(X, 3, kind)
		if err != nil {
			t.Fatal(err)
		}
		if s.Intercept != 0 || s.Scale[0] != 1 || s.Shift[0] != 0 {
			t.Errorf("%d: the bias column was scaled: %+v", kind, s)
		}
		Z, err := s.Transform(X)
		if err != nil {
			t.Fatal(err)
		}
		for j := 1; j < 3; j++ {
			col := []float64{}
			for i := range 40 {
				col = append(col, Z[i*3+j])
			}
			lo, hi := slices.Min(col), slices.Max(col)
			if kind == MinMax && (math.Abs(lo) > 1e-12 || math.Abs(hi-1) > 1e-12) {
				t.Errorf("min-max column %d spans [%v, %v]", j, lo, hi)
			}
		}
		scaled, _ := NewProblem(Z, y, 3)
		sol, err := SolveQR(scaled)
		if err != nil {
			t.Fatal(err)
		}
		orig, err := s.Weights(sol.W)
		if err != nil {
			t.Fatal(err)
		}
		for j := range orig {
			if math.Abs(orig[j]-want.W[j]) > 1e-8*math.Abs(want.W[j]) {
				t.Errorf("%d: weight %d is %v in original units, want %v", kind, j, orig[j], want.W[j])
			}
		}
		if sol.Cond > want.Cond/1e4 {
			t.Errorf("%d: scaling left the condition number at %.3g (from %.3g)", kind, sol.Cond, want.Cond)
		}
	}
	noBias, err := FitScaler([]float64{1, 2, 3, 5}, 2, Standardize)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := noBias.Weights([]float64{1, 1}); err == nil {
		t.Error("shifted features without a bias column mapped back")
	}
	if _, err := FitScaler(X, 3, Scaling(0)); err == nil {
		t.Error("scaling 0 accepted")
	}
}

package train

import (
	"testing"

	"github.com/fastgrad/fastgrad/kernels"
)

func gradientAt[F kernels.Float](t *testing.T, p *Problem[F], obj Objective, w []F) []float64 {
	t.Helper()
	g := make([]F, p.Cols())
	if _, err := p.Gradient(obj, g, w); err != nil {
		t.Fatal(err)
	}
	out := make([]float64, len(g))
	for j, v := range g {
		out[j] = float64(v)
	}
	return out
}

// The estimators against their definitions: with the table just filled at w, both estimate the full gradient at
// w; SAGA's estimate is unbiased anywhere, SAG's once every sample has been revisited.
func TestSAGEstimates(t *testing.T) {
	full, _ := synthetic[float64](t, 40, 3, 18)
	sub, _ := full.Subset([]int{3, 17, 5, 30, 22, 9, 11, 38, 0, 27})
	for _, p := range []*Problem[float64]{full, sub} {
		for _, obj := range []Objective{MSE, SSE} {
			w0 := []float64{0.5, -1, 2}
			w1 := []float64{1, 0.25, -0.5}
			n := p.Rows()
			rows := make([]int, n)
			for i := range rows {
				rows[i] = p.rowIndex(i)
			}
			g := make([]float64, 3)
			for _, unbias := range []bool{false, true} {
				e := newSAG(p, obj, unbias)
				e.estimate(g, w0, rows[:2])
				if rel := relErr(t, g, gradientAt(t, p, obj, w0)); rel > 1e-13 {
					t.Errorf("unbias=%v, %v: the first estimate is %.3g from the gradient", unbias, obj, rel)
				}
			}
			// SAGA: the mean of the estimates from every single-sample batch at w1, each from the table of w0.
			mean := make([]float64, 3)
			for _, i := range rows {
				e := newSAG(p, obj, true)
				e.fill(w0)
				e.estimate(g, w1, []int{i})
				for j := range mean {
					mean[j] += g[j] / float64(n)
				}
			}
			if rel := relErr(t, mean, gradientAt(t, p, obj, w1)); rel > 1e-12 {
				t.Errorf("%v: SAGA's mean estimate is %.3g from the gradient", obj, rel)
			}
			// SAG: after a pass over every sample at w1, the table is all fresh.
			e := newSAG(p, obj, false)
			e.fill(w0)
			for k := 0; k < n; k += 3 {
				e.estimate(g, w1, rows[k:min(k+3, n)])
			}
			if rel := relErr(t, g, gradientAt(t, p, obj, w1)); rel > 1e-12 {
				t.Errorf("%v: SAG after a pass is %.3g from the gradient", obj, rel)
			}
			if len(e.table) != 40 || len(e.sum) != 3 {
				t.Errorf("state of %d residuals and %d sums", len(e.table), len(e.sum))
			}
		}
	}
}

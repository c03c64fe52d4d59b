package train

import "testing"

func TestQuadratic(t *testing.T) {
	p, ref := synthetic[float64](t, 200, 3, 17)
	sub, _ := p.Subset([]int{5, 9, 1, 150, 77, 3, 42, 8})
	for _, prob := range []*Problem[float64]{p, sub} {
		for _, obj := range []Objective{MSE, SSE} {
			q, err := NewQuadratic(prob, obj)
			if err != nil {
				t.Fatal(err)
			}
			w := []float64{1, -0.5, 2}
			got, _ := q.Loss(w)
			want, _ := prob.Loss(obj, w)
			if !near(got, want, 1e-12) {
				t.Errorf("%v: Loss %v, the fused pass %v", obj, got, want)
			}
			if prob != p {
				continue
			}
			ex, _ := q.Excess(w, ref)
			atRef, _ := prob.Loss(obj, ref)
			if !near(ex, want-atRef, 1e-10) {
				t.Errorf("%v: Excess %v, difference of losses %v", obj, ex, want-atRef)
			}
			// Tiny excesses stay positive and proportional to the squared distance.
			w2 := []float64{ref[0] + 1e-9, ref[1], ref[2]}
			w3 := []float64{ref[0] + 2e-9, ref[1], ref[2]}
			e2, _ := q.Excess(w2, ref)
			e3, _ := q.Excess(w3, ref)
			if !(e2 > 0) || !near(e3/e2, 4, 1e-9) {
				t.Errorf("%v: excesses %v and %v at 1e-9 and 2e-9", obj, e2, e3)
			}
		}
	}
	q, _ := NewQuadratic(p, MSE)
	if _, err := q.Loss([]float64{1}); err == nil {
		t.Error("short w accepted")
	}
	if _, err := q.Excess([]float64{1, 2, 3}, []float64{1}); err == nil {
		t.Error("short ref accepted")
	}
	if _, err := NewQuadratic(p, Objective(3)); err == nil {
		t.Error("bad objective accepted")
	}
}

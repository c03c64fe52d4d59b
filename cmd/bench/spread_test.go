package main

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/fastgrad/fastgrad/bench"
)

func TestSpreadPct(t *testing.T) {
	for _, c := range []struct {
		runs []float64
		want float64
	}{
		{[]float64{100, 100, 100, 100, 100}, 0},
		{[]float64{90, 100, 110, 95, 105}, 10},           // quartiles 95 and 105 of a median of 100
		{[]float64{100, 300, 101, 99, 102}, 200.0 / 101}, // one slow round does not widen the middle half
		{[]float64{80, 120}, 20},                         // quartiles 90 and 110
		{[]float64{100, 150, 200, 100, 125}, 40},         // quartiles 100 and 150 of 125
		{[]float64{42}, 0},
		{nil, 0},
	} {
		if got := spreadPct(c.runs); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("spreadPct(%v) = %v, want %v", c.runs, got, c.want)
		}
	}
	if (result{Runs: []float64{90, 100, 110, 95, 105}}).noisy() || !(result{Runs: []float64{89, 100, 110, 94, 106}}).noisy() {
		t.Error("noisy: a spread of exactly 10% is not noisy, one of 12% is")
	}
	for pct, want := range map[float64]string{0: "0%", 3.4: "4%", 10: "10%", 10.01: "11%!", 250: "250%!"} {
		if got := spreadText(pct, 5); got != want {
			t.Errorf("spreadText(%v) = %q, want %q", pct, got, want)
		}
	}
	if got := spreadText(0, 1); got != "–" {
		t.Errorf("spreadText with one round = %q, want –", got)
	}
}

// fakeResult returns a result of kernel k at size n on impl with the given rounds.
func fakeResult(k, typ string, n int, impl string, runs ...float64) result {
	return result{Case: bench.Case{Kernel: k, Type: typ, Size: fmt.Sprint("n=", n), N: n, Impl: impl}, Runs: runs}
}

func TestSummaries(t *testing.T) {
	results := []result{
		// Two sizes of float32: avx512 is 4 and 9 times the reference (geometric mean 6), avx2 2 and 2.
		fakeResult("Adam", "f32", 1, "avx512", 10, 10, 10),
		fakeResult("Adam", "f32", 1, "avx2", 20, 20, 20),
		fakeResult("Adam", "f32", 1, "generic", 40, 40, 40),
		fakeResult("Adam", "f32", 1, "naive", 80, 80, 80),
		fakeResult("Adam", "f32", 2, "avx512", 10, 10, 10),
		fakeResult("Adam", "f32", 2, "avx2", 45, 45, 45),
		fakeResult("Adam", "f32", 2, "generic", 90, 90, 90),
		fakeResult("Adam", "f32", 2, "naive", 20, 20, 20),
		// A stored type against the reference only: 6 times, so the mean over three groups stays 6.
		fakeResult("Adam", "bf16", 1, "avx512", 10, 10, 10),
		fakeResult("Adam", "bf16", 1, "avx2", 10, 10, 10),
		fakeResult("Adam", "bf16", 1, "generic", 60, 60, 60),
		// Dot: rounds that spread. Round by round the ratios are 2, 4 and 3; the medians' ratio is 3.
		fakeResult("Dot", "f32", 1, "avx512", 10, 10, 10),
		fakeResult("Dot", "f32", 1, "generic", 20, 40, 30),
		fakeResult("Dot", "f32", 1, "gonum", 15, 15, 15),
		// A kernel with no path beside the reference has no summary.
		fakeResult("MaxAbs", "q8state", 1, "avx512", 1, 1, 1),
	}
	ss := summaries(results)
	if len(ss) != 2 {
		t.Fatalf("%d summaries, want Adam's and Dot's: %+v", len(ss), ss)
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	adam := ss[0]
	if adam.kernel != "Adam" || adam.path != "avx512" || !near(adam.vs[0].times, 6) || adam.vs[0].groups != 3 ||
		adam.vs[0].spreadPct != 0 || !near(adam.vs[1].times, 4) || adam.vs[1].groups != 2 || adam.vs[2].groups != 0 {
		t.Errorf("Adam: %+v", adam)
	}
	dot := ss[1]
	// Per round 2, 4, 3: quartiles 2.5 and 3.5 of a median of 3.
	if dot.path != "avx512" || !near(dot.vs[0].times, 3) || !near(dot.vs[0].spreadPct, 100.0/3) || !near(dot.vs[2].times, 1.5) {
		t.Errorf("Dot: %+v", dot)
	}
	r := &report{opts: &options{budget: bench.Budget{Rounds: 3}}, results: results}
	rows := r.summaryRows()
	if len(rows) != 3 || strings.Join(rows[1], "|") != "Adam|avx512|6.00 ±0%|4.00 ±0%|–|2 sizes × 2 dtypes" ||
		strings.Join(rows[2], "|") != "Dot|avx512|3.00 ±34%!|–|1.50 ±0%|1 size × 1 dtype" {
		t.Errorf("summary rows %q", rows)
	}
}

package plotstyle

import (
	"strings"
	"testing"
)

func labels(lt LogTicks, lo, hi float64) string {
	var ls []string
	for _, tk := range lt.Ticks(lo, hi) {
		if tk.Label != "" {
			ls = append(ls, tk.Label)
		}
	}
	return strings.Join(ls, " ")
}

// Each range gets the coarsest labels that reach MinLabels: powers of ten, then 1-2-5, then digits, then the ends.
func TestLogTicksLabels(t *testing.T) {
	for _, c := range []struct {
		min    int
		lo, hi float64
		want   string
	}{
		{2, 3e-6, 2000, "1e-05 0.0001 0.001 0.01 0.1 1 10 100 1000"},
		{2, 0.5, 50, "1 10"},
		{3, 0.5, 50, "0.5 1 2 5 10 20 50"},
		{2, 2.07, 20.1, "5 10 20"},
		{2, 0.03, 0.9, "0.05 0.1 0.2 0.5"},
		{2, 2.1, 4.5, "3 4"},
		{3, 2.1, 4.5, "3 4"},
		{2, 2.1, 2.9, "2.1 2.9"},
		{2, 1.5e-7, 9e-7, "2e-07 5e-07"},
		{3, 1e4, 3e6, "1e+04 1e+05 1e+06"},
		{3, 1e4, 3e5, "1e+04 2e+04 5e+04 1e+05 2e+05"},
		{2, 1e-30, 1e30, "1e-30 1e-23 1e-16 1e-09 0.01 1e+05 1e+12 1e+19 1e+26"},
	} {
		if got := labels(LogTicks{MinLabels: c.min}, c.lo, c.hi); got != c.want {
			t.Errorf("MinLabels %d over [%v, %v]: labels %q, want %q", c.min, c.lo, c.hi, got, c.want)
		}
	}
}

// Up to ten decades the digits between powers get unlabelled ticks; over more, only the powers are marked.
func TestLogTicksMinor(t *testing.T) {
	if n := len((LogTicks{}).Ticks(1, 1000)); n != 28 {
		t.Errorf("%d ticks over 3 decades, want 28", n)
	}
	if n := len((LogTicks{}).Ticks(1e-30, 1e30)); n != 61 {
		t.Errorf("%d ticks over 60 decades, want 61", n)
	}
	for _, r := range [][2]float64{{0, 1}, {-1, 1}, {2, 2}, {3, 1}} {
		if ts := (LogTicks{}).Ticks(r[0], r[1]); ts != nil {
			t.Errorf("[%v, %v]: %v, want none", r[0], r[1], ts)
		}
	}
}

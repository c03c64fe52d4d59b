package plots

import (
	"math"
	"strconv"

	"gonum.org/v1/plot"
)

// logTicks marks a log axis so that every range gets at least two labels: each power of ten over two decades
// or more (every few over more than ten), 1, 2 and 5 times each power over less, and every digit times a power
// when even 1-2-5 labels fewer than two. Labels read 0.01, 0.1, 1, 10, 100 near 1 and 1e-05, 2e+06 beyond
// (plot.LogTicks prints what Pow returns, such as 9.999999999999999e-05).
type logTicks struct{}

// Ticks implements plot.Ticker.
func (logTicks) Ticks(lo, hi float64) []plot.Tick {
	// Log10 of a power of ten can miss the integer by an ulp.
	first, last := int(math.Floor(math.Log10(lo)+1e-9)), int(math.Floor(math.Log10(hi)+1e-9))
	if last-first >= 2 {
		return decadeTicks(lo, hi, first, last)
	}
	for _, labelled := range [][]int{{1, 2, 5}, {1, 2, 3, 4, 5, 6, 7, 8, 9}} {
		var ticks []plot.Tick
		n := 0
		for e := first; e <= last; e++ {
			for m := 1; m <= 9; m++ {
				v := float64(m) * math.Pow(10, float64(e))
				if v < lo*(1-1e-9) || v > hi*(1+1e-9) {
					continue
				}
				t := plot.Tick{Value: v}
				for _, l := range labelled {
					if m == l {
						t.Label = tickLabel(v, e)
						n++
					}
				}
				ticks = append(ticks, t)
			}
		}
		if n >= 2 {
			return ticks
		}
	}
	// Less than one step between digits: label the ends.
	return []plot.Tick{{Value: lo, Label: strconv.FormatFloat(lo, 'g', 3, 64)}, {Value: hi, Label: strconv.FormatFloat(hi, 'g', 3, 64)}}
}

// decadeTicks marks the powers of ten from 10^first to 10^last over [lo, hi], labelling at most about ten.
func decadeTicks(lo, hi float64, first, last int) []plot.Tick {
	if math.Pow(10, float64(first)) < lo*(1-1e-9) {
		first++
	}
	step := (last-first)/10 + 1
	var ticks []plot.Tick
	for e := first; e <= last; e++ {
		t := plot.Tick{Value: math.Pow(10, float64(e))}
		if (e-first)%step == 0 {
			t.Label = tickLabel(t.Value, e)
		}
		ticks = append(ticks, t)
	}
	return ticks
}

// tickLabel formats v, a digit times 10^e, in one significant digit: in plain decimals from 0.01 to 9000, in
// exponent form beyond.
func tickLabel(v float64, e int) string {
	s := strconv.FormatFloat(v, 'g', 1, 64)
	if e >= -2 && e <= 3 {
		r, _ := strconv.ParseFloat(s, 64)
		s = strconv.FormatFloat(r, 'f', -1, 64)
	}
	return s
}

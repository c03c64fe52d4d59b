package plotstyle

import (
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
)

// LogTicks marks a log axis with the coarsest labels that number at least MinLabels (2 when MinLabels is less):
// the powers of ten (thinned to about ten labels over more than ten decades), else 1, 2 and 5 times each power,
// else every digit times a power if that labels two, else just the two ends. Up to ten decades, unlabelled ticks
// mark the digits between. Labels read 0.01, 0.1, 1, 10, 100, 1000 near 1 and 1e-05, 2e+06 beyond, never an
// artefact of rounding such as 9.999999999999999e-05.
type LogTicks struct {
	MinLabels int
}

// Ticks implements plot.Ticker.
func (lt LogTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(lo > 0 && hi > lo) {
		return nil
	}
	least := max(lt.MinLabels, 2)
	// Log10 of a power of ten can miss the integer by an ulp.
	first, last := int(math.Floor(math.Log10(lo)+1e-9)), int(math.Floor(math.Log10(hi)+1e-9))
	step := (last-first)/10 + 1
	for _, labelled := range [][]int{{1}, {1, 2, 5}, {1, 2, 3, 4, 5, 6, 7, 8, 9}} {
		var ticks []plot.Tick
		n := 0
		for e := first; e <= last; e++ {
			for d := 1; d <= 9; d++ {
				if d > 1 && step > 1 {
					break
				}
				v := digitPower(d, e)
				if v < lo*(1-1e-9) || v > hi*(1+1e-9) {
					continue
				}
				t := plot.Tick{Value: v}
				if slices.Contains(labelled, d) && (d > 1 || (e-first)%step == 0) {
					t.Label = tickLabel(v, e)
					n++
				}
				ticks = append(ticks, t)
			}
		}
		if n >= least || (len(labelled) == 9 && n >= 2) {
			return ticks
		}
	}
	return []plot.Tick{{Value: lo, Label: strconv.FormatFloat(lo, 'g', 3, 64)}, {Value: hi, Label: strconv.FormatFloat(hi, 'g', 3, 64)}}
}

// digitPower is d·10^e, the float64 nearest the decimal, which d·math.Pow(10, e) can miss by an ulp.
func digitPower(d, e int) float64 {
	v, _ := strconv.ParseFloat(strconv.Itoa(d)+"e"+strconv.Itoa(e), 64)
	return v
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

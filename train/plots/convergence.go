package plots

import (
	"fmt"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
)

// Curve is one line of a convergence plot: Values[k] is the value at iteration k·Every (every iteration when Every
// is 0 or 1), so that a long run can be drawn from a sample of its iterations.
type Curve struct {
	Name   string    // for the legend
	Values []float64 // Values[k] at iteration k·Every
	Every  int       // iterations between values; 0 means 1
}

// Convergence draws the curves against the iteration, on a log scale, one color per curve, and writes the figure
// to path. Values that are not positive and finite have no place on a log axis and are left out (a curve that
// reaches its minimum exactly, or diverges, stops there); it is an error if no curve has any value left.
func Convergence(path, title, ylabel string, curves []Curve) error {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "iteration"
	p.Y.Label.Text = ylabel
	p.Y.Scale = plot.LogScale{}
	p.Y.Tick.Marker = decades{}
	p.Add(plotter.NewGrid())
	drawn := 0
	for i, c := range curves {
		var xys plotter.XYs
		every := max(c.Every, 1)
		for k, v := range c.Values {
			if v > 0 && !math.IsInf(v, 1) {
				xys = append(xys, plotter.XY{X: float64(k * every), Y: v})
			}
		}
		if len(xys) == 0 {
			continue
		}
		l, err := plotter.NewLine(xys)
		if err != nil {
			return fmt.Errorf("plots: Convergence: %s: %w", c.Name, err)
		}
		l.Color = plotutil.Color(i)
		l.Width = 1.5
		p.Add(l)
		p.Legend.Add(c.Name, l)
		drawn++
	}
	if drawn == 0 {
		return fmt.Errorf("plots: Convergence: no curve has a positive finite value")
	}
	p.Legend.Top = true
	return save(p, path)
}

// decades marks a log axis at its powers of ten, labelled 0.01, 0.1, 1, 10, 100 near 1 and 1e-5, 1e+06 beyond
// (plot.LogTicks prints what Pow returns, such as 9.999999999999999e-05).
type decades struct{}

// Ticks implements plot.Ticker.
func (decades) Ticks(lo, hi float64) []plot.Tick {
	// Log10 of a power of ten can miss the integer by an ulp.
	first, last := int(math.Ceil(math.Log10(lo)-1e-9)), int(math.Floor(math.Log10(hi)+1e-9))
	if last-first < 1 {
		return plot.LogTicks{Prec: 2}.Ticks(lo, hi)
	}
	step := (last-first)/10 + 1
	var ticks []plot.Tick
	for e := first; e <= last; e++ {
		t := plot.Tick{Value: math.Pow(10, float64(e))}
		if (e-first)%step == 0 {
			t.Label = strconv.FormatFloat(t.Value, 'g', 1, 64)
			if e >= -2 && e <= 3 {
				t.Label = strconv.FormatFloat(t.Value, 'f', -1, 64)
			}
		}
		ticks = append(ticks, t)
	}
	return ticks
}

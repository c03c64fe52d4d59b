package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
)

// Curve is one line of a convergence plot: a value per iteration, from iteration 0.
type Curve struct {
	Name   string
	Values []float64
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
	p.Y.Tick.Marker = plot.LogTicks{Prec: -1}
	p.Add(plotter.NewGrid())
	drawn := 0
	for i, c := range curves {
		var xys plotter.XYs
		for t, v := range c.Values {
			if v > 0 && !math.IsInf(v, 1) {
				xys = append(xys, plotter.XY{X: float64(t), Y: v})
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

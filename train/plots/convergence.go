package plots

import (
	"fmt"
	"math"

	"github.com/fastgrad/fastgrad/internal/plotstyle"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// Curve is one line of a convergence plot: Values[k] is the value at iteration k·Every (every iteration when Every
// is 0 or 1), so that a long run can be drawn from a sample of its iterations.
type Curve struct {
	Name   string    // for the legend
	Values []float64 // Values[k] at iteration k·Every
	Every  int       // iterations between values; 0 means 1
	// Smooth, when positive, draws the values faintly and over them their running mean (see runningMean) over up
	// to 2·Smooth+1 of them: the trend of a noisy run, such as a mini-batch one, that six raw curves would bury.
	Smooth int
}

// markers is the number of glyphs along each curve: enough to follow a line through a crossing, too few to hide it.
const markers = 8

// Convergence draws the curves against the iteration, on a log scale, each in a color, dash pattern and glyph of
// its own, and writes the figure to path, the legend to the right of the data and notes, if any, under them one
// to a line. Values that are not positive and finite have no place on a log axis and are left out (a curve that
// reaches its minimum exactly, or diverges, stops there); it is an error if no curve has any value left. The first
// curve is drawn last, on top: a table's first row is usually the reference run.
func Convergence(path, title, ylabel string, curves []Curve, notes ...string) error {
	f := newFigure(title)
	f.notes = append(f.notes, notes...)
	p := f.p
	p.X.Label.Text = "iteration"
	f.yLabel = ylabel
	p.Y.Scale = plot.LogScale{}
	p.Y.Tick.Marker = plotstyle.LogTicks{MinLabels: 2}
	p.Add(plotter.NewGrid())
	kept := make([]plotter.XYs, len(curves))
	for i, c := range curves {
		every := max(c.Every, 1)
		for k, v := range c.Values {
			if v > 0 && !math.IsInf(v, 1) {
				kept[i] = append(kept[i], plotter.XY{X: float64(k * every), Y: v})
			}
		}
	}
	// The raw values of every smoothed curve go under all the lines.
	for i := len(curves) - 1; i >= 0; i-- {
		if curves[i].Smooth > 0 && len(kept[i]) > 0 {
			raw, err := plotter.NewLine(kept[i])
			if err != nil {
				return fmt.Errorf("plots: Convergence: %s: %w", curves[i].Name, err)
			}
			c, _, _ := seriesStyle(i)
			raw.Color, raw.Width = faint(c), vg.Points(0.6)
			f.add(raw)
		}
	}
	lines := make([]*plotter.Line, len(curves))
	marks := make([]*plotter.Scatter, len(curves))
	for i := len(curves) - 1; i >= 0; i-- {
		xys := kept[i]
		if len(xys) == 0 {
			continue
		}
		if curves[i].Smooth > 0 {
			xys = runningMean(xys, curves[i].Smooth)
		}
		l, err := plotter.NewLine(xys)
		if err != nil {
			return fmt.Errorf("plots: Convergence: %s: %w", curves[i].Name, err)
		}
		_, l.LineStyle, _ = seriesStyle(i)
		m, err := plotter.NewScatter(spread(xys, i, len(curves)))
		if err != nil {
			return err
		}
		_, _, m.GlyphStyle = seriesStyle(i)
		f.add(l, m)
		lines[i], marks[i] = l, m
	}
	drawn, smooth := 0, 0
	for i, c := range curves {
		if lines[i] == nil {
			continue
		}
		f.legend.Add(c.Name, lines[i], marks[i])
		drawn++
		smooth = max(smooth, c.Smooth)
	}
	if drawn == 0 {
		return fmt.Errorf("plots: Convergence: no curve has a positive finite value")
	}
	if smooth > 0 {
		f.notes = append([]string{fmt.Sprintf("Faint: every value drawn; bold: their running mean over up to %d of them, centered.", 2*smooth+1)}, f.notes...)
	}
	return save(f, path)
}

// runningMean returns the running mean of the points' values: point k gets the mean of the values from k−h to
// k+h', h the smaller of window and k/4, h' the smaller of h and the points left after k. Centered, it does not lag
// the curve; it narrows towards the start, where a descent falls by decades in a few steps that a full window would
// smear, and keeps its past at the end, where a window of one point would end the mean on a last noisy value. The
// sums are taken afresh in order for every point: the same bits on every run.
func runningMean(xys plotter.XYs, window int) plotter.XYs {
	out := make(plotter.XYs, len(xys))
	for k := range xys {
		h := min(window, k/4)
		hi := min(k+h, len(xys)-1)
		var sum float64
		for j := k - h; j <= hi; j++ {
			sum += xys[j].Y
		}
		out[k] = plotter.XY{X: xys[k].X, Y: sum / float64(hi-k+h+1)}
	}
	return out
}

// spread returns the points of curve i of n where its glyphs go: markers of them, evenly spaced, each curve's
// shifted by a fraction of the spacing so that the glyphs of curves that overlap fall side by side.
func spread(xys plotter.XYs, i, n int) plotter.XYs {
	var out plotter.XYs
	gap := len(xys) / markers
	if gap == 0 {
		return append(out, xys...)
	}
	for k := gap * i / n; k < len(xys); k += gap {
		out = append(out, xys[k])
	}
	return out
}

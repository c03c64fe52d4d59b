package plots

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Path is a trajectory in the plane of a surface: an optimizer's two weights, step by step.
type Path struct {
	Name string    // for the legend; none if empty
	X, Y []float64 // the points, in order
	// Step and Loss, when not nil, are each point's step number and loss, which an animation shows frame by
	// frame; without Step, point k is step k.
	Step []int
	Loss []float64
}

// levels is the number of contour lines.
const levels = 16

// Contour draws the surface's contour lines and each path over them, from a ring at its start to a dot at its
// end, each path in a color and dash pattern of its own, and writes the figure to path with the legend to the
// right of the surface. The axes show the surface's rectangle: a path that leaves it is cut at its edge. The
// levels are spaced geometrically when the surface is positive, as a loss is, so that the narrow valley around
// the minimum gets as many lines as the steep walls.
func Contour(path, title string, s *Surface, paths []Path) error {
	f, err := contourPlot(title, s)
	if err != nil {
		return err
	}
	// The first path is drawn last, on top: a table's first row is usually the reference run.
	lines := make([]*plotter.Line, len(paths))
	for i := len(paths) - 1; i >= 0; i-- {
		if lines[i], err = addPath(f, paths[i], i, len(paths[i].X)); err != nil {
			return err
		}
	}
	for i, l := range lines {
		if paths[i].Name != "" {
			f.legend.Add(paths[i].Name, l)
		}
	}
	frame(f.p, s)
	return save(f, path)
}

// contourPlot returns the plot of the surface alone.
func contourPlot(title string, s *Surface) (*figure, error) {
	lo, hi, err := s.validate()
	if err != nil {
		return nil, err
	}
	lv := make([]float64, levels)
	for k := range lv {
		f := (float64(k) + 0.5) / levels
		if lo > 0 {
			lv[k] = lo * math.Pow(hi/lo, f)
		} else {
			lv[k] = lo + (hi-lo)*f
		}
	}
	f := newFigure(title)
	f.p.X.Label.Text, f.p.Y.Label.Text = s.XLabel, s.YLabel
	f.add(plotter.NewContour(grid{s}, lv, greys))
	return f, nil
}

// frame fixes the axes to the surface's rectangle, which adding a path that leaves it has widened.
func frame(p *plot.Plot, s *Surface) {
	p.X.Min, p.X.Max = s.X[0], s.X[len(s.X)-1]
	p.Y.Min, p.Y.Max = s.Y[0], s.Y[len(s.Y)-1]
}

// addPath draws the first n points of tr in series i's style and returns its line, for the legend.
func addPath(f *figure, tr Path, i, n int) (*plotter.Line, error) {
	if len(tr.X) != len(tr.Y) || len(tr.X) == 0 {
		return nil, fmt.Errorf("plots: path %q has %d x and %d y", tr.Name, len(tr.X), len(tr.Y))
	}
	xys := make(plotter.XYs, n)
	for k := range xys {
		xys[k] = plotter.XY{X: tr.X[k], Y: tr.Y[k]}
	}
	line, err := plotter.NewLine(xys)
	if err != nil {
		return nil, fmt.Errorf("plots: path %q: %w", tr.Name, err)
	}
	_, line.LineStyle, _ = seriesStyle(i)
	ends, err := plotter.NewScatter(plotter.XYs{xys[0]})
	if err != nil {
		return nil, err
	}
	ends.GlyphStyle = draw.GlyphStyle{Color: line.Color, Radius: vg.Points(3), Shape: draw.RingGlyph{}}
	last, err := plotter.NewScatter(plotter.XYs{xys[n-1]})
	if err != nil {
		return nil, err
	}
	last.GlyphStyle = draw.GlyphStyle{Color: line.Color, Radius: vg.Points(3), Shape: draw.CircleGlyph{}}
	f.add(line, ends, last)
	return line, nil
}

// greys colors the contour lines from dark grey at the lowest level to pale at the highest: colorless, so that
// the paths, in the Okabe–Ito colors, stand out over them whatever their hue.
var greys = shades(levels)

// shades is a palette.Palette of n greys.
type shades int

// Colors implements palette.Palette.
func (n shades) Colors() []color.Color {
	c := make([]color.Color, n)
	for k := range c {
		f := float64(k) / float64(max(int(n)-1, 1))
		c[k] = color.Gray{Y: uint8(90 + 130*f)}
	}
	return c
}

package plots

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Path is a trajectory in the plane of a surface: an optimizer's two weights, step by step.
type Path struct {
	Name string    // for the legend; none if empty
	X, Y []float64 // the points, in order
}

// levels is the number of contour lines.
const levels = 16

// Contour draws the surface's contour lines and each path over them, from a ring at its start to a dot at its
// end, and writes the figure to path. The axes show the surface's rectangle: a path that leaves it is cut at its
// edge. The levels are spaced geometrically when the surface is positive, as a loss is, so that the narrow valley
// around the minimum gets as many lines as the steep walls.
func Contour(path, title string, s *Surface, paths []Path) error {
	p, err := contourPlot(title, s)
	if err != nil {
		return err
	}
	// The first path is drawn last, on top: a table's first row is usually the reference run.
	lines := make([]*plotter.Line, len(paths))
	for i := len(paths) - 1; i >= 0; i-- {
		if lines[i], err = addPath(p, paths[i], i, len(paths[i].X)); err != nil {
			return err
		}
	}
	for i, l := range lines {
		if paths[i].Name != "" {
			p.Legend.Add(paths[i].Name, l)
		}
	}
	placeLegend(p, s, paths)
	frame(p, s)
	return save(p, path)
}

// placeLegend puts the legend in the corner of the surface's rectangle that the paths visit least.
func placeLegend(p *plot.Plot, s *Surface, paths []Path) {
	midX, midY := (s.X[0]+s.X[len(s.X)-1])/2, (s.Y[0]+s.Y[len(s.Y)-1])/2
	var count [2][2]int // [top][left]
	for _, tr := range paths {
		for k := range tr.X {
			top, left := 0, 0
			if tr.Y[k] > midY {
				top = 1
			}
			if tr.X[k] < midX {
				left = 1
			}
			count[top][left]++
		}
	}
	best := [2]int{1, 0} // top right, gonum's default, among equals
	for _, c := range [][2]int{{1, 1}, {0, 0}, {0, 1}} {
		if count[c[0]][c[1]] < count[best[0]][best[1]] {
			best = c
		}
	}
	p.Legend.Top, p.Legend.Left = best[0] == 1, best[1] == 1
}

// contourPlot returns the plot of the surface alone.
func contourPlot(title string, s *Surface) (*plot.Plot, error) {
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
	c := plotter.NewContour(grid{s}, lv, blues)
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text, p.Y.Label.Text = s.XLabel, s.YLabel
	p.Add(c)
	return p, nil
}

// frame fixes the axes to the surface's rectangle, which adding a path that leaves it has widened.
func frame(p *plot.Plot, s *Surface) {
	p.X.Min, p.X.Max = s.X[0], s.X[len(s.X)-1]
	p.Y.Min, p.Y.Max = s.Y[0], s.Y[len(s.Y)-1]
}

// addPath draws the first n points of tr in color i and returns its line, for the legend.
func addPath(p *plot.Plot, tr Path, i, n int) (*plotter.Line, error) {
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
	line.Color = plotutil.Color(i)
	line.Width = 1.2
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
	p.Add(line, ends, last)
	return line, nil
}

// blues colors the contour lines from dark blue at the lowest level to pale at the highest: quiet enough that the
// paths, in plotutil's saturated colors, stand out over them.
var blues = shades(levels)

// shades is a palette.Palette of n blues.
type shades int

// Colors implements palette.Palette.
func (n shades) Colors() []color.Color {
	c := make([]color.Color, n)
	for k := range c {
		f := float64(k) / float64(max(int(n)-1, 1))
		c[k] = color.RGBA{R: uint8(30 + 170*f), G: uint8(60 + 150*f), B: uint8(140 + 100*f), A: 255}
	}
	return c
}

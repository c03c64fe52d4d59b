package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// figure is a plot with its legend in a column to the right of the data and its notes in lines under it, so that
// neither covers a line, however the data fall.
type figure struct {
	p      *plot.Plot
	legend plot.Legend // drawn beside the plot, not by it
	notes  []string    // lines of text under the plot
	// yLabel, drawn by draw rather than by the plot: gonum/plot centers the y axis's label on the arithmetic
	// middle of the axis's range, which on a log axis is near its top, and then shrinks the data to make room.
	yLabel string
	series []plot.Plotter // what lint checks
}

// textSize is the size of the legend's and the notes' text: smaller than the axes', which name the data.
const textSize = 10

// newFigure returns an empty figure.
func newFigure(title string) *figure {
	p := plot.New()
	p.Title.Text = title
	l := plot.NewLegend()
	l.TextStyle.Font = font.From(plot.DefaultFont, textSize)
	l.Left, l.Top = true, true
	l.ThumbnailWidth = vg.Points(28)
	return &figure{p: p, legend: l}
}

// add adds data to the plot and keeps them for lint.
func (f *figure) add(ps ...plot.Plotter) {
	f.p.Add(ps...)
	f.series = append(f.series, ps...)
}

// legendWidth is the width of the legend's column, a space either side and between thumbnail and text included;
// 0 without a legend.
func (f *figure) legendWidth() vg.Length {
	r := f.legend.Rectangle(draw.Canvas{})
	if r.Size().X == 0 {
		return 0
	}
	return r.Size().X + 3*f.legend.TextStyle.Rectangle(" ").Max.X
}

// draw draws the figure on c: the notes along the bottom, the legend along the right, top-aligned with the data,
// and the plot in the rest.
func (f *figure) draw(c draw.Canvas) {
	c.Max.Y -= vg.Points(4) // gonum/plot sets the title against the top edge
	sty := f.legend.TextStyle
	lineHeight := sty.Rectangle("Ag").Size().Y * 1.15
	for i := len(f.notes) - 1; i >= 0; i-- {
		c.FillText(sty, vg.Point{X: c.Min.X + lineHeight/2, Y: c.Min.Y + lineHeight/4}, f.notes[i])
		c.Min.Y += lineHeight
	}
	if len(f.notes) > 0 {
		c.Min.Y += lineHeight / 2
	}
	if w := f.legendWidth(); w > 0 {
		side := draw.Crop(c, c.Size().X-w, 0, 0, 0)
		if f.p.Title.Text != "" {
			side.Max.Y -= f.p.Title.TextStyle.Rectangle(f.p.Title.Text).Size().Y + f.p.Title.Padding
		}
		side.Min.X += sty.Rectangle(" ").Max.X
		f.legend.Draw(side)
		c.Max.X -= w
	}
	if f.yLabel != "" {
		sty := f.p.Y.Label.TextStyle
		sty.Rotation += math.Pi / 2
		x := c.Min.X + sty.Height(f.yLabel)
		c.FillText(sty, vg.Point{X: x, Y: c.Center().Y}, f.yLabel)
		c.Min.X = x + sty.FontExtents().Descent + f.p.Y.Label.Padding
	}
	f.p.Draw(c)
}

// lint returns an error for a figure a reader cannot use: a series with nothing to draw, or an axis with fewer
// than two labelled ticks over its range, which shows no scale. It looks at the data and at the axes' Tick.Marker
// before anything is rendered.
func (f *figure) lint() error {
	for i, s := range f.series {
		n := 1
		switch s := s.(type) {
		case *plotter.Line:
			n = len(s.XYs)
		case *plotter.Scatter:
			n = len(s.XYs)
		}
		if n == 0 {
			return fmt.Errorf("plots: %q: series %d is empty", f.p.Title.Text, i)
		}
	}
	for _, a := range []struct {
		name string
		axis *plot.Axis
	}{{"x", &f.p.X}, {"y", &f.p.Y}} {
		lo, hi := a.axis.Min, a.axis.Max
		if math.IsNaN(lo) || math.IsNaN(hi) || !(lo < hi) {
			return fmt.Errorf("plots: %q: the %s axis spans [%v, %v]", f.p.Title.Text, a.name, lo, hi)
		}
		labels := 0
		tol := 1e-9 * (hi - lo)
		for _, t := range a.axis.Tick.Marker.Ticks(lo, hi) {
			if t.Label != "" && t.Value >= lo-tol && t.Value <= hi+tol {
				labels++
			}
		}
		if labels < 2 {
			return fmt.Errorf("plots: %q: the %s axis has %d labelled ticks over [%v, %v]", f.p.Title.Text, a.name, labels, lo, hi)
		}
	}
	return nil
}

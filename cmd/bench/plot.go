package main

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"time"

	"github.com/fastgrad/fastgrad/bench"
	"github.com/fastgrad/fastgrad/internal/plotstyle"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// figure is one kernel's plot in one element type, built but not yet drawn, so that the tests can inspect its axes
// and data before rendering it.
type figure struct {
	plot   *plot.Plot
	series []plotSeries
	roofs  []plotRoof
	// keys explain the series (left) and the roofs, cache lines and error bars (right), drawn below the plot so
	// that no legend hides a line.
	keys [2]plot.Legend
}

// plotSeries is one measured line: a path or peer, in one layout.
type plotSeries struct {
	name   string
	impl   string
	cases  []bench.Case
	points errPoints
}

// plotKinds returns the kernels and types of the results that get a plot each, in the results' order.
func (r *report) plotKinds() [][2]string {
	var kinds [][2]string
	for _, res := range r.results {
		if k := [2]string{res.Kernel, res.Type}; !slices.Contains(kinds, k) {
			kinds = append(kinds, k)
		}
	}
	return kinds
}

// plotFile returns the name of the plot of a kernel in a type: the kernel's for its first type in the run (float32
// unless the run has none), and the kernel's and type's for the others.
func (r *report) plotFile(kernel, dtype string) string {
	i := slices.IndexFunc(r.results, func(res result) bool { return res.Kernel == kernel })
	if i >= 0 && r.results[i].Type == dtype {
		return kernel + ".svg"
	}
	return kernel + "-" + dtype + ".svg"
}

// kernelFigure builds the plot of a kernel's throughput in one type against its working set: one line per path and
// peer (and layout, when the run has several), each point the median of its rounds with bars from the fastest to
// the slowest round; the roof that binds each line; and the cache sizes.
func (r *report) kernelFigure(kernel, dtype string, date time.Time) (*figure, error) {
	f := &figure{plot: plot.New()}
	p := f.plot
	p.Title.Text = fmt.Sprintf("%s: throughput against working set, %s\n%s, %s", kernel, dtype, r.machine.CPU, date.Format("2006-01-02"))
	p.X.Label.Text = "working set (bytes touched from call to call)"
	p.Y.Label.Text = "GB/s" // a longer label would squash the axes: gonum pads for it as if it were not rotated
	p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
	p.X.Tick.Marker, p.Y.Tick.Marker = byteTicks{}, plotstyle.LogTicks{MinLabels: 3}

	f.series = r.collectSeries(kernel, dtype)
	if len(f.series) == 0 {
		return nil, fmt.Errorf("no results for %s in %s", kernel, dtype)
	}
	for i := range f.keys {
		f.keys[i] = plot.NewLegend()
		f.keys[i].Top, f.keys[i].Left = true, true
		f.keys[i].TextStyle.Font.Size = vg.Points(8)
		f.keys[i].ThumbnailWidth = vg.Points(28)
	}
	xmin, xmax, ymin, ymax := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, s := range f.series {
		for i, pt := range s.points.XYs {
			xmin, xmax = min(xmin, pt.X), max(xmax, pt.X)
			ymin, ymax = min(ymin, pt.Y-s.points.YErrors[i].Low), max(ymax, pt.Y+s.points.YErrors[i].High)
		}
	}
	// A factor of 1.5 either side keeps the outer points off the frame; a single size still gets a range.
	xmin, xmax = xmin/1.5, xmax*1.5
	f.roofs = r.roofs(f.series, xmin, xmax)
	for _, rf := range f.roofs {
		for _, seg := range rf.segments {
			for _, pt := range seg {
				ymin, ymax = min(ymin, pt.Y), max(ymax, pt.Y)
			}
		}
	}
	// Fit the y axis to the data and roofs, a little padded, and at least a factor of two tall.
	ymin, ymax = ymin/1.15, ymax*1.15
	if ymax < 2*ymin {
		mid := math.Sqrt(ymin * ymax)
		ymin, ymax = mid/math.Sqrt2, mid*math.Sqrt2
	}

	for _, rf := range f.roofs {
		if err := rf.add(p, &f.keys[1]); err != nil {
			return nil, err
		}
	}
	for i, s := range f.series {
		if err := s.add(p, &f.keys[0], r.styleOf(f.series, i)); err != nil {
			return nil, err
		}
	}
	if err := addCaches(p, xmin, xmax, ymin, ymax, &f.keys[1]); err != nil {
		return nil, err
	}
	f.keys[1].Add(fmt.Sprintf("GB/s: bytes a call reads and writes ÷ its time; points: median of the %d rounds; bars: fastest to slowest round", r.rounds()))
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = xmin, xmax, ymin, ymax
	return f, nil
}

// rounds returns the rounds each case ran.
func (r *report) rounds() int {
	n := 0
	for _, res := range r.results {
		n = max(n, len(res.Runs))
	}
	return n
}

// collectSeries returns the lines of a kernel in one type, each sorted by working set.
func (r *report) collectSeries(kernel, dtype string) []plotSeries {
	layouts := map[string]bool{}
	for _, res := range r.results {
		if res.Kernel == kernel && res.Type == dtype {
			layouts[res.Layout] = true
		}
	}
	var series []plotSeries
	for _, res := range r.results {
		m := res.median()
		if res.Kernel != kernel || res.Type != dtype || m <= 0 {
			continue
		}
		name := res.Impl
		if len(layouts) > 1 {
			name += " " + bench.LayoutName(res.Layout)
		}
		if res.Cached {
			name += " cached"
		}
		i := slices.IndexFunc(series, func(s plotSeries) bool { return s.name == name })
		if i < 0 {
			series = append(series, plotSeries{name: name, impl: res.Impl})
			i = len(series) - 1
		}
		s := &series[i]
		fastest, slowest := slices.Min(res.Runs), slices.Max(res.Runs)
		gbps := res.gbps()
		s.cases = append(s.cases, res.Case)
		s.points.XYs = append(s.points.XYs, plotter.XY{X: float64(res.WorkingSet()), Y: gbps})
		s.points.YErrors = append(s.points.YErrors, struct{ Low, High float64 }{
			Low: gbps - float64(res.Bytes)/slowest, High: float64(res.Bytes)/fastest - gbps})
	}
	for i := range series {
		series[i].sort()
	}
	return series
}

// sort orders the series' points by working set.
func (s *plotSeries) sort() {
	idx := make([]int, len(s.cases))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(s.cases[a].WorkingSet(), s.cases[b].WorkingSet()) })
	var sorted plotSeries
	sorted.name, sorted.impl = s.name, s.impl
	for _, i := range idx {
		sorted.cases = append(sorted.cases, s.cases[i])
		sorted.points.XYs = append(sorted.points.XYs, s.points.XYs[i])
		sorted.points.YErrors = append(sorted.points.YErrors, s.points.YErrors[i])
	}
	*s = sorted
}

// add draws the series in its style, with its error bars, and names it in key.
func (s plotSeries) add(p *plot.Plot, key *plot.Legend, st seriesStyle) error {
	l, pts, err := plotter.NewLinePoints(s.points.XYs)
	if err != nil {
		return err
	}
	l.Color, l.Width, l.Dashes = st.color, vg.Points(1.2), st.dashes
	pts.Color, pts.Shape, pts.Radius = st.color, st.glyph, vg.Points(2.8)
	bars, err := plotter.NewYErrorBars(s.points)
	if err != nil {
		return err
	}
	bars.Color, bars.Width, bars.CapWidth = st.color, vg.Points(0.8), vg.Points(4)
	p.Add(l, pts, bars)
	key.Add(s.name, l, pts)
	return nil
}

// errPoints are a line's points with their bars, as plotter.YErrorBars takes them.
type errPoints struct {
	plotter.XYs
	plotter.YErrors
}

// addCaches marks the cache sizes inside [xmin, xmax] with labelled vertical lines, read from bench.Caches as the
// levels of the cases are.
func addCaches(p *plot.Plot, xmin, xmax, ymin, ymax float64, key *plot.Legend) error {
	l1, l2, l3 := bench.Caches()
	var lines []*plotter.Line
	var at plotter.XYs
	var names []string
	for _, c := range []struct {
		name  string
		bytes int
	}{{"L1D", l1}, {"L2", l2}, {"L3", l3}} {
		x := float64(c.bytes)
		if x <= xmin || x >= xmax {
			continue
		}
		l, err := plotter.NewLine(plotter.XYs{{X: x, Y: ymin}, {X: x, Y: ymax}})
		if err != nil {
			return err
		}
		l.Color, l.Width, l.Dashes = gray, vg.Points(0.8), []vg.Length{vg.Points(1), vg.Points(2)}
		lines = append(lines, l)
		at = append(at, plotter.XY{X: x, Y: ymax})
		names = append(names, c.name+" "+size(c.bytes))
	}
	if len(lines) == 0 {
		return nil
	}
	labels, err := plotter.NewLabels(plotter.XYLabels{XYs: at, Labels: names})
	if err != nil {
		return err
	}
	for i := range labels.TextStyle {
		labels.TextStyle[i].Font.Size = vg.Points(7)
		labels.TextStyle[i].Color = gray
		labels.TextStyle[i].YAlign = draw.YTop
	}
	labels.Offset = vg.Point{X: vg.Points(2), Y: -vg.Points(2)}
	for _, l := range lines {
		p.Add(l)
	}
	p.Add(noGlyphBoxes{labels})
	key.Add("cache sizes of this CPU (a working set beyond one streams from the next)", lines[0])
	return nil
}

// noGlyphBoxes hides a plotter's glyph boxes, by which the plot would pad its axes to fit the cache labels: they
// hang below the top of the axes, inside them.
type noGlyphBoxes struct{ plot.Plotter }

// plotKernel renders the plot of a kernel in one type as SVG.
func (r *report) plotKernel(kernel, dtype string, date time.Time) ([]byte, error) {
	f, err := r.kernelFigure(kernel, dtype, date)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	err = f.render(&buf, "svg")
	return buf.Bytes(), err
}

// plotWidth and plotHeight are the size of the plot above its keys.
const (
	plotWidth  = 18 * vg.Centimeter
	plotHeight = 11 * vg.Centimeter
)

// render draws the figure as svg or png: the plot, and its two keys below it side by side, or one above the other
// when they are too wide for that.
func (f *figure) render(w io.Writer, format string) error {
	gap := vg.Points(10)
	var zero draw.Canvas
	r0, r1 := f.keys[0].Rectangle(zero).Size(), f.keys[1].Rectangle(zero).Size()
	side := r0.X+r1.X+3*gap <= plotWidth
	keysHeight := max(r0.Y, r1.Y)
	if !side {
		keysHeight = r0.Y + r1.Y + gap
	}
	height := plotHeight + keysHeight + 2*gap
	var c vg.CanvasWriterTo
	switch format {
	case "svg":
		c = vgsvg.New(plotWidth, height)
	case "png":
		c = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(plotWidth, height), vgimg.UseDPI(150))}
	default:
		return fmt.Errorf("unknown format %q", format)
	}
	dc := draw.New(c)
	f.plot.Draw(draw.Crop(dc, 0, 0, keysHeight+2*gap, 0))
	keys := draw.Crop(dc, gap, -gap, gap, -(plotHeight + gap))
	if side {
		f.keys[0].Draw(draw.Crop(keys, 0, -(keys.Size().X - r0.X), 0, 0))
		f.keys[1].Draw(draw.Crop(keys, r0.X+gap, 0, 0, 0))
	} else {
		f.keys[0].Draw(keys)
		f.keys[1].Draw(draw.Crop(keys, 0, 0, 0, -(r0.Y + gap)))
	}
	_, err := c.WriteTo(w)
	return err
}

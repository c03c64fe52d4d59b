package main

import (
	"bytes"
	"fmt"
	"math"

	"github.com/fastgrad/fastgrad/bench"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
)

// plotKernel draws one kernel's throughput against its working set, one line per path and peer (and type and
// layout, when the run has several), with the memory roof of the kernel's pattern dashed above them, as SVG.
func (r *report) plotKernel(kernel string) ([]byte, error) {
	p := plot.New()
	p.Title.Text = kernel + ": throughput against working set"
	p.X.Label.Text = "working set (bytes)"
	p.Y.Label.Text = "GB/s"
	p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
	p.X.Tick.Marker, p.Y.Tick.Marker = byteTicks{}, plot.LogTicks{Prec: -1}
	p.Legend.Top = true

	var order []string
	series := map[string]plotter.XYs{}
	var pattern bench.Pattern
	types, layouts := map[string]bool{}, map[string]bool{}
	for _, res := range r.results {
		if res.Kernel == kernel {
			types[res.Type], layouts[res.Layout] = true, true
		}
	}
	for _, res := range r.results {
		if res.Kernel != kernel || res.gbps() <= 0 {
			continue
		}
		pattern = res.Pattern()
		name := res.Impl
		if len(types) > 1 {
			name += " " + res.Type
		}
		if len(layouts) > 1 {
			name += " " + bench.LayoutName(res.Layout)
		}
		if _, ok := series[name]; !ok {
			order = append(order, name)
		}
		series[name] = append(series[name], plotter.XY{X: float64(res.WorkingSet()), Y: res.gbps()})
	}
	if len(order) == 0 {
		return nil, fmt.Errorf("no results for %s", kernel)
	}
	var lines []any
	for _, name := range order {
		lines = append(lines, name, series[name])
	}
	if err := plotutil.AddLinePoints(p, lines...); err != nil {
		return nil, err
	}
	var roof plotter.XYs
	for _, b := range r.roof.Bandwidth {
		if gbps, ok := b.GBps[pattern]; ok {
			roof = append(roof, plotter.XY{X: float64(b.Bytes), Y: gbps})
		}
	}
	if len(roof) > 0 {
		l, err := plotter.NewLine(roof)
		if err != nil {
			return nil, err
		}
		l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		l.Width = vg.Points(1.5)
		p.Add(l)
		p.Legend.Add("memory roof ("+pattern.String()+")", l)
	}
	widen(&p.X)
	widen(&p.Y)
	p.Y.Max *= 8 // room above the lines for the legend
	w, err := p.WriterTo(16*vg.Centimeter, 10*vg.Centimeter, "svg")
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	_, err = w.WriteTo(&buf)
	return buf.Bytes(), err
}

// widen pads a log axis to whole factors of two around its data, so that a single point or a flat line still
// gets an axis with room and ticks.
func widen(a *plot.Axis) {
	a.Min = math.Pow(2, math.Floor(math.Log2(a.Min)-0.5))
	a.Max = math.Pow(2, math.Ceil(math.Log2(a.Max)+0.5))
}

// byteTicks marks a log axis of bytes at every power of four, labelled in KiB, MiB or GiB.
type byteTicks struct{}

// Ticks implements plot.Ticker.
func (byteTicks) Ticks(lo, hi float64) []plot.Tick {
	var ts []plot.Tick
	for b := 1 << 10; b <= 1<<40; b *= 4 {
		if v := float64(b); v >= lo && v <= hi {
			ts = append(ts, plot.Tick{Value: v, Label: size(b)})
		}
	}
	return ts
}

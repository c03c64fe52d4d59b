package main

import (
	"bytes"
	"errors"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fastgrad/fastgrad/bench"
	"github.com/fastgrad/fastgrad/kernels"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

// plotReport returns a report of made-up results over the sweep, each path at its own share of its limit, with a
// spread over five rounds: Adam in float32 (bound by the divider in cache) and BF16, SGD in both layouts (memory),
// least squares (streaming) and its mini-batches (random rows).
func plotReport() *report {
	r := &report{machine: machine{CPU: "Test CPU"}}
	gbps := map[string]float64{"l1": 250, "l2": 110, "l3": 40, "dram": 12}
	for _, s := range bench.Sizes() {
		bw := bench.Bandwidth{Level: s.Name, Bytes: s.Bytes, GBps: map[bench.Pattern]float64{}, By: map[bench.Pattern]string{}}
		for _, p := range []bench.Pattern{bench.ReadPattern, {Reads: 3, Writes: 2}, bench.UpdatePattern} {
			bw.GBps[p] = gbps[s.Name]
		}
		r.roof.Add(bw)
	}
	r.roof.AddDivider([]bench.Divider{{Type: "f32", Div: 0.6, Sqrt: 0.8}, {Type: "f64", Div: 0.5, Sqrt: 0.7}})
	share := map[string]float64{"avx512": 0.8, "neon": 0.8, "avx2": 0.6, "generic": 0.3, "naive": 0.2, "gonum": 0.5, "optim": 0.7}
	for _, c := range bench.Cases(bench.Sweep()) {
		wanted := c.Kernel == "Adam" && (c.Type == "f32" || c.Type == "bf16") && c.Layout == "" ||
			c.Kernel == "SGD" && c.Type == "f32" ||
			(c.Kernel == "LeastSquares" || c.Kernel == "LeastSquaresBatch") && c.Type == "f32" && c.Layout == ""
		ns, _, ok := r.roof.Limit(c)
		if !wanted || !ok || !slices.Contains([]string{"avx512", "neon", "avx2", "generic", "naive", "gonum", "optim"}, c.Impl) {
			continue
		}
		res := result{Case: c}
		for k := range 5 {
			res.Runs = append(res.Runs, ns/share[c.Impl]*(1+0.04*float64(k)))
		}
		r.results = append(r.results, res)
	}
	return r
}

// checkFigure returns what is wrong with a figure before it is drawn: an axis with fewer than two tick labels, a
// series without points or with a point off the axes, or an axis with room above the data and roofs that no point
// uses (an empty top decade).
func checkFigure(f *figure) error {
	var errs []error
	for name, a := range map[string]*plot.Axis{"x": &f.plot.X, "y": &f.plot.Y} {
		n := 0
		for _, t := range a.Tick.Marker.Ticks(a.Min, a.Max) {
			if t.Label != "" {
				n++
			}
		}
		if n < 2 {
			errs = append(errs, fmt.Errorf("%s axis from %g to %g: %d tick labels", name, a.Min, a.Max, n))
		}
	}
	top := 0.0
	for _, s := range f.series {
		if len(s.points.XYs) == 0 {
			errs = append(errs, fmt.Errorf("series %s: no points", s.name))
		}
		for i, pt := range s.points.XYs {
			hi := pt.Y + s.points.YErrors[i].High
			top = max(top, hi)
			if !(pt.X >= f.plot.X.Min && pt.X <= f.plot.X.Max && pt.Y-s.points.YErrors[i].Low >= f.plot.Y.Min && hi <= f.plot.Y.Max) {
				errs = append(errs, fmt.Errorf("series %s: point %v off the axes", s.name, pt))
			}
		}
	}
	for _, rf := range f.roofs {
		for _, seg := range rf.segments {
			for _, pt := range seg {
				top = max(top, pt.Y)
			}
		}
	}
	if f.plot.Y.Max > 1.5*top {
		errs = append(errs, fmt.Errorf("y axis up to %g, above the highest point or roof at %g", f.plot.Y.Max, top))
	}
	return errors.Join(errs...)
}

// TestPlots builds every kind of plot, checks it before drawing, and draws it as PNG and SVG. FASTGRAD_PLOT_DIR
// keeps the PNGs there for a look.
func TestPlots(t *testing.T) {
	r := plotReport()
	dir := os.Getenv("FASTGRAD_PLOT_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	date := time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)
	want := map[string]string{ // a key each plot must have; the divider binds the vector path optim runs on in L1
		"Adam.svg":              "roof of " + kernels.Impl() + ", optim: the lower of memory and the divider (2 divisions + 1 square root per element)",
		"Adam-bf16.svg":         "memory roof: 4 reads + 3 writes per element (4r3w)",
		"SGD.svg":               "memory roof: 3 reads + 2 writes per element (3r2w)",
		"LeastSquares.svg":      "memory roof: 1 read per element (1r)",
		"LeastSquaresBatch.svg": "no roof for random rows",
	}
	kinds := r.plotKinds()
	if len(kinds) != len(want) {
		t.Fatalf("plot kinds %v, want %d", kinds, len(want))
	}
	for _, k := range kinds {
		name := r.plotFile(k[0], k[1])
		f, err := r.kernelFigure(k[0], k[1], date)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := checkFigure(f); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		labels := ""
		for _, rf := range f.roofs {
			labels += rf.label + "\n"
		}
		if !strings.Contains(labels, want[name]) {
			t.Errorf("%s: roofs\n%s\nwant one starting %q", name, labels, want[name])
		}
		if title := f.plot.Title.Text; !strings.Contains(title, k[0]) || !strings.Contains(title, k[1]) || !strings.Contains(title, "Test CPU") || !strings.Contains(title, "2026-12-06") {
			t.Errorf("%s: title %q does not name the kernel, type, CPU and date", name, title)
		}
		var buf bytes.Buffer
		if err := f.render(&buf, "png"); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, err := png.Decode(bytes.NewReader(buf.Bytes())); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, strings.TrimSuffix(name, ".svg")+".png"), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		svg, err := r.plotKernel(k[0], k[1], date)
		if err != nil {
			t.Fatal(err)
		}
		if err := parseXML(svg); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestCheckFigure checks that checkFigure rejects an axis with a single tick label, an empty series and an empty
// top decade, and that flat lines pass it.
func TestCheckFigure(t *testing.T) {
	r := plotReport()
	f, err := r.kernelFigure("SGD", "f32", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := checkFigure(f); err != nil {
		t.Fatal(err)
	}
	bad := map[string]func(f *figure){
		"one tick label": func(f *figure) { f.plot.Y.Tick.Marker, f.plot.Y.Min, f.plot.Y.Max = plot.LogTicks{}, 5, 50 },
		"empty series":   func(f *figure) { f.series[1].points.XYs = plotter.XYs{} },
		"empty decade":   func(f *figure) { f.plot.Y.Max *= 10 },
	}
	// Lines flat at one speed, with no roof to widen the axis (random rows), still get two labels on the y axis.
	flat := plotReport()
	for i := range flat.results {
		for k := range flat.results[i].Runs {
			flat.results[i].Runs[k] = float64(flat.results[i].Bytes) / 30 * (1 + 0.01*float64(k))
		}
	}
	if f, err := flat.kernelFigure("LeastSquaresBatch", "f32", time.Now()); err != nil {
		t.Error(err)
	} else if err := checkFigure(f); err != nil {
		t.Errorf("flat lines: %v", err)
	}
	for name, spoil := range bad {
		g, _ := r.kernelFigure("SGD", "f32", time.Now())
		spoil(g)
		if err := checkFigure(g); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

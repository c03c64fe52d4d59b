package main

import (
	"image/color"

	"github.com/fastgrad/fastgrad/bench"
	"github.com/fastgrad/fastgrad/internal/plotstyle"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// seriesStyle is how a line looks: a path or peer has the same colour and marker in every plot, and the variants
// of one (layouts, a cached batch) differ in dashes, so that no two lines of a plot look alike even in grey.
type seriesStyle struct {
	color  color.Color
	glyph  draw.GlyphDrawer
	dashes []vg.Length
}

// gray and roofGray draw what is not a measurement: cache lines, notes and roofs.
var (
	gray     = color.RGBA{0x70, 0x70, 0x70, 0xff}
	roofGray = color.RGBA{0xc8, 0xc8, 0xc8, 0xff}
)

// implStyles gives each path and peer its colour and marker. neon never shares a plot with avx512, and takes the
// sky blue that no other path uses.
var implStyles = map[string]seriesStyle{
	"generic":   {color: plotstyle.Black, glyph: draw.CircleGlyph{}},
	"avx2":      {color: plotstyle.Green, glyph: draw.SquareGlyph{}},
	"avx512":    {color: plotstyle.Blue, glyph: draw.PyramidGlyph{}},
	"neon":      {color: plotstyle.Sky, glyph: draw.PyramidGlyph{}},
	bench.Naive: {color: plotstyle.Vermilion, glyph: draw.CrossGlyph{}},
	bench.Gonum: {color: plotstyle.Orange, glyph: draw.RingGlyph{}},
	bench.Optim: {color: plotstyle.Purple, glyph: draw.PlusGlyph{}},
}

// variantDashes are the dash patterns of a path's variants, solid first.
var variantDashes = [][]vg.Length{nil, {vg.Points(5), vg.Points(3)}, {vg.Points(1.5), vg.Points(2)}, {vg.Points(8), vg.Points(2), vg.Points(2), vg.Points(2)}}

// styleOf returns the style of the i-th series: its path's, dashed by how many series of that path come before it.
func (r *report) styleOf(series []plotSeries, i int) seriesStyle {
	st, ok := implStyles[series[i].impl]
	if !ok {
		st = seriesStyle{color: gray, glyph: draw.TriangleGlyph{}}
	}
	variant := 0
	for _, s := range series[:i] {
		if s.impl == series[i].impl {
			variant++
		}
	}
	st.dashes = variantDashes[variant%len(variantDashes)]
	return st
}

// byteTicks marks a log axis of bytes at every power of four, labelled in KiB, MiB or GiB, or at every power of two
// when that gives too few labels.
type byteTicks struct{}

// Ticks implements plot.Ticker.
func (byteTicks) Ticks(lo, hi float64) []plot.Tick {
	for _, step := range []int{4, 2} {
		var ts []plot.Tick
		for b := 1 << 10; b <= 1<<40; b *= step {
			if v := float64(b); v >= lo && v <= hi {
				ts = append(ts, plot.Tick{Value: v, Label: size(b)})
			}
		}
		if len(ts) >= 3 || step == 2 {
			return ts
		}
	}
	return nil
}

package main

import (
	"image/color"
	"math"
	"slices"
	"strconv"

	"github.com/fastgrad/fastgrad/bench"

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

// The Okabe–Ito palette, which readers with any common colour-vision deficiency can tell apart; its yellow, too
// faint on white, is left out.
var (
	okabeBlack     = color.RGBA{0x00, 0x00, 0x00, 0xff}
	okabeOrange    = color.RGBA{0xe6, 0x9f, 0x00, 0xff}
	okabeSky       = color.RGBA{0x56, 0xb4, 0xe9, 0xff}
	okabeGreen     = color.RGBA{0x00, 0x9e, 0x73, 0xff}
	okabeBlue      = color.RGBA{0x00, 0x72, 0xb2, 0xff}
	okabeVermilion = color.RGBA{0xd5, 0x5e, 0x00, 0xff}
	okabePurple    = color.RGBA{0xcc, 0x79, 0xa7, 0xff}
	gray           = color.RGBA{0x70, 0x70, 0x70, 0xff}
	roofGray       = color.RGBA{0xc8, 0xc8, 0xc8, 0xff}
)

// implStyles gives each path and peer its colour and marker. neon never shares a plot with avx512, and takes the
// sky blue that no other path uses.
var implStyles = map[string]seriesStyle{
	"generic":   {color: okabeBlack, glyph: draw.CircleGlyph{}},
	"avx2":      {color: okabeGreen, glyph: draw.SquareGlyph{}},
	"avx512":    {color: okabeBlue, glyph: draw.PyramidGlyph{}},
	"neon":      {color: okabeSky, glyph: draw.PyramidGlyph{}},
	bench.Naive: {color: okabeVermilion, glyph: draw.CrossGlyph{}},
	bench.Gonum: {color: okabeOrange, glyph: draw.RingGlyph{}},
	bench.Optim: {color: okabePurple, glyph: draw.PlusGlyph{}},
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

// logTicks marks a log axis at powers of ten, or at 1, 2 and 5 times them, or at every digit, whichever first gives
// at least three labels, with unlabelled ticks at the digits between.
type logTicks struct{}

// Ticks implements plot.Ticker.
func (logTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(lo > 0 && hi > lo) {
		return nil
	}
	first, last := int(math.Floor(math.Log10(lo))), int(math.Ceil(math.Log10(hi)))
	for _, labelled := range [][]int{{1}, {1, 2, 5}, {1, 2, 3, 4, 5, 6, 7, 8, 9}} {
		var ts []plot.Tick
		n := 0
		for e := first; e <= last; e++ {
			for d := 1; d <= 9; d++ {
				v, err := strconv.ParseFloat(strconv.Itoa(d)+"e"+strconv.Itoa(e), 64) // exact decimal, no rounding of 10^e·d
				if err != nil || v < lo || v > hi {
					continue
				}
				t := plot.Tick{Value: v}
				if slices.Contains(labelled, d) {
					t.Label = strconv.FormatFloat(v, 'g', -1, 64)
					n++
				}
				ts = append(ts, t)
			}
		}
		if n >= 3 || len(labelled) == 9 {
			return ts
		}
	}
	return nil
}

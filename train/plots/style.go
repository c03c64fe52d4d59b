package plots

import (
	"image/color"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// okabeIto is the Okabe–Ito palette, which readers with any common form of color blindness can tell apart, in the
// order series take it: yellow, hard to see on white, comes last.
var okabeIto = []color.RGBA{
	{R: 0x00, G: 0x72, B: 0xb2, A: 0xff}, // blue
	{R: 0xd5, G: 0x5e, B: 0x00, A: 0xff}, // vermillion
	{R: 0x00, G: 0x9e, B: 0x73, A: 0xff}, // bluish green
	{R: 0xcc, G: 0x79, B: 0xa7, A: 0xff}, // reddish purple
	{R: 0xe6, G: 0x9f, B: 0x00, A: 0xff}, // orange
	{R: 0x56, G: 0xb4, B: 0xe9, A: 0xff}, // sky blue
	{R: 0x00, G: 0x00, B: 0x00, A: 0xff}, // black
	{R: 0xf0, G: 0xe4, B: 0x42, A: 0xff}, // yellow
}

// dashes and glyphs tell series apart where their colors do not: on a grey print, or where two lines overlap and
// only one color shows. Their lengths differ from the palette's, so that no two of the first 8 series share a
// dash pattern and a glyph.
var (
	dashes = [][]vg.Length{nil, {vg.Points(6), vg.Points(3)}, {vg.Points(1.5), vg.Points(2)},
		{vg.Points(8), vg.Points(3), vg.Points(1.5), vg.Points(3)}, {vg.Points(3), vg.Points(3)},
		{vg.Points(10), vg.Points(4)}}
	glyphs = []draw.GlyphDrawer{draw.CircleGlyph{}, draw.SquareGlyph{}, draw.TriangleGlyph{}, draw.CrossGlyph{},
		draw.RingGlyph{}, draw.BoxGlyph{}, draw.PlusGlyph{}, draw.PyramidGlyph{}}
)

// seriesStyle is how series i is drawn: its color, its line's dashes and its markers' glyph.
func seriesStyle(i int) (color.RGBA, draw.LineStyle, draw.GlyphStyle) {
	c := okabeIto[i%len(okabeIto)]
	line := draw.LineStyle{Color: c, Width: vg.Points(1.6), Dashes: dashes[i%len(dashes)]}
	glyph := draw.GlyphStyle{Color: c, Radius: vg.Points(3), Shape: glyphs[i%len(glyphs)]}
	return c, line, glyph
}

// faint is c at a quarter of its opacity, for the raw values under a running mean.
func faint(c color.RGBA) color.Color {
	return color.NRGBA{R: c.R, G: c.G, B: c.B, A: 0x40}
}

package plots

import (
	"github.com/fastgrad/fastgrad/internal/plotstyle"
	"image/color"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

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
	c := plotstyle.OkabeIto[i%len(plotstyle.OkabeIto)]
	line := draw.LineStyle{Color: c, Width: vg.Points(1.6), Dashes: dashes[i%len(dashes)]}
	glyph := draw.GlyphStyle{Color: c, Radius: vg.Points(3), Shape: glyphs[i%len(glyphs)]}
	return c, line, glyph
}

// faint is c at a quarter of its opacity, for the raw values under a running mean.
func faint(c color.RGBA) color.Color {
	return color.NRGBA{R: c.R, G: c.G, B: c.B, A: 0x40}
}

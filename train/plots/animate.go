package plots

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"math"

	"github.com/fastgrad/fastgrad/internal/atomicfile"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// The animations' size and pace.
const (
	gifWidth  = 5 * vg.Inch
	gifHeight = 3.75 * vg.Inch
	delay     = 8   // hundredths of a second per frame
	hold      = 150 // on the last frame, before the loop starts again
	maxFrames = 60
)

// AnimateContour writes a GIF of a descent over a surface: the path grows frame by frame, at most 60 frames
// spread evenly over its points.
func AnimateContour(path, title string, s *Surface, tr Path) error {
	if len(tr.X) == 0 || len(tr.X) != len(tr.Y) {
		return fmt.Errorf("plots: AnimateContour: path %q has %d x and %d y", tr.Name, len(tr.X), len(tr.Y))
	}
	return animate(path, len(tr.X), func(n int) (*plot.Plot, error) {
		p, err := contourPlot(title, s)
		if err != nil {
			return nil, err
		}
		line, err := addPath(p, tr, 0, n)
		if err != nil {
			return nil, err
		}
		if tr.Name != "" {
			p.Legend.Add(tr.Name, line)
		}
		placeLegend(p, s, []Path{tr})
		frame(p, s)
		return p, nil
	})
}

// AnimateCurve writes a GIF of a one-dimensional descent on the curve y = f(x), drawn over [lo, hi]: frame by
// frame, the iterates xs appear on the curve, joined in order. Iterates outside [lo, hi] are off the picture.
func AnimateCurve(path, title string, f func(float64) float64, lo, hi float64, xs []float64) error {
	if !(lo < hi) || math.IsInf(hi-lo, 0) || len(xs) == 0 {
		return fmt.Errorf("plots: AnimateCurve: range [%v, %v] and %d iterates", lo, hi, len(xs))
	}
	curve := make(plotter.XYs, 201)
	ylo, yhi := math.Inf(1), math.Inf(-1)
	for k := range curve {
		x := lo + (hi-lo)*float64(k)/200
		curve[k] = plotter.XY{X: x, Y: f(x)}
		ylo, yhi = math.Min(ylo, curve[k].Y), math.Max(yhi, curve[k].Y)
	}
	if !(ylo < yhi) || math.IsInf(yhi-ylo, 0) {
		return fmt.Errorf("plots: AnimateCurve: the curve is flat or not finite over [%v, %v]", lo, hi)
	}
	points := make(plotter.XYs, len(xs))
	for k, x := range xs {
		points[k] = plotter.XY{X: x, Y: f(x)}
	}
	return animate(path, len(xs), func(n int) (*plot.Plot, error) {
		p := plot.New()
		p.Title.Text = title
		p.X.Label.Text, p.Y.Label.Text = "x", "f(x)"
		c, err := plotter.NewLine(curve)
		if err != nil {
			return nil, err
		}
		p.Add(c)
		visited, marks, err := plotter.NewLinePoints(points[:n])
		if err != nil {
			return nil, fmt.Errorf("plots: AnimateCurve: %w", err)
		}
		visited.Color = color.RGBA{R: 204, A: 255}
		marks.GlyphStyle = draw.GlyphStyle{Color: visited.Color, Radius: vg.Points(2.5), Shape: draw.CircleGlyph{}}
		p.Add(visited, marks)
		p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = lo, hi, ylo, yhi
		return p, nil
	})
}

// animate renders frames showing the first n of total points, for up to maxFrames values of n ending at total,
// and writes them as a looping GIF.
func animate(path string, total int, frame func(n int) (*plot.Plot, error)) error {
	frames := min(total, maxFrames)
	anim := &gif.GIF{}
	for k := 1; k <= frames; k++ {
		n := (k*total + frames - 1) / frames
		p, err := frame(n)
		if err != nil {
			return err
		}
		var img *image.Paletted
		err = guard(func() error {
			c := vgimg.New(gifWidth, gifHeight)
			p.Draw(draw.New(c))
			img = quantize(c.Image())
			return nil
		})
		if err != nil {
			return fmt.Errorf("plots: %s: %w", path, err)
		}
		anim.Image = append(anim.Image, img)
		anim.Delay = append(anim.Delay, delay)
	}
	anim.Delay[len(anim.Delay)-1] = hold
	var buf bytes.Buffer
	if err := gif.EncodeAll(&buf, anim); err != nil {
		return fmt.Errorf("plots: %s: %w", path, err)
	}
	return atomicfile.WriteBytes(path, buf.Bytes())
}

// cube is the GIF palette: 6 levels of each of red, green and blue. A color's index is computed, not searched
// for, which keeps a frame's conversion to a few milliseconds where color.Palette's nearest-color search takes
// far longer; plots are mostly white, lines and text, which the cube renders faithfully.
var cube = func() color.Palette {
	p := make(color.Palette, 0, 216)
	for r := range 6 {
		for g := range 6 {
			for b := range 6 {
				p = append(p, color.RGBA{R: uint8(51 * r), G: uint8(51 * g), B: uint8(51 * b), A: 255})
			}
		}
	}
	return p
}()

// quantize maps an image onto the cube, each channel to its nearest level.
func quantize(img image.Image) *image.Paletted {
	b := img.Bounds()
	out := image.NewPaletted(b, cube)
	level := func(v uint32) uint8 { return uint8((v*5 + 0x7fff) / 0xffff) }
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			out.SetColorIndex(x, y, 36*level(r)+6*level(g)+level(bl))
		}
	}
	return out
}

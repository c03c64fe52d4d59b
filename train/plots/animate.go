package plots

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"math"
	"strconv"

	"github.com/fastgrad/fastgrad/internal/atomicfile"
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
	hold      = 120 // on the last frame, before the loop starts again
	maxFrames = 60
)

// AnimateContour writes a GIF of a descent over a surface: the path grows frame by frame, at most 60 frames spaced
// by the distance the path travels (frameCounts), each titled with its step and, when tr has them, its loss.
func AnimateContour(path, title string, s *Surface, tr Path) error {
	if len(tr.X) == 0 || len(tr.X) != len(tr.Y) || (tr.Step != nil && len(tr.Step) != len(tr.X)) ||
		(tr.Loss != nil && len(tr.Loss) != len(tr.X)) {
		return fmt.Errorf("plots: AnimateContour: path %q has %d x, %d y, %d steps and %d losses", tr.Name, len(tr.X),
			len(tr.Y), len(tr.Step), len(tr.Loss))
	}
	last := len(tr.X) - 1
	if tr.Step != nil {
		last = tr.Step[last]
	}
	w, h := s.X[len(s.X)-1]-s.X[0], s.Y[len(s.Y)-1]-s.Y[0]
	return animate(path, frameCounts(tr.X, tr.Y, w, h), func(n int) (*figure, error) {
		f, err := contourPlot(title, s)
		if err != nil {
			return nil, err
		}
		if _, err := addPath(f, tr, 0, n); err != nil {
			return nil, err
		}
		step := n - 1
		if tr.Step != nil {
			step = tr.Step[n-1]
		}
		f.p.Title.Text += "\n" + caption(step, last, "loss", tr.Loss, n-1)
		frame(f.p, s)
		return f, nil
	})
}

// AnimateCurve writes a GIF of a one-dimensional descent on the curve y = f(x), drawn over [lo, hi]: frame by
// frame, the iterates xs appear on the curve, joined in order, each frame titled with its step and f(x). Iterates
// outside [lo, hi] are off the picture.
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
	fx := make([]float64, len(xs))
	for k, x := range xs {
		fx[k] = f(x)
		points[k] = plotter.XY{X: x, Y: fx[k]}
	}
	return animate(path, frameCounts(xs, fx, hi-lo, yhi-ylo), func(n int) (*figure, error) {
		fig := newFigure(title + "\n" + caption(n-1, len(xs)-1, "f(x)", fx, n-1))
		p := fig.p
		p.X.Label.Text, p.Y.Label.Text = "x", "f(x)"
		c, err := plotter.NewLine(curve)
		if err != nil {
			return nil, err
		}
		c.Color = color.Gray{Y: 120}
		fig.add(c)
		visited, marks, err := plotter.NewLinePoints(points[:n])
		if err != nil {
			return nil, fmt.Errorf("plots: AnimateCurve: %w", err)
		}
		col, _, _ := seriesStyle(1)
		visited.Color = col
		marks.GlyphStyle = draw.GlyphStyle{Color: col, Radius: vg.Points(2.5), Shape: draw.CircleGlyph{}}
		fig.add(visited, marks)
		p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = lo, hi, ylo, yhi
		return fig, nil
	})
}

// caption is a frame's second title line: its step of last and, when loss is not nil, loss[k] under the name.
func caption(step, last int, name string, loss []float64, k int) string {
	s := "step " + strconv.Itoa(step) + " of " + strconv.Itoa(last)
	if loss != nil {
		s += ",  " + name + " = " + strconv.FormatFloat(loss[k], 'g', 4, 64)
	}
	return s
}

// frameCounts returns how many of the points (xs[k], ys[k]) each frame of an animation shows: every count when
// there are at most maxFrames points, else maxFrames counts at even steps of the distance travelled, measured in
// fractions of the picture's width w and height h. A descent moves most in its first steps: frames at even steps
// of the iteration would spend the loop on a point that no longer moves. The sums run in order, each product
// rounded on its own: the same frames on every machine.
func frameCounts(xs, ys []float64, w, h float64) []int {
	if len(xs) <= maxFrames {
		counts := make([]int, len(xs))
		for k := range counts {
			counts[k] = k + 1
		}
		return counts
	}
	travelled := make([]float64, len(xs))
	for k := 1; k < len(xs); k++ {
		dx, dy := (xs[k]-xs[k-1])/w, (ys[k]-ys[k-1])/h
		travelled[k] = travelled[k-1] + math.Sqrt(float64(dx*dx)+float64(dy*dy))
	}
	total := travelled[len(xs)-1]
	counts := []int{1}
	k := 0
	for j := 1; j < maxFrames; j++ {
		for k < len(xs)-1 && travelled[k] < total*float64(j)/(maxFrames-1) {
			k++
		}
		if k+1 > counts[len(counts)-1] {
			counts = append(counts, k+1)
		}
	}
	if counts[len(counts)-1] != len(xs) {
		counts = append(counts, len(xs))
	}
	return counts
}

// animate renders the frames showing counts[i] points, each checked with lint, and writes them as a
// looping GIF that holds its last frame a moment before starting again.
func animate(path string, counts []int, frame func(n int) (*figure, error)) error {
	anim := &gif.GIF{}
	for _, n := range counts {
		f, err := frame(n)
		if err != nil {
			return err
		}
		if err := f.lint(); err != nil {
			return fmt.Errorf("%w (%s)", err, path)
		}
		var img *image.Paletted
		err = guard(func() error {
			c := vgimg.New(gifWidth+f.legendWidth(), gifHeight)
			f.draw(draw.New(c))
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

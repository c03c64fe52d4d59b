package plots

import (
	"bytes"
	"encoding/xml"
	"errors"
	"image/gif"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/fastgrad/fastgrad/internal/plotstyle"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

// checkSVG parses the file as XML and checks its root is an svg element.
func checkSVG(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	root := ""
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("%s is not XML: %v", path, err)
		}
		if s, ok := tok.(xml.StartElement); ok && root == "" {
			root = s.Name.Local
		}
	}
	if root != "svg" {
		t.Errorf("%s: root element %q", path, root)
	}
}

func checkPNG(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if b := img.Bounds(); b.Dx() < 100 || b.Dy() < 100 {
		t.Errorf("%s is %v", path, b)
	}
}

func bowl(x, y float64) float64 { return 1 + x*x + 10*y*y }

func TestConvergence(t *testing.T) {
	dir := t.TempDir()
	curves := []Curve{
		{Name: "fast", Values: []float64{100, 10, 1, 0.1, 0.01, 0}, Every: 1},
		{Name: "slow", Values: []float64{100, 80, 64, 51, math.Inf(1)}},
		{Name: "sampled", Values: []float64{100, 50, 25}, Every: 2},
		{Name: "noisy", Values: []float64{90, 3, 60, 2, 40, 1, 30, 0.5, 20, 0.2}, Smooth: 2},
		{Name: "empty"},
	}
	for _, name := range []string{"c.svg", "c.png"} {
		path := filepath.Join(dir, name)
		if err := Convergence(path, "loss", "excess loss", curves); err != nil {
			t.Fatal(err)
		}
		if filepath.Ext(name) == ".svg" {
			checkSVG(t, path)
		} else {
			checkPNG(t, path)
		}
	}
	if err := Convergence(filepath.Join(dir, "bad.svg"), "", "", []Curve{{Name: "zero", Values: []float64{0, -1, math.NaN()}}}); err == nil {
		t.Error("a plot with nothing to draw succeeded")
	}
	if err := Convergence(filepath.Join(dir, "c.xyz"), "", "", curves); err == nil {
		t.Error("an unknown format succeeded")
	}
	if err := Convergence(filepath.Join(dir, "missing", "c.svg"), "", "", curves); err == nil {
		t.Error("writing into a missing directory succeeded")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("files left: %v", entries)
	}
}

func TestContour(t *testing.T) {
	dir := t.TempDir()
	s, err := NewSurface(bowl, -3, 3, 40, -2, 2, 30)
	if err != nil {
		t.Fatal(err)
	}
	if s.Z[0][0] != bowl(-3, -2) || s.Z[29][39] != bowl(3, 2) || s.Z[10][5] != bowl(s.X[5], s.Y[10]) {
		t.Error("Z[j][i] is not f(X[i], Y[j])")
	}
	paths := []Path{
		{Name: "descent", X: []float64{-2.5, -1, 0.5, 0}, Y: []float64{1.5, -1, 0.2, 0}},
		{Name: "leaves the window", X: []float64{2, 5, 9}, Y: []float64{1, 3, -7}},
	}
	for _, name := range []string{"k.svg", "k.png"} {
		path := filepath.Join(dir, name)
		if err := Contour(path, "bowl", s, paths); err != nil {
			t.Fatal(err)
		}
		if filepath.Ext(name) == ".svg" {
			checkSVG(t, path)
		} else {
			checkPNG(t, path)
		}
	}
	flat, _ := NewSurface(func(x, y float64) float64 { return 2 }, 0, 1, 3, 0, 1, 3)
	nan, _ := NewSurface(func(x, y float64) float64 { return math.NaN() }, 0, 1, 3, 0, 1, 3)
	for name, err := range map[string]error{
		"flat":       Contour(filepath.Join(dir, "f.svg"), "", flat, nil),
		"NaN":        Contour(filepath.Join(dir, "n.svg"), "", nan, nil),
		"nil":        Contour(filepath.Join(dir, "z.svg"), "", nil, nil),
		"ragged":     Contour(filepath.Join(dir, "r.svg"), "", &Surface{X: []float64{0, 1}, Y: []float64{0, 1}, Z: [][]float64{{1, 2}, {3}}}, nil),
		"decreasing": Contour(filepath.Join(dir, "d.svg"), "", &Surface{X: []float64{1, 0}, Y: []float64{0, 1}, Z: [][]float64{{1, 2}, {3, 4}}}, nil),
		"path":       Contour(filepath.Join(dir, "p.svg"), "", s, []Path{{Name: "bad", X: []float64{1, 2}, Y: []float64{1}}}),
		"path NaN":   Contour(filepath.Join(dir, "q.svg"), "", s, []Path{{Name: "bad", X: []float64{1, math.NaN()}, Y: []float64{1, 2}}}),
	} {
		if err == nil {
			t.Errorf("%s: succeeded", name)
		}
	}
	if _, err := NewSurface(bowl, 1, 0, 10, 0, 1, 10); err == nil {
		t.Error("an empty rectangle accepted")
	}
	if _, err := NewSurface(bowl, 0, 1, 1, 0, 1, 10); err == nil {
		t.Error("one column accepted")
	}
}

func checkGIF(t *testing.T, path string, frames int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g, err := gif.DecodeAll(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(g.Image) != frames {
		t.Errorf("%s: %d frames, want %d", path, len(g.Image), frames)
	}
	// The frames differ: the path grows.
	if bytes.Equal(g.Image[0].Pix, g.Image[len(g.Image)-1].Pix) {
		t.Errorf("%s: the first and last frames are the same", path)
	}
}

func TestAnimations(t *testing.T) {
	dir := t.TempDir()
	s, _ := NewSurface(bowl, -3, 3, 30, -2, 2, 30)
	xs, ys := make([]float64, 100), make([]float64, 100)
	x, y := -2.5, 1.5
	for k := range xs {
		xs[k], ys[k] = x, y
		x, y = x-0.05*2*x, y-0.05*20*y
	}
	path := filepath.Join(dir, "a.gif")
	if err := AnimateContour(path, "descent", s, Path{Name: "GD", X: xs, Y: ys}); err != nil {
		t.Fatal(err)
	}
	// A geometric descent travels most of its way in its first steps: the frames, spaced by the distance
	// travelled, show fewer of the 100 points than the 60 frames evenly spaced steps would.
	checkGIF(t, path, len(frameCounts(xs, ys, 6, 4)))
	path = filepath.Join(dir, "b.gif")
	if err := AnimateCurve(path, "x²", func(x float64) float64 { return x * x }, -2, 2, []float64{1.5, -1.2, 0.9, -0.7, 0.5}); err != nil {
		t.Fatal(err)
	}
	checkGIF(t, path, 5)
	for name, err := range map[string]error{
		"no iterates":  AnimateCurve(filepath.Join(dir, "c.gif"), "", math.Sqrt, 0, 1, nil),
		"flat curve":   AnimateCurve(filepath.Join(dir, "c.gif"), "", func(float64) float64 { return 1 }, 0, 1, []float64{0}),
		"range":        AnimateCurve(filepath.Join(dir, "c.gif"), "", math.Sqrt, 1, 0, []float64{0}),
		"NaN iterate":  AnimateCurve(filepath.Join(dir, "c.gif"), "", math.Abs, -1, 1, []float64{0, math.NaN()}),
		"empty path":   AnimateContour(filepath.Join(dir, "c.gif"), "", s, Path{}),
		"flat surface": AnimateContour(filepath.Join(dir, "c.gif"), "", &Surface{X: []float64{0, 1}, Y: []float64{0, 1}, Z: [][]float64{{1, 1}, {1, 1}}}, Path{X: []float64{0}, Y: []float64{0}}),
		"missing dir":  AnimateCurve(filepath.Join(dir, "no", "c.gif"), "", math.Abs, -1, 1, []float64{0.5}),
	} {
		if err == nil {
			t.Errorf("%s: succeeded", name)
		}
	}
}

// The frames of a long descent come at even steps of distance: most of them where the path still moves, each
// showing more points than the last, the last showing them all.
func TestFrameCounts(t *testing.T) {
	xs, ys := make([]float64, 1000), make([]float64, 1000)
	x := 1.0
	for k := range xs {
		xs[k], x = x, x*0.99
	}
	counts := frameCounts(xs, ys, 1, 1)
	if len(counts) < maxFrames/2 || len(counts) > maxFrames || counts[0] != 1 || counts[len(counts)-1] != len(xs) {
		t.Fatalf("%d frames: %v", len(counts), counts)
	}
	for i := 1; i < len(counts); i++ {
		if counts[i] <= counts[i-1] {
			t.Fatalf("counts do not increase: %v", counts)
		}
	}
	// Half the distance is travelled by step 69 (0.99^69 ≈ 0.5): about half the frames must come by then.
	if mid := counts[len(counts)/2]; mid < 50 || mid > 90 {
		t.Errorf("the middle frame shows %d points: %v", mid, counts)
	}
	if n := len(frameCounts(xs[:7], ys[:7], 1, 1)); n != 7 {
		t.Errorf("%d frames for 7 points", n)
	}
}

// lint refuses a figure with an empty series or an axis showing fewer than two labelled ticks.
func TestLint(t *testing.T) {
	line := func(xys plotter.XYs) *plotter.Line {
		l, err := plotter.NewLine(xys)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	good := plotter.XYs{{X: 0, Y: 1}, {X: 10, Y: 100}}
	for _, c := range []struct {
		name   string
		ok     bool
		series []plotter.XYs
		log    bool
		ticker plot.Ticker
	}{
		{"good", true, []plotter.XYs{good}, true, nil},
		{"empty series", false, []plotter.XYs{good, {}}, false, nil},
		{"one decade label", false, []plotter.XYs{{{X: 0, Y: 2}, {X: 1, Y: 20}}}, true, decadesOnly{}},
		{"1-2-5 over a decade", true, []plotter.XYs{{{X: 0, Y: 2}, {X: 1, Y: 20}}}, true, nil},
		{"within a digit", true, []plotter.XYs{{{X: 0, Y: 2.1}, {X: 1, Y: 2.9}}}, true, nil},
		{"flat", false, []plotter.XYs{{{X: 0, Y: 2}, {X: 1, Y: 2}}}, false, nil},
	} {
		f := newFigure(c.name)
		for _, xys := range c.series {
			f.add(line(xys))
		}
		if c.log {
			f.p.Y.Scale, f.p.Y.Tick.Marker = plot.LogScale{}, plotstyle.LogTicks{MinLabels: 2}
		}
		if c.ticker != nil {
			f.p.Y.Tick.Marker = c.ticker
		}
		if err := f.lint(); (err == nil) != c.ok {
			t.Errorf("%s: lint says %v", c.name, err)
		}
	}
	// Scatter plots count too.
	f := newFigure("scatter")
	f.add(line(good), &plotter.Scatter{})
	if f.lint() == nil {
		t.Error("an empty scatter passed")
	}
}

// decadesOnly labels the powers of ten and nothing else, as the experiments' log axes did when a figure spanned
// less than two decades: one label on the ill-conditioned fit's axis.
type decadesOnly struct{}

func (decadesOnly) Ticks(lo, hi float64) []plot.Tick {
	var ticks []plot.Tick
	for v := 1e-3; v <= 1e3; v *= 10 {
		if v >= lo && v <= hi {
			ticks = append(ticks, plot.Tick{Value: v, Label: "x"})
		}
	}
	return ticks
}

// The running mean is centered, narrows towards the start and keeps its past at the end.
func TestRunningMean(t *testing.T) {
	var xys plotter.XYs
	for k := range 20 {
		xys = append(xys, plotter.XY{X: float64(k), Y: float64(k % 2 * 4)})
	}
	m := runningMean(xys, 2)
	// Point 0: itself; point 4: 3..5 (h = 1); point 10: 8..12; point 19: 17..19.
	for k, want := range map[int]float64{0: 0, 3: 4, 4: 8.0 / 3, 10: 8.0 / 5, 19: 8.0 / 3} {
		if m[k].Y != want || m[k].X != xys[k].X {
			t.Errorf("mean at %d: %v, want %v", k, m[k], want)
		}
	}
}

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
	"strings"
	"testing"
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
		{"fast", []float64{100, 10, 1, 0.1, 0.01, 0}, 1},
		{"slow", []float64{100, 80, 64, 51, math.Inf(1)}, 0},
		{"sampled", []float64{100, 50, 25}, 2},
		{"empty", nil, 0},
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
	if err := Convergence(filepath.Join(dir, "bad.svg"), "", "", []Curve{{"zero", []float64{0, -1, math.NaN()}, 1}}); err == nil {
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
		{"descent", []float64{-2.5, -1, 0.5, 0}, []float64{1.5, -1, 0.2, 0}},
		{"leaves the window", []float64{2, 5, 9}, []float64{1, 3, -7}},
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
		"path":       Contour(filepath.Join(dir, "p.svg"), "", s, []Path{{"bad", []float64{1, 2}, []float64{1}}}),
		"path NaN":   Contour(filepath.Join(dir, "q.svg"), "", s, []Path{{"bad", []float64{1, math.NaN()}, []float64{1, 2}}}),
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
	if err := AnimateContour(path, "descent", s, Path{"GD", xs, ys}); err != nil {
		t.Fatal(err)
	}
	checkGIF(t, path, 60)
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
		"flat surface": AnimateContour(filepath.Join(dir, "c.gif"), "", &Surface{X: []float64{0, 1}, Y: []float64{0, 1}, Z: [][]float64{{1, 1}, {1, 1}}}, Path{"", []float64{0}, []float64{0}}),
		"missing dir":  AnimateCurve(filepath.Join(dir, "no", "c.gif"), "", math.Abs, -1, 1, []float64{0.5}),
	} {
		if err == nil {
			t.Errorf("%s: succeeded", name)
		}
	}
}

func TestDecadeTicks(t *testing.T) {
	var labels []string
	for _, tk := range (decades{}).Ticks(3e-6, 2000) {
		if tk.Label != "" {
			labels = append(labels, tk.Label)
		}
	}
	want := []string{"1e-05", "0.0001", "0.001", "0.01", "0.1", "1", "10", "100", "1000"}
	if strings.Join(labels, " ") != strings.Join(want, " ") {
		t.Errorf("labels %v, want %v", labels, want)
	}
	if n := len((decades{}).Ticks(1e-30, 1e30)); n != 61 {
		t.Errorf("%d ticks over 60 decades", n)
	}
	for _, tk := range (decades{}).Ticks(2, 5) {
		if strings.Contains(tk.Label, "99999") {
			t.Errorf("label %q", tk.Label)
		}
	}
}

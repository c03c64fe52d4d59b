package experiments

import (
	"bytes"
	"crypto/sha256"
	"encoding/xml"
	"errors"
	"fmt"
	"image/gif"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// run runs the experiments once per test binary: they take about a second.
var run = struct {
	dir    string
	report *Report
	err    error
	out    string
}{}

func experiments(t *testing.T) *Report {
	t.Helper()
	if run.report == nil && run.err == nil {
		var err error
		if run.dir, err = os.MkdirTemp("", "experiments"); err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		run.report, run.err = Run(run.dir, &out)
		run.out = out.String()
	}
	if run.err != nil {
		t.Fatal(run.err)
	}
	return run.report
}

func TestMain(m *testing.M) {
	code := m.Run()
	if run.dir != "" {
		os.RemoveAll(run.dir)
	}
	os.Exit(code)
}

func section(t *testing.T, r *Report, title string) *Section {
	t.Helper()
	s := r.Section(title)
	if s == nil {
		t.Fatalf("no section %q", title)
	}
	return s
}

func outcome(t *testing.T, s *Section, name string) Outcome {
	t.Helper()
	for _, r := range s.Runs {
		if r.Optimizer == name {
			return r
		}
	}
	t.Fatalf("%s: no run %q", s.Title, name)
	return Outcome{}
}

func TestSynthetic(t *testing.T) {
	r := experiments(t)
	for _, title := range []string{"Synthetic regression, 500×2", "Synthetic regression, 5000×2"} {
		s := section(t, r, title)
		if len(s.Runs) != 4 {
			t.Errorf("%s: %d runs", title, len(s.Runs))
		}
		// The closed form is near the weights the data came from, and every optimizer near the closed form.
		if math.Abs(s.ClosedForm[0]-3) > 0.05 || math.Abs(s.ClosedForm[1]+2) > 0.05 {
			t.Errorf("%s: closed form %v", title, s.ClosedForm)
		}
		// Mini-batch SGD at a constant rate ends in a ball around the minimum whose size depends on the draw: 1.3% of
		// ‖w*‖ on 500 rows with this seed.
		for _, o := range s.Runs {
			if o.RelErr > 0.02 || o.Iters != 1000 || o.Loss < s.ClosedFormLoss {
				t.Errorf("%s: %s: %+v", title, o.Optimizer, o)
			}
		}
	}
}

func TestTable(t *testing.T) {
	s := section(t, experiments(t), "The six-point table")
	if math.Abs(s.ClosedForm[0]-5.633333333333) > 1e-9 || math.Abs(s.ClosedForm[1]-0.54) > 1e-12 {
		t.Errorf("closed form %v, want (5.6333…, 0.54)", s.ClosedForm)
	}
	gd := outcome(t, s, "gradient descent")
	// 100000 steps of α = 2e-5 leave GD short of a along the valley's floor, and close on b.
	if gd.Iters != 100000 || gd.W[0] >= s.ClosedForm[0] || math.Abs(gd.W[0]-s.ClosedForm[0]) > 0.03 ||
		math.Abs(gd.W[1]-0.54) > 1e-3 || gd.Loss-s.ClosedFormLoss > 1e-2 {
		t.Errorf("gradient descent: %+v", gd)
	}
	sgd := outcome(t, s, "SGD, batch 3")
	if sgd.Iters != 100000 || sgd.RelErr > 0.1 {
		t.Errorf("SGD: %+v", sgd)
	}
}

func TestQuadratic(t *testing.T) {
	r := experiments(t)
	for _, title := range []string{"Quadratic fit", "Quadratic fit, ill-conditioned and standardized"} {
		s := section(t, r, title)
		if len(s.Runs) != 6 {
			t.Errorf("%s: %d runs", title, len(s.Runs))
		}
		for _, o := range s.Runs {
			if o.RelErr > 0.01 {
				t.Errorf("%s: %s is %.3g from the closed form", title, o.Optimizer, o.RelErr)
			}
		}
	}
	ill := section(t, r, "Quadratic fit, ill-conditioned")
	if g := ill.ClosedForm[2]; math.Abs(g/section(t, r, "Quadratic fit").ClosedForm[2]-1e6) > 1 {
		t.Errorf("the ill-conditioned γ is %v", g)
	}
	for _, o := range ill.Runs {
		if o.W[2] > 1e-3*ill.ClosedForm[2] {
			t.Errorf("%s moved γ to %v on the ill-conditioned problem", o.Optimizer, o.W[2])
		}
	}
}

func TestParabola(t *testing.T) {
	s := section(t, experiments(t), "Gradient descent on f(x) = x²")
	want := map[string]float64{"α = 0.1": 4 * math.Pow(0.8, 30), "α = 0.45": 4 * math.Pow(0.1, 30),
		"α = 0.9": 4 * math.Pow(0.8, 30), "α = 1": 4, "α = 1.05": 4 * math.Pow(1.1, 30)}
	for name, x := range want {
		if o := outcome(t, s, name); math.Abs(o.W[0]-x) > 1e-9*x || o.Iters != 30 {
			t.Errorf("%s: x = %v after %d steps, want %v", name, o.W[0], o.Iters, x)
		}
	}
}

func TestSearch(t *testing.T) {
	s := section(t, experiments(t), "Hyperparameter search")
	if len(s.Runs) != 3 {
		t.Fatalf("%d runs", len(s.Runs))
	}
	for _, o := range s.Runs {
		if o.RelErr > 0.01 {
			t.Errorf("%s: %.3g from the closed form", o.Optimizer, o.RelErr)
		}
	}
}

// Every figure the report names exists and decodes, the SVGs as XML and the GIFs as animations.
func TestFigures(t *testing.T) {
	r := experiments(t)
	md, err := os.ReadFile(r.Path)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, s := range r.Sections {
		for _, f := range s.Figures {
			n++
			if !bytes.Contains(md, []byte("]("+f+")")) {
				t.Errorf("the report does not show %s", f)
			}
			data, err := os.ReadFile(filepath.Join(filepath.Dir(r.Path), f))
			if err != nil {
				t.Error(err)
				continue
			}
			switch filepath.Ext(f) {
			case ".svg":
				d := xml.NewDecoder(bytes.NewReader(data))
				for {
					if _, err := d.Token(); err != nil {
						if !errors.Is(err, io.EOF) {
							t.Errorf("%s: %v", f, err)
						}
						break
					}
				}
			case ".gif":
				g, err := gif.DecodeAll(bytes.NewReader(data))
				if err != nil || len(g.Image) < 2 {
					t.Errorf("%s: %v", f, err)
				}
			default:
				t.Errorf("unexpected figure %s", f)
			}
		}
	}
	if n < 12 {
		t.Errorf("%d figures", n)
	}
	if !strings.Contains(run.out, "report: ") || !strings.Contains(run.out, "Adam") {
		t.Errorf("summary:\n%s", run.out)
	}
}

// The report and its figures are the same bytes on another run with another GOMAXPROCS.
func TestReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the experiments a second time")
	}
	r := experiments(t)
	dir := t.TempDir()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	again, err := Run(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	files := []string{"report.md"}
	for _, s := range again.Sections {
		files = append(files, s.Figures...)
	}
	for _, f := range files {
		a, _ := os.ReadFile(filepath.Join(filepath.Dir(r.Path), f))
		b, _ := os.ReadFile(filepath.Join(dir, f))
		if strings.HasSuffix(f, "-contour.svg") {
			// gonum/plot assembles contour lines through a map, so they come out in another order on every
			// run: the same elements, in another sequence.
			a, b = sortedLines(a), sortedLines(b)
		}
		if len(a) == 0 || !bytes.Equal(a, b) {
			t.Errorf("%s differs between runs", f)
		}
	}
}

func sortedLines(b []byte) []byte {
	lines := bytes.Split(b, []byte("\n"))
	slices.SortFunc(lines, bytes.Compare)
	return bytes.Join(lines, []byte("\n"))
}

// reportDigest is the SHA-256 of report.md, the same on amd64 (GOAMD64 v1 and v3) and on arm64: any change to a
// number in the report changes it. After a deliberate change, paste the digest the failure prints.
const reportDigest = "8d1b811703f320b80727c9e13b18fbba2a7e903907560c8537d4f066f09cbac7"

func TestReportDigest(t *testing.T) {
	md, err := os.ReadFile(experiments(t).Path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprintf("%x", sha256.Sum256(md)); got != reportDigest {
		t.Errorf("report.md has the digest %s, want %s", got, reportDigest)
	}
}

func TestRunBadDir(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o644)
	if _, err := Run(filepath.Join(file, "sub"), nil); err == nil {
		t.Error("a directory under a file accepted")
	}
}

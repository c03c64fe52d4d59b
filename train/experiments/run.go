package experiments

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/fastgrad/fastgrad/internal/atomicfile"
)

// Run runs every experiment, writes the figures and report.md into dir (creating it), and prints a summary of each
// experiment to w as it finishes (w may be nil). The report depends only on the seeds in this package: the same
// bytes on every run, whatever GOMAXPROCS is, on amd64 and arm64 alike. So are the figures on one platform (the
// rasterization is gonum/plot's), except that gonum/plot writes a contour's lines in an order of its own each time.
// The summary also gives each experiment's wall time.
func Run(dir string, w io.Writer) (*Report, error) {
	if w == nil {
		w = io.Discard
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("experiments: %w", err)
	}
	r := &Report{}
	for _, e := range []struct {
		name string
		run  func(dir string) ([]Section, error)
	}{
		{"synthetic regressions", synthetic},
		{"six-point table", table},
		{"quadratic fit", quadratic},
		{"x²", parabola},
		{"hyperparameter search", search},
		{"compact state", compact},
	} {
		start := time.Now()
		secs, err := e.run(dir)
		if err != nil {
			return nil, fmt.Errorf("experiments: %s: %w", e.name, err)
		}
		for _, s := range secs {
			s.summary(w)
		}
		fmt.Fprintf(w, "(%s: %v)\n\n", e.name, time.Since(start).Round(time.Millisecond))
		r.Sections = append(r.Sections, secs...)
	}
	r.Path = filepath.Join(dir, "report.md")
	if err := atomicfile.WriteBytes(r.Path, r.markdown()); err != nil {
		return nil, fmt.Errorf("experiments: %w", err)
	}
	fmt.Fprintf(w, "report: %s\n", r.Path)
	return r, nil
}

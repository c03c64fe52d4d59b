package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/fastgrad/fastgrad/internal/atomicfile"
)

// writeOut writes the report into dir: one SVG plot per kernel, results.json, and report.md showing the plots.
// The plots come first, so that report.md never refers to a plot that is not there.
func (r *report) writeOut(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var kernels, plots []string
	for _, res := range r.results {
		if !slices.Contains(kernels, res.Kernel) {
			kernels = append(kernels, res.Kernel)
		}
	}
	for _, k := range kernels {
		svg, err := r.plotKernel(k)
		if err != nil {
			return fmt.Errorf("plotting %s: %v", k, err)
		}
		if err := atomicfile.WriteBytes(filepath.Join(dir, k+".svg"), svg); err != nil {
			return err
		}
		plots = append(plots, k+".svg")
	}
	js, err := r.json()
	if err != nil {
		return err
	}
	if err := atomicfile.WriteBytes(filepath.Join(dir, "results.json"), js); err != nil {
		return err
	}
	return atomicfile.WriteBytes(filepath.Join(dir, "report.md"), []byte(r.markdown(plots)))
}

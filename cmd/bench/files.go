package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/fastgrad/fastgrad/internal/atomicfile"
)

// writeOut writes the report into dir: one SVG plot per kernel and element type, results.json, and report.md
// showing the plots. The plots come first, so that report.md never refers to a plot that is not there.
func (r *report) writeOut(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var plots []string
	date := time.Now().UTC()
	for _, k := range r.plotKinds() {
		svg, err := r.plotKernel(k[0], k[1], date)
		if err != nil {
			return fmt.Errorf("plotting %s in %s: %v", k[0], k[1], err)
		}
		name := r.plotFile(k[0], k[1])
		if err := atomicfile.WriteBytes(filepath.Join(dir, name), svg); err != nil {
			return err
		}
		plots = append(plots, name)
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

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
)

// writeFileAtomic writes path through a temporary file in the same directory, renamed over path only once complete,
// so a reader never sees a half-written file and a failed run leaves the previous file whole.
func writeFileAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())              // after a successful rename there is nothing left to remove
	if err := f.Chmod(0o644); err != nil { // CreateTemp's 0600 suits a secret, not a report
		f.Close()
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

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
		if err := writeFileAtomic(filepath.Join(dir, k+".svg"), svg); err != nil {
			return err
		}
		plots = append(plots, k+".svg")
	}
	js, err := r.json()
	if err != nil {
		return err
	}
	if err := writeFileAtomic(filepath.Join(dir, "results.json"), js); err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(dir, "report.md"), []byte(r.markdown(plots)))
}

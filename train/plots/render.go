package plots

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/fastgrad/fastgrad/internal/atomicfile"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// The size of every figure.
const (
	width  = 6 * vg.Inch
	height = 4.5 * vg.Inch
)

// save renders p in the format path's extension names and writes it atomically.
func save(p *plot.Plot, path string) error {
	format := strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")
	var buf bytes.Buffer
	err := guard(func() error {
		wt, err := p.WriterTo(width, height, format)
		if err != nil {
			return err
		}
		_, err = wt.WriteTo(&buf)
		return err
	})
	if err != nil {
		return fmt.Errorf("plots: %s: %w", path, err)
	}
	return atomicfile.WriteBytes(path, buf.Bytes())
}

// guard runs f and turns a panic into an error. gonum/plot reports some unusable data (a log axis over a range
// that reaches 0, a contour whose levels span nothing) by panicking; the functions here check their input first,
// and this makes sure what they missed still comes back as an error.
func guard(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("plots: gonum/plot: %v", r)
		}
	}()
	return f()
}

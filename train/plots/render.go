package plots

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/fastgrad/fastgrad/internal/atomicfile"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The size of every figure.
const (
	width  = 6 * vg.Inch
	height = 4.5 * vg.Inch
)

// save checks f with lint, renders it in the format path's extension names and writes it atomically. The legend's
// column widens the figure: the data keep the same room with or without one.
func save(f *figure, path string) error {
	if err := f.lint(); err != nil {
		return fmt.Errorf("%w (%s)", err, path)
	}
	format := strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")
	var buf bytes.Buffer
	err := guard(func() error {
		c, err := draw.NewFormattedCanvas(width+f.legendWidth(), height, format)
		if err != nil {
			return err
		}
		f.draw(draw.New(c))
		_, err = c.WriteTo(&buf)
		return err
	})
	if err != nil {
		return fmt.Errorf("plots: %s: %w", path, err)
	}
	data := buf.Bytes()
	if format == "svg" {
		data = fontFallback(data)
	}
	return atomicfile.WriteBytes(path, data)
}

// fontFallback names, after the Liberation fonts gonum/plot measures its text with, the fonts that share their
// metrics (Times New Roman and Arial): a viewer without Liberation then lays the text out as it was measured,
// where its default font, often wider, would run labels past the figure's edge.
func fontFallback(svg []byte) []byte {
	for _, f := range [][2]string{{"Liberation Serif", "'Times New Roman',Times,serif"}, {"Liberation Sans", "Arial,Helvetica,sans-serif"}} {
		svg = bytes.ReplaceAll(svg, []byte("font-family:"+f[0]+";"), []byte("font-family:'"+f[0]+"',"+f[1]+";"))
	}
	return svg
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

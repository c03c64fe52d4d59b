package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// progress reports how far a run has got on standard error: a bar redrawn in place on a terminal, or a plain line
// per tenth of the run otherwise (a log should not fill with bars).
type progress struct {
	w        io.Writer
	terminal bool
	total    int
	done     int
	start    time.Time
	lastLine int // tenths reported in plain lines
}

// newProgress returns a progress report of total steps on w.
func newProgress(w io.Writer, total int) *progress {
	return &progress{w: w, terminal: isTerminal(w), total: total, start: time.Now()}
}

// isTerminal reports whether w is a character device, as a terminal is. No dependency is worth the rare false
// positive (/dev/null is one too, and a bar drawn there harms nobody).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// barWidth is the bar's length in characters, which keeps the whole line within 80 columns.
const barWidth = 24

// step counts one more step done, of what label says.
func (p *progress) step(label string) {
	p.done++
	elapsed := time.Since(p.start).Round(time.Second)
	if p.terminal {
		filled := barWidth * p.done / max(p.total, 1)
		if len(label) > 36 {
			label = label[:36]
		}
		fmt.Fprintf(p.w, "\r\033[K[%s%s] %d/%d %s %s", strings.Repeat("#", filled), strings.Repeat(".", barWidth-filled),
			p.done, p.total, elapsed, label)
		return
	}
	if tenth := 10 * p.done / max(p.total, 1); tenth > p.lastLine {
		p.lastLine = tenth
		fmt.Fprintf(p.w, "bench: %d%% (%d/%d) after %s: %s\n", 10*tenth, p.done, p.total, elapsed, label)
	}
}

// finish clears the bar, so that the report starts on a clean line.
func (p *progress) finish() {
	if p.terminal {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

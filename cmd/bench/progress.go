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

// barWidth is the bar's length in characters, and labelWidth the most of a label shown beside it: together they
// keep the line within 100 columns.
const barWidth, labelWidth = 24, 52

// step counts one more step done, of what label says.
func (p *progress) step(label string) {
	p.done++
	elapsed := time.Since(p.start)
	if p.terminal {
		filled := barWidth * p.done / max(p.total, 1)
		left := elapsed * time.Duration(p.total-p.done) / time.Duration(p.done)
		if len(label) > labelWidth {
			label = label[:labelWidth]
		}
		fmt.Fprintf(p.w, "\r\033[K[%s%s] %d/%d, %s left, %s", strings.Repeat("#", filled), strings.Repeat(".", barWidth-filled),
			p.done, p.total, left.Round(time.Second), label)
		return
	}
	elapsed = elapsed.Round(time.Second)
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

package experiments

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strings"
)

// markdown renders the report.
func (r *Report) markdown() []byte {
	var b bytes.Buffer
	b.WriteString("# The gradient-descent experiments\n\n")
	b.WriteString("Written by `experiments.Run` (package `github.com/fastgrad/fastgrad/train/experiments`). Every seed is fixed: " +
		"rerunning gives these numbers and figures again, bit for bit, on any number of cores. Each table compares the trained " +
		"weights with the closed-form least-squares solution (QR); the relative error is ‖w − w*‖/‖w*‖. Convergence plots show " +
		"the objective's excess over its minimum, L(w) − L(w*), on a log scale.\n")
	for _, s := range r.Sections {
		fmt.Fprintf(&b, "\n## %s\n\n", s.Title)
		for _, n := range s.Notes {
			fmt.Fprintf(&b, "%s\n\n", n)
		}
		if s.ClosedForm != nil {
			fmt.Fprintf(&b, "Closed form: w* = %s, objective %s.\n\n", vec(s.ClosedForm), num(s.ClosedFormLoss))
		}
		if len(s.Runs) > 0 {
			b.WriteString("| optimizer | learning rate | weights | objective | steps | stopped by | relative error |\n")
			b.WriteString("|---|---|---|---|---|---|---|\n")
			for _, run := range s.Runs {
				fmt.Fprintf(&b, "| %s | %s | %s | %s | %d | %v | %s |\n", run.Optimizer, num(run.LR), vec(run.W), num(run.Loss),
					run.Iters, run.Reason, num(run.RelErr))
			}
			b.WriteString("\n")
		}
		for _, f := range s.Figures {
			fmt.Fprintf(&b, "![%s](%s)\n\n", f, f)
		}
	}
	return b.Bytes()
}

// summary prints the section's key numbers as plain text.
func (s *Section) summary(w io.Writer) {
	fmt.Fprintf(w, "%s\n", s.Title)
	if s.ClosedForm != nil {
		fmt.Fprintf(w, "  %-32s w = %s  objective %s\n", "closed form", vec(s.ClosedForm), num(s.ClosedFormLoss))
	}
	for _, r := range s.Runs {
		fmt.Fprintf(w, "  %-32s w = %s  objective %s  rel. error %s  (%d steps, %v)\n", r.Optimizer, vec(r.W), num(r.Loss),
			num(r.RelErr), r.Iters, r.Reason)
	}
}

// num formats a number with six significant digits.
func num(x float64) string {
	if math.IsNaN(x) {
		return "–"
	}
	return fmt.Sprintf("%.6g", x)
}

func vec(w []float64) string {
	if w == nil {
		return "–"
	}
	s := make([]string, len(w))
	for i, x := range w {
		s[i] = num(x)
	}
	return "(" + strings.Join(s, ", ") + ")"
}

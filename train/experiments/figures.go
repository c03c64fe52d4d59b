package experiments

import (
	"math"
	"path/filepath"

	"github.com/fastgrad/fastgrad/train"
	"github.com/fastgrad/fastgrad/train/plots"
)

// maxPoints bounds the points of a drawn curve or path: a run of 100000 steps is drawn from a sample of its
// iterations, which keeps the SVG files small and looks the same.
const maxPoints = 2000

// smoothing is the half-width of the running mean drawn over the convergence curves of mini-batch runs, whose
// objective jumps by decades from one batch to the next: a mean over up to 41 sampled values (plots.Curve.Smooth).
const smoothing = 20

// stride returns the sampling step that keeps n points under maxPoints.
func stride(n int) int { return (n + maxPoints - 1) / maxPoints }

// excess returns a run's excess objective over the minimizer ref, L(w) − L(ref), at its start and after every
// step, sampled to at most maxPoints values.
func excess(name string, q *train.Quadratic, h *train.History[float64], ref []float64) (plots.Curve, error) {
	c := plots.Curve{Name: name, Every: stride(h.Len() + 1)}
	for t := 0; t <= h.Len(); t += c.Every {
		w := h.Start
		if t > 0 {
			w = h.Weights[t-1]
		}
		e, err := q.Excess(w, ref)
		if err != nil {
			return c, err
		}
		c.Values = append(c.Values, e)
	}
	return c, nil
}

// trajectory returns weights i and j of a run, from its start, sampled to at most maxPoints points and always
// ending at the last.
func trajectory(name string, h *train.History[float64], i, j int) plots.Path {
	xs, ys := h.Trajectory(i, j)
	p := plots.Path{Name: name}
	k := stride(len(xs))
	for t := 0; t < len(xs); t += k {
		p.X, p.Y, p.Step = append(p.X, xs[t]), append(p.Y, ys[t]), append(p.Step, t)
	}
	if last := len(xs) - 1; last%k != 0 {
		p.X, p.Y, p.Step = append(p.X, xs[last]), append(p.Y, ys[last]), append(p.Step, last)
	}
	return p
}

// withLoss returns tr with the objective at each of its steps, for an animation's caption. It is drawn, not
// reported: no number of the report depends on it.
func withLoss(tr plots.Path, q *train.Quadratic, h *train.History[float64]) (plots.Path, error) {
	tr.Loss = make([]float64, len(tr.Step))
	for k, t := range tr.Step {
		w := h.Start
		if t > 0 {
			w = h.Weights[t-1]
		}
		l, err := q.Loss(w)
		if err != nil {
			return tr, err
		}
		tr.Loss[k] = l
	}
	return tr, nil
}

// surface samples the objective over weights i and j, the others held at the minimizer ref, on the rectangle the
// paths cover. Each side reaches at most twice as far from ref as the farthest start, so that one path that
// wanders off cannot shrink the picture of the others: it is cut at the edge instead.
func surface(q *train.Quadratic, ref []float64, i, j int, paths []plots.Path, xl, yl string) (*plots.Surface, error) {
	x0, x1 := span(ref[i], paths, func(p plots.Path) []float64 { return p.X })
	y0, y1 := span(ref[j], paths, func(p plots.Path) []float64 { return p.Y })
	w := append([]float64(nil), ref...)
	s, err := plots.NewSurface(func(x, y float64) float64 {
		w[i], w[j] = x, y
		l, _ := q.Loss(w)
		return l
	}, x0, x1, 80, y0, y1, 80)
	if err != nil {
		return nil, err
	}
	s.XLabel, s.YLabel = xl, yl
	return s, nil
}

// span returns one side of surface's rectangle: the range of the paths' coordinates around center, capped and
// padded by a tenth.
func span(center float64, paths []plots.Path, coord func(plots.Path) []float64) (lo, hi float64) {
	var reach float64
	for _, p := range paths {
		reach = math.Max(reach, math.Abs(coord(p)[0]-center))
	}
	reach = math.Max(2*reach, 1e-9)
	lo, hi = center, center
	for _, p := range paths {
		for _, v := range coord(p) {
			lo, hi = math.Min(lo, math.Max(v, center-reach)), math.Max(hi, math.Min(v, center+reach))
		}
	}
	pad := float64(0.1 * (hi - lo))
	return lo - pad, hi + pad
}

// figure returns the path of a figure in dir and records its name in the section.
func (s *Section) figure(dir, name string) string {
	s.Figures = append(s.Figures, name)
	return filepath.Join(dir, name)
}

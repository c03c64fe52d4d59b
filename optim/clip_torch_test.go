package optim_test

import (
	"encoding/json"
	"fmt"
	"math"
	"testing"

	"github.com/fastgrad/fastgrad/kernels"
	"github.com/fastgrad/fastgrad/optim"
)

// clipCase is one case of testdata/pytorch/clip.json, written by gen.py clip from torch.nn.utils.clip_grad_norm_.
type clipCase struct {
	DType            string          `json:"dtype"`
	NormType         json.RawMessage `json:"norm_type"` // a number, or "inf" / "-inf"
	MaxNorm          float64         `json:"max_norm"`
	ErrorIfNonfinite bool            `json:"error_if_nonfinite"`
	Grads            []string        `json:"grads"`
	Total            string          `json:"total"`
	After            []string        `json:"after"`
	Error            bool            `json:"error"`
}

func (c clipCase) p(t *testing.T) float64 {
	switch string(c.NormType) {
	case `"inf"`:
		return math.Inf(1)
	case `"-inf"`:
		return math.Inf(-1)
	}
	var p float64
	if err := json.Unmarshal(c.NormType, &p); err != nil {
		t.Fatal(err)
	}
	return p
}

// clipULPs is how far from PyTorch's each norm type may land, in ulps of F, for the total; each gradient after
// clipping may add one more where the bound is not 0. Every case of the file is in fact exact but float64's p = 2
// (2 ulps); the bounds are what is promised:
//
//   - +Inf, −Inf and 0 are a maximum, a minimum and a count: no rounding at all, so exact.
//   - 1 adds |gᵢ| in index order in F, as PyTorch's CPU kernel does in one thread (gen.py runs one): exact.
//   - The general p adds in that order too, but its powers are detmath.Pow's, correctly rounded, and PyTorch's the
//     C library's pow, which may be an ulp off; the root s^(1/p) scales a sum's difference by 1/p: 1 ulp for
//     |p| ≥ 1, 2 for p = 0.5.
//   - 2 sums squares in the kernels' canonical order (64 or 32 accumulators and a tree), PyTorch in its
//     vectorized order: the sums differ by their rounding, a few ulps at these lengths.
var clipULPs = map[float64]int64{math.Inf(1): 0, math.Inf(-1): 0, 0: 0, 1: 0, 3: 1, 0.5: 2, -1.5: 1, 2: 4}

// TestClipGradNormMatchesPyTorch runs ClipGradNorm on every case PyTorch recorded: every norm type, both types,
// finite gradients, and a NaN or an infinity with errorIfNonfinite false and true. An error must come exactly
// where PyTorch raised, and change nothing; the totals and the clipped gradients must be within clipULPs. The
// worst distance per norm type is logged with -v.
func TestClipGradNormMatchesPyTorch(t *testing.T) {
	cases := torchCases[clipCase](t, "testdata/pytorch/clip.json")
	worst := map[string]int64{}
	for i, c := range cases {
		name := fmt.Sprintf("%d/%s/p=%v/error=%v", i, c.DType, c.p(t), c.ErrorIfNonfinite)
		var w int64
		if c.DType == "float32" {
			w = clipCaseRun[float32](t, name, c)
		} else {
			w = clipCaseRun[float64](t, name, c)
		}
		k := fmt.Sprintf("%s p=%v", c.DType, c.p(t))
		worst[k] = max(worst[k], w)
	}
	for k, w := range worst {
		t.Logf("%-16s worst %d ulps", k, w)
	}
}

func clipCaseRun[F kernels.Float](t *testing.T, name string, c clipCase) (worst int64) {
	grads := decodeAll[F](t, c.Grads)
	ps := make([]*optim.Param[F], len(grads))
	for i, g := range grads {
		ps[i] = &optim.Param[F]{Name: fmt.Sprint(i), Value: make([]F, len(g)), Grad: append([]F(nil), g...)}
	}
	p := c.p(t)
	total, err := optim.ClipGradNorm(ps, c.MaxNorm, p, c.ErrorIfNonfinite)
	if c.Error {
		if err == nil {
			t.Errorf("%s: no error where PyTorch raised", name)
		}
		for i := range ps {
			if ulpDist(ps[i].Grad, grads[i]) != 0 {
				t.Errorf("%s: the error changed gradient %d", name, i)
			}
		}
		return 0
	}
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	bound, ok := clipULPs[p]
	if !ok {
		t.Fatalf("%s: no bound for p=%v", name, p)
	}
	if d := ulpDist([]F{F(total)}, decodeHex[F](t, c.Total)); d > bound {
		t.Errorf("%s: total %v, PyTorch %v: %d ulps apart, want ≤ %d", name, total, decodeHex[F](t, c.Total)[0], d, bound)
	} else {
		worst = d
	}
	// The coefficient is PyTorch's own arithmetic on the total: exact where the total is, otherwise it carries the
	// total's difference, and the product one rounding more.
	gb := bound
	if gb > 0 {
		gb++
	}
	after := decodeAll[F](t, c.After)
	for i := range ps {
		if d := ulpDist(ps[i].Grad, after[i]); d > gb {
			t.Errorf("%s: gradient %d is %d ulps from PyTorch's, want ≤ %d", name, i, d, gb)
		} else {
			worst = max(worst, d)
		}
	}
	return worst
}

// ulpDist returns the largest distance in ulps of F between got[i] and want[i]: 0 for two NaNs or equal values
// (+0 and −0 count as 1 apart), math.MaxInt64 for a NaN against a number or different lengths.
func ulpDist[F kernels.Float](got, want []F) int64 {
	if len(got) != len(want) {
		return math.MaxInt64
	}
	var worst int64
	for i := range got {
		a, b := got[i], want[i]
		switch {
		case a != a && b != b:
			continue
		case a != a || b != b:
			return math.MaxInt64
		}
		worst = max(worst, abs64(ordered(a)-ordered(b)))
	}
	return worst
}

// ordered maps x to an integer whose order is x's, one step per representable value of F.
func ordered[F kernels.Float](x F) int64 {
	var i int64
	if _, ok := any(x).(float32); ok {
		i = int64(int32(math.Float32bits(float32(x))))
		if i < 0 {
			i = math.MinInt32 - i
		}
		return i
	}
	i = int64(math.Float64bits(float64(x)))
	if i < 0 {
		i = math.MinInt64 - i
	}
	return i
}

func abs64(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

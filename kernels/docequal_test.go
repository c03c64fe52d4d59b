package kernels_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	. "github.com/fastgrad/fastgrad/kernels"
)

// TestDocLoopsMatchKernels runs every kernel's doc loop, as mirrored in docloops_test.go, against the kernel on
// every path, and wants the same bits (any NaN matching any NaN): over every combination of the kernel's options,
// lengths around the vector blocks, realistic values and special ones (±0, subnormals, ±Inf, NaN, the extremes),
// hyperparameters drawn from realistic ones with now and then an extreme one, and three consecutive steps.
func TestDocLoopsMatchKernels(t *testing.T) {
	ForEachPath(t, func(t *testing.T) {
		t.Run("f32", docLoopsMatch[float32])
		t.Run("f64", docLoopsMatch[float64])
	})
}

// docLengths are the lengths tried: empty, short, and either side of the 32- and 64-lane blocks.
var docLengths = []int{0, 1, 2, 7, 31, 32, 33, 63, 64, 65, 127, 131, 257}

// docStarts are the steps a run starts at: 1 (SGD's buffer is set, not decayed), early ones, and one late enough
// for RAdam's rectified update.
var docStarts = []int{1, 2, 7, 100}

func docLoopsMatch[F Float](t *testing.T) {
	for i, c := range docOptimizers[F]() {
		t.Run(c.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(14, uint64(i)))
			for v := range max(64, 1<<c.flags) { // a kernel with few options draws more hyperparameters
				v %= 1 << c.flags
				for k, n := range docLengths {
					mix := k % mixes
					w, g := docValues[F](r, n, mix), docValues[F](r, n, mix)
					st := make([][]F, c.states)
					for j := range st {
						st[j] = docValues[F](r, n, mix)
						if mix == realistic {
							for e, x := range st[j] {
								st[j][e] = x * x // accumulators of squares are not negative
							}
						}
					}
					dw, dst := slices.Clone(w), make([][]F, len(st))
					for j := range st {
						dst[j] = slices.Clone(st[j])
					}
					run := c.setup(r, v)
					start := docStarts[k%len(docStarts)]
					for step := start; step < start+3; step++ {
						run(false, step, w, g, st)
						run(true, step, dw, g, dst)
						where := fmt.Sprintf("options %0*b, n=%d, step %d: doc loop's ", c.flags, v, n, step)
						CheckSame(t, where+"w", dw, w)
						for j := range st {
							CheckSame(t, where+"state "+fmt.Sprint(j), dst[j], st[j])
						}
					}
				}
			}
		})
	}
	for i, c := range docVectors[F]() {
		t.Run(c.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(41, uint64(i)))
			for k, n := range docLengths {
				for mix := range mixes {
					c.check(t, r, k, n, mix)
				}
			}
		})
	}
}

// The mixes of values tried: realistic ones, special ones mixed in, only special ones, and only ±0 and ±1 (where
// the sign of a zero decides, as in maxNaN(+0, −0)).
const (
	realistic = iota
	mixed
	allSpecial
	signedZeros
	mixes
)

// docValues returns n values of the given mix.
func docValues[F Float](r *rand.Rand, n, mix int) []F {
	s := make([]F, n)
	var sp []F
	switch mix {
	case realistic, mixed:
		FillValues(r, s, mix == mixed)
		return s
	case allSpecial:
		sp = SpecialValues[F]()
	case signedZeros:
		sp = []F{0, F(math.Copysign(0, -1)), 1, -1}
	}
	for i := range s {
		s[i] = sp[r.IntN(len(sp))]
	}
	return s
}

// either returns the doc loop or the kernel.
func either[T any](doc bool, kernel, loop T) T {
	if doc {
		return loop
	}
	return kernel
}

// optional returns s when the option that needs it is on, and nil otherwise.
func optional[F Float](s []F, on bool) []F {
	if on {
		return s
	}
	return nil
}

// docWild are the extreme hyperparameters drawn now and then instead of realistic ones.
var docWild = []float64{0, math.Copysign(0, -1), 1, 1.5, -0.5, 0.7, 1e300, 1e-300, 0x1p-1074, 1e-40, math.Inf(1)}

// draw returns one of vals, or one time in eight an extreme value.
func draw(r *rand.Rand, vals ...float64) float64 {
	if r.IntN(8) == 0 {
		return docWild[r.IntN(len(docWild))]
	}
	return vals[r.IntN(len(vals))]
}

// on reports whether option bit is on in v.
func on(v, bit int) bool { return v&(1<<bit) != 0 }

// drawIf draws from vals when bit is on in v, and is 0 otherwise.
func drawIf(r *rand.Rand, v, bit int, vals ...float64) float64 {
	if !on(v, bit) {
		return 0
	}
	return draw(r, vals...)
}

// The hyperparameters drawn: learning rates, betas (and RMSprop's α), ε and weight decays.
func lrOf(r *rand.Rand) float64   { return draw(r, 1e-3, 1e-2, 0.1, 1, 3e-4) }
func betaOf(r *rand.Rand) float64 { return draw(r, 0.9, 0.99, 0.999, 0.3, 0.5, 0.7, 0, 1.5) }
func epsOf(r *rand.Rand) float64  { return draw(r, 1e-8, 1e-6, 1e-10, 0.1) }

var weightDecays = []float64{1e-2, 0.1, 1e-4, 0.9}

// docOptimizer is an elementwise optimizer kernel: its state slices besides w, and its options as flags, every
// combination of which is tried. setup draws the hyperparameters of options v and returns a step that runs the
// kernel, or with doc its doc loop, at step t.
type docOptimizer[F Float] struct {
	name   string
	states int
	flags  int
	setup  func(r *rand.Rand, v int) func(doc bool, t int, w, g []F, st [][]F)
}

func docOptimizers[F Float]() []docOptimizer[F] {
	return []docOptimizer[F]{
		{"Adam", 3, 5, func(r *rand.Rand, v int) func(bool, int, []F, []F, [][]F) {
			h := AdamHyper{LR: lrOf(r), Beta1: betaOf(r), Beta2: betaOf(r), Eps: epsOf(r), Maximize: on(v, 0),
				WeightDecay: drawIf(r, v, 1, weightDecays...), Decoupled: on(v, 2), AMSGrad: on(v, 3), EpsHat: on(v, 4)}
			return func(doc bool, t int, w, g []F, st [][]F) {
				s := nonZero(h.Step(t))
				either(doc, Adam[F], docAdam[F])(&s, w, g, st[0], st[1], optional(st[2], h.AMSGrad))
			}
		}},
		{"SGD", 1, 5, func(r *rand.Rand, v int) func(bool, int, []F, []F, [][]F) {
			h := SGDHyper{LR: lrOf(r), Maximize: on(v, 0), WeightDecay: drawIf(r, v, 1, weightDecays...),
				Momentum: drawIf(r, v, 2, 0.9, 0.5, 0.99), Dampening: drawIf(r, v, 3, 0.1, 0.5, 0.9), Nesterov: on(v, 4)}
			return func(doc bool, t int, w, g []F, st [][]F) {
				s := nonZero(h.Step(t))
				either(doc, SGD[F], docSGD[F])(&s, w, g, optional(st[0], h.Momentum != 0))
			}
		}},
		{"Adagrad", 1, 4, func(r *rand.Rand, v int) func(bool, int, []F, []F, [][]F) {
			h := AdagradHyper{LR: lrOf(r), Eps: epsOf(r), Maximize: on(v, 0), WeightDecay: drawIf(r, v, 1, weightDecays...),
				LRDecay: drawIf(r, v, 2, 0.1, 1e-3), EpsInside: on(v, 3)}
			return func(doc bool, t int, w, g []F, st [][]F) {
				s := nonZero(h.Step(t))
				either(doc, Adagrad[F], docAdagrad[F])(&s, w, g, st[0])
			}
		}},
		{"RMSprop", 3, 5, func(r *rand.Rand, v int) func(bool, int, []F, []F, [][]F) {
			h := nonZero(RMSpropHyper{LR: lrOf(r), Alpha: betaOf(r), Eps: epsOf(r), Maximize: on(v, 0),
				WeightDecay: drawIf(r, v, 1, weightDecays...), Momentum: drawIf(r, v, 2, 0.9, 0.5, 0.99),
				Centered: on(v, 3), EpsInside: on(v, 4)})
			return func(doc bool, _ int, w, g []F, st [][]F) {
				either(doc, RMSprop[F], docRMSprop[F])(&h, w, g, st[0], optional(st[1], h.Centered),
					optional(st[2], h.Momentum > 0))
			}
		}},
		{"Adamax", 2, 2, func(r *rand.Rand, v int) func(bool, int, []F, []F, [][]F) {
			h := AdamaxHyper{LR: lrOf(r), Beta1: betaOf(r), Beta2: betaOf(r), Eps: epsOf(r), Maximize: on(v, 0),
				WeightDecay: drawIf(r, v, 1, weightDecays...)}
			return func(doc bool, t int, w, g []F, st [][]F) {
				s := nonZero(h.Step(t))
				either(doc, Adamax[F], docAdamax[F])(&s, w, g, st[0], st[1])
			}
		}},
		{"NAdam", 2, 3, func(r *rand.Rand, v int) func(bool, int, []F, []F, [][]F) {
			h := NAdamHyper{LR: lrOf(r), Beta1: betaOf(r), Beta2: betaOf(r), Eps: epsOf(r),
				MomentumDecay: draw(r, 4e-3, 0.1), Maximize: on(v, 0), WeightDecay: drawIf(r, v, 1, weightDecays...),
				Decoupled: on(v, 2)}
			return func(doc bool, t int, w, g []F, st [][]F) {
				var s NAdamStep
				prod := 1.0
				for k := 1; k <= t; k++ {
					s, prod = h.Step(k, prod)
				}
				s = nonZero(s)
				either(doc, NAdam[F], docNAdam[F])(&s, w, g, st[0], st[1])
			}
		}},
		{"RAdam", 2, 3, func(r *rand.Rand, v int) func(bool, int, []F, []F, [][]F) {
			h := RAdamHyper{LR: lrOf(r), Beta1: betaOf(r), Beta2: betaOf(r), Eps: epsOf(r), Maximize: on(v, 0),
				WeightDecay: drawIf(r, v, 1, weightDecays...), Decoupled: on(v, 2)}
			return func(doc bool, t int, w, g []F, st [][]F) {
				s := nonZero(h.Step(t))
				either(doc, RAdam[F], docRAdam[F])(&s, w, g, st[0], st[1])
			}
		}},
		{"Adadelta", 2, 2, func(r *rand.Rand, v int) func(bool, int, []F, []F, [][]F) {
			h := nonZero(AdadeltaHyper{LR: draw(r, 1, 0.1), Rho: draw(r, 0.9, 0.95, 0.5), Eps: epsOf(r), Maximize: on(v, 0),
				WeightDecay: drawIf(r, v, 1, weightDecays...)})
			return func(doc bool, _ int, w, g []F, st [][]F) {
				either(doc, Adadelta[F], docAdadelta[F])(&h, w, g, st[0], st[1])
			}
		}},
		{"Lion", 1, 1, func(r *rand.Rand, v int) func(bool, int, []F, []F, [][]F) {
			h := nonZero(LionHyper{LR: draw(r, 1e-4, 1e-3, 0.3, 1.5), Beta1: betaOf(r), Beta2: betaOf(r),
				WeightDecay: drawIf(r, v, 0, 1, 0.1, 0.7)})
			return func(doc bool, _ int, w, g []F, st [][]F) {
				either(doc, Lion[F], docLion[F])(&h, w, g, st[0])
			}
		}},
		// The averages: w is the average, written, and g the weights averaged.
		{"EMA", 0, 1, func(r *rand.Rand, v int) func(bool, int, []F, []F, [][]F) {
			h := EMAHyper{Decay: draw(r, 0.999, 0.9999, 0.9, 0.5, 0.3, 0), WeightedSum: on(v, 0)}
			return func(doc bool, _ int, w, g []F, _ [][]F) {
				either(doc, EMA[F], docEMA[F])(&h, w, g)
			}
		}},
		{"SWA", 0, 0, func(r *rand.Rand, _ int) func(bool, int, []F, []F, [][]F) {
			base := []int{0, 1 << 24, 1<<53 - 1, math.MaxInt - 200}[r.IntN(4)] // t < 200
			return func(doc bool, t int, w, g []F, _ [][]F) {
				either(doc, SWA[F], docSWA[F])(base+t-1, w, g)
			}
		}},
		{"ASGD", 1, 3, func(r *rand.Rand, v int) func(bool, int, []F, []F, [][]F) {
			// T0 from 0 on averages from step 3, and a negative one from step 2.
			h := ASGDHyper{LR: lrOf(r), Lambd: draw(r, 1e-4, 0.1, 1), Alpha: draw(r, 0.75, 0.5, 1), Maximize: on(v, 0),
				WeightDecay: drawIf(r, v, 1, weightDecays...), T0: draw(r, 1e6, 0, -5, 2)}
			if on(v, 2) {
				h.T0 = -5
			}
			return func(doc bool, t int, w, g []F, st [][]F) {
				s := h.Step(t)
				either(doc, ASGD[F], docASGD[F])(&s, w, g, st[0])
			}
		}},
		{"Rprop", 2, 1, func(r *rand.Rand, v int) func(bool, int, []F, []F, [][]F) {
			h := RpropHyper{EtaMinus: draw(r, 0.5, 0.3, 1, 1.2), EtaPlus: draw(r, 1.2, 1.5, 1, 0.5),
				StepMin: draw(r, 1e-6, 0, 0.25, math.NaN()), StepMax: draw(r, 50, 0.5, math.Inf(1), 1e-6), Maximize: on(v, 0)}
			return func(doc bool, _ int, w, g []F, st [][]F) {
				either(doc, Rprop[F], docRprop[F])(&h, w, g, st[0], st[1])
			}
		}},
	}
}

// docVector is a kernel over vectors or a matrix: check runs it and its doc loop on the k-th length n and
// compares.
type docVector[F Float] struct {
	name  string
	check func(t *testing.T, r *rand.Rand, k, n, mix int)
}

// lsqColumns are the widths of the least-squares matrices, taken in turn.
var lsqColumns = []int{0, 1, 3, 8, 17, 33}

func docVectors[F Float]() []docVector[F] {
	scalar := func(r *rand.Rand) F { return docValues[F](r, 1, r.IntN(3))[0] }
	same := func(t *testing.T, what string, doc, kernel F) {
		t.Helper()
		CheckSame(t, what, []F{doc}, []F{kernel})
	}
	return []docVector[F]{
		{"Dot", func(t *testing.T, r *rand.Rand, _, n, mix int) {
			x, y := docValues[F](r, n, mix), docValues[F](r, n, mix)
			same(t, fmt.Sprintf("n=%d: doc loop's Dot", n), docDot(x, y), Dot(x, y))
		}},
		{"SumSq", func(t *testing.T, r *rand.Rand, _, n, mix int) {
			x := docValues[F](r, n, mix)
			same(t, fmt.Sprintf("n=%d: doc loop's SumSq", n), docSumSq(x), SumSq(x))
		}},
		{"MaxAbs", func(t *testing.T, r *rand.Rand, _, n, mix int) {
			x := docValues[F](r, n, mix)
			same(t, fmt.Sprintf("n=%d: doc loop's MaxAbs", n), docMaxAbs(x), MaxAbs(x))
		}},
		{"AllFinite", func(t *testing.T, r *rand.Rand, _, n, mix int) {
			x := docValues[F](r, n, mix)
			if doc, kernel := docAllFinite(x), AllFinite(x); doc != kernel {
				t.Fatalf("n=%d: doc loop's AllFinite %v, kernel's %v", n, doc, kernel)
			}
		}},
		{"Scale", func(t *testing.T, r *rand.Rand, _, n, mix int) {
			alpha, x := scalar(r), docValues[F](r, n, mix)
			dx := slices.Clone(x)
			Scale(alpha, x)
			docScale(alpha, dx)
			CheckSame(t, fmt.Sprintf("n=%d alpha=%v: doc loop's x", n, alpha), dx, x)
		}},
		{"Axpy", func(t *testing.T, r *rand.Rand, _, n, mix int) {
			alpha, x, y := scalar(r), docValues[F](r, n, mix), docValues[F](r, n, mix)
			dy, ay, day := slices.Clone(y), slices.Clone(x), slices.Clone(x)
			Axpy(alpha, x, y)
			docAxpy(alpha, x, dy)
			CheckSame(t, fmt.Sprintf("n=%d alpha=%v: doc loop's y", n, alpha), dy, y)
			Axpy(alpha, ay, ay) // x may be y itself
			docAxpy(alpha, day, day)
			CheckSame(t, fmt.Sprintf("n=%d alpha=%v: doc loop's y, x being y", n, alpha), day, ay)
		}},
		{"ClipValue", func(t *testing.T, r *rand.Rand, _, n, mix int) {
			c := F([]float64{0, math.Copysign(0, -1), 0.5, 2.5, 1e-40, math.MaxFloat32, math.Inf(1)}[r.IntN(7)])
			x := docValues[F](r, n, mix)
			dx := slices.Clone(x)
			ClipValue(c, x)
			docClipValue(c, dx)
			CheckSame(t, fmt.Sprintf("n=%d c=%v: doc loop's x", n, c), dx, x)
		}},
		{"LeastSquares", func(t *testing.T, r *rand.Rand, k, m, mix int) {
			n := lsqColumns[k%len(lsqColumns)]
			X, y, w := docValues[F](r, m*n, mix), docValues[F](r, m, mix), docValues[F](r, n, mix)
			s := lsqScale[F](r, m)
			g, res := outputs[F](r, n, m, k)
			dg, dres := slices.Clone(g), slices.Clone(res)
			loss, dloss := LeastSquares(g, res, X, y, w, s), docLeastSquares(dg, dres, X, y, w, s)
			where := fmt.Sprintf("%d×%d s=%v: doc loop's ", m, n, s)
			CheckSame(t, where+"g", dg, g)
			CheckSame(t, where+"r", dres, res)
			same(t, where+"loss", dloss, loss)
		}},
		{"LeastSquaresBatch", func(t *testing.T, r *rand.Rand, k, b, mix int) {
			n, m := lsqColumns[k%len(lsqColumns)], 1+b/2 // fewer rows than picks: some are picked twice
			X, y, w := docValues[F](r, m*n, mix), docValues[F](r, m, mix), docValues[F](r, n, mix)
			idx := make([]int, b)
			for i := range idx {
				idx[i] = r.IntN(m)
			}
			s := lsqScale[F](r, b)
			g, res := outputs[F](r, n, b, k)
			dg, dres := slices.Clone(g), slices.Clone(res)
			loss, dloss := LeastSquaresBatch(g, res, X, y, w, idx, s), docLeastSquaresBatch(dg, dres, X, y, w, idx, s)
			where := fmt.Sprintf("%d of %d×%d rows, s=%v: doc loop's ", b, m, n, s)
			CheckSame(t, where+"g", dg, g)
			CheckSame(t, where+"r", dres, res)
			same(t, where+"loss", dloss, loss)
		}},
	}
}

// outputs returns the least-squares kernels' outputs g, of length n, and r, of length m or (one time in three)
// nil, holding garbage that the kernels must overwrite.
func outputs[F Float](r *rand.Rand, n, m, k int) (g, res []F) {
	return docValues[F](r, n, allSpecial), optional(docValues[F](r, m, allSpecial), k%3 != 0)
}

// lsqScale draws the least-squares scale: usually 1/rows or 2/rows, sometimes a special value.
func lsqScale[F Float](r *rand.Rand, rows int) F {
	switch r.IntN(4) {
	case 0:
		return docValues[F](r, 1, allSpecial)[0]
	case 1:
		return 1
	}
	return F(float64(1+r.IntN(2)) / float64(max(rows, 1)))
}

// nonZero returns s, or if it is the zero value, which the kernels reject as no step anyone means, s with its first
// float64 set to 1: the draws above give the zero value now and then, every field at a wild 0.
func nonZero[S comparable](s S) S {
	if s != *new(S) {
		return s
	}
	setFirstFloat(reflect.ValueOf(&s).Elem())
	return s
}

// setFirstFloat sets the first float64 of struct v, in embedded structs too, to 1, and reports whether it found one.
func setFirstFloat(v reflect.Value) bool {
	for i := range v.NumField() {
		switch f := v.Field(i); f.Kind() {
		case reflect.Float64:
			f.SetFloat(1)
			return true
		case reflect.Struct:
			if setFirstFloat(f) {
				return true
			}
		}
	}
	return false
}

// TestDocLoopsMatchHalf runs the 16-bit conversions' doc loops against the functions on every path, over the
// lengths, realistic and special values, both roundings and several offsets, and wants the same bits.
func TestDocLoopsMatchHalf(t *testing.T) {
	ForEachPath(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(16, 16))
		for k, n := range docLengths {
			src := docValues[float32](r, n, k%mixes)
			for _, rnd := range []Rounding{{}, {Stochastic: true, Key: NewRoundingKey(uint64(k), 3), Offset: k * 1000}} {
				b, db := make([]BF16, n), make([]BF16, n)
				RoundToBF16(b, src, rnd)
				docRoundToBF16(db, src, rnd)
				h, dh := make([]F16, n), make([]F16, n)
				RoundToF16(h, src, rnd)
				docRoundToF16(dh, src, rnd)
				if !slices.Equal(b, db) || !slices.Equal(h, dh) {
					t.Fatalf("n=%d, %+v: RoundToBF16 or RoundToF16 differs from its doc loop", n, rnd)
				}
				w, dw := make([]float32, n), make([]float32, n)
				WidenBF16(w, b)
				docWidenBF16(dw, b)
				CheckSame(t, fmt.Sprintf("n=%d: doc loop's WidenBF16", n), dw, w)
				WidenF16(w, h)
				docWidenF16(dw, h)
				CheckSame(t, fmt.Sprintf("n=%d: doc loop's WidenF16", n), dw, w)
			}
			rnd := Rounding{Stochastic: k%2 == 1, Key: NewRoundingKey(9, uint64(k))}
			for i, x := range src {
				if ToBF16(x) != docToBF16(x) {
					t.Fatalf("ToBF16(%v) = %#04x, doc loop %#04x", x, ToBF16(x), docToBF16(x))
				}
				b, h := Rounded[BF16](x, rnd, i), Rounded[F16](x, rnd, i)
				if b != docRounded[BF16](x, rnd, i) || h != docRounded[F16](x, rnd, i) || math.Float32bits(Rounded[float32](x, rnd, i)) != math.Float32bits(docRounded[float32](x, rnd, i)) {
					t.Fatalf("Rounded(%v, %+v, %d) differs from its doc loop", x, rnd, i)
				}
				if math.Float32bits(Widened(b)) != math.Float32bits(docWidened(b)) || math.Float32bits(Widened(h)) != math.Float32bits(docWidened(h)) {
					t.Fatalf("Widened(%#04x) or Widened(%#04x) differs from its doc loop", b, h)
				}
			}
		}
	})
}

// TestDocLoopsMatchStored runs the stored and copy kernels' doc loops (Adam, SGD, Lion, Adagrad) against the
// kernels on every path, for every combination of stored types the modes use (all BF16, all F16, float32 weights
// with BF16 or F16 state, all float32, BF16 weights with float32 gradients and state) and a copy of each 16-bit
// type: over 16 option variants of each optimizer, rounding to nearest and stochastically, lengths either side of
// the kernels' chunk of 512 elements, and three consecutive steps.
func TestDocLoopsMatchStored(t *testing.T) {
	ForEachPath(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(18, 1))
		lengths := []int{0, 1, 7, 33, 511, 512, 513, 1100}
		for v := range 16 {
			for k, n := range lengths {
				c := storedCall{v: v, n: n, mix: k % mixes,
					rnd: Rounding{Stochastic: v%3 == 0, Key: NewRoundingKey(uint64(v), uint64(k)), Offset: 1000 * k}}
				where := fmt.Sprintf("variant %04b, n=%d, %+v", v, n, c.rnd)
				storedMatch[BF16, BF16, BF16](t, where+", all BF16", r, c)
				storedMatch[F16, F16, F16](t, where+", all F16", r, c)
				storedMatch[float32, float32, BF16](t, where+", BF16 state", r, c)
				storedMatch[float32, float32, F16](t, where+", F16 state", r, c)
				storedMatch[float32, float32, float32](t, where+", all float32", r, c)
				storedMatch[BF16, float32, float32](t, where+", BF16 weights", r, c)
				copyMatch[BF16](t, where+", BF16 copy", r, c)
				copyMatch[F16](t, where+", F16 copy", r, c)
			}
		}
	})
}

// storedCall is one case of TestDocLoopsMatchStored: the option variant, the length and values, the rounding.
type storedCall struct {
	v, n, mix int
	rnd       Rounding
}

// The optimizers' hyperparameters of variant v, each bit switching one option.
func (c storedCall) adam() AdamHyper {
	v := c.v
	return AdamHyper{LR: 1e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, WeightDecay: 0.01 * float64(v&1),
		Decoupled: v&2 != 0, AMSGrad: v&4 != 0, Maximize: v&8 != 0}
}

func (c storedCall) sgd() SGDHyper {
	v := c.v
	return SGDHyper{LR: 0.01, Momentum: 0.9 * float64(v&1|v>>1&1), Nesterov: v&2 != 0, Dampening: 0.1 * float64(v>>2&1),
		WeightDecay: 0.01 * float64(v>>2&1), Maximize: v&8 != 0}
}

func (c storedCall) lion() LionHyper {
	return LionHyper{LR: 1e-4, Beta1: 0.9, Beta2: 0.99 - 0.04*float64(c.v&2), WeightDecay: 0.1 * float64(c.v&1)}
}

func (c storedCall) adagrad() AdagradHyper {
	v := c.v
	return AdagradHyper{LR: 0.01, LRDecay: 0.01 * float64(v&1), WeightDecay: 0.01 * float64(v>>2&1), Eps: 1e-10,
		EpsInside: v&2 != 0, Maximize: v&8 != 0}
}

// storedValues returns n values of mix, stored as S.
func storedValues[S Stored](r *rand.Rand, n, mix int, square bool) []S {
	s := make([]S, n)
	for i, x := range docValues[float32](r, n, mix) {
		if square {
			x *= x // accumulators of squares are not negative
		}
		s[i] = Rounded[S](x, Rounding{}, i)
	}
	return s
}

// sameStored checks a kernel's array against its doc loop's: the same bits, any NaN matching any NaN.
func sameStored[S Stored](t *testing.T, where string, doc, kernel []S) {
	t.Helper()
	for i := range doc {
		d, k := Widened(doc[i]), Widened(kernel[i])
		if math.Float32bits(d) != math.Float32bits(k) && !(d != d && k != k) {
			t.Fatalf("%s: element %d: doc loop %v, kernel %v", where, i, d, k)
		}
	}
}

// stateOf returns the state arrays of each optimizer of a storedCall: Adam's m, v and (with AMSGrad) vmax, SGD's
// buffer (with momentum), Lion's momentum, Adagrad's sum; nil where the variant has none.
func stateOf[S Stored](r *rand.Rand, c storedCall, opt string) [3][]S {
	sq := c.mix == realistic
	switch opt {
	case "Adam":
		st := [3][]S{storedValues[S](r, c.n, c.mix, false), storedValues[S](r, c.n, c.mix, sq)}
		if c.adam().AMSGrad {
			st[2] = storedValues[S](r, c.n, c.mix, sq)
		}
		return st
	case "SGD":
		if c.sgd().Momentum == 0 {
			return [3][]S{}
		}
		return [3][]S{storedValues[S](r, c.n, c.mix, false)}
	case "Adagrad":
		return [3][]S{storedValues[S](r, c.n, c.mix, sq)}
	}
	return [3][]S{storedValues[S](r, c.n, c.mix, false)}
}

func storedMatch[W, G, S Stored](t *testing.T, where string, r *rand.Rand, c storedCall) {
	for _, opt := range []string{"Adam", "SGD", "Lion", "Adagrad"} {
		w, g, st := storedValues[W](r, c.n, c.mix, false), storedValues[G](r, c.n, c.mix, false), stateOf[S](r, c, opt)
		dw, dst := slices.Clone(w), [3][]S{slices.Clone(st[0]), slices.Clone(st[1]), slices.Clone(st[2])}
		for step := 1; step <= 3; step++ {
			switch opt {
			case "Adam":
				s := c.adam().Step(step)
				AdamStored(&s, w, g, st[0], st[1], st[2], c.rnd)
				docAdamStored(&s, dw, g, dst[0], dst[1], dst[2], c.rnd)
			case "SGD":
				s := c.sgd().Step(step)
				SGDStored(&s, w, g, st[0], c.rnd)
				docSGDStored(&s, dw, g, dst[0], c.rnd)
			case "Lion":
				h := c.lion()
				LionStored(&h, w, g, st[0], c.rnd)
				docLionStored(&h, dw, g, dst[0], c.rnd)
			case "Adagrad":
				s := c.adagrad().Step(step)
				AdagradStored(&s, w, g, st[0], c.rnd)
				docAdagradStored(&s, dw, g, dst[0], c.rnd)
			}
			at := fmt.Sprintf("%s %s, step %d: ", opt, where, step)
			sameStored(t, at+"w", dw, w)
			for j := range st {
				sameStored(t, fmt.Sprintf("%sstate %d", at, j), dst[j], st[j])
			}
		}
	}
}

func copyMatch[C Half](t *testing.T, where string, r *rand.Rand, c storedCall) {
	for _, opt := range []string{"Adam", "SGD", "Lion", "Adagrad"} {
		w, g, st := docValues[float32](r, c.n, c.mix), docValues[float32](r, c.n, c.mix), stateOf[float32](r, c, opt)
		dw, dst := slices.Clone(w), [3][]float32{slices.Clone(st[0]), slices.Clone(st[1]), slices.Clone(st[2])}
		cp, dcp := make([]C, c.n), make([]C, c.n)
		for step := 1; step <= 3; step++ {
			switch opt {
			case "Adam":
				s := c.adam().Step(step)
				AdamCopy(&s, w, g, st[0], st[1], st[2], cp, c.rnd)
				docAdamCopy(&s, dw, g, dst[0], dst[1], dst[2], dcp, c.rnd)
			case "SGD":
				s := c.sgd().Step(step)
				SGDCopy(&s, w, g, st[0], cp, c.rnd)
				docSGDCopy(&s, dw, g, dst[0], dcp, c.rnd)
			case "Lion":
				h := c.lion()
				LionCopy(&h, w, g, st[0], cp, c.rnd)
				docLionCopy(&h, dw, g, dst[0], dcp, c.rnd)
			case "Adagrad":
				s := c.adagrad().Step(step)
				AdagradCopy(&s, w, g, st[0], cp, c.rnd)
				docAdagradCopy(&s, dw, g, dst[0], dcp, c.rnd)
			}
			at := fmt.Sprintf("%s %s, step %d: ", opt, where, step)
			sameStored(t, at+"w", dw, w)
			sameStored(t, at+"wCopy", dcp, cp)
			for j := range st {
				sameStored(t, fmt.Sprintf("%sstate %d", at, j), dst[j], st[j])
			}
		}
	}
}

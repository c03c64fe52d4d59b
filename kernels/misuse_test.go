package kernels

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/fastgrad/fastgrad/internal/misuse"
)

// TestMisuse walks every exported function and method of the package through its misuse cases: nil and
// wrong-length slices, overlapping outputs, out-of-range indices, invalid bounds and step counts, NaN
// hyperparameters, and the borderline calls the documentation allows. Each case must end exactly as documented
// (the panic's or the error's whole message compared), and a call that panics or fails must not have written a
// single element first. The table is complete by construction: misuse.Run lists the package's exported functions
// with go/parser and fails for one without cases, and for cases naming a function that no longer exists.
func TestMisuse(t *testing.T) {
	forTypes(t, func(t *testing.T) { testMisuse[float32](t) }, func(t *testing.T) { testMisuse[float64](t) })
}

func testMisuse[F Float](t *testing.T) {
	a := &misuse.Args[F]{}
	misuse.Run(t, ".", misuseTable(a), a)
}

// misuseTable returns every exported function's misuse cases, by name as misuse.Exported gives it, their slices
// made by a. The elementwise kernels' length and overlap cases are derived from sliceKernels; the rest are
// spelled out.
func misuseTable[F Float](a *misuse.Args[F]) map[string][]misuse.Case {
	const n = overlapN
	s := a.Slice
	ok, panics := misuse.OK, misuse.Panics
	nan, inf := math.NaN(), math.Inf(1)
	table := map[string][]misuse.Case{}
	kernels := map[string]sliceKernel[F]{}
	for _, k := range sliceKernels[F]() {
		kernels[k.kernel] = k
		table[k.kernel] = append(k.lengthCases(a.Slice), k.overlaps(a.Slice)...)
	}

	// Steps: t counts from 1; the hyperparameters themselves are not checked (optim validates its
	// configurations), so NaN ones give a step of NaN scalars without a panic.
	steps := []struct {
		name string
		step func(t int, x float64)
	}{
		{"AdamHyper.Step", func(t int, x float64) { every(&AdamHyper{}, x).Step(t) }},
		{"SGDHyper.Step", func(t int, x float64) { every(&SGDHyper{}, x).Step(t) }},
		{"AdagradHyper.Step", func(t int, x float64) { every(&AdagradHyper{}, x).Step(t) }},
		{"AdamaxHyper.Step", func(t int, x float64) { every(&AdamaxHyper{}, x).Step(t) }},
		{"NAdamHyper.Step", func(t int, x float64) { every(&NAdamHyper{}, x).Step(t, x) }},
		{"RAdamHyper.Step", func(t int, x float64) { every(&RAdamHyper{}, x).Step(t) }},
		{"ASGDHyper.Step", func(t int, x float64) { every(&ASGDHyper{}, x).Step(t) }},
	}
	for _, st := range steps {
		want := "kernels: " + st.name + ": t < 1"
		table[st.name] = []misuse.Case{
			panics("t = 0", func() { st.step(0, 0.5) }, want),
			panics("t = −1", func() { st.step(-1, 0.5) }, want),
			panics("t = MinInt", func() { st.step(math.MinInt, 0.5) }, want),
			panics("t = 0, NaN hyperparameters", func() { st.step(0, nan) }, want),
			ok("NaN hyperparameters", func() { st.step(1, nan) }),
			ok("infinite hyperparameters", func() { st.step(2, inf) }),
			ok("t = MaxInt", func() { st.step(math.MaxInt, 0.5) }),
		}
	}

	// The optimizer kernels: NaN scalars are not checked (optim validates its configurations).
	adam := func(ams bool, x float64) *AdamStep {
		s := every(&AdamStep{}, x)
		s.AMSGrad = ams
		return s
	}
	sgd := func(mom float64) *SGDStep { return &SGDStep{SGDHyper: SGDHyper{LR: 0.1, Momentum: mom}} }
	rms := func(centered bool, mom float64) *RMSpropHyper {
		return &RMSpropHyper{LR: 0.1, Alpha: 0.9, Centered: centered, Momentum: mom}
	}
	table["Adam"] = append(table["Adam"],
		panics("vmax given without AMSGrad", func() { Adam(adam(false, 0.5), s(n), s(n), s(n), s(n), s(n)) },
			"kernels: Adam: vmax given but s.AMSGrad is false"),
		panics("empty vmax given without AMSGrad", func() { Adam(adam(false, 0.5), s(n), s(n), s(n), s(n), s(0)) },
			"kernels: Adam: vmax given but s.AMSGrad is false"),
		ok("nil vmax without AMSGrad", func() { Adam(adam(false, 0.5), s(n), s(n), s(n), s(n), nil) }),
		ok("NaN scalars", func() { Adam(adam(true, nan), s(n), s(n), s(n), s(n), s(n)) }),
		ok("all nil", func() { Adam[F](adam(true, 0.5), nil, nil, nil, nil, nil) }),
	)
	table["SGD"] = append(table["SGD"],
		panics("buf given without momentum", func() { SGD(sgd(0), s(n), s(n), s(n)) }, "kernels: SGD: buf given but s.Momentum is 0"),
		panics("empty buf given without momentum", func() { SGD(sgd(0), s(n), s(n), s(0)) }, "kernels: SGD: buf given but s.Momentum is 0"),
		// NaN ≠ 0: a NaN momentum is a momentum, and needs its buffer.
		panics("NaN momentum, no buf", func() { SGD(sgd(nan), s(n), s(n), nil) }, fmt.Sprintf("kernels: SGD: len(buf)=0, want len(w)=%d", n)),
		ok("NaN momentum with buf", func() { SGD(sgd(nan), s(n), s(n), s(n)) }),
		ok("no buf without momentum", func() { SGD(sgd(0), s(n), s(n), nil) }),
		ok("all nil", func() { SGD[F](sgd(0.9), nil, nil, nil) }),
	)
	table["RMSprop"] = append(table["RMSprop"],
		panics("gavg given, not centered", func() { RMSprop(rms(false, 0.9), s(n), s(n), s(n), s(n), s(n)) },
			"kernels: RMSprop: gavg given but h.Centered is false"),
		panics("buf given without momentum", func() { RMSprop(rms(true, 0), s(n), s(n), s(n), s(n), s(n)) },
			"kernels: RMSprop: buf given but h.Momentum is not positive"),
		// NaN > 0 is false: a NaN momentum is no momentum, and takes no buffer.
		panics("buf given with NaN momentum", func() { RMSprop(rms(true, nan), s(n), s(n), s(n), s(n), s(n)) },
			"kernels: RMSprop: buf given but h.Momentum is not positive"),
		ok("NaN momentum, no buf", func() { RMSprop(rms(true, nan), s(n), s(n), s(n), s(n), nil) }),
		ok("negative momentum, no buf, not centered", func() { RMSprop(rms(false, -1), s(n), s(n), s(n), nil, nil) }),
		ok("all nil", func() { RMSprop[F](rms(true, 0.9), nil, nil, nil, nil, nil) }),
	)
	nanSteps := map[string]func(){
		"Adagrad":  func() { Adagrad(every(&AdagradStep{}, nan), s(n), s(n), s(n)) },
		"Adamax":   func() { Adamax(every(&AdamaxStep{}, nan), s(n), s(n), s(n), s(n)) },
		"NAdam":    func() { NAdam(every(&NAdamStep{}, nan), s(n), s(n), s(n), s(n)) },
		"RAdam":    func() { RAdam(every(&RAdamStep{}, nan), s(n), s(n), s(n), s(n)) },
		"Adadelta": func() { Adadelta(every(&AdadeltaHyper{}, nan), s(n), s(n), s(n), s(n)) },
		"Lion":     func() { Lion(every(&LionHyper{}, nan), s(n), s(n), s(n)) },
		"EMA":      func() { EMA(every(&EMAHyper{}, nan), s(n), s(n)) },
		"ASGD":     func() { ASGD(every(&ASGDStep{}, nan), s(n), s(n), s(n)) },
		"Rprop":    func() { Rprop(every(&RpropHyper{}, nan), s(n), s(n), s(n), s(n)) },
	}
	for name, call := range nanSteps {
		k := kernels[name]
		table[name] = append(table[name],
			ok("NaN scalars", call),
			ok("all nil", func() { k.call(k.args(func(int) []F { return nil })) }),
		)
	}
	// Rprop's η− and η+ are not checked, as above.
	table["Rprop"] = append(table["Rprop"],
		panics("nil h, nil slices", func() { Rprop[F](nil, nil, nil, nil, nil) }, "kernels: Rprop: h is nil"),
		ok("only Maximize", func() { Rprop(&RpropHyper{Maximize: true}, s(n), s(n), s(n), s(n)) }),
		ok("η− = η+ = 1, bounds reversed", func() {
			Rprop(&RpropHyper{EtaMinus: 1, EtaPlus: 1, StepMin: 50, StepMax: 1e-6}, s(n), s(n), s(n), s(n))
		}),
		ok("infinite scalars", func() { Rprop(every(&RpropHyper{}, inf), s(n), s(n), s(n), s(n)) }),
	)

	// A nil or zero step is a programming error that names the argument, on every kernel alike.
	steppers := map[string]stepCall{
		"Adam":     stepCalls("s", func(st *AdamStep) { Adam(st, s(n), s(n), s(n), s(n), nil) }),
		"SGD":      stepCalls("s", func(st *SGDStep) { SGD(st, s(n), s(n), nil) }),
		"Adagrad":  stepCalls("s", func(st *AdagradStep) { Adagrad(st, s(n), s(n), s(n)) }),
		"RMSprop":  stepCalls("h", func(h *RMSpropHyper) { RMSprop(h, s(n), s(n), s(n), nil, nil) }),
		"Adamax":   stepCalls("s", func(st *AdamaxStep) { Adamax(st, s(n), s(n), s(n), s(n)) }),
		"NAdam":    stepCalls("s", func(st *NAdamStep) { NAdam(st, s(n), s(n), s(n), s(n)) }),
		"RAdam":    stepCalls("s", func(st *RAdamStep) { RAdam(st, s(n), s(n), s(n), s(n)) }),
		"Adadelta": stepCalls("h", func(h *AdadeltaHyper) { Adadelta(h, s(n), s(n), s(n), s(n)) }),
		"Lion":     stepCalls("h", func(h *LionHyper) { Lion(h, s(n), s(n), s(n)) }),
		"ASGD":     stepCalls("s", func(st *ASGDStep) { ASGD(st, s(n), s(n), s(n)) }),
		"Rprop":    stepCalls("h", func(h *RpropHyper) { Rprop(h, s(n), s(n), s(n), s(n)) }),
	}
	for name, c := range steppers {
		table[name] = append(table[name],
			panics("nil "+c.arg, c.isNil, fmt.Sprintf("kernels: %s: %s is nil", name, c.arg)),
			panics("zero "+c.arg, c.zero, fmt.Sprintf("kernels: %s: %s is the zero kernels.%s", name, c.arg, c.typ)))
	}

	table["EMA"] = append(table["EMA"],
		panics("nil h", func() { EMA[F](nil, s(n), s(n)) }, "kernels: EMA: h is nil"),
		ok("the zero h: a decay of 0, avg set to w", func() { EMA(&EMAHyper{}, s(n), s(n)) }))
	// SWA's count is checked before the slices: n + 1 must be an int.
	swaWant := func(n int) string { return fmt.Sprintf("kernels: SWA: n=%d, want 0 ≤ n < MaxInt", n) }
	table["SWA"] = append(table["SWA"],
		panics("n = −1", func() { SWA(-1, s(n), s(n)) }, swaWant(-1)),
		panics("n = MinInt", func() { SWA(math.MinInt, s(n), s(n)) }, swaWant(math.MinInt)),
		panics("n = MaxInt", func() { SWA(math.MaxInt, s(n), s(n)) }, swaWant(math.MaxInt)),
		panics("n = −1, nil slices", func() { SWA[F](-1, nil, nil) }, swaWant(-1)),
		ok("n = 0", func() { SWA(0, s(n), s(n)) }),
		ok("n = MaxInt − 1", func() { SWA(math.MaxInt-1, s(n), s(n)) }),
		ok("all nil", func() { SWA[F](1, nil, nil) }),
	)

	table["Axpy"] = append(table["Axpy"],
		ok("x is y", func() { y := s(n); Axpy(2, y, y) }),
		panics("x is a prefix of y", func() { y := s(n); Axpy(2, y[:n-1], y) }, fmt.Sprintf("kernels: Axpy: len(x)=%d, want len(y)=%d", n-1, n)),
		ok("x and y empty views of one buffer", func() { y := s(n); Axpy(2, y[3:3], y[2:2]) }),
		ok("NaN alpha", func() { Axpy(F(nan), s(n), s(n)) }),
		ok("nil", func() { Axpy[F](1, nil, nil) }),
	)
	table["Dot"] = []misuse.Case{
		panics("y longer", func() { Dot(s(n), s(n+1)) }, fmt.Sprintf("kernels: Dot: len(y)=%d, want len(x)=%d", n+1, n)),
		panics("y nil", func() { Dot(s(n), nil) }, fmt.Sprintf("kernels: Dot: len(y)=0, want len(x)=%d", n)),
		panics("x nil", func() { Dot(nil, s(n)) }, fmt.Sprintf("kernels: Dot: len(y)=%d, want len(x)=0", n)),
		ok("x is y", func() { x := s(n); Dot(x, x) }),
		ok("x and y overlap (both read)", func() { x := s(n + 1); Dot(x[1:], x[:n]) }),
		ok("nil", func() { Dot[F](nil, nil) }),
	}
	// The reductions and Scale take any slice, nil included, and any scalar.
	table["SumSq"] = []misuse.Case{ok("nil", func() { SumSq[F](nil) })}
	table["MaxAbs"] = []misuse.Case{ok("nil", func() { MaxAbs[F](nil) })}
	table["AllFinite"] = []misuse.Case{ok("nil", func() { AllFinite[F](nil) })}
	table["Scale"] = []misuse.Case{ok("nil", func() { Scale[F](2, nil) }), ok("NaN alpha", func() { Scale(F(nan), s(n)) })}
	table["ClipValue"] = []misuse.Case{
		panics("c < 0", func() { ClipValue(-1, s(n)) }, "kernels: ClipValue: c=-1, want c ≥ 0"),
		panics("c NaN", func() { ClipValue(F(nan), s(n)) }, "kernels: ClipValue: c=NaN, want c ≥ 0"),
		panics("c −Inf", func() { ClipValue(F(-inf), s(n)) }, "kernels: ClipValue: c=-Inf, want c ≥ 0"),
		panics("c < 0, nil x", func() { ClipValue[F](-1, nil) }, "kernels: ClipValue: c=-1, want c ≥ 0"),
		ok("c −0", func() { ClipValue(F(math.Copysign(0, -1)), s(n)) }),
		ok("c +Inf", func() { ClipValue(F(inf), s(n)) }),
		ok("nil", func() { ClipValue[F](1, nil) }),
	}

	// Least squares, m = 4 rows of n = 2 columns, as in sliceKernels.
	const m, c = 4, 2
	lsq := func(g, r, X, y, w []F) { LeastSquares(g, r, X, y, w, 1) }
	idx := []int{0, 1, 2, 3}
	batch := func(g, r, X, y, w []F) { LeastSquaresBatch(g, r, X, y, w, idx, 1) }
	for name, call := range map[string]func(g, r, X, y, w []F){"LeastSquares": lsq, "LeastSquaresBatch": batch} {
		pre := "kernels: " + name + ": "
		rRef := "y"
		if name == "LeastSquaresBatch" {
			rRef = "idx"
		}
		table[name] = append(table[name],
			panics("X one too long", func() { call(s(c), s(m), s(m*c+1), s(m), s(c)) }, pre+"len(X)=9, want len(y)·len(w)=4·2=8"),
			panics("X nil", func() { call(s(c), s(m), nil, s(m), s(c)) }, pre+"len(X)=0, want len(y)·len(w)=4·2=8"),
			panics("y nil", func() { call(s(c), s(m), s(m*c), nil, s(c)) }, pre+"len(X)=8, want len(y)·len(w)=0·2=0"),
			panics("w nil", func() { call(s(c), s(m), s(m*c), s(m), nil) }, pre+"len(X)=8, want len(y)·len(w)=4·0=0"),
			panics("g one too long", func() { call(s(c+1), s(m), s(m*c), s(m), s(c)) }, pre+"len(g)=3, want len(w)=2"),
			panics("g nil", func() { call(nil, s(m), s(m*c), s(m), s(c)) }, pre+"len(g)=0, want len(w)=2"),
			panics("r one too long", func() { call(s(c), s(m+1), s(m*c), s(m), s(c)) }, pre+"len(r)=5, want len("+rRef+")=4"),
			panics("r empty, not nil", func() { call(s(c), s(0), s(m*c), s(m), s(c)) }, pre+"len(r)=0, want len("+rRef+")=4"),
			ok("r nil", func() { call(s(c), nil, s(m*c), s(m), s(c)) }),
			ok("y and w share a buffer (both read)", func() { yw := s(m); call(s(c), s(m), s(m*c), yw, yw[:c]) }),
			ok("NaN scale", func() {
				if name == "LeastSquares" {
					LeastSquares(s(c), s(m), s(m*c), s(m), s(c), F(nan))
				} else {
					LeastSquaresBatch(s(c), s(m), s(m*c), s(m), s(c), idx, F(nan))
				}
			}),
			ok("no columns", func() { call(nil, s(m), nil, s(m), nil) }),
		)
	}
	table["LeastSquares"] = append(table["LeastSquares"], ok("no rows", func() { lsq(s(c), nil, nil, nil, s(c)) }))
	pre := "kernels: LeastSquaresBatch: "
	with := func(idx []int) func() { return func() { LeastSquaresBatch(s(c), nil, s(m*c), s(m), s(c), idx, 1) } }
	table["LeastSquaresBatch"] = append(table["LeastSquaresBatch"],
		panics("r sized to the rows, not the batch", func() { LeastSquaresBatch(s(c), s(m), s(m*c), s(m), s(c), []int{1, 2}, 1) },
			pre+"len(r)=4, want len(idx)=2"),
		panics("idx −1", with([]int{0, -1}), pre+"idx[1]=-1 out of range [0, len(y)=4)"),
		panics("idx = rows", with([]int{0, 1, 4}), pre+"idx[2]=4 out of range [0, len(y)=4)"),
		panics("idx MaxInt", with([]int{math.MaxInt}), pre+fmt.Sprintf("idx[0]=%d out of range [0, len(y)=4)", math.MaxInt)),
		panics("idx MinInt", with([]int{3, 3, math.MinInt}), pre+fmt.Sprintf("idx[2]=%d out of range [0, len(y)=4)", math.MinInt)),
		panics("idx, no rows", func() { LeastSquaresBatch(s(c), nil, nil, nil, s(c), []int{0}, 1) }, pre+"idx[0]=0 out of range [0, len(y)=0)"),
		ok("idx nil", with(nil)),
		ok("a row twice", with([]int{2, 2})),
		ok("no rows, no idx", func() { LeastSquaresBatch(s(c), nil, nil, nil, s(c), nil, 1) }),
	)
	// len(y)·len(w) overflowing int needs slices longer than memory: TestMustMatrixOverflow covers it.

	// 16-bit storage: the conversions take every value; RoundTo and Widen check lengths, RoundTo its offset.
	b16, h16, f32 := make([]BF16, n), make([]F16, n), make([]float32, n)
	for _, name := range []string{"ToBF16", "ToF16"} {
		to := ToBF16
		if name == "ToF16" {
			to = func(x float32) BF16 { return BF16(ToF16(x)) }
		}
		table[name] = []misuse.Case{ok("NaN", func() { to(float32(nan)) }), ok("−Inf", func() { to(float32(-inf)) }),
			ok("largest float32", func() { to(math.MaxFloat32) })}
	}
	table["BF16.Float32"] = []misuse.Case{ok("signaling NaN", func() { BF16(0x7f81).Float32() })}
	table["F16.Float32"] = []misuse.Case{ok("signaling NaN", func() { F16(0x7c01).Float32() })}
	table["NewRoundingKey"] = []misuse.Case{ok("largest seed and step", func() { _ = NewRoundingKey(math.MaxUint64, math.MaxUint64) })}
	table["RoundingKey.BF16"] = []misuse.Case{ok("NaN, index MinInt", func() { NewRoundingKey(0, 0).BF16(float32(nan), math.MinInt) })}
	table["RoundingKey.F16"] = []misuse.Case{ok("NaN, index MaxInt", func() { NewRoundingKey(0, 0).F16(float32(nan), math.MaxInt) })}
	sr := Rounding{Stochastic: true, Key: NewRoundingKey(1, 1)}
	for _, name := range []string{"RoundToBF16", "RoundToF16"} {
		round := func(dst []BF16, src []float32, rnd Rounding) { RoundToBF16(dst, src, rnd) }
		if name == "RoundToF16" {
			round = func(dst []BF16, src []float32, rnd Rounding) { RoundToF16(h16[:len(dst)], src, rnd) }
		}
		pre := "kernels: " + name + ": "
		table[name] = []misuse.Case{
			panics("dst short", func() { round(b16[:n-1], f32, Rounding{}) }, fmt.Sprintf(pre+"len(dst)=%d, want len(src)=%d", n-1, n)),
			panics("dst long", func() { round(b16, f32[1:], sr) }, fmt.Sprintf(pre+"len(dst)=%d, want len(src)=%d", n, n-1)),
			panics("negative offset", func() { round(b16, f32, Rounding{Stochastic: true, Offset: -1}) }, pre+"rnd.Offset=-1 < 0"),
			ok("nil", func() { round(nil, nil, sr) }),
			ok("offset near MaxInt", func() { round(b16, f32, Rounding{Stochastic: true, Offset: math.MaxInt - 1}) }),
		}
	}
	table["WidenBF16"] = []misuse.Case{
		panics("dst short", func() { WidenBF16(f32[:1], b16) }, fmt.Sprintf("kernels: WidenBF16: len(dst)=1, want len(src)=%d", n)),
		ok("nil", func() { WidenBF16(nil, nil) }),
	}
	table["WidenF16"] = []misuse.Case{
		panics("dst long", func() { WidenF16(f32, h16[1:]) }, fmt.Sprintf("kernels: WidenF16: len(dst)=%d, want len(src)=%d", n, n-1)),
		ok("nil", func() { WidenF16(nil, nil) }),
	}

	table["Widened"] = []misuse.Case{ok("BF16 signaling NaN", func() { Widened(BF16(0x7f81)) }), ok("F16 −Inf", func() { Widened(F16(0xfc00)) })}
	table["Rounded"] = []misuse.Case{
		ok("NaN to F16, index MinInt", func() { Rounded[F16](float32(nan), sr, math.MinInt) }),
		ok("+Inf to float32", func() { Rounded[float32](float32(inf), sr, 0) }),
	}
	// The stored kernels check what Adam checks, across their arrays' types, and the offset.
	st := AdamHyper{LR: 1e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8}.Step(1)
	ams := AdamHyper{LR: 1e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, AMSGrad: true}.Step(1)
	w16, g16, m16, v16, x16 := make([]BF16, n), make([]BF16, n), make([]BF16, n), make([]BF16, n), make([]BF16, n)
	w32, g32, m32, v32, x32 := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
	pre = "kernels: AdamStored: "
	table["AdamStored"] = []misuse.Case{
		panics("nil step", func() { AdamStored(nil, w16, g16, m16, v16, nil, sr) }, pre+"s is nil"),
		panics("g short", func() { AdamStored(&st, w16, g32[1:], m16, v16, nil, sr) }, fmt.Sprintf(pre+"len(g)=%d, want len(w)=%d", n-1, n)),
		panics("v short", func() { AdamStored(&st, w32, g32, m16, v16[1:], nil, sr) }, fmt.Sprintf(pre+"len(v)=%d, want len(w)=%d", n-1, n)),
		panics("vmax without AMSGrad", func() { AdamStored(&st, w16, g16, m16, v16, x16, sr) }, pre+"vmax given but s.AMSGrad is false"),
		panics("AMSGrad without vmax", func() { AdamStored(&ams, w16, g16, m16, v16, nil, sr) }, fmt.Sprintf(pre+"len(vmax)=0, want len(w)=%d", n)),
		panics("w is g", func() { AdamStored(&st, w16, w16, m16, v16, nil, sr) }, pre+"w and g overlap"),
		panics("m and v overlap", func() { AdamStored(&st, w32[:n/2], g32[:n/2], m16[:n/2], m16[n/4:n/4+n/2], nil, sr) }, pre+"m and v overlap"),
		panics("float32 weights over BF16 state", func() { AdamStored(&st, floatsOver(m16), g32[:n/2], m16[:n/2], v16[:n/2], nil, sr) },
			pre+"w and m overlap"),
		panics("negative offset", func() { AdamStored(&st, w16, g16, m16, v16, nil, Rounding{Offset: -2}) }, pre+"rnd.Offset=-2 < 0"),
		ok("empty", func() { AdamStored[BF16, BF16, BF16](&st, nil, nil, nil, nil, nil, sr) }),
		ok("AMSGrad, mixed types", func() { AdamStored(&ams, w32, g16, m16, v16, x16, sr) }),
	}
	pre = "kernels: AdamCopy: "
	table["AdamCopy"] = []misuse.Case{
		panics("nil step", func() { AdamCopy(nil, w32, g32, m32, v32, nil, w16, sr) }, pre+"s is nil"),
		panics("copy short", func() { AdamCopy(&st, w32, g32, m32, v32, nil, w16[1:], sr) }, fmt.Sprintf(pre+"len(wCopy)=%d, want len(w)=%d", n-1, n)),
		panics("copy over g", func() { AdamCopy(&st, w32[:n/2], g32[:n/2], m32[:n/2], v32[:n/2], nil, halvesOver(g32)[:n/2], sr) }, pre+"wCopy and g overlap"),
		panics("negative offset", func() { AdamCopy(&ams, w32, g32, m32, v32, x32, w16, Rounding{Stochastic: true, Offset: -1}) }, pre+"rnd.Offset=-1 < 0"),
		ok("empty", func() { AdamCopy[F16](&st, nil, nil, nil, nil, nil, nil, sr) }),
		ok("AMSGrad, fused (nearest)", func() { AdamCopy(&ams, w32, g32, m32, v32, x32, w16, Rounding{}) }),
		ok("empty, fused (nearest)", func() { AdamCopy[BF16](&st, nil, nil, nil, nil, nil, nil, Rounding{}) }),
	}

	sgdS, sgdM := SGDHyper{LR: 0.1}.Step(1), SGDHyper{LR: 0.1, Momentum: 0.9}.Step(2)
	pre = "kernels: SGDStored: "
	table["SGDStored"] = []misuse.Case{
		panics("nil step", func() { SGDStored(nil, w16, g16, m16, sr) }, pre+"s is nil"),
		panics("buf without momentum", func() { SGDStored(&sgdS, w16, g16, m16, sr) }, pre+"buf given but s.Momentum is 0"),
		panics("momentum without buf", func() { SGDStored[BF16, BF16, F16](&sgdM, w16, g16, nil, sr) }, fmt.Sprintf(pre+"len(buf)=0, want len(w)=%d", n)),
		panics("buf over w", func() { SGDStored(&sgdM, w32[:n/2], g16[:n/2], halvesOver(w32)[:n/2], sr) }, pre+"w and buf overlap"),
		panics("negative offset", func() { SGDStored[BF16, BF16, BF16](&sgdS, w16, g16, nil, Rounding{Offset: -1}) }, pre+"rnd.Offset=-1 < 0"),
		ok("no momentum", func() { SGDStored[F16, BF16, F16](&sgdS, make([]F16, n), g16, nil, sr) }),
	}
	pre = "kernels: SGDCopy: "
	table["SGDCopy"] = []misuse.Case{
		panics("copy short", func() { SGDCopy(&sgdM, w32, g32, m32, w16[1:], sr) }, fmt.Sprintf(pre+"len(wCopy)=%d, want len(w)=%d", n-1, n)),
		panics("copy over buf", func() { SGDCopy(&sgdM, w32[:n/2], g32[:n/2], m32[:n/2], halvesOver(m32)[:n/2], sr) }, pre+"wCopy and buf overlap"),
		ok("no momentum", func() { SGDCopy(&sgdS, w32, g32, nil, w16, sr) }),
		ok("no momentum, fused (nearest)", func() { SGDCopy(&sgdS, w32, g32, nil, make([]F16, n), Rounding{}) }),
	}
	lion := LionHyper{LR: 1e-4, Beta1: 0.9, Beta2: 0.99}
	pre = "kernels: LionStored: "
	table["LionStored"] = []misuse.Case{
		panics("nil hyper", func() { LionStored(nil, w16, g16, m16, sr) }, pre+"h is nil"),
		panics("m short", func() { LionStored(&lion, w16, g32, m16[1:], sr) }, fmt.Sprintf(pre+"len(m)=%d, want len(w)=%d", n-1, n)),
		panics("m is w", func() { LionStored(&lion, w16, g16, w16, sr) }, pre+"w and m overlap"),
		ok("mixed types", func() { LionStored(&lion, w32, g16, m16, sr) }),
	}
	pre = "kernels: LionCopy: "
	table["LionCopy"] = []misuse.Case{
		panics("copy long", func() { LionCopy(&lion, w32[1:], g32[1:], m32[1:], w16, sr) }, fmt.Sprintf(pre+"len(wCopy)=%d, want len(w)=%d", n, n-1)),
		panics("negative offset", func() { LionCopy(&lion, w32, g32, m32, w16, Rounding{Offset: -3}) }, pre+"rnd.Offset=-3 < 0"),
		ok("empty", func() { LionCopy[BF16](&lion, nil, nil, nil, nil, sr) }),
		ok("fused (nearest)", func() { LionCopy(&lion, w32, g32, m32, w16, Rounding{}) }),
	}
	ada := AdagradHyper{LR: 0.1, Eps: 1e-10}.Step(1)
	pre = "kernels: AdagradStored: "
	table["AdagradStored"] = []misuse.Case{
		panics("nil step", func() { AdagradStored(nil, w16, g16, m16, sr) }, pre+"s is nil"),
		panics("sum short", func() { AdagradStored(&ada, w16, g16, m32[1:], sr) }, fmt.Sprintf(pre+"len(sum)=%d, want len(w)=%d", n-1, n)),
		panics("sum over g", func() { AdagradStored(&ada, w32[:n/2], g16[:n/2], floatsOver(g16)[:n/2], sr) }, pre+"sum and g overlap"),
		ok("mixed types", func() { AdagradStored(&ada, w16, g32, m32, sr) }),
	}
	pre = "kernels: AdagradCopy: "
	table["AdagradCopy"] = []misuse.Case{
		panics("g short", func() { AdagradCopy(&ada, w32, g32[1:], m32, w16, sr) }, fmt.Sprintf(pre+"len(g)=%d, want len(w)=%d", n-1, n)),
		panics("copy over w", func() { AdagradCopy(&ada, w32[:n/2], g32[:n/2], m32[:n/2], halvesOver(w32)[:n/2], sr) }, pre+"wCopy and w overlap"),
		ok("F16 copy", func() { AdagradCopy(&ada, w32, g32, m32, make([]F16, n), sr) }),
		ok("F16 copy, fused (nearest)", func() { AdagradCopy(&ada, w32, g32, m32, make([]F16, n), Rounding{}) }),
	}

	// Dispatch: unknown and unavailable paths are errors that change nothing; Impls returns a copy.
	unchanged := func(name string) func() error {
		return func() error {
			prev := Impl()
			err := SetImpl(name)
			if Impl() != prev {
				SetImpl(prev)
				return fmt.Errorf("SetImpl(%q) changed the path from %s to %s", name, prev, Impl())
			}
			return err
		}
	}
	known := "(known: generic, avx2, avx512, neon)"
	table["SetImpl"] = []misuse.Case{
		misuse.Fails("empty name", unchanged(""), `kernels: SetImpl: unknown path "" `+known),
		misuse.Fails("upper case", unchanged("AVX2"), `kernels: SetImpl: unknown path "AVX2" `+known),
		misuse.Fails("unknown", unchanged("sse9"), `kernels: SetImpl: unknown path "sse9" `+known),
		{Name: "the active path", Call: func() error { return SetImpl(Impl()) }, Want: "ok"},
	}
	for _, p := range []string{"avx2", "avx512", "neon"} {
		if !slices.Contains(Impls(), p) {
			table["SetImpl"] = append(table["SetImpl"], misuse.Fails("a path this CPU lacks: "+p, unchanged(p),
				fmt.Sprintf("kernels: SetImpl: path %q is not available on this CPU and build (available: %s)", p, strings.Join(Impls(), ", "))))
		}
	}
	table["Impls"] = []misuse.Case{{Name: "the result is a copy", Call: func() error {
		paths := Impls()
		paths[0] = "changed"
		if Impls()[0] == "changed" {
			return errors.New("writing to Impls' result changed the next result")
		}
		return nil
	}, Want: "ok"}}
	table["Impl"] = []misuse.Case{{Name: "names a path of Impls", Call: func() error {
		if !slices.Contains(Impls(), Impl()) {
			return fmt.Errorf("Impl() = %q, not in Impls() = %v", Impl(), Impls())
		}
		return nil
	}, Want: "ok"}}
	addQ8Misuse(table)
	return table
}

// floatsOver returns the float32 slice that shares h's memory, so that overlap across element types is tried.
func floatsOver(h []BF16) []float32 {
	return unsafe.Slice((*float32)(unsafe.Pointer(unsafe.SliceData(h))), len(h)/2)
}

// halvesOver returns the BF16 slice that shares f's memory.
func halvesOver(f []float32) []BF16 {
	return unsafe.Slice((*BF16)(unsafe.Pointer(unsafe.SliceData(f))), 2*len(f))
}

// every sets every float64 field of *p, in embedded structs too, to x and every bool to true (every option on),
// and returns p: hyperparameters and steps of any value, whatever fields the types gain.
func every[T any](p *T, x float64) *T {
	var set func(v reflect.Value)
	set = func(v reflect.Value) {
		for i := range v.NumField() {
			switch f := v.Field(i); f.Kind() {
			case reflect.Float64:
				f.SetFloat(x)
			case reflect.Bool:
				f.SetBool(true)
			case reflect.Struct:
				set(f)
			}
		}
	}
	set(reflect.ValueOf(p).Elem())
	return p
}

// lengthCases returns the kernel's calls with each checked slice in turn one element too long, and nil, and with
// each slice the others are checked against nil: the panic names the first check that fails, the argument and
// the one it is measured against, with both lengths.
func (k sliceKernel[F]) lengthCases(mk func(n int) []F) []misuse.Case {
	names := strings.Split(k.names, ",")
	var cases []misuse.Case
	with := func(name string, n int) func() error {
		return func() error {
			a := k.args(mk)
			i := slices.Index(names, name)
			a[i] = nil
			if n > 0 {
				a[i] = mk(n)
			}
			k.call(a)
			return nil
		}
	}
	want := func(arg string, got int, ref string, n int) string {
		return fmt.Sprintf("panic: kernels: %s: len(%s)=%d, want len(%s)=%d", k.kernel, arg, got, ref, n)
	}
	refs := map[string]bool{}
	for check := range strings.FieldsSeq(k.lengths) {
		arg, ref, _ := strings.Cut(check, ":")
		cases = append(cases,
			misuse.Case{Name: arg + " one too long", Call: with(arg, overlapN+1), Want: want(arg, overlapN+1, ref, overlapN)},
			misuse.Case{Name: arg + " nil", Call: with(arg, 0), Want: want(arg, 0, ref, overlapN)})
		if !refs[ref] { // nil, it fails the first check against it
			refs[ref] = true
			cases = append(cases, misuse.Case{Name: ref + " nil", Call: with(ref, 0), Want: want(arg, overlapN, ref, 0)})
		}
	}
	return cases
}

// stepCall is a kernel called with a nil step and with a zero one: the argument's name, its type's, and the calls.
type stepCall struct {
	arg, typ    string
	isNil, zero func()
}

// stepCalls returns the stepCall of a kernel called through call, whose step argument is named arg.
func stepCalls[S any](arg string, call func(*S)) stepCall {
	return stepCall{arg: arg, typ: reflect.TypeFor[S]().Name(), isNil: func() { call(nil) }, zero: func() { call(new(S)) }}
}

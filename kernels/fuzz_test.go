package kernels

import (
	"encoding/binary"
	"math"
	"testing"
)

// Fuzz targets, one per kernel family: the fuzzer's bytes become the inputs' raw bits (so any value, NaN payloads
// included, can appear), every path runs on them, and the results must equal the reference's bit for bit.
// `go test -fuzz=FuzzAdam ./kernels/` explores; plain `go test` runs the seeds below and the committed corpus in
// testdata/fuzz/<FuzzName>/, a few inputs per target named by what they reach: special values in every
// combination across the slices, odd lengths (which also start every slice after the first at an unaligned
// offset, the slices being cut from one decoded buffer), lengths one past a whole block of lanes, overflow and
// underflow, options that switch formulas, and orders of summation that change the result. The corpus catches
// path bugs the seeds below miss (a reduction that adds its tail after the tree; RMSprop ignoring EpsInside when
// centered).

// decode turns data into elements of F from their raw bits.
func decode[F Float](data []byte) []F {
	size := 8
	if is32[F]() {
		size = 4
	}
	out := make([]F, len(data)/size)
	for i := range out {
		if size == 4 {
			out[i] = F(math.Float32frombits(binary.LittleEndian.Uint32(data[4*i:])))
		} else {
			out[i] = F(math.Float64frombits(binary.LittleEndian.Uint64(data[8*i:])))
		}
	}
	return out
}

// encode is decode's inverse, for seeds.
func encode[F Float](vals ...F) []byte {
	var b []byte
	for _, v := range vals {
		if is32[F]() {
			b = binary.LittleEndian.AppendUint32(b, math.Float32bits(float32(v)))
		} else {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(float64(v)))
		}
	}
	return b
}

// onEveryPath runs f with each path selected in turn (fuzz functions may not start subtests).
func onEveryPath(t *testing.T, f func(path string)) {
	prev := Impl()
	defer SetImpl(prev)
	for _, p := range Impls() {
		SetImpl(p)
		f(p)
	}
}

func seeds[F Float](n int) []byte {
	vals := make([]F, n)
	sp := specialValues[F]()
	for i := range vals {
		vals[i] = sp[i%len(sp)] * F(i%3+1)
	}
	return encode(vals...)
}

func FuzzAdam(f *testing.F) {
	for _, n := range []int{0, 5, 37, 160} {
		f.Add(seeds[float32](n), uint8(n))
		f.Add(seeds[float64](n), uint8(n*3))
	}
	f.Fuzz(func(t *testing.T, data []byte, flags uint8) {
		fuzzAdam[float32](t, data, flags)
		fuzzAdam[float64](t, data, flags)
	})
}

func fuzzAdam[F Float](t *testing.T, data []byte, flags uint8) {
	h := adamHyperFor(int(flags) % adamCombos)
	vals := decode[F](data)
	arrays := 4
	if h.AMSGrad {
		arrays = 5
	}
	n := len(vals) / arrays
	in := adamInputs[F]{w: vals[:n], g: vals[n : 2*n], m: vals[2*n : 3*n], v: vals[3*n : 4*n]}
	if h.AMSGrad {
		in.vmax = vals[4*n : 5*n]
	}
	want := in.refSteps(h)
	onEveryPath(t, func(path string) {
		w, m, v, vmax := clone(in.w), clone(in.m), clone(in.v), clone(in.vmax)
		steps(h, w, in.g, m, v, vmax)
		t.Logf("path %s, n=%d, hyper %+v", path, n, h)
		in.check(t, w, in.g, m, v, vmax, want)
	})
}

func FuzzReductions(f *testing.F) {
	for _, n := range []int{0, 1, 63, 64, 65, 200} {
		f.Add(seeds[float32](2 * n))
		f.Add(seeds[float64](2 * n))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzReductions[float32](t, data)
		fuzzReductions[float64](t, data)
	})
}

func fuzzReductions[F Float](t *testing.T, data []byte) {
	vals := decode[F](data)
	n := len(vals) / 2
	x, y := vals[:n], vals[n:2*n]
	wantDot, wantSq := dotRef(x, y), sumSqRef(x)
	onEveryPath(t, func(path string) {
		if got := Dot(x, y); !sameFloat(got, wantDot) {
			t.Fatalf("%s: Dot n=%d = %v, reference %v", path, n, got, wantDot)
		}
		if got := SumSq(x); !sameFloat(got, wantSq) {
			t.Fatalf("%s: SumSq n=%d = %v, reference %v", path, n, got, wantSq)
		}
	})
}

func FuzzLeastSquares(f *testing.F) {
	for _, cols := range []uint8{0, 1, 3, 70} {
		f.Add(seeds[float32](4*int(cols)+8), cols, []byte{0, 2, 1, 2})
		f.Add(seeds[float64](4*int(cols)+8), cols, []byte{1})
	}
	f.Fuzz(func(t *testing.T, data []byte, cols uint8, picks []byte) {
		fuzzLeastSquares[float32](t, data, int(cols), picks)
		fuzzLeastSquares[float64](t, data, int(cols), picks)
	})
}

// fuzzLeastSquares lays the values out as w (cols), then rows of X followed by their y, and checks every path
// against the reference for the full and the mini-batch kernel, the batch rows being picked by the bytes of picks.
func fuzzLeastSquares[F Float](t *testing.T, data []byte, cols int, picks []byte) {
	vals := decode[F](data)
	if cols > len(vals) {
		cols = len(vals)
	}
	w := vals[:cols]
	rows := (len(vals) - cols) / (cols + 1)
	X := make([]F, 0, rows*cols)
	y := make([]F, rows)
	for i := range rows {
		row := vals[cols+i*(cols+1):]
		X = append(X, row[:cols]...)
		y[i] = row[cols]
	}
	var idx []int
	if rows > 0 {
		for _, p := range picks {
			idx = append(idx, int(p)%rows)
		}
	}
	s := F(2) / F(max(rows, 1))
	wantG, wantR := make([]F, cols), make([]F, rows)
	wantLoss := leastSquaresRef(wantG, wantR, X, y, w, s)
	wantBG, wantBR := make([]F, cols), make([]F, len(idx))
	wantBLoss := leastSquaresBatchRef(wantBG, wantBR, X, y, w, idx, s)
	onEveryPath(t, func(path string) {
		g, r := make([]F, cols), make([]F, rows)
		if loss := LeastSquares(g, r, X, y, w, s); !sameFloat(loss, wantLoss) {
			t.Fatalf("%s: loss %v, reference %v", path, loss, wantLoss)
		}
		checkSame(t, path+": g", g, wantG)
		checkSame(t, path+": r", r, wantR)
		bg, br := make([]F, cols), make([]F, len(idx))
		if loss := LeastSquaresBatch(bg, br, X, y, w, idx, s); !sameFloat(loss, wantBLoss) {
			t.Fatalf("%s: batch loss %v, reference %v", path, loss, wantBLoss)
		}
		checkSame(t, path+": batch g", bg, wantBG)
		checkSame(t, path+": batch r", br, wantBR)
	})
}

func FuzzHelpers(f *testing.F) {
	for _, n := range []int{0, 1, 9, 100} {
		f.Add(seeds[float32](n))
		f.Add(seeds[float64](n))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzHelpers[float32](t, data)
		fuzzHelpers[float64](t, data)
	})
}

// fuzzHelpers checks Scale, Axpy, ClipValue, MaxAbs and AllFinite on every path against their references, and the
// properties that define them: MaxAbs bounds every |x[i]| (or is NaN), ClipValue stays within its bound, AllFinite
// agrees with a scan.
func fuzzHelpers[F Float](t *testing.T, data []byte) {
	x := decode[F](data)
	if len(x) == 0 {
		return
	}
	alpha, c := x[0], F(math.Abs(float64(x[len(x)-1])))
	if c != c {
		c = 1
	}
	scaled, axpy, clipped := clone(x), clone(x), clone(x)
	scaleRef(alpha, scaled)
	axpyRef(alpha, x, axpy)
	clipValueRef(c, clipped)
	maxAbs, finite := maxAbsRef(x), allFiniteRef(x)
	onEveryPath(t, func(path string) {
		s, a, cl := clone(x), clone(x), clone(x)
		Scale(alpha, s)
		Axpy(alpha, x, a)
		ClipValue(c, cl)
		checkSame(t, path+": Scale", s, scaled)
		checkSame(t, path+": Axpy", a, axpy)
		checkSame(t, path+": ClipValue", cl, clipped)
		if got := MaxAbs(x); !sameFloat(got, maxAbs) {
			t.Fatalf("%s: MaxAbs = %v, reference %v", path, got, maxAbs)
		}
		if got := AllFinite(x); got != finite {
			t.Fatalf("%s: AllFinite = %v, reference %v", path, got, finite)
		}
	})
	sawNaN, sawInf := false, false
	for i, v := range x {
		sawNaN = sawNaN || v != v
		sawInf = sawInf || math.IsInf(float64(v), 0)
		if a := F(math.Abs(float64(v))); v == v && maxAbs == maxAbs && a > maxAbs {
			t.Fatalf("MaxAbs = %v < |x[%d]| = %v", maxAbs, i, a)
		}
		if cv := clipped[i]; cv == cv && (cv > c || cv < -c) {
			t.Fatalf("ClipValue(%v) left x[%d] = %v", c, i, cv)
		}
	}
	if sawNaN != (maxAbs != maxAbs) || finite == (sawNaN || sawInf) {
		t.Fatalf("NaN seen %v, Inf seen %v, but MaxAbs = %v and AllFinite = %v", sawNaN, sawInf, maxAbs, finite)
	}
}

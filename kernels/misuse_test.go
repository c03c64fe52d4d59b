package kernels

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"math"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestMisuse walks every exported function and method of the package through its misuse cases: nil and
// wrong-length slices, overlapping outputs, out-of-range indices, invalid bounds and step counts, NaN
// hyperparameters, and the borderline calls the documentation allows. Each case must end exactly as documented
// (the panic's or the error's whole message compared), and a call that panics or fails must not have written a
// single element first. The table is complete by construction: the test lists the package's exported functions
// with go/parser and fails for any without an entry, and for any entry naming a function that no longer exists.
func TestMisuse(t *testing.T) {
	api := exportedFuncs(t, ".")
	forTypes(t, func(t *testing.T) { testMisuse[float32](t, api) }, func(t *testing.T) { testMisuse[float64](t, api) })
}

func testMisuse[F Float](t *testing.T, api []string) {
	a := &misuseArgs[F]{}
	table := misuseTable(a)
	for _, name := range api {
		if len(table[name]) == 0 {
			t.Errorf("%s is exported but has no misuse cases: add them to misuseTable", name)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(table)) {
		if !slices.Contains(api, name) {
			t.Errorf("misuseTable has cases for %s, which is not an exported function of the package", name)
		}
		for _, c := range table[name] {
			a.made = nil
			got := c.outcome()
			if got != c.want {
				t.Errorf("%s, %s:\n got %s\nwant %s", name, c.name, got, c.want)
			}
			if got != "ok" && a.written() {
				t.Errorf("%s, %s: wrote to its arguments before it failed (%s)", name, c.name, got)
			}
		}
	}
}

// misuseCase is one wrong, or borderline, call of an exported function and what its documentation says must come
// of it.
type misuseCase struct {
	name string
	call func() error // the call; an error it returns is the outcome for functions that return one
	want string       // "panic: <message>", "error: <message>" or "ok"
}

// outcome runs the call and says what came of it, in the form of want.
func (c misuseCase) outcome() string {
	var err error
	if msg := panicOf(func() { err = c.call() }); msg != "no panic" {
		return "panic: " + msg
	}
	if err != nil {
		return "error: " + err.Error()
	}
	return "ok"
}

// misuseArgs hands out the slices of the misuse cases, every element a sentinel, and remembers them, so that
// after a call that panicked the test can check that none was written: the kernels check all their arguments
// before touching any element. The sentinel is finite, so that arithmetic on it changes it, unlike a NaN whose
// payload an update could carry through.
type misuseArgs[F Float] struct{ made [][]F }

const misuseSentinel = 0.3

// slice returns a new slice of n sentinels.
func (a *misuseArgs[F]) slice(n int) []F {
	s := filled(n, F(misuseSentinel))
	a.made = append(a.made, s)
	return s
}

// written reports whether any slice handed out since the last reset holds anything but the sentinel.
func (a *misuseArgs[F]) written() bool {
	for _, s := range a.made {
		for _, x := range s {
			if !sameFloat(x, F(misuseSentinel)) {
				return true
			}
		}
	}
	return false
}

// exportedFuncs lists the exported functions of the package in dir, and the exported methods of its exported
// types as "Type.Method", from every non-test Go file whatever its build constraints.
func exportedFuncs(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	fset := token.NewFileSet()
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, file, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || !fn.Name.IsExported() {
				continue
			}
			name := fn.Name.Name
			if fn.Recv != nil {
				recv := receiverType(fn.Recv.List[0].Type)
				if !ast.IsExported(recv) {
					continue // reachable only through an interface the package defines, and tested there
				}
				name = recv + "." + name
			}
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		t.Fatalf("no exported functions found in %s", dir)
	}
	slices.Sort(names)
	return names
}

// receiverType returns the name of a method's receiver type, without pointer or type parameters.
func receiverType(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.Ident:
			return x.Name
		default:
			panic(fmt.Sprintf("receiver type %T", e))
		}
	}
}

// misuseTable returns every exported function's misuse cases, by name as exportedFuncs gives it, their slices
// made by a. The elementwise kernels' length and overlap cases are derived from sliceKernels; the rest are
// spelled out.
func misuseTable[F Float](a *misuseArgs[F]) map[string][]misuseCase {
	const n = overlapN
	s := a.slice
	ok := func(name string, call func()) misuseCase {
		return misuseCase{name, func() error { call(); return nil }, "ok"}
	}
	panics := func(name string, call func(), msg string) misuseCase {
		return misuseCase{name, func() error { call(); return nil }, "panic: " + msg}
	}
	const nilDeref = "non-string panic runtime.errorString: runtime error: invalid memory address or nil pointer dereference"
	nan, inf := math.NaN(), math.Inf(1)
	table := map[string][]misuseCase{}
	kernels := map[string]sliceKernel[F]{}
	for _, k := range sliceKernels[F]() {
		kernels[k.kernel] = k
		table[k.kernel] = append(k.lengthCases(a.slice), k.overlaps(a.slice)...)
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
	}
	for _, st := range steps {
		want := "kernels: " + st.name + ": t < 1"
		table[st.name] = []misuseCase{
			panics("t = 0", func() { st.step(0, 0.5) }, want),
			panics("t = −1", func() { st.step(-1, 0.5) }, want),
			panics("t = MinInt", func() { st.step(math.MinInt, 0.5) }, want),
			panics("t = 0, NaN hyperparameters", func() { st.step(0, nan) }, want),
			ok("NaN hyperparameters", func() { st.step(1, nan) }),
			ok("infinite hyperparameters", func() { st.step(2, inf) }),
			ok("t = MaxInt", func() { st.step(math.MaxInt, 0.5) }),
		}
	}

	// The optimizer kernels: a nil step or hyperparameter pointer panics before anything is written (the
	// documentation does not promise a message); NaN scalars are not checked.
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
		panics("nil step", func() { Adam[F](nil, s(n), s(n), s(n), s(n), s(n)) }, nilDeref),
	)
	table["SGD"] = append(table["SGD"],
		panics("buf given without momentum", func() { SGD(sgd(0), s(n), s(n), s(n)) }, "kernels: SGD: buf given but s.Momentum is 0"),
		panics("empty buf given without momentum", func() { SGD(sgd(0), s(n), s(n), s(0)) }, "kernels: SGD: buf given but s.Momentum is 0"),
		// NaN ≠ 0: a NaN momentum is a momentum, and needs its buffer.
		panics("NaN momentum, no buf", func() { SGD(sgd(nan), s(n), s(n), nil) }, fmt.Sprintf("kernels: SGD: len(buf)=0, want len(w)=%d", n)),
		ok("NaN momentum with buf", func() { SGD(sgd(nan), s(n), s(n), s(n)) }),
		ok("no buf without momentum", func() { SGD(sgd(0), s(n), s(n), nil) }),
		ok("all nil", func() { SGD[F](sgd(0.9), nil, nil, nil) }),
		panics("nil step", func() { SGD[F](nil, s(n), s(n), s(n)) }, nilDeref),
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
		panics("nil hyperparameters", func() { RMSprop[F](nil, s(n), s(n), s(n), s(n), s(n)) }, nilDeref),
	)
	nanSteps := map[string]func(){
		"Adagrad":  func() { Adagrad(every(&AdagradStep{}, nan), s(n), s(n), s(n)) },
		"Adamax":   func() { Adamax(every(&AdamaxStep{}, nan), s(n), s(n), s(n), s(n)) },
		"NAdam":    func() { NAdam(every(&NAdamStep{}, nan), s(n), s(n), s(n), s(n)) },
		"RAdam":    func() { RAdam(every(&RAdamStep{}, nan), s(n), s(n), s(n), s(n)) },
		"Adadelta": func() { Adadelta(every(&AdadeltaHyper{}, nan), s(n), s(n), s(n), s(n)) },
		"Lion":     func() { Lion(every(&LionHyper{}, nan), s(n), s(n), s(n)) },
	}
	nilSteps := map[string]func(){
		"Adagrad":  func() { Adagrad[F](nil, s(n), s(n), s(n)) },
		"Adamax":   func() { Adamax[F](nil, s(n), s(n), s(n), s(n)) },
		"NAdam":    func() { NAdam[F](nil, s(n), s(n), s(n), s(n)) },
		"RAdam":    func() { RAdam[F](nil, s(n), s(n), s(n), s(n)) },
		"Adadelta": func() { Adadelta[F](nil, s(n), s(n), s(n), s(n)) },
		"Lion":     func() { Lion[F](nil, s(n), s(n), s(n)) },
	}
	for name, call := range nanSteps {
		k := kernels[name]
		table[name] = append(table[name],
			ok("NaN scalars", call),
			ok("all nil", func() { k.call(k.args(func(int) []F { return nil })) }),
			panics("nil step", nilSteps[name], nilDeref),
		)
	}

	table["Axpy"] = append(table["Axpy"],
		ok("x is y", func() { y := s(n); Axpy(2, y, y) }),
		panics("x is a prefix of y", func() { y := s(n); Axpy(2, y[:n-1], y) }, fmt.Sprintf("kernels: Axpy: len(x)=%d, want len(y)=%d", n-1, n)),
		ok("x and y empty views of one buffer", func() { y := s(n); Axpy(2, y[3:3], y[2:2]) }),
		ok("NaN alpha", func() { Axpy(F(nan), s(n), s(n)) }),
		ok("nil", func() { Axpy[F](1, nil, nil) }),
	)
	table["Dot"] = []misuseCase{
		panics("y longer", func() { Dot(s(n), s(n+1)) }, fmt.Sprintf("kernels: Dot: len(y)=%d, want len(x)=%d", n+1, n)),
		panics("y nil", func() { Dot(s(n), nil) }, fmt.Sprintf("kernels: Dot: len(y)=0, want len(x)=%d", n)),
		panics("x nil", func() { Dot(nil, s(n)) }, fmt.Sprintf("kernels: Dot: len(y)=%d, want len(x)=0", n)),
		ok("x is y", func() { x := s(n); Dot(x, x) }),
		ok("x and y overlap (both read)", func() { x := s(n + 1); Dot(x[1:], x[:n]) }),
		ok("nil", func() { Dot[F](nil, nil) }),
	}
	// The reductions and Scale take any slice, nil included, and any scalar.
	table["SumSq"] = []misuseCase{ok("nil", func() { SumSq[F](nil) })}
	table["MaxAbs"] = []misuseCase{ok("nil", func() { MaxAbs[F](nil) })}
	table["AllFinite"] = []misuseCase{ok("nil", func() { AllFinite[F](nil) })}
	table["Scale"] = []misuseCase{ok("nil", func() { Scale[F](2, nil) }), ok("NaN alpha", func() { Scale(F(nan), s(n)) })}
	table["ClipValue"] = []misuseCase{
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
	table["SetImpl"] = []misuseCase{
		{"empty name", unchanged(""), `error: unknown path "" ` + known},
		{"upper case", unchanged("AVX2"), `error: unknown path "AVX2" ` + known},
		{"unknown", unchanged("sse9"), `error: unknown path "sse9" ` + known},
		{"the active path", func() error { return SetImpl(Impl()) }, "ok"},
	}
	for _, p := range []string{"avx2", "avx512", "neon"} {
		if !slices.Contains(Impls(), p) {
			table["SetImpl"] = append(table["SetImpl"], misuseCase{"a path this CPU lacks: " + p, unchanged(p),
				fmt.Sprintf("error: path %q is not available on this CPU and build (available: %s)", p, strings.Join(Impls(), ", "))})
		}
	}
	table["Impls"] = []misuseCase{{"the result is a copy", func() error {
		paths := Impls()
		paths[0] = "changed"
		if Impls()[0] == "changed" {
			return errors.New("writing to Impls' result changed the next result")
		}
		return nil
	}, "ok"}}
	table["Impl"] = []misuseCase{{"names a path of Impls", func() error {
		if !slices.Contains(Impls(), Impl()) {
			return fmt.Errorf("Impl() = %q, not in Impls() = %v", Impl(), Impls())
		}
		return nil
	}, "ok"}}
	return table
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
func (k sliceKernel[F]) lengthCases(mk func(n int) []F) []misuseCase {
	names := strings.Split(k.names, ",")
	var cases []misuseCase
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
			misuseCase{arg + " one too long", with(arg, overlapN+1), want(arg, overlapN+1, ref, overlapN)},
			misuseCase{arg + " nil", with(arg, 0), want(arg, 0, ref, overlapN)})
		if !refs[ref] { // nil, it fails the first check against it
			refs[ref] = true
			cases = append(cases, misuseCase{ref + " nil", with(ref, 0), want(arg, overlapN, ref, 0)})
		}
	}
	return cases
}

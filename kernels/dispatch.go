package kernels

import (
	"fmt"
	"os"
	"strings"
	"sync/atomic"
)

// ops is one path's implementation of every kernel for one element type. A path starts from the references and
// replaces the kernels it has assembly for; the arguments are checked by the exported functions before the call.
type ops[F Float] struct {
	adam     func(a adamArgs[F], w, g, m, v, vmax []F)
	sgd      func(a sgdArgs[F], w, g, buf []F)
	adagrad  func(a adagradArgs[F], w, g, sum []F)
	rmsprop  func(a rmspropArgs[F], w, g, sq, gavg, buf []F)
	adamax   func(a adamaxArgs[F], w, g, m, u []F)
	nadam    func(a nadamArgs[F], w, g, m, v []F)
	radam    func(a radamArgs[F], w, g, m, v []F)
	adadelta func(a adadeltaArgs[F], w, g, sq, acc []F)
	lion     func(a lionArgs[F], w, g, m []F)
	ema      func(a emaArgs[F], avg, w []F)
	swa      func(c F, avg, w []F)
	asgd     func(a asgdArgs[F], w, g, ax []F)
	rprop    func(a rpropArgs[F], w, g, prev, stepSize []F)

	leastSquares      func(g, r, X, y, w []F, s F) F
	leastSquaresBatch func(g, r, X, y, w []F, idx []int, s F) F

	dot       func(x, y []F) F
	sumSq     func(x []F) F
	maxAbs    func(x []F) F
	allFinite func(x []F) bool
	scale     func(alpha F, x []F)
	axpy      func(alpha F, x, y []F)
	clipValue func(c F, x []F)

	// The conversions of the 16-bit storage types, used by ops[float32] only: the stored kernels compute in it.
	widenBF16 func(dst []float32, src []BF16)
	widenF16  func(dst []float32, src []F16)
	roundBF16 func(dst []BF16, src []float32)
	roundF16  func(dst []F16, src []float32)
	// stochasticBF16 and stochasticF16 round src into dst stochastically, src[j] as element offset+j of the tensor.
	stochasticBF16 func(dst []BF16, src []float32, k RoundingKey, offset int)
	stochasticF16  func(dst []F16, src []float32, k RoundingKey, offset int)

	// The 8-bit blockwise conversions, likewise used by ops[float32] only.
	quantizeQ8   func(t *q8Table, codes []uint8, scales []float32, x []float32)
	dequantizeQ8 func(x []float32, t *q8Table, codes []uint8, scales []float32)

	storedOps // likewise used by ops[float32] only
}

// impl is one path: a name as FASTGRAD_CPU spells it and its kernels for both element types.
type impl struct {
	name string
	f32  ops[float32]
	f64  ops[float64]
}

func referenceOps[F Float]() ops[F] {
	return ops[F]{
		adam: adamRef[F], sgd: sgdRef[F], adagrad: adagradRef[F], rmsprop: rmspropRef[F], adamax: adamaxRef[F],
		nadam: nadamRef[F], radam: radamRef[F], adadelta: adadeltaRef[F], lion: lionRef[F], asgd: asgdRef[F], rprop: rpropRef[F],
		ema: emaRef[F], swa: swaRef[F],
		leastSquares: leastSquaresRef[F], leastSquaresBatch: leastSquaresBatchRef[F],
		dot: dotRef[F], sumSq: sumSqRef[F], maxAbs: maxAbsRef[F], allFinite: allFiniteRef[F],
		scale: scaleRef[F], axpy: axpyRef[F], clipValue: clipValueRef[F],
		widenBF16: widenBF16Ref, widenF16: widenF16Ref, roundBF16: roundBF16Ref, roundF16: roundF16Ref,
		stochasticBF16: stochasticBF16Ref, stochasticF16: stochasticF16Ref,
		quantizeQ8: quantizeQ8, dequantizeQ8: dequantizeQ8,
		storedOps: storedRefs(),
	}
}

// generic is the pure-Go path (generic.go).
var generic = &impl{name: "generic", f32: genericOps[float32](), f64: genericOps[float64]()}

// impls lists the paths this CPU can run, best first; archImpls is defined per architecture and build tag.
var impls = append(archImpls(), generic)

var active atomic.Pointer[impl]

func init() {
	name := os.Getenv("FASTGRAD_CPU")
	if name == "" {
		active.Store(impls[0])
		return
	}
	if err := SetImpl(name); err != nil {
		panic("kernels: FASTGRAD_CPU: " + strings.TrimPrefix(err.Error(), "kernels: SetImpl: "))
	}
}

// opsOf returns the active path's kernels for F.
func opsOf[F Float]() *ops[F] {
	im := active.Load()
	if is32[F]() {
		return any(&im.f32).(*ops[F])
	}
	return any(&im.f64).(*ops[F])
}

// Impl returns the name of the path the kernels run: "avx512", "avx2", "neon" or "generic".
func Impl() string { return active.Load().name }

// Impls returns the names of the paths this CPU and build can run, best first; "generic" is always last.
func Impls() []string {
	names := make([]string, len(impls))
	for i, im := range impls {
		names[i] = im.name
	}
	return names
}

// SetImpl makes every kernel run the named path, as FASTGRAD_CPU does at start-up. It exists for benchmarks and
// tests that compare paths; a kernel running concurrently finishes on the path it started with. It returns an
// error, and changes nothing, if this CPU or build cannot run the path.
func SetImpl(name string) error {
	for _, im := range impls {
		if im.name == name {
			active.Store(im)
			return nil
		}
	}
	switch name {
	case "generic", "avx2", "avx512", "neon":
		return fmt.Errorf("kernels: SetImpl: path %q is not available on this CPU and build (available: %s)", name, strings.Join(Impls(), ", "))
	}
	return fmt.Errorf("kernels: SetImpl: unknown path %q (known: generic, avx2, avx512, neon)", name)
}

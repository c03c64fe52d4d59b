package kernels

// The harness every kernel's tests use to prove that each path returns the reference's bits:
//
//	forEachPath(t, func(t *testing.T) { ... })  // a subtest per path in Impls(), selected with SetImpl
//	for _, n := range testLengths() { for off := range maxOffset { ... } }
//	a := newArena[F](t, maxN)                   // slices against PROT_NONE pages on both sides (linux)
//	p := newPadded[F](n, off)                   // a slice at element offset off between NaN sentinels
//	fillValues(r, p.s, specials)                // realistic values, or with ±0, subnormals, ±Inf, NaN mixed in
//	checkSame(t, "w", got, want)                // bits equal, any NaN equal to any NaN (exact_test.go)
//
// A kernel's path test runs the kernel and its reference on copies of the same inputs, in both kinds of buffer,
// over every length and offset, and checks outputs bit for bit, inputs unchanged and sentinels intact.

import (
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
)

// startPath is the path chosen at start-up, before any test switched it (dispatch.go's init runs first: files
// initialise in name order).
var startPath string

func init() { startPath = Impl() }

// referencePath runs the references themselves, for the tests that need their results through the exported
// kernels; the generic path is faster loops that the path tests compare with them.
var referencePath = &impl{name: "reference", f32: referenceOps[float32](), f64: referenceOps[float64]()}

// descPath is the path that interprets the kernels' descriptions (descpath_test.go), where the build has the glue
// it runs through; nil elsewhere.
var descPath *impl

// skipInterpreter skips t on descPath, for tests of what only real paths promise, such as allocating nothing.
func skipInterpreter(t *testing.T) {
	if descPath != nil && Impl() == descPath.name {
		t.Skip("the description interpreter is a test oracle, not a path users run")
	}
}

// forEachPath runs f as one subtest per path this CPU can run, then on descPath, with that path selected, and
// restores the previous path afterwards.
func forEachPath(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	prev := Impl()
	defer SetImpl(prev)
	for _, name := range Impls() {
		if err := SetImpl(name); err != nil {
			t.Fatal(err)
		}
		t.Run(name, f)
	}
	if descPath != nil {
		active.Store(descPath)
		t.Run(descPath.name, f)
	}
}

// TestRequiredPaths fails if a path listed in FASTGRAD_TEST_REQUIRE cannot be tested here, so that CI proves the
// assembly really ran rather than silently falling back to generic.
func TestRequiredPaths(t *testing.T) {
	for _, name := range strings.Split(os.Getenv("FASTGRAD_TEST_REQUIRE"), ",") {
		if name = strings.TrimSpace(name); name != "" && !slices.Contains(Impls(), name) {
			t.Errorf("FASTGRAD_TEST_REQUIRE lists %q, but this CPU and build run only %v", name, Impls())
		}
	}
}

// TestExpectedPath fails unless start-up chose the path named in FASTGRAD_TEST_EXPECT (CI: generic under qemu's
// Nehalem model, which has no AVX; avx2 under its Haswell model).
func TestExpectedPath(t *testing.T) {
	if want := os.Getenv("FASTGRAD_TEST_EXPECT"); want != "" && startPath != want {
		t.Errorf("start-up chose %q, FASTGRAD_TEST_EXPECT wants %q (paths: %v)", startPath, want, Impls())
	}
}

// maxOffset is the number of start offsets tried: 0..7 elements, so every alignment within a 32-byte vector.
const maxOffset = 8

// testLengths returns every length from 0 to 3×64+1 (three times the widest block, 64 float32 lanes, plus one),
// then lengths around powers of two.
func testLengths() []int {
	var ns []int
	for n := 0; n <= 3*64+1; n++ {
		ns = append(ns, n)
	}
	return append(ns, 1023, 1024, 1025, 4103)
}

// scales are the magnitudes of generated values, as exact constants: 10^k computed at run time could differ by an
// ulp between platforms and break the golden digests.
var scales = [...]float64{1e-3, 1e-2, 1e-1, 1, 1e1, 1e2, 1e3}

// fillValues fills s with gradient-like values, and, with withSpecials, one element in six replaced by a special
// value. A value is the sum of three uniforms minus 1.5 (close to normal), times a random scale from 1e-3 to 1e3.
// It uses only additions and one multiplication, the same on every platform: rand's NormFloat64 calls math.Exp and
// math.Log, whose results differ between GOAMD64 levels in rare cases.
func fillValues[F Float](r *rand.Rand, s []F, withSpecials bool) {
	sp := specialValues[F]()
	for i := range s {
		u := r.Float64() + r.Float64() + r.Float64() - 1.5
		s[i] = F(u * scales[r.IntN(len(scales))])
		if withSpecials && r.IntN(6) == 0 {
			s[i] = sp[r.IntN(len(sp))]
		}
	}
}

// padded is a slice of n elements at element offset off inside a larger buffer whose other elements are a
// sentinel NaN with a distinctive payload, so a write outside the slice is caught.
type padded[F Float] struct {
	buf  []F
	off  int
	s    []F
	name string
}

const padding = 16

func sentinel[F Float]() F {
	if is32[F]() {
		return F(math.Float32frombits(0x7fc5a5a5))
	}
	return F(math.Float64frombits(0x7ff8a5a5a5a5a5a5))
}

func newPadded[F Float](name string, n, off int) *padded[F] {
	buf := make([]F, off+n+padding)
	for i := range buf {
		buf[i] = sentinel[F]()
	}
	return &padded[F]{buf: buf, off: off, s: buf[off : off+n : off+n], name: name}
}

// checkSentinels fails t if anything outside the slice changed.
func (p *padded[F]) checkSentinels(t *testing.T) {
	t.Helper()
	for i, x := range p.buf {
		if (i < p.off || i >= p.off+len(p.s)) && floatBits(x) != floatBits(sentinel[F]()) {
			t.Fatalf("%s: the element %d places from the slice's start, outside it, was overwritten with %v", p.name, i-p.off, x)
		}
	}
}

// clone returns a copy of s (nil for nil).
func clone[F Float](s []F) []F {
	if s == nil {
		return nil
	}
	return slices.Clone(s)
}

// forTypes runs f for float32 and float64 as subtests.
func forTypes(t *testing.T, f32 func(t *testing.T), f64 func(t *testing.T)) {
	t.Run("f32", f32)
	t.Run("f64", f64)
}

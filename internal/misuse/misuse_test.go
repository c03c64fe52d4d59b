package misuse

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestExported lists a package's API from files of every kind the real packages have: build-constrained files
// count, test files do not, and of methods only those of exported types.
func TestExported(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"a.go": `package p
func A() {}
func a() {}
type T[F any] struct{}
func (T[F]) M() {}
func (*T[F]) N() {}
type Two[A, B any] struct{}
func (t *Two[A, B]) O() {}
type u struct{}
func (u) P() {}
func (u) p() {}
`,
		"b_arm64.go": "//go:build arm64 && !purego\n\npackage p\n\nfunc B() {}\n",
		"c_test.go":  "package p\n\nfunc TestC() {}\n",
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := Exported(t, dir), []string{"A", "B", "T.M", "T.N", "Two.O"}; !slices.Equal(got, want) {
		t.Errorf("Exported = %v, want %v", got, want)
	}
}

// TestOutcome tells the outcomes apart as the tables spell them.
func TestOutcome(t *testing.T) {
	for _, c := range []Case{
		OK("returns", func() {}),
		Panics("string panic", func() { panic("boom") }, "boom"),
		Panics("error panic", func() { panic(errors.New("boom")) }, "non-string panic *errors.errorString: boom"),
		Fails("error", func() error { return errors.New("bad") }, "bad"),
	} {
		if got := c.Outcome(); got != c.Want {
			t.Errorf("%s: %s, want %s", c.Name, got, c.Want)
		}
	}
	var a Args[float32]
	s := a.Slice(3)
	if a.Written() {
		t.Error("fresh slices reported written")
	}
	s[2] = Sentinel * 2
	if !a.Written() {
		t.Error("a write went unseen")
	}
	a.Reset()
	if a.Written() {
		t.Error("Reset kept the slices")
	}
}

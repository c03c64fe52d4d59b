// Package committed checks that the generated files committed in kernels/ are what a generator writes now, so
// that go test in gen/ fails on a stale file (math/big/internal/asmgen's habit), not only CI's regeneration diff.
package committed

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Check runs generate into a temporary directory and fails t for every file that differs from its committed copy
// in dir, is missing there, or is committed in dir with suffix but no longer generated.
func Check(t *testing.T, dir, suffix string, generate func(dir string) error) {
	t.Helper()
	tmp := t.TempDir()
	if err := generate(tmp); err != nil {
		t.Fatal(err)
	}
	fresh, err := os.ReadDir(tmp)
	if err != nil {
		t.Fatal(err)
	}
	written := map[string]bool{}
	for _, f := range fresh {
		written[f.Name()] = true
		want, err := os.ReadFile(filepath.Join(tmp, f.Name()))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(dir, f.Name()))
		switch {
		case err != nil:
			t.Errorf("%s is generated but not committed: %v", f.Name(), err)
		case !bytes.Equal(got, want):
			t.Errorf("%s differs from what the generator writes now: run go generate ./kernels/internal/asm from the module root", f.Name())
		}
	}
	old, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range old {
		if strings.HasSuffix(strings.TrimSuffix(f.Name(), filepath.Ext(f.Name())), suffix) && !written[f.Name()] {
			t.Errorf("%s is committed but no longer generated: remove it", f.Name())
		}
	}
	if len(fresh) == 0 {
		t.Error("the generator wrote nothing")
	}
}

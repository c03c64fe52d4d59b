package kerneldesc

import (
	"os"
	"path/filepath"
	"testing"
)

// TestFamilies builds every description, which panics on a broken rule, and checks that names are unique and
// that every block's slots are read by some kernel of it.
func TestFamilies(t *testing.T) {
	seen := map[string]bool{}
	used := map[*Block]map[int]bool{}
	for _, f := range Families() {
		for _, k := range f.Kernels {
			if seen[k.Name] {
				t.Errorf("%s is described twice", k.Name)
			}
			seen[k.Name] = true
			if used[k.Block] == nil {
				used[k.Block] = map[int]bool{}
			}
			for _, s := range k.Slots() {
				used[k.Block][s] = true
			}
		}
	}
	for bl, u := range used {
		for s, c := range bl.Consts {
			if !u[s] {
				t.Errorf("%sBlock: slot %d (%s) is read by no kernel", bl.Name, s, c.Doc)
			}
		}
	}
}

// TestFamilySources checks that every family names the file of this package that describes it.
func TestFamilySources(t *testing.T) {
	for _, f := range Families() {
		if _, err := os.Stat(filepath.Base(f.Source)); err != nil || filepath.Dir(f.Source) != "internal/kerneldesc" {
			t.Errorf("family %s: source %q is not a file of internal/kerneldesc (%v)", f.Name, f.Source, err)
		}
	}
}

package kernels

import (
	"go/ast"
	"reflect"
	"strings"
	"testing"

	"github.com/fastgrad/fastgrad/internal/gofiles"
)

// TestVariantsCoverEveryMode fails for a kernel hyperparameter that the shared tests' variants never switch: a
// bool that is not both true and false in some variants, or a number that is 0 ("none") in some variant but never
// anything else. The path tests, goldens and fuzzers run those variants, so an option added to a Hyper but not to
// its variants fails here rather than going untested on every path. Every exported Hyper type must have variants.
func TestVariantsCoverEveryMode(t *testing.T) {
	type variants struct {
		n     int
		hyper func(v int) any
	}
	cases := map[string]variants{"Adam": {adamCombos, anyOf(adamHyperFor)}}
	for _, c := range optCases[float64]() {
		if c.hyper != nil {
			cases[c.name] = variants{c.variants, c.hyper}
		}
	}
	covered := map[string]bool{}
	for name, c := range cases {
		typ := reflect.TypeOf(c.hyper(0))
		covered[typ.Name()] = true
		seen := map[string]map[any]bool{}
		for v := range c.n {
			h := reflect.ValueOf(c.hyper(v))
			for i := range h.NumField() {
				f := typ.Field(i).Name
				if seen[f] == nil {
					seen[f] = map[any]bool{}
				}
				switch x := h.Field(i).Interface().(type) {
				case bool:
					seen[f][x] = true
				case float64:
					seen[f][x == 0] = true
				default:
					t.Fatalf("%s.%s is a %T", typ.Name(), f, x)
				}
			}
		}
		for i := range typ.NumField() {
			f := typ.Field(i)
			switch {
			case f.Type.Kind() == reflect.Bool && len(seen[f.Name]) < 2:
				t.Errorf("%s: no variant sets %s.%s to %v", name, typ.Name(), f.Name, !seen[f.Name][true])
			case f.Type.Kind() == reflect.Float64 && seen[f.Name][true] && !seen[f.Name][false]:
				t.Errorf("%s: %s.%s is 0 in every variant, so what it turns on is never tested", name, typ.Name(), f.Name)
			}
		}
	}
	for _, h := range hyperTypes(t) {
		if !covered[h] {
			t.Errorf("%s has no variants in the shared tests (optCases)", h)
		}
	}
}

// hyperTypes returns the package's exported types named …Hyper.
func hyperTypes(t *testing.T) []string {
	_, files := gofiles.Parse(t, ".")
	var names []string
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			if ts, ok := n.(*ast.TypeSpec); ok && ast.IsExported(ts.Name.Name) && strings.HasSuffix(ts.Name.Name, "Hyper") {
				names = append(names, ts.Name.Name)
			}
			return true
		})
	}
	return names
}

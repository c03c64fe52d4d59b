package detcheck

import (
	"fmt"
	"go/ast"
	"go/build"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// resultPackages are the module's packages whose non-test code decides a number a user sees: weights, state,
// losses, learning rates, reported statistics. TestModuleFollowsRule holds each to the rule.
var resultPackages = []string{
	"detmath", "gonumopt", "internal/conformance", "internal/kerneldesc", "kernels", "kernels/internal/asm", "optim",
	"optim/shard", "train", "train/experiments",
}

// otherPackages are the module's packages that decide no result, and why; every package is in one list or the
// other (TestEveryPackageIsClassified), so a new package cannot escape the rule unnoticed.
var otherPackages = map[string]string{
	"adapters/gorgonia": "a module of its own, which this module cannot load without Gorgonia; its only " +
		"arithmetic, the batch size's reciprocal, is a division, and the rest is package optim's and kernels.Scale",
	"bench": "measures time; its naive peers are what a user would write, fused or not",
	"bench/againstc": "a module of its own, with cgo: it times fastgrad against C that computes the same bits, " +
		"which its tests check",
	"cmd/bench":            "prints measurements and runs the other packages; its axes and tables are not results",
	"internal/atomicfile":  "writes files; no float arithmetic",
	"internal/detcheck":    "this check",
	"internal/gofiles":     "parses source files for tests",
	"internal/misuse":      "the misuse tests' harness",
	"internal/plotstyle":   "the figures' palette and log-axis ticks",
	"internal/safetensors": "reads and writes tensors' bytes; no float arithmetic",
	"train/plots":          "draws figures: gonum/plot's own float code places every mark",
}

// exempt lists the files of result packages that may break the rule, and why: the Guarantees section of the
// README says the same.
var exempt = map[string]string{
	"gonumopt/method.go": "imports gonum's optimize for its Method interface and types: every x comes from package " +
		"optim's step; gonum's arithmetic (its convergers, the user's objective) decides only when a run stops",
	"train/closedform.go": "the closed forms are gonum's LAPACK: a reference for the trained weights, computed in " +
		"float64 by assembly on amd64 and Go elsewhere, so equal to a few ulps on every CPU but not bit for bit",
}

// configs are the build configurations whose files are checked: each architecture with its own dispatch or
// assembly glue, and purego.
var configs = []struct{ goarch, tags string }{
	{"amd64", ""}, {"amd64", "purego"}, {"arm64", ""}, {"riscv64", ""},
}

// TestModuleFollowsRule type-checks every result package in every configuration and reports each place Check
// finds, outside exempt. This check catches what the compilers of today happen not to fuse (a product stored in a
// variable and added later, a call a future compiler may inline) and every call of an elementary function of
// package math (whose own code is fused or replaced by assembly elsewhere, invisible to TestNoFusedInstructions);
// the compiled-output check and the conformance digests catch what a rule of syntax cannot see.
func TestModuleFollowsRule(t *testing.T) {
	if os.Getenv("FASTGRAD_TEST_EXEC") != "" {
		t.Skip("a check of the sources, the same on every architecture: the native run makes it")
	}
	root := moduleRoot(t)
	checked := map[string]bool{}
	for _, c := range configs {
		ctxt := build.Default
		ctxt.GOARCH, ctxt.CgoEnabled = c.goarch, false
		if c.tags != "" {
			ctxt.BuildTags = []string{c.tags}
		}
		fset := token.NewFileSet()
		imp := importer.ForCompiler(fset, "gc", exportData(t, root, c.goarch, c.tags))
		for _, pkg := range resultPackages {
			bp, err := ctxt.ImportDir(filepath.Join(root, pkg), 0)
			if err != nil {
				if _, ok := err.(*build.NoGoError); ok {
					continue
				}
				t.Fatalf("%s (%s %s): %v", pkg, c.goarch, c.tags, err)
			}
			var files []*ast.File
			for _, name := range bp.GoFiles {
				f, err := parser.ParseFile(fset, filepath.Join(bp.Dir, name), nil, parser.SkipObjectResolution)
				if err != nil {
					t.Fatal(err)
				}
				files = append(files, f)
			}
			info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Uses: map[*ast.Ident]types.Object{}}
			conf := types.Config{Importer: imp}
			if _, err := conf.Check(bp.ImportPath, fset, files, info); err != nil {
				t.Fatalf("%s (%s %s): %v", pkg, c.goarch, c.tags, err)
			}
			for _, fd := range Check(fset, files, info) {
				rel, _ := filepath.Rel(root, fd.Pos.Filename)
				fd.Pos.Filename = rel
				if _, ok := exempt[filepath.ToSlash(rel)]; ok || checked[fd.String()] {
					continue
				}
				checked[fd.String()] = true
				t.Error(fd)
			}
		}
	}
}

// TestEveryPackageIsClassified fails for a package of the module that is in neither resultPackages nor
// otherPackages, and for a listed package or exempt file that no longer exists.
func TestEveryPackageIsClassified(t *testing.T) {
	if os.Getenv("FASTGRAD_TEST_EXEC") != "" {
		t.Skip("a check of the sources, the same on every architecture: the native run makes it")
	}
	root := moduleRoot(t)
	found := map[string]bool{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() && (rel == "gen" || d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && rel != "." {
			return filepath.SkipDir // gen is a module of its own
		}
		if !d.IsDir() && strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go") {
			found[filepath.ToSlash(filepath.Dir(rel))] = true
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for pkg := range found {
		if _, ok := otherPackages[pkg]; !ok && !slices.Contains(resultPackages, pkg) {
			t.Errorf("package %s is in neither resultPackages nor otherPackages: say whether it decides results", pkg)
		}
	}
	for _, pkg := range resultPackages {
		if !found[pkg] {
			t.Errorf("resultPackages lists %s, which has no Go files", pkg)
		}
	}
	for pkg := range otherPackages {
		if !found[pkg] {
			t.Errorf("otherPackages lists %s, which has no Go files", pkg)
		}
	}
	for file := range exempt {
		if _, err := os.Stat(filepath.Join(root, file)); err != nil {
			t.Errorf("exempt lists %s: %v", file, err)
		}
	}
}

// exportData returns an importer lookup that opens the compiler's export data of each package the module depends
// on, built for goarch with tags by the go command.
func exportData(t *testing.T, root, goarch, tags string) func(path string) (io.ReadCloser, error) {
	t.Helper()
	cmd := exec.Command("go", "list", "-export", "-deps", "-tags="+tags, "-f", "{{.ImportPath}} {{.Export}}", "./...")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOARCH="+goarch, "CGO_ENABLED=0")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("GOARCH=%s go list -export: %v", goarch, err)
	}
	files := map[string]string{}
	for line := range strings.Lines(string(out)) {
		if path, file, ok := strings.Cut(strings.TrimSpace(line), " "); ok {
			files[path] = file
		}
	}
	return func(path string) (io.ReadCloser, error) {
		file, ok := files[path]
		if !ok {
			return nil, fmt.Errorf("no export data for %s", path)
		}
		return os.Open(file)
	}
}

// moduleRoot returns the directory of the module's go.mod.
func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		t.Fatal(err)
	}
	return dir
}

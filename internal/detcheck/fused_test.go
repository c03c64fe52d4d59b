package detcheck

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// fusers are the targets whose compiler fuses a product and a sum into one multiply-add instruction, with the
// environment that selects each.
var fusers = [][]string{
	{"GOARCH=arm64"}, {"GOARCH=ppc64le"}, {"GOARCH=s390x"}, {"GOARCH=riscv64"}, {"GOARCH=amd64", "GOAMD64=v3"},
}

// fusedOp matches the fused multiply-add mnemonics of the Go assemblers of those targets: FMADDD, FNMSUBS (arm64,
// riscv64, ppc64le, s390x), VFMADD231SD (amd64), WFMADB (s390x vector), XSMADDADP (ppc64 VSX).
var fusedOp = regexp.MustCompile(`^((V|W)?FN?M(ADD|SUB)[0-9A-Z]*|XSN?M(ADD|SUB)[A-Z]*)$`)

// asmLine matches a line of the compiler's -S listing: its source position and its instruction.
var asmLine = regexp.MustCompile(`^\s+0x[0-9a-f]+ \d+ \(([^)]+):(\d+)\)\s+([A-Z0-9.]+)`)

// TestNoFusedInstructions compiles the result packages for every target that fuses and fails for each fused
// multiply-add the compiler emitted in them. It is the ground truth for today's compilers: it catches what the
// rule of syntax would let through (a hole in the rule, a new fusion pattern of a later compiler), where
// TestModuleFollowsRule catches what today's compilers happen not to fuse, and the conformance digests
// (internal/conformance) catch everything that reaches a result, the standard library's and gonum's code included.
func TestNoFusedInstructions(t *testing.T) {
	if os.Getenv("FASTGRAD_TEST_EXEC") != "" {
		t.Skip("compiles for every target from the host: the native run makes it")
	}
	if testing.Short() {
		t.Skip("compiles the standard library for five targets the first time (about a minute)")
	}
	root := moduleRoot(t)
	var pkgs []string
	for _, p := range resultPackages {
		pkgs = append(pkgs, "./"+p)
	}
	for _, env := range fusers {
		t.Run(strings.Join(env, ","), func(t *testing.T) {
			// The packages with their tests, compiled but not linked: a generic function is compiled where it is
			// instantiated, and the tests instantiate every kernel and optimizer for float32 and float64.
			cmd := exec.Command("go", append([]string{"list", "-export", "-test", "-deps", "-f={{.ImportPath}}",
				"-gcflags=github.com/fastgrad/fastgrad/...=-S"}, pkgs...)...)
			cmd.Dir = root
			cmd.Env = append(os.Environ(), append(env, "CGO_ENABLED=0")...)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("go list -export: %v\n%s", err, out)
			}
			seen := map[string]bool{} // the packages whose code the listing shows
			inTest := false           // the function being listed is a test's, whose arithmetic decides nothing
			for line := range strings.Lines(string(out)) {
				// The listing runs to hundreds of megabytes for each target: only a function's first line and a
				// multiply-add's go through the regular expression, which took minutes over every line.
				if op := mnemonic(line); op != "TEXT" && !strings.Contains(op, "MADD") && !strings.Contains(op, "MSUB") {
					continue
				}
				m := asmLine.FindStringSubmatch(line)
				if m == nil {
					continue
				}
				if m[3] == "TEXT" { // a function's first line, at the position of its declaration
					inTest = strings.HasSuffix(m[1], "_test.go")
				}
				if inTest {
					continue // code inlined into a test, given the test's own unrounded arguments
				}
				rel, err := filepath.Rel(root, m[1])
				if err != nil || strings.HasPrefix(rel, "..") {
					continue
				}
				rel = filepath.ToSlash(rel)
				pkg := filepath.ToSlash(filepath.Dir(rel))
				if strings.HasSuffix(rel, "_test.go") || !slices.Contains(resultPackages, pkg) {
					continue // a package the result packages import but that decides no result (train/plots)
				}
				seen[pkg] = true // at the package's functions' first lines, if not before
				if _, ok := exempt[rel]; !ok && fusedOp.MatchString(m[3]) {
					t.Errorf("%s:%s: %s: the compiler fused a product into a multiply-add: round the product "+
						"with an explicit conversion", rel, m[2], m[3])
				}
			}
			for _, p := range resultPackages {
				if !seen[p] && p != "kernels/internal/asm" { // kernels/internal/asm declares assembly only: the compiler lists none
					t.Errorf("the listing shows no code of %s: the check did not look at it", p)
				}
			}
		})
	}
}

// mnemonic returns the instruction of a line of the -S listing, the word after its source position, or "" for a
// line that lists none.
func mnemonic(line string) string {
	i := strings.Index(line, ")\t")
	if i < 0 {
		return ""
	}
	op := line[i+2:]
	if j := strings.IndexAny(op, "\t \n"); j >= 0 {
		op = op[:j]
	}
	return op
}

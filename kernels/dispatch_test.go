package kernels

import (
	"fmt"
	"os"
	"os/exec"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestImpls(t *testing.T) {
	paths := Impls()
	if len(paths) == 0 || paths[len(paths)-1] != "generic" {
		t.Fatalf("Impls() = %v, want generic last", paths)
	}
	if !slices.Contains(paths, startPath) {
		t.Errorf("start-up chose %q, not in Impls() = %v", startPath, paths)
	}
	if os.Getenv("FASTGRAD_CPU") == "" && startPath != paths[0] {
		t.Errorf("start-up chose %q, want the best path %q", startPath, paths[0])
	}
}

// TestEveryPathHasEveryKernel checks that each path sets every entry of its ops tables: an entry a path forgot
// would be nil and crash the first call.
func TestEveryPathHasEveryKernel(t *testing.T) {
	for _, im := range impls {
		for _, tab := range []any{im.f32, im.f64} {
			checkNoNil(t, im.name, fmt.Sprintf("%T", tab), reflect.ValueOf(tab))
		}
	}
}

// checkNoNil fails for every nil function in the struct v, and in the structs it embeds.
func checkNoNil(t *testing.T, path, name string, v reflect.Value) {
	for i := range v.NumField() {
		f, field := v.Field(i), v.Type().Field(i)
		switch {
		case f.Kind() == reflect.Struct:
			checkNoNil(t, path, name+"."+field.Name, f)
		case f.IsNil():
			t.Errorf("path %s: %s.%s is nil", path, name, field.Name)
		}
	}
}

func TestSetImpl(t *testing.T) {
	prev := Impl()
	defer SetImpl(prev)
	for _, p := range Impls() {
		if err := SetImpl(p); err != nil || Impl() != p {
			t.Errorf("SetImpl(%q) = %v, then Impl() = %q", p, err, Impl())
		}
	}
	SetImpl("generic")
	if err := SetImpl("sse9"); err == nil || !strings.Contains(err.Error(), "unknown") || Impl() != "generic" {
		t.Errorf("SetImpl(sse9) = %v, Impl() = %q; want an unknown-path error and no change", err, Impl())
	}
	for _, p := range []string{"avx2", "avx512", "neon"} {
		if slices.Contains(Impls(), p) {
			continue
		}
		if err := SetImpl(p); err == nil || !strings.Contains(err.Error(), "not available") || Impl() != "generic" {
			t.Errorf("SetImpl(%q) on a CPU without it = %v, Impl() = %q; want an error and no change", p, err, Impl())
		}
	}
}

// TestFASTGRADCPU re-runs this test binary with FASTGRAD_CPU set: it must select the path at start-up, and a path
// this CPU lacks, or an unknown one, must stop the program with a message naming the variable.
func TestFASTGRADCPU(t *testing.T) {
	if testing.Short() && os.Getenv("FASTGRAD_TEST_EXEC") == "" {
		t.Skip("re-executes the test binary: under an emulator (go test -exec …), set FASTGRAD_TEST_EXEC to the same command")
	}
	for _, p := range Impls() {
		out, err := child(t, p)
		if err != nil || !strings.Contains(out, "impl="+p+"\n") {
			t.Errorf("FASTGRAD_CPU=%s: %v\n%s", p, err, out)
		}
	}
	bad := []string{"bogus"}
	for _, p := range []string{"avx2", "avx512", "neon"} {
		if !slices.Contains(Impls(), p) {
			bad = append(bad, p)
		}
	}
	for _, p := range bad {
		if out, err := child(t, p); err == nil || !strings.Contains(out, "FASTGRAD_CPU") {
			t.Errorf("FASTGRAD_CPU=%s: the program ran (%v); want a start-up panic naming FASTGRAD_CPU\n%s", p, err, out)
		}
	}
}

// child runs this test binary's TestFASTGRADCPUChild with FASTGRAD_CPU=path, under the emulator command in
// FASTGRAD_TEST_EXEC if there is one (the binary is then not this machine's).
func child(t *testing.T, path string) (string, error) {
	args := []string{os.Args[0], "-test.run=^TestFASTGRADCPUChild$", "-test.v"}
	args = append(strings.Fields(os.Getenv("FASTGRAD_TEST_EXEC")), args...)
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = append(os.Environ(), "FASTGRAD_CPU="+path, "FASTGRAD_TEST_CHILD=1")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// TestFASTGRADCPUChild reports the path in the child process of TestFASTGRADCPU.
func TestFASTGRADCPUChild(t *testing.T) {
	if os.Getenv("FASTGRAD_TEST_CHILD") == "" {
		t.Skip("runs only as TestFASTGRADCPU's child")
	}
	fmt.Printf("impl=%s\n", Impl())
}

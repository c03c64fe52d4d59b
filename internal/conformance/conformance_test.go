package conformance

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/fastgrad/fastgrad/kernels"
)

var update = flag.Bool("update", false, "rewrite testdata/digests.txt from this machine's results")

// TestConformance runs the whole workload on every kernel path this CPU has (kernels.SetImpl) under GOMAXPROCS 4,
// and on the first path under GOMAXPROCS 1 too, and compares every run's digest with the committed one, naming
// each run that differs. In a child of TestConformanceFASTGRADCPU it runs the path FASTGRAD_CPU chose, as is. Its
// last line, "conformance: N runs, ...: all digests equal", is what CI looks for on each target: a skipped or
// silent run fails CI there.
func TestConformance(t *testing.T) {
	if *update {
		got, err := Check()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(DigestsFile, []byte(FormatDigests(got)), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Skip("rewrote " + DigestsFile + ": rerun without -update")
	}
	type setting struct {
		path  string
		procs int
	}
	var settings []setting
	if want := os.Getenv("FASTGRAD_CPU"); os.Getenv("FASTGRAD_TEST_CHILD") != "" {
		if kernels.Impl() != want {
			t.Fatalf("FASTGRAD_CPU=%s, but the kernels run %s", want, kernels.Impl())
		}
		settings = append(settings, setting{want, runtime.GOMAXPROCS(0)})
	} else {
		for i, path := range kernels.Impls() {
			settings = append(settings, setting{path, 4})
			if i == 0 {
				settings = append(settings, setting{path, 1})
			}
		}
	}
	prev := kernels.Impl()
	defer kernels.SetImpl(prev)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	runs := 0
	var done []string
	for _, s := range settings {
		if err := kernels.SetImpl(s.path); err != nil {
			t.Fatal(err)
		}
		runtime.GOMAXPROCS(s.procs)
		got, err := Check()
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range got {
			if !r.OK() {
				t.Errorf("path %s, GOMAXPROCS %d: %s: digest %s, want %s (%s)", s.path, s.procs, r.Name, r.Got, r.Want, DigestsFile)
			}
		}
		runs = len(got)
		done = append(done, fmt.Sprintf("%s (GOMAXPROCS %d)", s.path, s.procs))
	}
	if !t.Failed() {
		fmt.Printf("conformance: %d runs, GOARCH %s, %s: all digests equal\n", runs, runtime.GOARCH, strings.Join(done, ", "))
	}
}

// TestDigestsListEveryRun fails for a run without a committed digest and for a digest of no run.
func TestDigestsListEveryRun(t *testing.T) {
	want, err := Expected()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range Runs() {
		if _, ok := want[r.Name]; !ok {
			t.Errorf("run %s has no digest in %s", r.Name, DigestsFile)
		}
		if slices.Contains(names, r.Name) {
			t.Errorf("two runs are named %s", r.Name)
		}
		names = append(names, r.Name)
	}
	for name := range want {
		if !slices.Contains(names, name) {
			t.Errorf("%s lists %s, which is no run", DigestsFile, name)
		}
	}
	if len(names) < 70 {
		t.Errorf("%d runs: the workload lost some", len(names))
	}
}

// TestCheckpointResumeEqualsStraight: a run saved mid-way and restored into new objects ends with the bits of the
// same run straight through, with and without weight averages.
func TestCheckpointResumeEqualsStraight(t *testing.T) {
	want, err := Expected()
	if err != nil {
		t.Fatal(err)
	}
	for _, run := range []string{"adamw/", "adamw/ema-swa/"} {
		for _, dt := range []string{"f32", "f64"} {
			if a, b := want[run+"straight/"+dt], want[run+"checkpoint-resumed/"+dt]; a != b || a == "" {
				t.Errorf("%s%s: straight %q, resumed %q", run, dt, a, b)
			}
		}
	}
}

// TestConformanceFASTGRADCPU re-runs this test binary once per kernel path, the path chosen at start-up by
// FASTGRAD_CPU as a user would, under the emulator in FASTGRAD_TEST_EXEC if there is one, and checks that each
// child found every digest equal.
func TestConformanceFASTGRADCPU(t *testing.T) {
	if testing.Short() && os.Getenv("FASTGRAD_TEST_EXEC") == "" {
		t.Skip("re-executes the test binary: under an emulator (go test -exec …), set FASTGRAD_TEST_EXEC to the same command")
	}
	if os.Getenv("FASTGRAD_TEST_CHILD") != "" {
		t.Skip("a child runs TestConformance only")
	}
	for _, path := range kernels.Impls() {
		args := append(strings.Fields(os.Getenv("FASTGRAD_TEST_EXEC")), os.Args[0], "-test.run=^TestConformance$", "-test.v")
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Env = append(os.Environ(), "FASTGRAD_CPU="+path, "FASTGRAD_TEST_CHILD=1")
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "all digests equal") {
			t.Errorf("FASTGRAD_CPU=%s: %v\n%s", path, err, out)
		}
	}
}

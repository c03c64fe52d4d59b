package main

import (
	"bytes"
	"encoding/json"
	"io"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/fastgrad/fastgrad/internal/conformance"
	"github.com/fastgrad/fastgrad/kernels"
)

// someRuns selects one optimizer run and one train run, in both types, and Adam's BF16 and 8-bit stored types: what
// the tests of the command's output train on every path. The whole workload runs in TestVerifyPasses, except under -short (an
// emulator).
const someRuns = `^(adamw/straight|train/sag)/|^stored/Adam/(bf16|q8state)`

func parseVerify(t *testing.T, args ...string) *verifyOptions {
	t.Helper()
	o, err := parseVerifyFlags(args, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func TestVerifyPasses(t *testing.T) {
	before := kernels.Impl()
	runs := ""
	if testing.Short() {
		runs = someRuns
	}
	o := parseVerify(t, "-run", runs)
	var out bytes.Buffer
	if err := runVerify(o, &out); err != nil {
		t.Fatalf("verify on this machine: %v\n%s", err, out.String())
	}
	text := out.String()
	for _, p := range kernels.Impls() {
		if !regexp.MustCompile(`(?m)^` + p + ` +(\d+) of (\d+) runs give the committed bits`).MatchString(text) {
			t.Errorf("no line for path %s:\n%s", p, text)
		}
	}
	if !strings.Contains(text, "all digests equal the committed ones") {
		t.Errorf("no verdict:\n%s", text)
	}
	if kernels.Impl() != before {
		t.Errorf("verify left path %s active, was %s", kernels.Impl(), before)
	}
}

// TestVerifyNamesDifferences gives runVerify committed digests that cannot match, of a conformance run and of a
// stored run, and one run without any: each must fail the command, and the message and the output must name the run
// and the path.
func TestVerifyNamesDifferences(t *testing.T) {
	o := parseVerify(t, "-paths", "generic", "-run", someRuns)
	o.want = maps.Clone(o.want)
	o.want["train/sag/f32"] = strings.Repeat("0", 64)
	o.want["stored/Adam/bf16copy"] = strings.Repeat("0", 64)
	delete(o.want, "train/sag/f64")
	var out bytes.Buffer
	err := runVerify(o, &out)
	if err == nil {
		t.Fatalf("verify passed with a tampered digest:\n%s", out.String())
	}
	for _, name := range []string{"generic: train/sag/f32", "generic: train/sag/f64", "generic: stored/Adam/bf16copy", "3 runs differ", "-json"} {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error %q does not name %q", err, name)
		}
	}
	text := out.String()
	for _, line := range []string{"generic  3 of ", "stored/Adam/bf16copy: got ", "train/sag/f32: got ", "want " + strings.Repeat("0", 64), "train/sag/f64: got ", "want none committed"} {
		if !strings.Contains(text, line) {
			t.Errorf("output lacks %q:\n%s", line, text)
		}
	}
	if strings.Contains(text, "all digests equal") {
		t.Errorf("output claims equality:\n%s", text)
	}
}

func TestVerifyJSON(t *testing.T) {
	o := parseVerify(t, "-json", "-run", someRuns)
	o.want = maps.Clone(o.want)
	o.want["train/sag/f64"] = strings.Repeat("f", 64)
	var out bytes.Buffer
	if err := runVerify(o, &out); err == nil {
		t.Fatal("verify -json passed with a tampered digest")
	}
	var rep verifyReport
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out.String())
	}
	if rep.OK || rep.Machine.GOARCH == "" || rep.GOMAXPROCS < 1 || len(rep.Paths) != len(kernels.Impls()) {
		t.Fatalf("report %+v: want ok false, the machine, GOMAXPROCS and every path", rep)
	}
	want, err := expectedDigests()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rep.Paths {
		for _, name := range []string{"stored/Adam/bf16sr", "stored/Adam/q8state"} {
			if !slices.ContainsFunc(p.Runs, func(r conformance.Result) bool { return r.Name == name }) {
				t.Errorf("path %s: no run %s", p.Path, name)
			}
		}
		if len(p.Runs) == 0 {
			t.Errorf("path %s: no runs", p.Path)
		}
		for _, r := range p.Runs {
			tampered := r.Name == "train/sag/f64"
			if r.Got != want[r.Name] || r.OK() == tampered {
				t.Errorf("path %s, run %s: got %s, want %s, ok %v", p.Path, r.Name, r.Got, r.Want, r.OK())
			}
		}
	}
}

func TestVerifyExit(t *testing.T) {
	if code, stderr := command(t, "verify", "-paths", "generic", "-run", "^train/sag/f32$"); code != 0 {
		t.Errorf("verify of one run: exit status %d, stderr %q; want 0", code, stderr)
	}
	if code, stderr := command(t, "verify", "-run", "^nothing$"); code != 1 || !strings.Contains(stderr, "matches no run") {
		t.Errorf("verify of no run: exit status %d, stderr %q; want 1 and a message", code, stderr)
	}
	if code, _ := command(t, "verify", "-h"); code != 0 {
		t.Errorf("verify -h: exit status %d, want 0", code)
	}
}

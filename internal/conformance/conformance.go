// Package conformance is fastgrad's whole-run conformance workload: training runs of at least 1000 steps through
// package optim and package train, in float32 and float64, covering every optimizer and option, every schedule,
// clipping, loss scaling, accumulation, parameter groups, a checkpoint restored mid-run, split steps, mini-batch
// SGD, SAG, SAGA and multistart. Each run's result (its final weights and every number it reports) is hashed, and
// the digests committed in testdata/digests.txt are the same on every CPU and build fastgrad supports: every
// kernel path, GOAMD64 level, -tags purego, arm64, riscv64, ppc64le and s390x, any GOMAXPROCS. Its tests check
// them on each target in CI; `go run ./cmd/bench verify` checks them on a user's machine.
package conformance

import (
	"bufio"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"strings"
)

// Run is one run of the workload.
type Run struct {
	Name string
	run  func() ([]byte, error) // trains, and returns the bytes hashed: the result's bits, little-endian
}

// Digest trains the run on the kernel path that is running and returns the SHA-256, in hex, of its result.
func (r Run) Digest() (string, error) {
	b, err := r.run()
	if err != nil {
		return "", fmt.Errorf("conformance: %s: %w", r.Name, err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// Runs returns the workload's runs, in a fixed order, each in float32 and float64 (the names end in /f32, /f64).
func Runs() []Run {
	var rs []Run
	for _, r := range optimRuns() {
		rs = append(rs, Run{r.name + "/f32", r.f32}, Run{r.name + "/f64", r.f64})
	}
	for _, r := range trainRuns() {
		rs = append(rs, Run{r.name + "/f32", r.f32}, Run{r.name + "/f64", r.f64})
	}
	return rs
}

// typed is a run written once for both element types.
type typed struct {
	name     string
	f32, f64 func() ([]byte, error)
}

//go:embed testdata/digests.txt
var digestsFile string

// DigestsFile is the path of the committed digests within the module, for the tests' -update.
const DigestsFile = "testdata/digests.txt"

// Expected returns the committed digest of every run, by name.
func Expected() (map[string]string, error) {
	return ParseDigests(digestsFile)
}

// ParseDigests reads a digests file: "name digest" lines, '#' comments and blank lines ignored.
func ParseDigests(text string) (map[string]string, error) {
	want := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(text))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, digest, ok := strings.Cut(line, " ")
		if !ok || len(digest) != 64 {
			return nil, fmt.Errorf("conformance: digests line %d: %q, want a name and a SHA-256 in hex", n, line)
		}
		if _, dup := want[name]; dup {
			return nil, fmt.Errorf("conformance: digests line %d: %s listed twice", n, name)
		}
		want[name] = digest
	}
	return want, nil
}

// FormatDigests writes digests in the file's format, in the order of Runs, under a header saying how to rewrite it.
func FormatDigests(got []Result) string {
	var b strings.Builder
	b.WriteString("# SHA-256 of each conformance run's result (internal/conformance): the same on every CPU and build.\n" +
		"# Regenerate after a deliberate change: go test ./internal/conformance -run '^TestConformance$' -update\n")
	for _, r := range got {
		fmt.Fprintf(&b, "%s %s\n", r.Name, r.Got)
	}
	return b.String()
}

// Result is a run's digest on this machine beside the committed one.
type Result struct {
	Name string `json:"name"`
	Got  string `json:"got"`
	Want string `json:"want"` // "" if the run has no committed digest
}

// OK reports whether the run gave the committed bits.
func (r Result) OK() bool { return r.Got == r.Want }

// Check trains every run on the kernel path that is running and returns each digest beside the committed one.
func Check() ([]Result, error) {
	want, err := Expected()
	if err != nil {
		return nil, err
	}
	var out []Result
	for _, r := range Runs() {
		got, err := r.Digest()
		if err != nil {
			return nil, err
		}
		out = append(out, Result{r.Name, got, want[r.Name]})
	}
	return out, nil
}

package bench

import (
	"flag"
	"os"
	"testing"

	"github.com/fastgrad/fastgrad/kernels"
)

var update = flag.Bool("update", false, "rewrite testdata/stored_digests.txt from this machine's results")

// TestStoredDigests runs every stored digest run on every path this CPU has and compares each digest with the
// committed one; every run has one, and every committed one a run.
func TestStoredDigests(t *testing.T) {
	defer kernels.SetImpl(kernels.Impl())
	if *update {
		got := map[string]string{}
		for _, r := range StoredRuns() {
			got[r.Name] = r.Digest()
		}
		if err := os.WriteFile(StoredDigestsFile, []byte(FormatStoredDigests(got)), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Skip("rewrote " + StoredDigestsFile + ": rerun without -update")
	}
	want, err := StoredDigests()
	if err != nil {
		t.Fatal(err)
	}
	runs := StoredRuns()
	if len(want) != len(runs) {
		t.Errorf("%d digests committed for %d runs", len(want), len(runs))
	}
	for _, path := range kernels.Impls() {
		if err := kernels.SetImpl(path); err != nil {
			t.Fatal(err)
		}
		for _, r := range runs {
			if got := r.Digest(); got != want[r.Name] {
				t.Errorf("path %s: %s: digest %s, want %s (%s)", path, r.Name, got, want[r.Name], StoredDigestsFile)
			}
		}
	}
}

// TestStoredDigestsDiffer checks that the runs hash different results: a run whose steps changed nothing, or that
// hashed the same arrays as another, would prove nothing of its type.
func TestStoredDigestsDiffer(t *testing.T) {
	seen := map[string]string{}
	for _, r := range StoredRuns() {
		d := r.Digest()
		if other, ok := seen[d]; ok {
			t.Errorf("%s and %s give the same digest", r.Name, other)
		}
		seen[d] = r.Name
	}
}

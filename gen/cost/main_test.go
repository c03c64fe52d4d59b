package main

import (
	"strings"
	"testing"
)

// TestCountBetween counts a synthetic trace: only the marker thread's instructions in fastgrad's or math's code,
// strictly between the marker's two executions.
func TestCountBetween(t *testing.T) {
	const k = "github.com/fastgrad/fastgrad/kernels.adamRef[...]"
	trace := strings.Join([]string{
		"Trace 0: 0x1 [0/0000000000010000/0/0] " + k, // before the first marker
		"Trace 0: 0x2 [0/0000000000080000/0/0] main.mark",
		"Trace 0: 0x3 [0/0000000000080004/0/0] main.mark", // the marker's own body is not ours
		"Trace 0: 0x4 [0/0000000000010000/0/0] " + k,
		"Trace 1: 0x5 [0/0000000000010004/0/0] " + k, // another thread
		"Trace 0: 0x6 [0/0000000000020000/0/0] runtime.morestack",
		"Trace 0: 0x7 [0/0000000000030000/0/0] math.Sqrt",
		"Trace 0: 0x8 [0/0000000000010008/0/0] " + k,
		"Trace 1: 0x9 [0/0000000000080000/0/0] main.mark", // the marker on another thread
		"Trace 0: 0xa [0/0000000000080000/0/0] main.mark",
		"Trace 0: 0xb [0/000000000001000c/0/0] " + k, // after the second marker
		"unrelated log line",
	}, "\n")
	n, err := countBetween(strings.NewReader(trace), "80000")
	if err != nil || n != 3 {
		t.Fatalf("countBetween = %d, %v; want 3, nil", n, err)
	}
	if _, err := countBetween(strings.NewReader(trace), "90000"); err == nil {
		t.Fatal("countBetween found a marker that is not in the trace")
	}
}

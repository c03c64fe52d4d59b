package main

import (
	"testing"

	"github.com/fastgrad/fastgrad/gen/internal/committed"
)

// TestCommittedIsGenerated: kernels/described_asm.go is what this generator writes.
func TestCommittedIsGenerated(t *testing.T) {
	committed.Check(t, "../../kernels", "described_asm", run)
}

package main

import (
	"testing"

	"github.com/fastgrad/fastgrad/gen/internal/committed"
)

// TestCommittedIsGenerated: kernels/internal/asm holds exactly what this generator writes.
func TestCommittedIsGenerated(t *testing.T) {
	committed.Check(t, "../../kernels/internal/asm", "_arm64", run)
}

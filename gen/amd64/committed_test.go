package main

import (
	"testing"

	"github.com/fastgrad/fastgrad/gen/internal/committed"
)

// TestCommittedIsGenerated: kernels/asm holds exactly what this generator writes.
func TestCommittedIsGenerated(t *testing.T) { committed.Check(t, "../../kernels/asm", "_amd64", run) }

//go:build race

package main

// raceEnabled: the race detector drops sync.Pool items at random, so the pooled buffers of the stored kernels are
// allocated again and allocation counts mean nothing.
const raceEnabled = true

//go:build race

package kernels

// raceEnabled: the race detector drops sync.Pool items at random, so the pooled chunk buffers of the stored and
// 8-bit kernels are allocated again and their allocation counts mean nothing.
const raceEnabled = true

//go:build purego || !(amd64 || arm64)

package kernels

// archImpls returns no assembly paths: this architecture or build (purego) has none.
func archImpls() []*impl { return nil }

// cpuidL3 returns 0: without assembly there is no cpuid to ask.
func cpuidL3() int { return 0 }

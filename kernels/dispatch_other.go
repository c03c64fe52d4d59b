//go:build purego || !(amd64 || arm64)

package kernels

// archImpls returns no assembly paths: this architecture or build (purego) has none.
func archImpls() []*impl { return nil }

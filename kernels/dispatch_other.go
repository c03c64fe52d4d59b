//go:build !amd64 || purego

package kernels

// archImpls returns no assembly paths: this architecture or build (purego) has none.
func archImpls() []*impl { return nil }

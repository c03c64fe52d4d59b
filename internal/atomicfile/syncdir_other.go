//go:build !unix

package atomicfile

// syncDir does nothing where a directory cannot be opened and synced as a file (Windows, Plan 9, wasm): their
// renames are as durable as the OS makes them.
func syncDir(string) error { return nil }

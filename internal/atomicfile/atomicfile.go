// Package atomicfile writes files so that a reader, or a crash, never sees a half-written one.
package atomicfile

import (
	"io"
	"os"
	"path/filepath"
)

// Write writes path through a temporary file in the same directory: write fills it, it is synced, and only then
// renamed over path, so that path holds either its old content or the whole new one. The file is readable by all
// (mode 0644), as os.WriteFile's would be under the usual umask.
func Write(path string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())              // after a successful rename there is nothing left to remove
	if err := f.Chmod(0o644); err != nil { // CreateTemp's 0600 suits a secret, not a report or a checkpoint
		f.Close()
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// WriteBytes is Write of a whole byte slice.
func WriteBytes(path string, data []byte) error {
	return Write(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

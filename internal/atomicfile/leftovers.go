package atomicfile

import (
	"os"
	"path/filepath"
	"strings"
)

// removeLeftovers removes the temporary files for base in dir whose writers are gone, as the package doc says.
// It is best effort: what it cannot read, open or lock stays, and the write goes on.
func removeLeftovers(dir, base string) {
	if !canLock {
		return
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if isTempName(e.Name(), base) && e.Type().IsRegular() {
			removeIfDead(filepath.Join(dir, e.Name()))
		}
	}
}

// isTempName reports whether name is one that create gives for base.
func isTempName(name, base string) bool {
	digits, ok := strings.CutPrefix(name, tempPrefix(base))
	if !ok || len(digits) != 16 {
		return false
	}
	for _, c := range digits {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// removeIfDead removes the regular file at name if it can take its lock without waiting: no live writer holds it.
// The lock is held through the removal, so that a writer that created the file but has not locked it yet finds
// it gone once it has.
func removeIfDead(name string) {
	f, err := openLeftover(name)
	if err != nil {
		return
	}
	defer f.Close()
	if !lockFile(f, false) {
		return
	}
	opened, err := f.Stat()
	if err != nil || !opened.Mode().IsRegular() {
		return
	}
	if now, err := os.Lstat(name); err == nil && os.SameFile(opened, now) {
		os.Remove(name)
	}
}

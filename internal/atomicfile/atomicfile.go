// Package atomicfile writes files so that a reader, or a crash, never sees a half-written one.
//
// Write fills a temporary file beside the target, syncs it, renames it over the target and syncs the directory, so
// that the target holds its old content or the whole new one, after a crash or a power loss too.
//
// A failed Write removes its temporary file, whatever failed (the write function's error or panic included). A
// writer that is killed runs no clean-up, so its temporary file stays; the next Write of the same path, in any
// process, removes it. A leftover is removed only when it is provably one of ours and its writer is gone:
//   - its name is the one Write gives, "." + the target's name + ".tmp-" + 16 hexadecimal digits, and it is a
//     regular file;
//   - no process holds its lock. A writer holds an exclusive flock(2) on its temporary file from before it writes a
//     byte until after the rename, and the kernel releases the lock when the writer dies, however it dies. The
//     lock, unlike a process id in the name, cannot be fooled by a reused pid or a writer in another pid namespace.
//
// Named temporary files and locks were chosen over Linux's O_TMPFILE (an unnamed file, linked in at the end): a
// rename cannot replace a file with an unnamed one, so that design needs a named file for the last step anyway,
// and only works on some file systems of one OS, while this one is the same on every Unix.
//
// Limits: where the file system has no locks, or its locks are not shared by the machines that write to it (NFS
// mounted with nolock), or the OS has no flock (Windows, Solaris, AIX, Plan 9, wasm), leftovers are never removed;
// they can only appear when a writer dies. On Windows the directory is not synced (it cannot be opened as a file).
package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
)

// Write writes path through a temporary file in the same directory: write fills it, it is synced, and only then
// renamed over path, so that path holds either its old content or the whole new one; then the directory is
// synced, so that the rename survives a power loss. The file is readable by all (mode 0644), as os.WriteFile's
// would be under the usual umask. On any failure, and if write panics, the temporary file is removed and path is
// unchanged; an error after the rename (syncing the directory) says that path was replaced. Before it writes, Write
// removes the temporary files that dead writers of path left (see the package doc).
func Write(path string, write func(io.Writer) error) error {
	if path == "" {
		return errors.New("atomicfile: Write to an empty path")
	}
	if write == nil {
		return fmt.Errorf("atomicfile: Write to %s with a nil write function", path)
	}
	dir, base := filepath.Dir(path), filepath.Base(path)
	removeLeftovers(dir, base)
	t, err := create(dir, base)
	if err != nil {
		return err
	}
	renamed := false
	defer func() { // also when write panics
		if !renamed {
			t.discard()
		}
	}()
	if err := write(t.f); err != nil {
		return err
	}
	if err := t.f.Sync(); err != nil {
		return err
	}
	if err := t.f.Close(); err != nil {
		return err
	}
	if err := os.Rename(t.f.Name(), path); err != nil {
		return err
	}
	renamed = true
	t.unlock()
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("atomicfile: %s was replaced, but its directory could not be synced: %w", path, err)
	}
	return nil
}

// WriteBytes is Write of a whole byte slice.
func WriteBytes(path string, data []byte) error {
	return Write(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// temp is a temporary file being written, and the second descriptor that holds its lock: the lock must outlive
// f, which is closed before the rename so that its Close error is still a failure of the write.
type temp struct {
	f, lock *os.File
}

// tempPrefix is the start of the temporary files' names for base; 16 hexadecimal digits follow.
func tempPrefix(base string) string {
	return "." + base + ".tmp-"
}

// create makes a new temporary file for base in dir, locked, with mode 0644.
func create(dir, base string) (*temp, error) {
	for range 100 {
		name := filepath.Join(dir, fmt.Sprintf("%s%016x", tempPrefix(base), rand.Uint64()))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, os.ErrExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		t := &temp{f: f}
		if err := f.Chmod(0o644); err != nil { // the umask's share is not ours to take: a report is for all to read
			t.discard()
			return nil, err
		}
		ok, err := t.takeLock()
		if err != nil {
			t.discard()
			return nil, err
		}
		if ok {
			return t, nil
		}
		// A sweeper took the file for a dead writer's between its creation and our lock, and removed it.
		f.Close()
		t.unlock()
	}
	return nil, fmt.Errorf("atomicfile: no free temporary name for %s in %s", base, dir)
}

// takeLock locks t's file through a second descriptor, waiting for a sweeper that holds the lock, and reports
// whether the file is still t's: a sweeper that held the lock has removed it.
func (t *temp) takeLock() (bool, error) {
	if !canLock {
		return true, nil
	}
	l, err := os.Open(t.f.Name())
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	t.lock = l
	// Without a lock the write still goes on; only a sweep of its leftover, should it die, is then impossible, as
	// the sweeper cannot lock it either.
	lockFile(l, true)
	fi, err := t.f.Stat()
	if err != nil {
		return false, err
	}
	now, err := os.Lstat(t.f.Name())
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	return err == nil && os.SameFile(fi, now), err
}

// unlock releases t's lock, if it holds one.
func (t *temp) unlock() {
	if t.lock != nil {
		t.lock.Close()
		t.lock = nil
	}
}

// discard closes and removes t's file: the write failed.
func (t *temp) discard() {
	t.f.Close()
	os.Remove(t.f.Name())
	t.unlock()
}

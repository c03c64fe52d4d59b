//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package atomicfile

import (
	"os"
	"syscall"
)

// canLock says that this OS has flock(2), so that leftovers can be told from live writers' files.
const canLock = true

// lockFile takes f's exclusive flock, waiting for it if wait, and reports whether it holds it.
func lockFile(f *os.File, wait bool) bool {
	how := syscall.LOCK_EX
	if !wait {
		how |= syscall.LOCK_NB
	}
	rc, err := f.SyscallConn()
	if err != nil {
		return false
	}
	var lockErr error
	if err := rc.Control(func(fd uintptr) {
		for {
			if lockErr = syscall.Flock(int(fd), how); lockErr != syscall.EINTR {
				return
			}
		}
	}); err != nil {
		return false
	}
	return lockErr == nil
}

// openLeftover opens name for reading, refusing to follow a symbolic link or to wait on a FIFO put in its place.
func openLeftover(name string) (*os.File, error) {
	return os.OpenFile(name, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
}

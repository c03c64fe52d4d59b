//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package atomicfile

import (
	"errors"
	"os"
)

// canLock says that this OS has no flock(2): a dead writer's leftover cannot be told from a live writer's file,
// so none is ever removed.
const canLock = false

// lockFile is never called without flock.
func lockFile(*os.File, bool) bool { return false }

// openLeftover is never called without flock.
func openLeftover(string) (*os.File, error) { return nil, errors.ErrUnsupported }

package atomicfile

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A version of the kill test's file is self-describing: a header (magic, version, payload length), a payload that
// depends on the version, and the SHA-256 of all that before it, so that a torn or mixed file is caught.
const versionMagic = "atomicfile kill test\n"

// writeVersion writes version v (1 to 2 MiB) to path through Write, generating it in 64 KiB pieces as it goes, as
// a checkpoint is serialized: the temporary file exists for most of the time the child runs.
func writeVersion(path string, v uint64) error {
	rng := rand.New(rand.NewPCG(v, 0x6b696c6c))
	n := 1<<20 + 8*rng.IntN(1<<17)
	return Write(path, func(w io.Writer) error {
		h := sha256.New()
		out := io.MultiWriter(w, h)
		head := append([]byte(versionMagic), binary.LittleEndian.AppendUint64(nil, v)...)
		if _, err := out.Write(binary.LittleEndian.AppendUint64(head, uint64(n))); err != nil {
			return err
		}
		piece := make([]byte, 64<<10)
		for left := n; left > 0; left -= len(piece) {
			piece = piece[:min(len(piece), left)]
			for i := 0; i < len(piece); i += 8 {
				binary.LittleEndian.PutUint64(piece[i:], rng.Uint64())
			}
			if _, err := out.Write(piece); err != nil {
				return err
			}
		}
		_, err := w.Write(h.Sum(nil))
		return err
	})
}

// readVersion returns the version that the file at path holds whole, or an error saying how it is torn.
func readVersion(path string) (uint64, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	head := len(versionMagic) + 16
	if len(b) < head+sha256.Size || string(b[:len(versionMagic)]) != versionMagic {
		return 0, fmt.Errorf("%d bytes, no header", len(b))
	}
	v := binary.LittleEndian.Uint64(b[len(versionMagic):])
	if n := binary.LittleEndian.Uint64(b[len(versionMagic)+8:]); uint64(len(b)) != uint64(head)+n+sha256.Size {
		return v, fmt.Errorf("version %d: %d bytes, the header says %d", v, len(b), uint64(head)+n+sha256.Size)
	}
	if sum := sha256.Sum256(b[:len(b)-sha256.Size]); !bytes.Equal(sum[:], b[len(b)-sha256.Size:]) {
		return v, fmt.Errorf("version %d: checksum mismatch", v)
	}
	return v, nil
}

// leftovers counts the entries of dir other than the target f.
func leftovers(t *testing.T, dir string) int {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if e.Name() != "f" {
			if !isTempName(e.Name(), "f") {
				t.Fatalf("the directory holds %s, not a temporary file of Write's", e.Name())
			}
			n++
		}
	}
	return n
}

// TestKill kills (SIGKILL) a child that writes versions of one file through Write in a loop, at random points,
// many times. After each kill the file holds whole the last version the child reported written, or the one
// after it (renamed, not yet reported), never a torn one; after the next Write no temporary file is left. The
// child runs under FASTGRAD_TEST_EXEC (as kernels' and cmd/bench's tests); without it, a foreign binary (go test
// -exec qemu-…) cannot start, and the test is skipped.
func TestKill(t *testing.T) {
	if !canLock {
		t.Skip("no flock on this OS: a killed writer's leftover is never swept")
	}
	kills := 200
	if testing.Short() {
		kills = 25
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "f")
	start := time.Now()
	if err := writeVersion(path, 1); err != nil {
		t.Fatal(err)
	}
	// Kills land up to about two of the parent's writes after the child starts its loop (the mean of the parent's
	// writes so far): in the middle of its first or second write, in its sync, rename or directory sync, or
	// between two writes.
	writing, writes := time.Since(start), 1
	rng := rand.New(rand.NewPCG(1, 2))
	next := uint64(2)
	var leftBefore, maxBefore, newer int
	for range kills {
		span := 2 * writing / time.Duration(writes)
		done, err := killChild(t, path, next, time.Duration(rng.Int64N(int64(span))))
		if err != nil {
			t.Fatal(err)
		}
		v, err := readVersion(path)
		if err != nil {
			t.Fatalf("after a kill: %v", err)
		}
		if v != done && v != done+1 {
			t.Fatalf("after a kill the file holds version %d; the child had written up to %d", v, done)
		}
		if v > done {
			newer++
		}
		n := leftovers(t, dir)
		leftBefore += min(n, 1)
		maxBefore = max(maxBefore, n)
		next = v + 1
		began := time.Now()
		if err := writeVersion(path, next); err != nil {
			t.Fatal(err)
		}
		writing, writes = writing+time.Since(began), writes+1
		if n := leftovers(t, dir); n != 0 {
			t.Fatalf("%d temporary files left after the next Write", n)
		}
		if got, err := readVersion(path); err != nil || got != next {
			t.Fatalf("after the parent's Write: version %d, %v; want %d", got, err, next)
		}
		next++
	}
	t.Logf("%d kills in %v (kill points up to %v after the child's start): %d left a temporary file (at most %d), "+
		"%d came after a rename, before its report; none was left after the next Write, no file was torn",
		kills, time.Since(start).Round(time.Millisecond), (2 * writing / time.Duration(writes)).Round(time.Microsecond),
		leftBefore, maxBefore, newer)
}

// killChild starts TestKillChild writing versions from first on, kills it after it has started its loop and
// waited the delay, and returns the last version it reported written (first-1 for none).
func killChild(t *testing.T, path string, first uint64, delay time.Duration) (uint64, error) {
	args := append(strings.Fields(os.Getenv("FASTGRAD_TEST_EXEC")), os.Args[0], "-test.run=^TestKillChild$")
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = append(os.Environ(), "FASTGRAD_KILL_CHILD="+path, "FASTGRAD_KILL_FIRST="+strconv.FormatUint(first, 10))
	out, err := cmd.StdoutPipe()
	if err != nil {
		return 0, err
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		if errors.Is(err, syscall.ENOEXEC) {
			t.Skip("the test binary is not this machine's: set FASTGRAD_TEST_EXEC to the emulator's command")
		}
		return 0, err
	}
	lines := bufio.NewScanner(out)
	if !lines.Scan() || lines.Text() != "started" {
		cmd.Process.Kill()
		cmd.Wait()
		return 0, fmt.Errorf("the child did not start its loop: %q %v", lines.Text(), lines.Err())
	}
	time.Sleep(delay)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		return 0, err
	}
	done := first - 1
	for lines.Scan() {
		if done, err = strconv.ParseUint(lines.Text(), 10, 64); err != nil {
			return 0, fmt.Errorf("the child reported %q", lines.Text())
		}
	}
	if err := cmd.Wait(); err == nil {
		return 0, errors.New("the child ended by itself")
	}
	return done, nil
}

// TestKillChild is TestKill's child: it writes versions to the file in FASTGRAD_KILL_CHILD, reporting each, until
// it is killed.
func TestKillChild(t *testing.T) {
	path := os.Getenv("FASTGRAD_KILL_CHILD")
	if path == "" {
		t.Skip("runs only as TestKill's child")
	}
	v, err := strconv.ParseUint(os.Getenv("FASTGRAD_KILL_FIRST"), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println("started")
	for ; ; v++ {
		if err := writeVersion(path, v); err != nil {
			t.Fatal(err)
		}
		fmt.Println(v)
	}
}

package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// names lists dir's entries.
func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var s []string
	for _, e := range entries {
		s = append(s, e.Name())
	}
	return s
}

// oldFile makes dir/f with known content and returns its path.
func oldFile(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "f")
	if err := os.WriteFile(path, []byte("old content, longer than the new"), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestWrite: a successful write replaces the file whole, with mode 0644, and leaves nothing beside it.
func TestWrite(t *testing.T) {
	dir := t.TempDir()
	path := oldFile(t, dir)
	if err := Write(path, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "new" {
		t.Fatalf("file holds %q", b)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o644 {
		t.Fatalf("file mode %v (%v), want 0644", fi.Mode(), err)
	}
	if got := names(t, dir); !slices.Equal(got, []string{"f"}) {
		t.Fatalf("directory holds %q, want only f", got)
	}
}

// TestWriteFailures: whatever fails, and a panic in the write function, path keeps its old content and no
// temporary file stays.
func TestWriteFailures(t *testing.T) {
	boom := errors.New("boom")
	cases := []struct {
		name  string
		write func(io.Writer) error
		want  func(err error) bool
	}{
		{"write error", func(w io.Writer) error { io.WriteString(w, "partial"); return boom },
			func(err error) bool { return err == boom }},
		{"sync error", func(w io.Writer) error { return w.(*os.File).Close() }, // the file's Sync then fails
			func(err error) bool { return errors.Is(err, os.ErrClosed) }},
		{"nil write function", nil,
			func(err error) bool { return err != nil && strings.Contains(err.Error(), "nil write function") }},
	}
	for _, c := range cases {
		dir := t.TempDir()
		path := oldFile(t, dir)
		if err := Write(path, c.write); !c.want(err) {
			t.Errorf("%s: Write returned %v", c.name, err)
		}
		if b, _ := os.ReadFile(path); string(b) != "old content, longer than the new" {
			t.Errorf("%s: the failed write left %q", c.name, b)
		}
		if got := names(t, dir); !slices.Equal(got, []string{"f"}) {
			t.Errorf("%s: directory holds %q, want only f", c.name, got)
		}
	}

	dir := t.TempDir()
	path := oldFile(t, dir)
	func() {
		defer func() {
			if r := recover(); r != "writer panics" {
				t.Errorf("recovered %v, want the write function's panic", r)
			}
		}()
		Write(path, func(w io.Writer) error { io.WriteString(w, "partial"); panic("writer panics") })
	}()
	if got := names(t, dir); !slices.Equal(got, []string{"f"}) {
		t.Errorf("panic: directory holds %q, want only f", got)
	}
}

// TestWriteRenameFails: a rename onto a directory fails after the whole write, and removes the temporary file.
func TestWriteRenameFails(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "d")
	if err := os.MkdirAll(filepath.Join(path, "inside"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := WriteBytes(path, []byte("data")); err == nil {
		t.Fatal("writing over a directory succeeded")
	}
	if got := names(t, dir); !slices.Equal(got, []string{"d"}) {
		t.Fatalf("directory holds %q, want only d", got)
	}
}

// TestWriteCannotCreate: a missing or read-only directory is an error, and nothing is left.
func TestWriteCannotCreate(t *testing.T) {
	dir := t.TempDir()
	if err := WriteBytes(filepath.Join(dir, "no", "such", "dir"), nil); err == nil {
		t.Fatal("writing into a missing directory succeeded")
	}
	if err := WriteBytes("", nil); err == nil {
		t.Fatal("writing to an empty path succeeded")
	}
	ro := filepath.Join(dir, "ro")
	if err := os.Mkdir(ro, 0o555); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() == 0 {
		t.Skip("root writes into a read-only directory")
	}
	if err := WriteBytes(filepath.Join(ro, "f"), []byte("x")); err == nil {
		t.Fatal("writing into a read-only directory succeeded")
	}
	if got := names(t, ro); len(got) != 0 {
		t.Fatalf("read-only directory holds %q", got)
	}
}

// TestSweep: Write removes a dead writer's temporary file of the same path, and nothing else: not a live (locked)
// writer's, not another path's, not a name of another form, not a directory or a link with the right name.
func TestSweep(t *testing.T) {
	if !canLock {
		t.Skip("no flock on this OS: nothing is swept")
	}
	dir := t.TempDir()
	mk := func(name string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	dead := ".f.tmp-0123456789abcdef"
	mk(dead)
	live := mk(".f.tmp-fedcba9876543210")
	l, err := os.Open(live)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if !lockFile(l, false) {
		t.Fatal("cannot lock a fresh file")
	}
	keep := []string{".f.tmp-fedcba9876543210", ".f.tmp123456", ".f.tmp-0123456789ABCDEF", ".f.tmp-0123456789abcde",
		".f.tmp-0123456789abcdef0", ".g.tmp-0123456789abcdef", "f.tmp-0123456789abcdef"}
	for _, name := range keep[1:] {
		mk(name)
	}
	if err := os.Mkdir(filepath.Join(dir, ".f.tmp-aaaaaaaaaaaaaaaa"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(live, filepath.Join(dir, ".f.tmp-bbbbbbbbbbbbbbbb")); err != nil {
		t.Fatal(err)
	}
	keep = append(keep, ".f.tmp-aaaaaaaaaaaaaaaa", ".f.tmp-bbbbbbbbbbbbbbbb", "f")
	if err := WriteBytes(filepath.Join(dir, "f"), []byte("new")); err != nil {
		t.Fatal(err)
	}
	got := names(t, dir)
	slices.Sort(keep)
	if !slices.Equal(got, keep) {
		t.Fatalf("after a Write the directory holds\n%q\nwant\n%q", got, keep)
	}
}

// TestConcurrentWrites: writers of one path in parallel never remove each other's temporary files (each would
// then fail), and the path ends with one whole version.
func TestConcurrentWrites(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f")
	const writers, writes = 8, 40
	var wg sync.WaitGroup
	errs := make(chan error, writers*writes)
	for i := range writers {
		wg.Go(func() {
			for j := range writes {
				data := []byte(strings.Repeat(fmt.Sprintf("%d-%d;", i, j), 1000+i*j))
				if err := WriteBytes(path, data); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var i, j int
	if _, err := fmt.Sscanf(string(b), "%d-%d;", &i, &j); err != nil || string(b) != strings.Repeat(fmt.Sprintf("%d-%d;", i, j), 1000+i*j) {
		t.Fatalf("the file is no one writer's whole version (%d bytes)", len(b))
	}
	if got := names(t, dir); !slices.Equal(got, []string{"f"}) {
		t.Fatalf("directory holds %q, want only f", got)
	}
}

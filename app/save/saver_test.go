package save

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// stamp is the fake clock's time; its name part is stampName.
var stamp = time.Date(2026, 11, 25, 1, 15, 30, 123_456_789, time.UTC)

const stampName = "vidstream-2026-11-25_01-15-30.123"

func fixedNow() time.Time { return stamp }

// names lists the entries of dir, sorted.
func names(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	slices.Sort(out)
	return out
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func writeBytes(b []byte) func(io.Writer) error {
	return func(w io.Writer) error { _, err := w.Write(b); return err }
}

func TestSaveCreatesFolderAndFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "Pictures", "Vidstream")
	s := Saver{Dir: dir, Now: fixedNow}
	data := bytes.Repeat([]byte("frame-bytes "), 20000) // larger than the buffer
	path, err := s.Save(".bin", writeBytes(data))
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, stampName+".bin"); path != want {
		t.Errorf("path = %q, want %q", path, want)
	}
	if got := readFile(t, path); !bytes.Equal(got, data) {
		t.Errorf("file holds %d bytes, want the %d written", len(got), len(data))
	}
	if got := names(t, dir); !slices.Equal(got, []string{stampName + ".bin"}) {
		t.Errorf("folder holds %v, want only the saved file", got)
	}
	fi, err := os.Stat(dir)
	if err != nil || !fi.IsDir() || fi.Mode().Perm()&0o700 != 0o700 {
		t.Errorf("folder: %v, %v; want a folder its owner can use", fi, err)
	}
}

func TestSavePrefix(t *testing.T) {
	dir := t.TempDir()
	path, err := Saver{Dir: dir, Prefix: "pi-cam", Now: fixedNow}.Save(".txt", writeBytes([]byte("x")))
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "pi-cam-2026-11-25_01-15-30.123.txt"); path != want {
		t.Errorf("path = %q, want %q", path, want)
	}
}

func TestSaveSameMillisecondNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	// A file already there under the first name, e.g. from another program.
	old := filepath.Join(dir, stampName+".jpg")
	if err := os.WriteFile(old, []byte("already here"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := Saver{Dir: dir, Now: fixedNow}
	var paths []string
	for i := range 3 {
		p, err := s.Save(".jpg", writeBytes([]byte(fmt.Sprint("save ", i))))
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	want := []string{
		filepath.Join(dir, stampName+"-2.jpg"),
		filepath.Join(dir, stampName+"-3.jpg"),
		filepath.Join(dir, stampName+"-4.jpg"),
	}
	if !slices.Equal(paths, want) {
		t.Errorf("paths = %v, want %v", paths, want)
	}
	for i, p := range want {
		if got := string(readFile(t, p)); got != fmt.Sprint("save ", i) {
			t.Errorf("%s holds %q", p, got)
		}
	}
	if got := string(readFile(t, old)); got != "already here" {
		t.Errorf("existing file now holds %q", got)
	}
	if got := len(names(t, dir)); got != 4 {
		t.Errorf("folder holds %d entries, want 4: %v", got, names(t, dir))
	}
}

func TestSaveConcurrentSameMillisecond(t *testing.T) {
	dir := t.TempDir()
	s := Saver{Dir: dir, Now: fixedNow}
	const n = 8
	paths := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			paths[i], errs[i] = s.Save(".txt", writeBytes([]byte(fmt.Sprint("writer ", i))))
		})
	}
	wg.Wait()
	seen := map[string]bool{}
	for i := range n {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if seen[paths[i]] {
			t.Errorf("two saves got the same path %s", paths[i])
		}
		seen[paths[i]] = true
		if got := string(readFile(t, paths[i])); got != fmt.Sprint("writer ", i) {
			t.Errorf("%s holds %q, want %q", paths[i], got, fmt.Sprint("writer ", i))
		}
	}
	if got := len(names(t, dir)); got != n {
		t.Errorf("folder holds %d entries, want %d", got, n)
	}
}

func TestSaveFolderCannotBeCreated(t *testing.T) {
	// Tests run as root, so permission bits would not stop the write: put the
	// folder under a regular file instead.
	root := t.TempDir()
	afile := filepath.Join(root, "afile")
	if err := os.WriteFile(afile, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(afile, "sub")
	_, err := Saver{Dir: dir, Now: fixedNow}.SaveSnapshot(Snapshot{JPEG: []byte{0xFF, 0xD8, 0xFF, 0xD9}})
	if err == nil {
		t.Fatal("saving under a regular file succeeded")
	}
	if want := "save snapshot: cannot create folder " + dir + ": "; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error %q does not start with %q", err, want)
	}
	if runtime.GOOS != "windows" && !errors.Is(err, syscall.ENOTDIR) {
		t.Errorf("error %v does not wrap ENOTDIR", err)
	}
	if got := names(t, root); !slices.Equal(got, []string{"afile"}) {
		t.Errorf("root holds %v, want only afile", got)
	}
	if got := string(readFile(t, afile)); got != "keep" {
		t.Errorf("afile now holds %q", got)
	}
}

func TestSaveWriteFailsMidway(t *testing.T) {
	dir := t.TempDir()
	s := Saver{Dir: dir, Now: fixedNow}
	earlier := bytes.Repeat([]byte{1, 2, 3}, 1000)
	first, err := s.Save(".bin", writeBytes(earlier))
	if err != nil {
		t.Fatal(err)
	}
	full := errors.New("no space left on device (simulated)")
	_, err = s.Save(".bin", func(w io.Writer) error {
		// Enough to reach the disk through the buffer, then fail.
		if _, err := w.Write(make([]byte, 3*bufSize)); err != nil {
			return err
		}
		return full
	})
	if !errors.Is(err, full) {
		t.Fatalf("err = %v, want it to wrap %v", err, full)
	}
	want := "save: writing " + filepath.Join(dir, stampName+".bin") + ": " + full.Error()
	if err.Error() != want {
		t.Errorf("err = %q\nwant  %q", err, want)
	}
	if got := names(t, dir); !slices.Equal(got, []string{filepath.Base(first)}) {
		t.Errorf("folder holds %v, want only %s (no temporary file)", got, filepath.Base(first))
	}
	if got := readFile(t, first); !bytes.Equal(got, earlier) {
		t.Error("the earlier file changed")
	}
}

func TestSaveRejectsBadNames(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "out")
	tests := []struct {
		name   string
		prefix string
		ext    string
		write  func(io.Writer) error
	}{
		{"ext with path", "", "/../../x", writeBytes(nil)},
		{"ext with backslash", "", `.a\b`, writeBytes(nil)},
		{"prefix with path", "a/b", ".jpg", writeBytes(nil)},
		{"prefix dot dot", "..", ".jpg", writeBytes(nil)},
		{"long prefix", strings.Repeat("p", maxPrefixLen+1), ".jpg", writeBytes(nil)},
		{"long ext", "", "." + strings.Repeat("e", maxExtLen), writeBytes(nil)},
		{"nil write", "", ".jpg", nil},
	}
	for _, tt := range tests {
		_, err := Saver{Dir: dir, Prefix: tt.prefix, Now: fixedNow}.Save(tt.ext, tt.write)
		if err == nil || !strings.HasPrefix(err.Error(), "save: ") {
			t.Errorf("%s: err = %v, want a save error", tt.name, err)
		}
	}
	if got := names(t, root); len(got) != 0 {
		t.Errorf("bad names created %v", got)
	}
}

func TestSaveWithoutHardLinks(t *testing.T) {
	// Some file systems (FAT, some network shares) refuse hard links: the
	// saver then copies into a name only it can have created.
	saved := link
	link = func(oldname, newname string) error {
		return &os.LinkError{Op: "link", Old: oldname, New: newname, Err: syscall.EPERM}
	}
	t.Cleanup(func() { link = saved })

	dir := t.TempDir()
	old := filepath.Join(dir, stampName+".txt")
	if err := os.WriteFile(old, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := Saver{Dir: dir, Now: fixedNow}
	p, err := s.Save(".txt", writeBytes([]byte("new")))
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, stampName+"-2.txt"); p != want {
		t.Errorf("path = %q, want %q", p, want)
	}
	if got := string(readFile(t, p)); got != "new" {
		t.Errorf("saved file holds %q", got)
	}
	if got := string(readFile(t, old)); got != "old" {
		t.Errorf("existing file now holds %q", got)
	}
	if got := names(t, dir); len(got) != 2 {
		t.Errorf("folder holds %v, want the two files only", got)
	}
}

func TestSaveLinkFails(t *testing.T) {
	// A link error that is not "exists" and a copy that cannot work either:
	// the error names the file and nothing is left behind.
	saved := link
	link = func(oldname, newname string) error {
		os.Remove(oldname) // the temporary file vanishes, so the copy fails
		return &os.LinkError{Op: "link", Old: oldname, New: newname, Err: syscall.EIO}
	}
	t.Cleanup(func() { link = saved })

	dir := t.TempDir()
	_, err := Saver{Dir: dir, Now: fixedNow}.Save(".txt", writeBytes([]byte("x")))
	if err == nil {
		t.Fatal("save succeeded without its file")
	}
	if want := "save: naming " + filepath.Join(dir, stampName+".txt") + ": "; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("err = %q, want prefix %q", err, want)
	}
	if got := names(t, dir); len(got) != 0 {
		t.Errorf("folder holds %v, want nothing", got)
	}
}

func TestBare(t *testing.T) {
	sys := syscall.ENOSPC
	pe := &os.PathError{Op: "write", Path: "/d/.tmp", Err: sys}
	other := &os.PathError{Op: "open", Path: "/elsewhere", Err: sys}
	if got := bare(pe, "/d/.tmp"); got != sys {
		t.Errorf("bare(temp path error) = %v, want %v", got, sys)
	}
	if got := bare(other, "/d/.tmp"); got != error(other) {
		t.Errorf("bare(other path error) = %v, want it unchanged", got)
	}
	wrapped := fmt.Errorf("encode: %w", pe)
	if got := bare(wrapped, "/d/.tmp"); got != wrapped {
		t.Errorf("bare(wrapped) = %v, want it unchanged", got)
	}
}

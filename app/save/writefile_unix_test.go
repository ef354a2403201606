//go:build unix

package save

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// TestWriteFileRefusesWhatIsNoRegularFile: a folder, a named pipe, a device
// or a symbolic link (to anything) at the path is refused, by CheckTarget
// and by WriteFile, and left as it was; nothing else is left in the folder.
func TestWriteFileRefusesWhatIsNoRegularFile(t *testing.T) {
	dir := t.TempDir()
	at := func(name string) string { return filepath.Join(dir, name) }
	if err := syscall.Mkfifo(at("fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(at("folder"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(at("regular.csv"), []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	for link, to := range map[string]string{"to-fifo": at("fifo"), "to-regular": at("regular.csv"), "dangling": at("none"), "to-stdout": "/proc/self/fd/1"} {
		if err := os.Symlink(to, at(link)); err != nil {
			t.Fatal(err)
		}
	}
	cases := map[string]string{ // name → what the message calls it
		"fifo": "is a named pipe", "folder": "is a folder",
		"to-fifo": "is a symbolic link", "to-regular": "is a symbolic link", "dangling": "is a symbolic link", "to-stdout": "is a symbolic link",
	}
	// A device node needs root (CAP_MKNOD): 1,3 is /dev/null's.
	if err := syscall.Mknod(at("null"), syscall.S_IFCHR|0o666, 1<<8|3); err == nil {
		cases["null"] = "is a device"
	} else {
		t.Logf("no device case: mknod: %v", err)
	}
	before := names(t, dir)
	for name, want := range cases {
		path := at(name)
		mode := lmode(t, path)
		err := CheckTarget(path)
		if err == nil || !strings.Contains(err.Error(), path+" "+want) {
			t.Errorf("CheckTarget(%s) = %v, want %q", name, err, want)
		}
		err = WriteFile(path, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err })
		if err == nil || !strings.Contains(err.Error(), path+" "+want) {
			t.Errorf("WriteFile(%s) = %v, want %q", name, err, want)
		}
		if got := lmode(t, path); got != mode {
			t.Errorf("%s is now %v, was %v", name, got, mode)
		}
	}
	if got := names(t, dir); !slices.Equal(got, before) {
		t.Errorf("folder holds %v, want %v", got, before)
	}
	if got := string(readFile(t, at("regular.csv"))); got != "keep" {
		t.Errorf("the link's target now holds %q", got)
	}
}

// TestCheckTarget: a new path, or a regular file to replace, in a folder
// that can be written, is fine; a missing folder, or one under a file, is
// not. The check leaves nothing behind.
func TestCheckTarget(t *testing.T) {
	dir := t.TempDir()
	afile := filepath.Join(dir, "afile")
	if err := os.WriteFile(afile, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{filepath.Join(dir, "new.csv"), afile} {
		if err := CheckTarget(path); err != nil {
			t.Errorf("CheckTarget(%s): %v", path, err)
		}
	}
	missing := filepath.Join(dir, "no", "such")
	for path, want := range map[string]string{
		filepath.Join(missing, "x.csv"): "folder " + missing + " does not exist: create it",
		filepath.Join(afile, "x.csv"):   "cannot write in folder " + afile + ": ",
	} {
		if err := CheckTarget(path); err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("CheckTarget(%s) = %v, want %q", path, err, want)
		}
	}
	if got := names(t, dir); !slices.Equal(got, []string{"afile"}) {
		t.Errorf("folder holds %v, want only afile", got)
	}
}

// lmode is the type of the file at path, not following a link.
func lmode(t *testing.T, path string) fs.FileMode {
	t.Helper()
	fi, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Type()
}

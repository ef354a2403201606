//go:build linux

package save

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// TestFillDevFull writes through the saver's real write path into /dev/full,
// which fails every write with ENOSPC, the way a full disk does.
func TestFillDevFull(t *testing.T) {
	f, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skipf("no /dev/full here: %v", err)
	}
	defer f.Close()
	tests := []struct {
		name string
		n    int
	}{
		{"small, fails at flush", 10},
		{"large, fails while writing", 3 * bufSize},
	}
	for _, tt := range tests {
		err := fill(f, writeBytes(make([]byte, tt.n)))
		if !errors.Is(err, syscall.ENOSPC) {
			t.Errorf("%s: err = %v, want ENOSPC", tt.name, err)
		}
	}
}

// TestSaveOnFullDisk saves onto a real, tiny file system until it is full.
// It needs root and permission to mount a tmpfs, and skips otherwise.
func TestSaveOnFullDisk(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("mounting a tmpfs needs root")
	}
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=64k"); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v", err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(dir, 0); err != nil {
			t.Errorf("unmount %s: %v", dir, err)
		}
	})
	s := Saver{Dir: dir, Now: fixedNow}
	earlier := bytes.Repeat([]byte("saved before the disk filled "), 100)
	first, err := s.Save(".bin", writeBytes(earlier))
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Save(".bin", writeBytes(make([]byte, 256<<10)))
	if !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("err = %v, want ENOSPC", err)
	}
	want := "save: writing " + filepath.Join(dir, stampName+".bin") + ": no space left on device"
	if err.Error() != want {
		t.Errorf("err = %q\nwant  %q", err, want)
	}
	if got := names(t, dir); !slices.Equal(got, []string{filepath.Base(first)}) {
		t.Errorf("folder holds %v, want only %s", got, filepath.Base(first))
	}
	if got := readFile(t, first); !bytes.Equal(got, earlier) {
		t.Error("the earlier file changed")
	}
	// The space is back: the next save works.
	if _, err := s.Save(".bin", func(w io.Writer) error {
		_, err := io.Copy(w, strings.NewReader("after"))
		return err
	}); err != nil {
		t.Errorf("save after the failure: %v", err)
	}
}

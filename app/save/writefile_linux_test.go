//go:build linux

package save

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// TestWriteFileReadOnlyFolder: a folder the user cannot write in is refused
// by CheckTarget and WriteFile, saying so, and left empty.
func TestWriteFileReadOnlyFolder(t *testing.T) {
	ro := filepath.Join(t.TempDir(), "ro")
	if err := os.Mkdir(ro, 0o555); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(ro, "summary.csv")
	var reached, checked, wrote error
	unprivileged(t, ro, func() {
		_, reached = os.Stat(ro)
		checked = CheckTarget(path)
		wrote = WriteFile(path, func(w io.Writer) error { _, err := io.WriteString(w, "x"); return err })
	})
	if reached != nil {
		t.Skipf("the folder cannot be reached without root: %v", reached)
	}
	want := "cannot write in folder " + ro + ": name a file in a folder you can write in: permission denied"
	for name, err := range map[string]error{"CheckTarget": checked, "WriteFile": wrote} {
		if err == nil || err.Error() != want || !errors.Is(err, fs.ErrPermission) {
			t.Errorf("%s = %v, want %q", name, err, want)
		}
	}
	if got := names(t, ro); len(got) != 0 {
		t.Errorf("folder holds %v", got)
	}
}

// unprivileged runs fn with the file permissions of an ordinary user. Root
// ignores permission bits, so when the test runs as root fn runs on a
// thread of its own whose file-system user is nobody (setfsuid(2), which
// also drops, for that thread, root's power to override permissions); the
// thread ends with fn. dir and the test's temporary folders above it are
// opened to others for it.
func unprivileged(t *testing.T, dir string, fn func()) {
	t.Helper()
	if os.Geteuid() != 0 {
		fn()
		return
	}
	tmp := filepath.Clean(os.TempDir())
	for d := filepath.Dir(dir); strings.HasPrefix(d, tmp+string(filepath.Separator)); d = filepath.Dir(d) {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	const nobody = 65534
	ok := make(chan bool)
	go func() {
		runtime.LockOSThread() // never unlocked: the thread ends with the goroutine
		unix.SetfsgidRetGid(nobody)
		unix.SetfsuidRetUid(nobody)
		if uid, _ := unix.SetfsuidRetUid(-1); uid != nobody { // -1 changes nothing and tells the current one
			ok <- false
			return
		}
		fn()
		ok <- true
	}()
	if !<-ok {
		t.Skip("cannot set the thread's file-system user")
	}
}

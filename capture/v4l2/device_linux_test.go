//go:build linux && cgo

package v4l2

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"unsafe"
)

// TestLinuxNotACamera opens things that are not cameras with the go4vl
// device: a missing path, a regular file and /dev/null (a character device
// that answers VIDIOC_QUERYCAP with ENOTTY).
func TestLinuxNotACamera(t *testing.T) {
	file := filepath.Join(t.TempDir(), "video0")
	if err := os.WriteFile(file, []byte("not a camera"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path, want string
		is         error
	}{
		{"/nonexistent/video9", "no camera at /nonexistent/video9 (", os.ErrNotExist},
		{file, "camera " + file + ": " + file + " is not a device: not a video capture device", errNotCapture},
		{"/dev/null", "camera /dev/null: /dev/null is not a V4L2 device: not a video capture device", errNotCapture},
	}
	for _, tc := range tests {
		_, err := Open(Config{Device: tc.path})
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) || !errors.Is(err, tc.is) {
			t.Errorf("Open(%s): %v, want an error starting %q", tc.path, err, tc.want)
		}
	}
}

// TestLinuxIoctlNumber checks VIDIOC_ENUM_FRAMEINTERVALS against the
// value <linux/videodev2.h> gives on amd64, arm64 and arm.
func TestLinuxIoctlNumber(t *testing.T) {
	if runtime.GOARCH != "amd64" && runtime.GOARCH != "arm64" && runtime.GOARCH != "arm" {
		t.Skip("the value checked is the amd64, arm64 and arm one")
	}
	if unsafe.Sizeof(frmivalenum{}) != 52 || vidiocEnumFrameIntervals != 0xc034564b {
		t.Errorf("struct of %d bytes, ioctl 0x%x; want 52 and 0xc034564b", unsafe.Sizeof(frmivalenum{}), vidiocEnumFrameIntervals)
	}
}

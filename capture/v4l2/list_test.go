package v4l2

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"syscall"
	"testing"
)

func TestList(t *testing.T) {
	f := newFakeCam(16)
	f.descs = append(f.descs,
		formatDesc{fcc: fmtYU12, desc: "Planar YUV 4:2:0", emulated: true},
		formatDesc{fcc: 'B' | 'A'<<8 | '8'<<16 | '1'<<24, desc: "8-bit Bayer BGBG/GRGR"})
	f.sizes[fmtYU12] = []frameSize{{stepwise: true, minW: 32, minH: 32, maxW: 2592, maxH: 1944, stepW: 2, stepH: 2}}
	f.rates[fmtYU12] = []frameRate{{stepwise: true, min: fraction{1, 90}, max: fraction{1, 1}}}
	f.rates[fmtMJPG] = []frameRate{{min: fraction{1001, 30000}, max: fraction{1001, 30000}}, {min: fraction{2, 15}, max: fraction{2, 15}}}
	var b strings.Builder
	if err := listOne("/dev/video3", &b, f.open); err != nil {
		t.Fatal(err)
	}
	want := `/dev/video3: Fake Cam (driver fake, bus test:0)
YUYV  YUYV 4:2:2: picam -format yuv (converted to I420)
    640x480: 30, 15 fps
    1280x720: 30, 15 fps
MJPG  Motion-JPEG (compressed): picam -format jpeg
    640x480: 29.97, 7.5 fps
    1280x720: 29.97, 7.5 fps
YU12  Planar YUV 4:2:0 (emulated): picam -format yuv
    32x32 to 2592x1944 (step 2x2): 1-90 fps at 2592x1944
BA81  8-bit Bayer BGBG/GRGR: not captured by picam
    sizes not listed by the driver
`
	if got := b.String(); got != want {
		t.Errorf("list:\n%s\nwant:\n%s", got, want)
	}
	if f.closes != 1 {
		t.Errorf("camera closed %d times, want 1", f.closes)
	}
}

func TestListBayerOnly(t *testing.T) {
	f := newFakeCam(16)
	f.descs = []formatDesc{{fcc: 'p' | 'R'<<8 | 'A'<<16 | 'A'<<24, desc: "10-bit Bayer RGRG/GBGB Packed"}}
	var b strings.Builder
	if err := listOne("", &b, f.open); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"/dev/video0: Fake Cam", "pRAA  10-bit Bayer RGRG/GBGB Packed: not captured by picam",
		"picam captures none of these: on libcamera-era Pis"} {
		if !strings.Contains(b.String(), w) {
			t.Errorf("list %q does not say %q", b.String(), w)
		}
	}
}

func TestListErrors(t *testing.T) {
	defer func(old func() []string) { videoNodes = old }(videoNodes)
	videoNodes = func() []string { return nil }
	noDev := func(string) (device, error) {
		return nil, &fs.PathError{Op: "open", Path: "/dev/video9", Err: syscall.ENOENT}
	}
	var b strings.Builder
	err := listOne("/dev/video9", &b, noDev)
	if err == nil || !strings.HasPrefix(err.Error(), "no camera at /dev/video9 (no /dev/video* devices found)") || b.Len() != 0 {
		t.Errorf("list of a missing camera: %v, wrote %q", err, b.String())
	}
	f := newFakeCam(16)
	f.errAt["formats"] = syscall.EBUSY
	if err := listOne("", &b, f.open); !errors.Is(err, syscall.EBUSY) || f.closes != 1 {
		t.Errorf("list failing: %v, closed %d times", err, f.closes)
	}
	if err := listOne("", failWriter{}, newFakeCam(16).open); err == nil || !strings.Contains(err.Error(), "writing the camera list") {
		t.Errorf("list to a failing writer: %v", err)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// TestPublicAPI checks Open and List as built: with the go4vl
// device a missing camera, without it errUnsupported.
func TestPublicAPI(t *testing.T) {
	_, oerr := Open(Config{Device: "/nonexistent/video9"})
	lerr := List("/nonexistent/video9", &strings.Builder{})
	var all strings.Builder
	aerr := List("", &all)
	if Available && len(videoNodes()) == 0 && (aerr == nil || aerr.Error() != "no camera found (no /dev/video* devices found)") {
		t.Errorf("listing every camera where there is none: %v", aerr)
	}
	if !Available && !errors.Is(aerr, errUnsupported) {
		t.Errorf("listing every camera without the go4vl device: %v, want errUnsupported", aerr)
	}
	for _, err := range []error{oerr, lerr} {
		switch {
		case !Available && !errors.Is(err, errUnsupported):
			t.Errorf("without the go4vl device: %v, want errUnsupported", err)
		case Available && (err == nil || !strings.HasPrefix(err.Error(), "no camera at /nonexistent/video9")):
			t.Errorf("with the go4vl device: %v, want no camera", err)
		}
	}
}

func TestListAll(t *testing.T) {
	defer func(old func() []string) { videoNodes = old }(videoNodes)
	nodes := []string{"/dev/video10", "/dev/video0", "/dev/video2"}
	videoNodes = func() []string { return append([]string(nil), nodes...) }
	cams := map[string]*fakeCam{"/dev/video0": newFakeCam(16), "/dev/video2": newFakeCam(16)}
	cams["/dev/video2"].descs = cams["/dev/video2"].descs[1:] // MJPG only
	codec := fmt.Errorf("bcm2835-codec-decode (driver bcm2835-codec): %w", errNotCapture)
	open := func(path string) (device, error) {
		if c := cams[path]; c != nil {
			return c, nil
		}
		return nil, codec
	}
	var b strings.Builder
	if err := listAll(&b, open); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	i0, i2 := strings.Index(got, "/dev/video0: Fake Cam"), strings.Index(got, "/dev/video2: Fake Cam")
	i10 := strings.Index(got, "/dev/video10: bcm2835-codec-decode (driver bcm2835-codec): not a video capture device")
	if i0 != 0 || i2 < i0 || i10 < i2 || strings.Count(got, "YUYV  YUYV 4:2:2") != 1 || strings.Count(got, "MJPG  Motion-JPEG") != 2 {
		t.Errorf("list of every node:\n%s", got)
	}
	for path, c := range cams {
		if c.closes != 1 {
			t.Errorf("%s closed %d times", path, c.closes)
		}
	}
	// No camera among the nodes: the list says what they are, and fails.
	delete(cams, "/dev/video0")
	delete(cams, "/dev/video2")
	b.Reset()
	err := listAll(&b, open)
	if err == nil || !strings.HasPrefix(err.Error(), "no camera found (found: /dev/video0, /dev/video2, /dev/video10)") || strings.Count(b.String(), "not a video capture device") != 3 {
		t.Errorf("list without a camera: %v, wrote %q", err, b.String())
	}
}

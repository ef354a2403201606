package v4l2

// What the V4L2 source needs of a camera driver (the device interface), the
// sizes and rates it deals in (the pixel formats are in formats.go), and how
// its errors are told to the user.

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/vidstream/vidstream/wire/pixel"
)

// errNotCapture says a device node is not a camera picam can stream from.
var errNotCapture = errors.New("not a video capture device with streaming I/O")

// errNoBuffer is what device.dequeue returns, not waiting, when no filled
// buffer is ready.
var errNoBuffer = errors.New("no filled buffer ready")

// deviceInfo names a device: its driver, card and bus.
type deviceInfo struct{ driver, card, bus string }

// formatDesc is one pixel format a device offers.
type formatDesc struct {
	fcc                  pixel.Format
	desc                 string
	compressed, emulated bool
}

// frameSize is one frame size entry: a discrete size (min == max) or a
// stepwise range.
type frameSize struct {
	stepwise               bool
	minW, minH, maxW, maxH int
	stepW, stepH           int
}

// contains reports whether w x h is in the entry.
func (s frameSize) contains(w, h int) bool {
	in := func(v, lo, hi, step int) bool {
		return v >= lo && v <= hi && (step <= 1 || (v-lo)%step == 0)
	}
	return in(w, s.minW, s.maxW, s.stepW) && in(h, s.minH, s.maxH, s.stepH)
}

// String returns the size, "640x480", or the range, "32x32 to 2592x1944 (step 2x2)".
func (s frameSize) String() string {
	if !s.stepwise {
		return fmt.Sprintf("%dx%d", s.minW, s.minH)
	}
	r := fmt.Sprintf("%dx%d to %dx%d", s.minW, s.minH, s.maxW, s.maxH)
	if s.stepW > 1 || s.stepH > 1 {
		r += fmt.Sprintf(" (step %dx%d)", s.stepW, s.stepH)
	}
	return r
}

// frameRate is one frame interval entry, in seconds per frame: discrete
// (min == max) or a range from min (fastest) to max (slowest).
type frameRate struct {
	stepwise bool
	min, max fraction
}

// fraction is num/den seconds.
type fraction struct{ num, den uint32 }

// fps returns the frames per second of an interval, 0 when it is not one.
func (f fraction) fps() float64 {
	if f.num == 0 || f.den == 0 {
		return 0
	}
	return float64(f.den) / float64(f.num)
}

// pixFormat is the format a device set: its pixel format, size and the
// bytes per row of its first plane (0 when the driver gives none).
type pixFormat struct {
	fcc                pixel.Format
	width, height, bpl int
}

// buffer is a filled driver buffer. data (the bytes the driver filled)
// belongs to the driver: it is valid until release(index).
type buffer struct {
	index int
	data  []byte
	time  time.Time // capture time on the wall clock; zero when unknown
	bad   bool      // the driver flagged an error
}

// device is what the V4L2 source needs of a camera. Its methods are called
// from one goroutine at a time, except that dequeue returns promptly when
// its ctx is cancelled.
type device interface {
	info() deviceInfo
	formats() ([]formatDesc, error)
	frameSizes(f pixel.Format) ([]frameSize, error)           // empty: not listed
	frameRates(f pixel.Format, w, h int) ([]frameRate, error) // empty: not listed
	setFormat(f pixel.Format, w, h int) (pixFormat, error)    // returns what was set
	setFPS(fps float64) (float64, error)                      // fps <= 0 keeps it; returns the rate in effect, 0 unknown
	start() error                                             // maps the buffers, queues them, streams on
	dequeue(ctx context.Context, wait bool) (buffer, error)   // !wait: errNoBuffer when none is ready, ctx unused
	release(index int) error                                  // gives a dequeued buffer back to the driver
	stop(outright bool) error                                 // streams off and unmaps (see Source.CloseIdle); nothing is dequeued after
	close() error
	control(id uint32) (ctrlInfo, error) // a control's value and range; an error when the camera has none
	setControl(id uint32, v int32) error // may run while another goroutine waits in dequeue
}

// hasFormat reports whether descs lists camera format f.
func hasFormat(descs []formatDesc, f pixel.Format) bool {
	for _, d := range descs {
		if d.fcc == f {
			return true
		}
	}
	return false
}

// anyContains reports whether any of sizes contains w x h.
func anyContains(sizes []frameSize, w, h int) bool {
	for _, s := range sizes {
		if s.contains(w, h) {
			return true
		}
	}
	return false
}

// videoNodes lists the V4L2 video nodes present, for error messages.
var videoNodes = func() []string {
	m, _ := filepath.Glob("/dev/video*")
	return m
}

// openError explains a failure to open the camera at path.
func openError(path string, err error) error {
	switch {
	case errors.Is(err, errUnsupported):
		return err
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, syscall.ENODEV), errors.Is(err, syscall.ENXIO):
		return fmt.Errorf("no camera at %s (%s): %w", path, foundNodes(), err)
	case errors.Is(err, errNotCapture):
		return fmt.Errorf("camera %s: %w (%s)", path, err, foundNodes())
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("no permission to open camera %s (add the user to the video group): %w", path, err)
	}
	return stepError(path, "open", err)
}

// foundNodes says which video nodes exist.
func foundNodes() string {
	if n := sortedNodes(); len(n) > 0 {
		return "found: " + strings.Join(n, ", ")
	}
	return "no /dev/video* devices found"
}

// stepError explains a failed step with the camera at path.
func stepError(path, step string, err error) error {
	if errors.Is(err, syscall.EBUSY) {
		return fmt.Errorf("camera %s is busy (another program is using it): %w", path, err)
	}
	return fmt.Errorf("camera %s: %s: %w", path, step, err)
}

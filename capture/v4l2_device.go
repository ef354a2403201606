package capture

// What the V4L2 source needs of a camera driver (the device interface) and
// the V4L2 pixel formats, sizes and rates it deals in, and how its errors
// are told to the user.

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/vidstream/vidstream/wire"
)

// fourCC is a V4L2 pixel format code, first character lowest.
type fourCC uint32

// V4L2 pixel formats picam captures.
const (
	fccMJPG fourCC = 'M' | 'J'<<8 | 'P'<<16 | 'G'<<24
	fccJPEG fourCC = 'J' | 'P'<<8 | 'E'<<16 | 'G'<<24
	fccYUYV fourCC = 'Y' | 'U'<<8 | 'Y'<<16 | 'V'<<24
	fccYU12 fourCC = 'Y' | 'U'<<8 | '1'<<16 | '2'<<24
	fccRGB3 fourCC = 'R' | 'G'<<8 | 'B'<<16 | '3'<<24
	fccBGR3 fourCC = 'B' | 'G'<<8 | 'R'<<16 | '3'<<24
	fccGREY fourCC = 'G' | 'R'<<8 | 'E'<<16 | 'Y'<<24
)

// String returns the four characters, or hex when they are not printable.
func (f fourCC) String() string {
	b := []byte{byte(f), byte(f >> 8), byte(f >> 16), byte(f >> 24)}
	for _, c := range b {
		if c < ' ' || c > '~' {
			return fmt.Sprintf("0x%08x", uint32(f))
		}
	}
	return string(b)
}

// sends returns the wire format picam sends camera format f as, or
// FormatUnknown when picam does not capture f.
func (f fourCC) sends() wire.Format {
	switch f {
	case fccMJPG, fccJPEG:
		return wire.FormatJPEG
	case fccYUYV, fccYU12:
		return wire.FormatI420
	case fccRGB3:
		return wire.FormatRGB24
	case fccBGR3:
		return wire.FormatBGR24
	case fccGREY:
		return wire.FormatGray
	}
	return wire.FormatUnknown
}

// v4l2CameraFormats returns the camera formats tried for wire format f, best first.
func v4l2CameraFormats(f wire.Format) ([]fourCC, error) {
	switch f {
	case wire.FormatUnknown:
		return []fourCC{fccMJPG, fccJPEG, fccYUYV, fccYU12, fccRGB3}, nil
	case wire.FormatJPEG:
		return []fourCC{fccMJPG, fccJPEG}, nil
	case wire.FormatI420:
		return []fourCC{fccYU12, fccYUYV}, nil
	case wire.FormatRGB24:
		return []fourCC{fccRGB3}, nil
	case wire.FormatBGR24:
		return []fourCC{fccBGR3}, nil
	case wire.FormatGray:
		return []fourCC{fccGREY}, nil
	}
	return nil, fmt.Errorf("capture: the V4L2 source cannot send %v (it sends jpeg, yuv, rgb, bgr or grey)", f)
}

// v4l2Info names a device: its driver, card and bus.
type v4l2Info struct{ driver, card, bus string }

// v4l2FormatDesc is one pixel format a device offers.
type v4l2FormatDesc struct {
	fcc                  fourCC
	desc                 string
	compressed, emulated bool
}

// v4l2FrameSize is one frame size entry: a discrete size (min == max) or a
// stepwise range.
type v4l2FrameSize struct {
	stepwise               bool
	minW, minH, maxW, maxH int
	stepW, stepH           int
}

// contains reports whether w x h is in the entry.
func (s v4l2FrameSize) contains(w, h int) bool {
	in := func(v, lo, hi, step int) bool {
		return v >= lo && v <= hi && (step <= 1 || (v-lo)%step == 0)
	}
	return in(w, s.minW, s.maxW, s.stepW) && in(h, s.minH, s.maxH, s.stepH)
}

func (s v4l2FrameSize) String() string {
	if !s.stepwise {
		return fmt.Sprintf("%dx%d", s.minW, s.minH)
	}
	r := fmt.Sprintf("%dx%d to %dx%d", s.minW, s.minH, s.maxW, s.maxH)
	if s.stepW > 1 || s.stepH > 1 {
		r += fmt.Sprintf(" (step %dx%d)", s.stepW, s.stepH)
	}
	return r
}

// v4l2FrameRate is one frame interval entry, in seconds per frame: discrete
// (min == max) or a range from min (fastest) to max (slowest).
type v4l2FrameRate struct {
	stepwise bool
	min, max v4l2Fraction
}

// v4l2Fraction is num/den seconds.
type v4l2Fraction struct{ num, den uint32 }

// fps returns the frames per second of an interval, 0 when it is not one.
func (f v4l2Fraction) fps() float64 {
	if f.num == 0 || f.den == 0 {
		return 0
	}
	return float64(f.den) / float64(f.num)
}

// v4l2PixFormat is the format a device set: its pixel format, size and the
// bytes per row of its first plane (0 when the driver gives none).
type v4l2PixFormat struct {
	fcc                fourCC
	width, height, bpl int
}

// v4l2Buffer is a filled driver buffer. data (the bytes the driver filled)
// belongs to the driver: it is valid until release(index).
type v4l2Buffer struct {
	index int
	data  []byte
	time  time.Time // capture time on the wall clock; zero when unknown
	bad   bool      // the driver flagged an error
}

// device is what the V4L2 source needs of a camera. Its methods are called
// from one goroutine at a time, except that dequeue returns promptly when
// its ctx is cancelled.
type device interface {
	info() v4l2Info
	formats() ([]v4l2FormatDesc, error)
	frameSizes(f fourCC) ([]v4l2FrameSize, error)               // empty: not listed
	frameRates(f fourCC, w, h int) ([]v4l2FrameRate, error)     // empty: not listed
	setFormat(f fourCC, w, h int) (v4l2PixFormat, error)        // returns what was set
	setFPS(fps float64) (float64, error)                        // fps <= 0 keeps it; returns the rate in effect, 0 unknown
	start() error                                               // maps the buffers, queues them, streams on
	dequeue(ctx context.Context, wait bool) (v4l2Buffer, error) // !wait: errNoBuffer when none is ready, ctx unused
	release(index int) error                                    // gives a dequeued buffer back to the driver
	stop(outright bool) error                                   // streams off and unmaps (see V4L2Source.closeIdle); nothing is dequeued after
	close() error
}

func v4l2HasFormat(descs []v4l2FormatDesc, f fourCC) bool {
	for _, d := range descs {
		if d.fcc == f {
			return true
		}
	}
	return false
}

func v4l2AnyContains(sizes []v4l2FrameSize, w, h int) bool {
	for _, s := range sizes {
		if s.contains(w, h) {
			return true
		}
	}
	return false
}

// v4l2BytesPerPixel returns the bytes a pixel takes in the first plane of a
// raw camera format picam captures, 0 for the others.
func v4l2BytesPerPixel(f fourCC) int {
	switch f {
	case fccYUYV:
		return 2
	case fccYU12, fccGREY:
		return 1
	case fccRGB3, fccBGR3:
		return 3
	}
	return 0
}

// v4l2VideoNodes lists the V4L2 video nodes present, for error messages.
var v4l2VideoNodes = func() []string {
	m, _ := filepath.Glob("/dev/video*")
	return m
}

// v4l2OpenError explains a failure to open the camera at path.
func v4l2OpenError(path string, err error) error {
	switch {
	case errors.Is(err, ErrV4L2Unsupported):
		return err
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, syscall.ENODEV), errors.Is(err, syscall.ENXIO):
		return fmt.Errorf("no camera at %s (%s): %w", path, v4l2Found(), err)
	case errors.Is(err, errNotCapture):
		return fmt.Errorf("camera %s: %w (%s)", path, err, v4l2Found())
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("no permission to open camera %s (add the user to the video group): %w", path, err)
	}
	return v4l2StepError(path, "open", err)
}

// v4l2Found says which video nodes exist.
func v4l2Found() string {
	if n := v4l2SortedNodes(); len(n) > 0 {
		return "found: " + strings.Join(n, ", ")
	}
	return "no /dev/video* devices found"
}

// v4l2StepError explains a failed step with the camera at path.
func v4l2StepError(path, step string, err error) error {
	if errors.Is(err, syscall.EBUSY) {
		return fmt.Errorf("camera %s is busy (another program is using it): %w", path, err)
	}
	return fmt.Errorf("camera %s: %s: %w", path, step, err)
}

package v4l2

// The V4L2 camera source: opening, frame flow and closing (negotiation with
// the camera is in negotiate.go). The driver side sits behind the device
// interface (device.go), implemented with go4vl in device_linux.go, by a
// stub in device_other.go and by a fake in tests.

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vidstream/vidstream/capture"
	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/h264"
	"github.com/vidstream/vidstream/wire/jpeg"
	"github.com/vidstream/vidstream/wire/pixel"
)

// DefaultDevice is the camera a Config with an empty Device opens.
const DefaultDevice = "/dev/video0"

// errUnsupported is returned by Open and List in builds without the V4L2
// device: it needs Linux and cgo (see device_other.go).
var errUnsupported = errors.New("the V4L2 camera source needs Linux (built with cgo)")

// Limits: the size asked when none is given, the highest fps asked, the
// driver buffers requested, and how many bad buffers in a row end Next.
const (
	defaultWidth, defaultHeight = 640, 480
	maxFPS                      = 1000
	numBuffers                  = 4
	maxBadInARow                = 100
)

// stallMin is the least time Next waits for a frame before it calls the
// camera stalled; at low frame rates it waits three frame intervals.
const stallMin = 5 * time.Second

// errCameraStalled is returned (wrapped) by a Source's Next when the
// camera has delivered no frame for several seconds while streaming, as
// firmware and USB cameras sometimes do without going away.
var errCameraStalled = errors.New("the camera stopped delivering frames")

// stallAfter returns how long Next waits for a frame at fps (0: unknown).
func stallAfter(fps float64) time.Duration {
	if fps > 0 {
		return max(stallMin, time.Duration(3*float64(time.Second)/fps))
	}
	return stallMin
}

// Config says which camera and what to capture.
type Config struct {
	// Device is the camera's device node; "" is DefaultDevice.
	Device string
	// Width and Height are the asked size; 0x0 is 640x480.
	Width, Height int
	// FPS is the asked frame rate; 0 keeps the camera's.
	FPS float64
	// Format is the wire format to send: FormatJPEG, FormatI420,
	// FormatRGB24, FormatBGR24 or FormatGray; FormatUnknown picks the best
	// the camera offers at that size: MJPEG (or JPEG), then YUYV (converted
	// to I420), YU12, RGB24.
	Format pixel.Format
	// Name is the sender name for the hello; "" is "picam on <hostname> <device>".
	Name string
}

// Stats counts what a Source did with the driver's buffers.
type Stats struct {
	// Frames is the frames Next returned.
	Frames uint64
	// Skipped is the buffers thrown away as empty, short, not a JPEG or
	// flagged by the driver.
	Skipped uint64
	// Dropped is the good buffers thrown away because a newer one was
	// already waiting when Next was called (newest frame wins).
	Dropped uint64
}

// Source is a capture.Source capturing from a V4L2 camera with mmap
// streaming; Open returns one. Next returns the newest filled buffer: JPEG as the
// camera made it, YU12, RGB24, BGR24 and grey in place in the driver's
// buffer (Stride is the driver's bytes per line), YUYV converted into a
// reused I420 buffer, as is a JPEG without Huffman tables, completed with
// the standard ones. Either way the Data is owned by the source and valid
// until the next Next or Close.
type Source struct {
	dev     device
	path    string
	hello   wire.Hello
	camW    int // the camera's frame width, height and bytes per line
	camH    int
	camBPL  int
	need    int           // bytes a good buffer holds at least
	stall   time.Duration // how long Next waits for a frame
	notes   []string      // advice about the negotiated format, for the user
	convert bool          // YUYV to I420
	conv    []byte

	quality ctrlInfo       // the JPEG quality control's range, when the camera has one (max > 0)
	params  h264.ParamSets // H.264: the newest SPS and PPS, for keyframes that lack them

	ctlMu     sync.Mutex // guards controls against Close (see withControls)
	ctlClosed bool

	mu     sync.Mutex // held by Next while it uses dev; Close takes it after cancelling
	held   int        // index of the buffer behind the last frame's Data; -1 none
	owed   []int      // buffers the driver refused back, retried by Next and Close
	seq    uint64
	badRun int

	done      context.Context // cancelled by Close
	cancel    context.CancelFunc
	closeOnce sync.Once
	closeErr  error

	frames, skipped, dropped atomic.Uint64
}

// A Source is a capture.Source, closed idle by capture.Reopen.
var (
	_ capture.Source     = (*Source)(nil)
	_ capture.IdleCloser = (*Source)(nil)
)

// Open opens the camera, negotiates the format, size and frame rate,
// and starts mmap streaming. A format or size the camera does not offer is
// an error saying what it offers. The caller owns the Source and must Close
// it.
func Open(cfg Config) (*Source, error) {
	return openWith(cfg, openPlatformDevice)
}

// openWith is Open on the devices open makes.
func openWith(cfg Config, open func(string) (device, error)) (*Source, error) {
	path := cmp.Or(cfg.Device, DefaultDevice)
	w, h := cfg.Width, cfg.Height
	if w == 0 && h == 0 {
		w, h = defaultWidth, defaultHeight
	}
	if w < 1 || h < 1 || w > pixel.MaxDimension || h > pixel.MaxDimension {
		return nil, fmt.Errorf("capture: camera size %dx%d out of range 1..%d", w, h, pixel.MaxDimension)
	}
	if math.IsNaN(cfg.FPS) || cfg.FPS < 0 || cfg.FPS > maxFPS {
		return nil, fmt.Errorf("capture: camera fps %v out of range 0..%d", cfg.FPS, maxFPS)
	}
	cands, err := candidates(cfg.Format)
	if err != nil {
		return nil, err
	}
	dev, err := open(path)
	if err != nil {
		return nil, openError(path, err)
	}
	s := &Source{dev: dev, path: path, held: -1}
	if err := s.negotiate(cfg, cands, w, h); err != nil {
		return nil, errors.Join(err, dev.close())
	}
	switch s.hello.Layout.Format {
	case pixel.FormatH264:
		s.setUpEncoder(s.hello.FPS)
	case pixel.FormatJPEG:
		s.findQuality()
	}
	s.done, s.cancel = context.WithCancel(context.Background())
	return s, nil
}

// Hello describes the stream: the layout of the frames, the frame rate the
// driver set (0 when unknown) and the sender name.
func (s *Source) Hello() wire.Hello { return s.hello }

// Stats returns the counts so far; it may be called from any goroutine.
func (s *Source) Stats() Stats {
	return Stats{Frames: s.frames.Load(), Skipped: s.skipped.Load(), Dropped: s.dropped.Load()}
}

// Next gives the previous frame's buffer back to the driver and waits for
// the next filled one. When several are waiting it returns the newest and
// gives the others back (counted in Stats as Dropped); empty, short or
// flagged buffers are given back and counted as Skipped. Frame.Data is owned
// by s and valid until the next Next or Close. Next returns ctx.Err() when
// ctx is done, capture.ErrClosed after Close, and an error wrapping
// errCameraStalled when no frame came for 5 s (or three frame intervals, if
// longer).
func (s *Source) Next(ctx context.Context) (capture.Frame, error) {
	if s.done.Err() != nil {
		return capture.Frame{}, capture.ErrClosed
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done.Err() != nil {
		return capture.Frame{}, capture.ErrClosed
	}
	if err := ctx.Err(); err != nil {
		return capture.Frame{}, err
	}
	if err := s.settle(); err != nil {
		return capture.Frame{}, err
	}
	dctx, cancel := context.WithTimeoutCause(ctx, s.stall, errCameraStalled)
	defer cancel()
	stop := context.AfterFunc(s.done, cancel)
	defer stop()

	var cur buffer
	have := false
	for {
		b, err := s.dev.dequeue(dctx, !have)
		if have && err != nil {
			if errors.Is(err, errNoBuffer) {
				break
			}
			err = errors.Join(err, s.release(cur.index))
		}
		if err != nil {
			switch {
			case s.done.Err() != nil:
				return capture.Frame{}, capture.ErrClosed
			case ctx.Err() != nil:
				return capture.Frame{}, ctx.Err()
			case context.Cause(dctx) == errCameraStalled:
				return capture.Frame{}, fmt.Errorf("camera %s: no frame for %v: %w", s.path, s.stall, errCameraStalled)
			}
			return capture.Frame{}, fmt.Errorf("camera %s: waiting for a frame: %w", s.path, err)
		}
		if !s.good(b) {
			s.skipped.Add(1)
			if err := s.release(b.index); err != nil {
				return capture.Frame{}, errors.Join(err, s.releaseIf(have, cur.index))
			}
			if s.badRun++; s.badRun >= maxBadInARow {
				s.badRun = 0
				return capture.Frame{}, errors.Join(fmt.Errorf("camera %s: %d bad buffers in a row (empty, short or flagged by the driver)",
					s.path, maxBadInARow), s.releaseIf(have, cur.index))
			}
			continue
		}
		s.badRun = 0
		if have {
			s.dropped.Add(1)
			if err := s.release(cur.index); err != nil {
				return capture.Frame{}, errors.Join(err, s.release(b.index))
			}
		}
		cur, have = b, true
	}
	return s.frame(cur)
}

// good reports whether b holds a whole frame.
func (s *Source) good(b buffer) bool {
	if b.bad || len(b.data) < s.need {
		return false
	}
	switch s.hello.Layout.Format {
	case pixel.FormatJPEG:
		return jpeg.IsJPEG(b.data) // what the mjpeg output and the viewer require
	case pixel.FormatH264:
		_, _, ok := h264.NextNAL(b.data, 0) // a start code and a NAL unit
		return ok && (b.data[0] == 0 && b.data[1] == 0)
	}
	return true
}

// frame turns the good buffer b into the Frame Next returns.
func (s *Source) frame(b buffer) (capture.Frame, error) {
	f := capture.Frame{Seq: s.seq, Time: b.time}
	if f.Time.IsZero() {
		f.Time = time.Now()
	}
	switch {
	case s.convert:
		out := pixel.YUYVToI420(s.conv, b.data, s.camW, s.camH, s.camBPL)
		if err := s.release(b.index); err != nil {
			return capture.Frame{}, err
		}
		if out == nil {
			return capture.Frame{}, fmt.Errorf("camera %s: converting a %d-byte YUYV frame failed", s.path, len(b.data))
		}
		s.conv, f.Data = out, out
	case s.hello.Layout.Format == pixel.FormatJPEG:
		out, added := jpeg.WithHuffmanTables(s.conv, b.data)
		if !added {
			f.Data, s.held = b.data, b.index
			break
		}
		// Motion-JPEG without Huffman tables (UVC webcams): sent with the
		// standard ones put in, so that every decoder reads it.
		if err := s.release(b.index); err != nil {
			return capture.Frame{}, err
		}
		s.conv, f.Data = out, out
	case s.hello.Layout.Format == pixel.FormatH264:
		// One access unit a buffer. A keyframe without its SPS and PPS
		// gets the last ones in front, so a new viewer can start at it.
		out, key := s.params.Prepare(s.conv[:0], b.data)
		if err := s.release(b.index); err != nil {
			return capture.Frame{}, err
		}
		s.conv, f.Data, f.Keyframe = out, out, key
	default:
		f.Data, s.held = b.data[:s.need], b.index
	}
	s.seq++
	s.frames.Add(1)
	return f, nil
}

// release gives buffer index back to the driver; when that fails the
// buffer is owed, and retried by the next Next or Close.
func (s *Source) release(index int) error {
	if err := s.dev.release(index); err != nil {
		s.owed = append(s.owed, index)
		return fmt.Errorf("camera %s: giving buffer %d back: %w", s.path, index, err)
	}
	return nil
}

// releaseIf releases buffer index if have is set.
func (s *Source) releaseIf(have bool, index int) error {
	if !have {
		return nil
	}
	return s.release(index)
}

// settle gives back the buffer behind the last frame and any owed ones.
func (s *Source) settle() error {
	if s.held >= 0 {
		s.owed = append(s.owed, s.held)
		s.held = -1
	}
	owed := s.owed
	s.owed = nil
	var errs []error
	for _, i := range owed {
		errs = append(errs, s.release(i))
	}
	return errors.Join(errs...)
}

// Close ends a waiting Next, gives the held buffer back, stops streaming
// and closes the camera. It is safe to call more than once and from any
// goroutine, but the last frame's Data must not be read during or after
// it: call it from the goroutine that calls Next, or after that goroutine
// is done with its frame. (Should another goroutine still read it, the
// go4vl device leaves stale bytes there rather than unmapped memory.)
func (s *Source) Close() error { return s.close(false) }

// CloseIdle is Close from the goroutine that calls Next, once it has called
// Next again since the last frame (capture.Reopen closes a lost camera so;
// it makes s a capture.IdleCloser): with no frame being read, the driver's
// buffers are unmapped outright instead of left as anonymous memory for a
// racing reader.
func (s *Source) CloseIdle() error { return s.close(true) }

// close is Close; idle unmaps the driver's buffers outright (see CloseIdle).
func (s *Source) close(idle bool) error {
	s.closeOnce.Do(func() {
		s.cancel()
		s.mu.Lock()
		defer s.mu.Unlock()
		s.ctlMu.Lock()
		s.ctlClosed = true
		s.ctlMu.Unlock()
		s.closeErr = errors.Join(s.settle(), s.dev.stop(idle), s.dev.close())
	})
	return s.closeErr
}

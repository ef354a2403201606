package capture

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vidstream/vidstream/wire/h264"
	"github.com/vidstream/vidstream/wire/jpeg"
	"github.com/vidstream/vidstream/wire/pixel"

	"github.com/vidstream/vidstream/wire"
)

// defaultReaderName is the sender name a ReaderSource announces when
// ReaderConfig.Name is empty.
const defaultReaderName = "picam stdin"

// The I420 layouts a ReaderSource reads.
const (
	// YUVRpicam is what rpicam-vid --codec yuv420 writes:
	// pixel.RpicamI420Layout.
	YUVRpicam = "rpicam"
	// YUVPicamera is picamera's and raspividyuv's: width padded to 32 and
	// height to 16.
	YUVPicamera = "picamera"
)

// ReaderConfig says what a byte-stream source carries.
type ReaderConfig struct {
	// Format is pixel.FormatJPEG (concatenated JPEGs, as rpicam-vid --codec
	// mjpeg writes), pixel.FormatH264 (an Annex-B stream, rpicam-vid
	// --codec h264: one frame per access unit) or pixel.FormatI420
	// (rpicam-vid --codec yuv420: fixed-size frames).
	Format pixel.Format
	// Width and Height are the frame size. They are required for I420, whose
	// frames have the fixed size of YUVLayout; for JPEG they only go into the
	// hello (0 = unknown).
	Width, Height int
	// YUVLayout is how I420 frames are padded: YUVRpicam ("" too) or
	// YUVPicamera.
	YUVLayout string
	// FPS is the nominal frame rate, for the hello (0 = unknown).
	FPS float64
	// Name is the sender name for the hello; "" means defaultReaderName.
	Name string
	// MaxFrame is the cap on one frame's bytes; 0 means wire.DefaultMaxFrame,
	// and more than wire.MaxFrameLimit is clamped to it.
	MaxFrame int
}

// ReaderSource is a Source reading a camera's byte stream, such as rpicam-vid
// piped into picam's stdin: concatenated JPEGs, split at their markers by a
// wire.MJPEGReader, or fixed-size I420 frames.
//
// A JPEG without the Huffman tables its scans use (the Motion JPEG of many
// USB webcams, piped in as the camera sent it) is sent with the standard ones
// put in, as the v4l2 source sends it, so that every decoder reads it; other
// JPEGs are sent as they are.
//
// In a JPEG stream, bytes that are not part of a whole JPEG are skipped and
// counted (Skipped): garbage between frames, a frame cut short by the next
// one, and a frame over MaxFrame. Next does not report those: it returns the
// next good frame, so the stream goes on; TooLarge counts the frames skipped
// for being over MaxFrame.
//
// Reads run on a goroutine of the source, one frame at a time and only when
// Next asks for it (no frame is read before that), so that Next can return
// when its ctx is done or the source is closed even while a read blocks; a
// read left pending that way is finished and its frame returned by the next
// Next.
type ReaderSource struct {
	r     io.Reader
	hello wire.Hello

	// Used only by the reading goroutine (or by Next once it has the result).
	mjpeg *wire.MJPEGReader // JPEG streams
	h264  *h264Reader       // H.264 streams
	// tables holds the last JPEG completed with the standard Huffman
	// tables (jpeg.WithHuffmanTables); reused, like mjpeg's buffer, from
	// one frame to the next.
	tables []byte
	size   int    // I420 frame bytes
	buf    []byte // I420 frame buffer
	seq    uint64

	skipped  atomic.Int64
	runs     atomic.Int64
	tooLarge atomic.Int64

	start   sync.Once
	req     chan struct{}   // Next asks for a frame
	res     chan readResult // the reading goroutine answers
	pending bool            // a frame was asked for and not yet taken
	err     error           // the final error, once returned

	closeOnce sync.Once
	closed    chan struct{}
	closeErr  error
}

// readResult is one read's frame or error.
type readResult struct {
	f   Frame
	err error
}

// NewReaderSource returns a ReaderSource of r as cfg describes. It reads
// nothing yet. The source owns r from now on: Close closes it if it is an
// io.Closer.
func NewReaderSource(r io.Reader, cfg ReaderConfig) (*ReaderSource, error) {
	if r == nil {
		return nil, errors.New("capture: reader source: no reader")
	}
	if cfg.MaxFrame < 0 {
		return nil, fmt.Errorf("capture: reader source: negative MaxFrame %d", cfg.MaxFrame)
	}
	max := cfg.MaxFrame
	if max == 0 {
		max = wire.DefaultMaxFrame
	}
	max = min(max, wire.MaxFrameLimit)
	if cfg.Name == "" {
		cfg.Name = defaultReaderName
	}
	s := &ReaderSource{
		r:      r,
		hello:  wire.Hello{Version: wire.Version, FPS: cfg.FPS, Name: cfg.Name, Clock: wire.ClockArrival},
		req:    make(chan struct{}, 1),
		res:    make(chan readResult, 1),
		closed: make(chan struct{}),
	}
	switch cfg.Format {
	case pixel.FormatJPEG:
		s.hello.Layout = pixel.Layout{Format: pixel.FormatJPEG, Width: cfg.Width, Height: cfg.Height}
		s.mjpeg = wire.NewMJPEGReader(r, max)
	case pixel.FormatH264:
		s.hello.Layout = pixel.Layout{Format: pixel.FormatH264, Width: cfg.Width, Height: cfg.Height}
		s.h264 = &h264Reader{split: h264.NewSplitter(r, max)}
	case pixel.FormatI420:
		if cfg.Width <= 0 || cfg.Height <= 0 {
			return nil, fmt.Errorf("capture: reader source: i420 needs the frame size, got %dx%d", cfg.Width, cfg.Height)
		}
		switch cfg.YUVLayout {
		case YUVRpicam, "":
			s.hello.Layout = pixel.RpicamI420Layout(cfg.Width, cfg.Height)
		case YUVPicamera:
			s.hello.Layout = pixel.PicameraLayout(pixel.FormatI420, cfg.Width, cfg.Height)
		default:
			return nil, fmt.Errorf("capture: reader source: yuv layout %q is not %s or %s", cfg.YUVLayout, YUVRpicam, YUVPicamera)
		}
	default:
		return nil, fmt.Errorf("capture: reader source: format %v is not jpeg, h264 or yuv (i420)", cfg.Format)
	}
	if err := s.hello.Validate(); err != nil {
		return nil, fmt.Errorf("capture: reader source: %w", err)
	}
	if cfg.Format == pixel.FormatI420 {
		s.size = s.hello.Layout.Size()
		if s.size > max {
			return nil, fmt.Errorf("capture: reader source: %v frames are %d bytes, over the cap of %d",
				s.hello.Layout, s.size, max)
		}
	}
	return s, nil
}

// Hello describes the stream: its format and size, the nominal frame rate
// and the name from the ReaderConfig.
func (s *ReaderSource) Hello() wire.Hello { return s.hello }

// Skipped returns the bytes skipped in a JPEG stream so far and in how many
// separate runs (see wire.MJPEGReader); always 0, 0 for I420. It is safe to
// call from any goroutine.
func (s *ReaderSource) Skipped() (bytes int64, runs int) {
	return s.skipped.Load(), int(s.runs.Load())
}

// TooLarge returns how many JPEG frames were skipped so far for being over
// MaxFrame (their bytes are counted in Skipped). It is safe to call from any
// goroutine.
func (s *ReaderSource) TooLarge() int { return int(s.tooLarge.Load()) }

// Next returns the next frame. Data is owned by the source (it is the JPEG
// reader's buffer, the buffer of completed JPEGs or the I420 frame buffer)
// and valid until the next call to Next or Close; Seq counts from 0; Time is
// when the frame's last byte was read.
//
// Next returns io.EOF at the clean end of input (between frames), an error
// wrapping io.ErrUnexpectedEOF when the input ends inside a frame, and read
// errors wrapped; these are final. It returns ctx.Err() as soon as ctx is
// done and ErrClosed after Close, also while a read is blocked: that read
// goes on, and the next Next returns its frame. A read blocked on a pipe
// cannot itself be interrupted by ctx; Close closes the reader, which makes a
// read on a pollable file (os.Pipe, or a stdin set non-blocking) return, but
// not a read on a blocking stdin, which ends only when input arrives or the
// writer closes its end. Either way Next returns at once.
func (s *ReaderSource) Next(ctx context.Context) (Frame, error) {
	if err := ctx.Err(); err != nil {
		return Frame{}, err
	}
	if s.isClosed() {
		return Frame{}, ErrClosed
	}
	if s.err != nil {
		return Frame{}, s.err
	}
	if !s.pending {
		s.start.Do(func() { go s.loop() })
		s.req <- struct{}{}
		s.pending = true
	}
	select {
	case r := <-s.res:
		s.pending = false
		if r.err != nil {
			if s.isClosed() {
				return Frame{}, ErrClosed // the read failed because Close closed r
			}
			s.err = r.err
		}
		return r.f, r.err
	case <-ctx.Done():
		return Frame{}, ctx.Err()
	case <-s.closed:
		return Frame{}, ErrClosed
	}
}

// isClosed reports whether Close was called.
func (s *ReaderSource) isClosed() bool {
	select {
	case <-s.closed:
		return true
	default:
		return false
	}
}

// loop reads one frame for each request until a read fails or the source is
// closed.
func (s *ReaderSource) loop() {
	for {
		select {
		case <-s.req:
		case <-s.closed:
			return
		}
		f, err := s.read()
		s.res <- readResult{f, err} // never blocks: one request, one result
		if err != nil {
			return
		}
	}
}

// read reads the next frame from r.
func (s *ReaderSource) read() (Frame, error) {
	if s.mjpeg != nil {
		return s.readJPEG()
	}
	if s.h264 != nil {
		return s.readH264()
	}
	if s.buf == nil {
		s.buf = make([]byte, s.size)
	}
	n, err := io.ReadFull(s.r, s.buf)
	switch {
	case err == io.EOF:
		return Frame{}, io.EOF
	case err == io.ErrUnexpectedEOF:
		return Frame{}, fmt.Errorf("capture: %v frame %d cut off after %d of %d bytes: %w",
			s.hello.Layout, s.seq, n, s.size, io.ErrUnexpectedEOF)
	case err != nil:
		return Frame{}, fmt.Errorf("capture: reading %v frame %d (%d of %d bytes): %w",
			s.hello.Layout, s.seq, n, s.size, err)
	}
	return s.frame(s.buf), nil
}

// readJPEG returns the next whole JPEG, skipping those over the cap, with
// the standard Huffman tables put in (into s.tables) when it lacks them.
func (s *ReaderSource) readJPEG() (Frame, error) {
	for {
		p, err := s.mjpeg.Next(nil)
		s.skipped.Store(s.mjpeg.Skipped())
		s.runs.Store(int64(s.mjpeg.SkippedRuns()))
		var tl *wire.FrameTooLargeError
		switch {
		case errors.As(err, &tl):
			s.tooLarge.Add(1)
			continue
		case err == io.EOF:
			return Frame{}, io.EOF
		case err != nil:
			return Frame{}, fmt.Errorf("capture: jpeg stream: %w", err)
		}
		if out, added := jpeg.WithHuffmanTables(s.tables, p); added {
			s.tables, p = out, out
		}
		return s.frame(p), nil
	}
}

// frame stamps data as the next frame, read now.
func (s *ReaderSource) frame(data []byte) Frame {
	f := Frame{Data: data, Seq: s.seq, Time: time.Now()}
	s.seq++
	return f
}

// Close ends the source: Next returns ErrClosed, at once even while a read is
// blocked, and r is closed if it is an io.Closer (see Next for which reads
// that interrupts). It is safe to call from any goroutine and more than once;
// every call returns the error of closing r.
func (s *ReaderSource) Close() error {
	s.closeOnce.Do(func() {
		close(s.closed)
		if c, ok := s.r.(io.Closer); ok {
			if err := c.Close(); err != nil {
				s.closeErr = fmt.Errorf("capture: closing the reader source's input: %w", err)
			}
		}
	})
	return s.closeErr
}

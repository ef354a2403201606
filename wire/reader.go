package wire

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Buffer growth: a frame buffer short of capacity first gets minGrow bytes,
// then grows geometrically, but never more than maxGrow bytes ahead of the
// bytes that have arrived, nor beyond the declared length.
const (
	minGrow = 64 << 10
	maxGrow = 1 << 20
)

// ErrNoEndMarker is returned by Reader.Next when the stream closes at a frame
// boundary (or before any byte) without the end marker.
var ErrNoEndMarker = errors.New("wire: stream closed without the end marker")

// FrameTooLargeError is returned by Reader.Next when a frame declares more
// payload bytes than the Reader's cap; nothing has been allocated for it. An
// MJPEGReader (and a Reader of an MJPEG stream) returns it with the length of
// a JPEG found to be over the cap, having kept at most the cap's bytes of it.
type FrameTooLargeError struct {
	Length int64 // the declared (or found) length: up to 4 GiB, also on 32-bit systems
	Max    int
}

// Error says the declared length and the cap.
func (e *FrameTooLargeError) Error() string {
	return fmt.Sprintf("wire: frame of %d bytes is over the cap of %d bytes", e.Length, e.Max)
}

// Frame is one frame read by a Reader.
type Frame struct {
	// Payload aliases the buffer given to Next (or the Reader's own buffer when
	// Next got nil); it is valid until the next call to Next with that buffer.
	Payload []byte
	// Seq is the sender's sequence number (v2); in seed streams it is the count
	// of frames read before this one.
	Seq uint64
	// CaptureTime is the sender's clock at capture, ns since the Unix epoch;
	// 0 when unknown (always in seed streams).
	CaptureTime int64
	// Keyframe is set for a v2 flagged frame marked FlagKeyframe: it
	// decodes on its own. Always false for other frames.
	Keyframe bool
	// SentTime is the sender's clock when it began writing the frame, ns
	// since the Unix epoch, from the v2 Sent message right before it; 0
	// when there was none (older senders, other protocols).
	SentTime int64
}

// Reader reads frames from a seed, v2 or MJPEG stream. From seed and v2
// streams it reads exactly the bytes of each message from the underlying
// reader (no read-ahead), so BytesRead is exact; an MJPEG stream is read
// through an MJPEGReader's buffer (64 KiB and 2 bytes). A Reader is not safe
// for concurrent use. After Next returns an error, every later call returns
// the same error, except the errors of a frame lost in an MJPEG stream (see
// Next and Skippable).
type Reader struct {
	src     countingReader
	max     int
	proto   Protocol
	hello   *Hello
	mjpeg   *MJPEGReader // the splitter of an MJPEG stream
	h264    *h264Reader  // the splitter of a raw H.264 stream
	seedLen uint32       // a seed frame's length word read by Start, not yet its frame
	haveLen bool
	frames  uint64
	own     []byte
	err     error
	onReply func(TimeReply) // OnTimeReply's
	// A v2 Sent message read, for the frame that follows it.
	sentSeq  uint64
	sentNs   int64
	haveSent bool
	scratch  [maxHelloLen]byte // headers, hello bodies, skipped messages
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

// Read reads from the underlying reader and counts what arrived.
func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// NewReader returns a Reader of r whose frames may be at most max bytes;
// max <= 0 means DefaultMaxFrame and max > MaxFrameLimit is clamped to it.
func NewReader(r io.Reader, max int) *Reader {
	if max <= 0 {
		max = DefaultMaxFrame
	}
	if max > MaxFrameLimit {
		max = MaxFrameLimit
	}
	return &Reader{src: countingReader{r: r}, max: max}
}

// Max returns the Reader's cap on a frame's payload length.
func (r *Reader) Max() int { return r.max }

// Protocol returns the stream's protocol: ProtoUnknown until the first Next
// has read the first 4 bytes.
func (r *Reader) Protocol() Protocol { return r.proto }

// Hello returns the v2 stream's hello, or nil for a seed or MJPEG stream or
// before the first Next. The Hello belongs to the Reader: the caller must not
// modify it.
func (r *Reader) Hello() *Hello { return r.hello }

// BytesRead returns all bytes consumed from the stream so far. For an MJPEG
// stream that is the bytes of the frames returned, the bytes skipped and those
// of a frame being read, not the bytes read ahead into the buffer.
func (r *Reader) BytesRead() int64 {
	if r.mjpeg != nil {
		return r.mjpeg.consumed
	}
	return r.src.n
}

// Skipped returns the garbage bytes skipped so far in an MJPEG stream
// (between frames, cut or broken frames, frames over the cap; see
// MJPEGReader); 0 for seed and v2 streams. Next reports each frame they
// lost as an error.
func (r *Reader) Skipped() int64 {
	if r.mjpeg != nil {
		return r.mjpeg.Skipped()
	}
	return 0
}

// Next reads the next frame into buf, reusing buf's capacity (pass the
// previous Frame.Payload back to recycle it); with a nil buf it uses the
// Reader's own reused buffer. The returned Payload aliases that buffer (or a
// larger one that replaced it), so it is valid until the next Next with the
// same buffer.
//
// On the first call Next tells the protocol by the first 4 bytes: magic is
// v2; FF D8 xx yy with yy >= 0x10 is MJPEG, whatever xx is (as a seed length
// that is over MaxFrameLimit, so no valid seed stream starts so; a JPEG
// starts FF D8 FF and a marker code >= 0xC0, and one broken at its third
// byte is still taken for MJPEG); anything else is seed.
// It returns io.EOF at the end marker, ErrNoEndMarker when a seed or v2 stream
// closes cleanly between frames, an error wrapping io.ErrUnexpectedEOF
// (saying how many of how many bytes arrived) when it is cut mid-frame, and
// *FrameTooLargeError at once for a declared length over the cap. A buffer
// short of capacity is grown as bytes arrive: first to 64 KiB, then
// geometrically but never more than 1 MiB ahead of the bytes received nor
// beyond the declared length, so a claimed length with nothing behind it costs
// at most 64 KiB.
//
// In an MJPEG stream each JPEG is a Frame numbered by Seq from 0, with
// CaptureTime 0. The end of input between frames is io.EOF (a recording has
// no end marker) and the end inside a frame an error wrapping
// io.ErrUnexpectedEOF. Bytes that make no whole JPEG are skipped and
// counted (Skipped), and each frame they lose (MJPEGReader.Lost says what
// counts as one) is reported as it is found: a frame over the cap as a
// *FrameTooLargeError, any other as a *FrameLostError. Unlike in other
// streams, these are not final: the next Next goes on with the next SOI, so
// a caller counts the error and calls Next again (see Skippable). Trailing
// garbage is reported before the io.EOF that follows it.
func (r *Reader) Next(buf []byte) (Frame, error) {
	if r.err != nil {
		return Frame{}, r.err
	}
	f, err := r.next(buf)
	if err != nil {
		if !Skippable(r, err) {
			r.err = err
		}
		return Frame{}, err
	}
	r.frames++
	return f, nil
}

// Skippable reports whether err, returned by r.Next, lost one frame only:
// the next call reads on. That is a frame the splitter of an MJPEG stream
// passed over, over the cap (*FrameTooLargeError) or lost otherwise
// (*FrameLostError). Every other error ends the stream.
func Skippable(r *Reader, err error) bool {
	if r.proto == ProtoH264 {
		_, ok := err.(*FrameTooLargeError)
		return ok
	}
	if r.proto != ProtoMJPEG {
		return false
	}
	switch err.(type) { // Next returns them as they are, not wrapped
	case *FrameTooLargeError, *FrameLostError:
		return true
	}
	return false
}

// Start reads the stream's start, if no call has yet: the first 4 bytes,
// which tell the protocol, and for v2 the hello; for a seed stream its first
// length word, checked against the cap (a 0 length, the end marker at once,
// is io.EOF). It reads no frame: a viewer can tell whether a connection
// speaks a stream before it gives it buffers. Its errors are those of Next,
// and final.
func (r *Reader) Start() error {
	if r.err != nil {
		return r.err
	}
	if r.proto != ProtoUnknown {
		return nil
	}
	if err := r.start(); err != nil {
		r.err = err
		return err
	}
	return nil
}

// start is Start's work.
func (r *Reader) start() error {
	if err := r.readHeader(r.scratch[:4], "stream start"); err != nil {
		return err
	}
	switch {
	case string(r.scratch[:4]) == magic:
		r.proto = ProtoV2
		return r.readHello()
	case isH264Start(r.scratch[:4]):
		r.proto = ProtoH264
		r.startH264()
		return nil
	case isMJPEGStart(r.scratch[:4]):
		r.proto = ProtoMJPEG
		head := bytes.NewReader(bytes.Clone(r.scratch[:4]))
		r.mjpeg = NewMJPEGReader(io.MultiReader(head, &r.src), r.max)
		r.mjpeg.report = true // lost frames are Next's errors, for the caller to count
		return nil
	}
	r.proto = ProtoSeed
	n := binary.LittleEndian.Uint32(r.scratch[:4])
	if err := r.checkSeedLen(n); err != nil {
		return err
	}
	r.seedLen, r.haveLen = n, true
	return nil
}

func (r *Reader) next(buf []byte) (Frame, error) {
	if r.proto == ProtoUnknown {
		if err := r.start(); err != nil {
			return Frame{}, err
		}
	}
	if r.proto == ProtoMJPEG {
		p, err := r.mjpeg.Next(buf)
		if err != nil {
			return Frame{}, err
		}
		return Frame{Payload: p, Seq: r.frames}, nil
	}
	if r.proto == ProtoH264 {
		return r.h264Frame(buf)
	}
	if r.proto == ProtoSeed {
		if r.haveLen {
			r.haveLen = false
			return r.seedFrame(buf, r.seedLen)
		}
		if err := r.readHeader(r.scratch[:4], "frame length"); err != nil {
			return Frame{}, err
		}
		return r.seedFrame(buf, binary.LittleEndian.Uint32(r.scratch[:4]))
	}
	return r.v2Frame(buf)
}

// readHeader fills p at a message boundary: no bytes at all is
// ErrNoEndMarker, some is a cut-off error.
func (r *Reader) readHeader(p []byte, what string) error {
	n, err := io.ReadFull(&r.src, p)
	switch {
	case err == nil:
		return nil
	case n == 0 && err == io.EOF:
		return ErrNoEndMarker
	case err == io.ErrUnexpectedEOF:
		return fmt.Errorf("wire: %s cut off after %d of %d bytes: %w", what, n, len(p), io.ErrUnexpectedEOF)
	}
	return fmt.Errorf("wire: reading %s: %w", what, err)
}

// readBody fills p inside a message: any shortfall is a cut-off error.
func (r *Reader) readBody(p []byte, what string) error {
	n, err := io.ReadFull(&r.src, p)
	if err == nil {
		return nil
	}
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return fmt.Errorf("wire: %s cut off after %d of %d bytes: %w", what, n, len(p), io.ErrUnexpectedEOF)
	}
	return fmt.Errorf("wire: reading %s: %w", what, err)
}

// readPayload reads n bytes (0 < n <= max) into buf's storage, or the Reader's
// own when buf is nil, growing it as bytes arrive.
func (r *Reader) readPayload(buf []byte, n int) ([]byte, error) {
	useOwn := buf == nil
	if useOwn {
		buf = r.own
	}
	buf = buf[:0]
	if cap(buf) >= n {
		buf = buf[:n]
		got, err := io.ReadFull(&r.src, buf)
		if err != nil {
			return nil, r.cut(err, got, n)
		}
		return buf, nil
	}
	for len(buf) < n {
		have := len(buf)
		if cap(buf) == have {
			nb := make([]byte, have, min(n, have+min(max(have, minGrow), maxGrow)))
			copy(nb, buf)
			buf = nb
			if useOwn {
				r.own = buf
			}
		}
		buf = buf[:cap(buf)]
		got, err := io.ReadFull(&r.src, buf[have:])
		if err != nil {
			return nil, r.cut(err, have+got, n)
		}
	}
	return buf, nil
}

// cut describes a payload cut off after got of n bytes.
func (r *Reader) cut(err error, got, n int) error {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return fmt.Errorf("wire: frame %d cut off after %d of %d payload bytes: %w", r.frames, got, n, io.ErrUnexpectedEOF)
	}
	return fmt.Errorf("wire: reading frame %d (%d of %d payload bytes): %w", r.frames, got, n, err)
}

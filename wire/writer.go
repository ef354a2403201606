package wire

import (
	"errors"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/vidstream/vidstream/wire/pixel"
)

// errWriterClosed is returned by WriteFrame after Close.
var errWriterClosed = errors.New("wire: writer is closed")

// Writer writes a seed or v2 stream. Each frame goes out in one write call to
// the underlying writer (writev for TCP and Unix connections, else header and
// payload copied into a reused buffer), so no frame is split into a header
// packet and a payload packet. A Writer is not safe for concurrent use; after
// a write fails, every later call returns that error.
type Writer struct {
	w       io.Writer
	proto   Protocol
	hello   []byte // v2: magic + hello message, still to be sent
	err     error
	closed  bool
	hdr     [2*msgHeaderLen + sentLen + frameHeaderLen + flagsLen]byte // a Sent message and a frame header, or a time reply
	now     func() time.Time                                           // StampSends's clock; nil: no Sent messages
	bufs    [2][]byte
	nb      net.Buffers
	joined  []byte // copy buffer for writers without writev
	writev  bool
	written int64
}

// NewWriter returns a Writer of protocol p over w:
//   - ProtoSeed: byte for byte the blog post's client, a uint32
//     little-endian length and the payload for each frame, a 0 length at
//     Close;
//   - ProtoV2: magic and a hello announcing h (Version 0 is sent as 2), sent
//     with the first frame or at Close if there is none, then frames with
//     their sequence number and capture time, and the end message;
//   - ProtoMJPEG: each payload as it is, no framing and no end marker, for
//     recordings other tools read (rpicam-vid writes these); WriteFrame
//     refuses a payload that is not a JPEG;
//   - ProtoH264: each H.264 access unit as it is: a raw Annex-B stream
//     (ffplay, ffmpeg -f h264 and VLC read it).
//
// h is what a v2 stream announces and says whether an MJPEG stream can carry
// the frames; it is copied. An invalid h (for v2), a format other than JPEG
// (for MJPEG) or an unknown p is an error.
func NewWriter(w io.Writer, p Protocol, h Hello) (*Writer, error) {
	switch p {
	case ProtoSeed:
		return newSeedWriter(w), nil
	case ProtoV2:
		if h.Version == 0 {
			h.Version = Version
		}
		if err := h.Validate(); err != nil {
			return nil, err
		}
		return newV2Writer(w, h), nil
	case ProtoMJPEG:
		if h.Layout.Format != pixel.FormatJPEG {
			return nil, fmt.Errorf("wire: protocol mjpeg carries JPEG frames only, not %s", h.Layout.Format)
		}
		return newMJPEGWriter(w), nil
	case ProtoH264:
		if h.Layout.Format != pixel.FormatH264 {
			return nil, fmt.Errorf("wire: protocol h264 carries H.264 frames only, not %s", h.Layout.Format)
		}
		return &Writer{w: w, proto: ProtoH264}, nil
	}
	return nil, fmt.Errorf("wire: cannot write protocol %v", p)
}

// newSeedWriter returns a Writer of the seed protocol.
func newSeedWriter(w io.Writer) *Writer {
	return &Writer{w: w, proto: ProtoSeed, writev: canWritev(w)}
}

// newMJPEGWriter returns a Writer of plain concatenated JPEGs.
func newMJPEGWriter(w io.Writer) *Writer {
	return &Writer{w: w, proto: ProtoMJPEG}
}

// newV2Writer returns a Writer of protocol v2 announcing h (Version 0 is sent
// as 2). An invalid h makes WriteFrame and Close return its error.
func newV2Writer(w io.Writer, h Hello) *Writer {
	wr := &Writer{w: w, proto: ProtoV2, writev: canWritev(w)}
	if h.Version == 0 {
		h.Version = Version
	}
	if err := h.Validate(); err != nil {
		wr.err = err
		return wr
	}
	wr.hello = appendHello([]byte(magic), &h)
	return wr
}

// canWritev reports whether net.Buffers sends to w in one writev call.
func canWritev(w io.Writer) bool {
	switch w.(type) {
	case *net.TCPConn, *net.UnixConn:
		return true
	}
	return false
}

// BytesWritten returns the bytes written to the underlying writer so far.
func (w *Writer) BytesWritten() int64 { return w.written }

// WriteFrame sends one frame of payload p. Seed streams ignore seq and
// captureTime (ns since the Unix epoch; 0 unknown). It refuses an empty p and
// one longer than MaxFrameLimit. p is not retained.
func (w *Writer) WriteFrame(p []byte, seq uint64, captureTime int64) error {
	if w.err != nil {
		return w.err
	}
	if w.closed {
		return errWriterClosed
	}
	if err := checkPayloadLen(len(p)); err != nil {
		return err
	}
	switch w.proto {
	case ProtoMJPEG:
		if err := checkMJPEGFrame(p); err != nil {
			return err
		}
		return w.send(p, nil)
	case ProtoH264:
		return w.send(p, nil) // access units as they are: the raw stream
	case ProtoSeed:
		return w.send(appendSeedHeader(w.hdr[:0], len(p)), p)
	}
	return w.send(appendV2FrameHeader(w.sentHeader(seq), len(p), seq, captureTime), p)
}

// sentHeader starts the header of v2 frame seq: with StampSends, a Sent
// message stamped now.
func (w *Writer) sentHeader(seq uint64) []byte {
	if w.now == nil {
		return w.hdr[:0]
	}
	return appendSent(w.hdr[:0], seq, w.now().UnixNano())
}

// WriteFrameFlags sends one frame of payload p as WriteFrame does, with
// flags: in a v2 stream as a flagged frame message (type 4), which is how
// frames of formats that depend on each other (H.264) are sent; seed and
// MJPEG streams cannot carry flags and drop them. p is not retained.
func (w *Writer) WriteFrameFlags(p []byte, seq uint64, captureTime int64, flags FrameFlags) error {
	if w.proto != ProtoV2 || w.err != nil || w.closed {
		return w.WriteFrame(p, seq, captureTime)
	}
	if err := checkPayloadLen(len(p)); err != nil {
		return err
	}
	return w.send(appendV2FlaggedHeader(w.sentHeader(seq), len(p), seq, captureTime, flags), p)
}

// checkPayloadLen refuses payload lengths a Writer cannot send.
func checkPayloadLen(n int) error {
	if n == 0 {
		return errors.New("wire: refusing to write an empty frame (a 0 length ends a seed stream)")
	}
	if n > MaxFrameLimit {
		return fmt.Errorf("wire: refusing a frame of %d bytes, over the limit of %d", n, MaxFrameLimit)
	}
	return nil
}

// Close writes the end marker (v2: after magic and the hello if no frame was
// sent). It does not close the underlying writer. Calling it again does
// nothing.
func (w *Writer) Close() error {
	if w.err != nil {
		return w.err
	}
	if w.closed {
		return nil
	}
	w.closed = true
	switch w.proto {
	case ProtoMJPEG, ProtoH264:
		return nil // the end of the file is the end of the stream
	case ProtoSeed:
		return w.send(appendSeedEnd(w.hdr[:0]), nil)
	}
	return w.send(appendV2End(w.hdr[:0]), nil)
}

// send writes any pending hello, head and p in one write call.
func (w *Writer) send(head, p []byte) error {
	if w.hello != nil {
		// Rare: only the first message. Join hello and head in one slice.
		head = append(w.hello, head...)
		w.hello = nil
	}
	var n int64
	var err error
	switch {
	case len(p) == 0:
		var m int
		m, err = w.w.Write(head)
		n = int64(m)
	case w.writev:
		w.bufs[0], w.bufs[1] = head, p
		w.nb = w.bufs[:]
		n, err = w.nb.WriteTo(w.w)
		w.bufs[0], w.bufs[1] = nil, nil
	default:
		w.joined = append(append(w.joined[:0], head...), p...)
		var m int
		m, err = w.w.Write(w.joined)
		n = int64(m)
	}
	w.written += n
	if err != nil {
		w.err = fmt.Errorf("wire: writing %v stream: %w", w.proto, err)
		return w.err
	}
	return nil
}

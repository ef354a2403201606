package wire

// Protocol v2: the 4-byte magic "VSv2", a Hello message that says what the
// frames hold, then Frame messages carrying a sequence number and a capture
// time, and an End message. Every message is a type byte and a uint32
// little-endian body length; a reader skips messages of types it does not
// know. PROTOCOL.md documents it byte by byte.

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/vidstream/vidstream/wire/pixel"
)

// magic is the first 4 bytes of a v2 stream, "VSv2". As a little-endian
// uint32 it is 846,615,382, larger than any frame cap, so no valid seed
// stream starts with it.
const magic = "VSv2"

// Version is the protocol version a v2 Hello carries.
const Version = 2

// v2 message types.
const (
	msgHello = 1
	msgFrame = 2
	msgEnd   = 3
	// msgFlaggedFrame is a frame with flags (FrameFlags): what frames of
	// formats whose frames depend on each other (H.264) are sent as.
	msgFlaggedFrame = 4
	// msgRefused goes the other way, viewer to sender: the viewer will not
	// show this stream, and says why.
	msgRefused = 16
)

// maxReplyLen bounds the body of a message from the viewer that a sender
// reads; longer ones end the reading.
const maxReplyLen = 4096

// Sizes in the v2 encoding.
const (
	msgHeaderLen   = 5   // type uint8 | length uint32
	frameHeaderLen = 16  // seq uint64 | capture_ns int64
	flagsLen       = 4   // a flagged frame's flags uint32, after the frame header
	helloFixedLen  = 27  // version..name_len
	maxHelloLen    = 512 // largest hello body accepted
	maxNameLen     = 255
	maxFPSMilli    = math.MaxUint32
)

// FrameFlags say more about a frame, in a v2 flagged frame message.
type FrameFlags uint32

// FlagKeyframe marks a frame that decodes on its own: for H.264, an access
// unit with an IDR picture, preceded by its SPS and PPS. Frames after it do
// not depend on any before it.
const FlagKeyframe FrameFlags = 1

// Hello is the first message of a v2 stream: what its frames hold.
type Hello struct {
	// Version is the protocol version, 2 (Writers fill in 0 as 2).
	Version uint16
	// Layout is the frames' layout. Format is always set; for JPEG Width and
	// Height may be 0 (unknown) and Stride and Rows are 0.
	Layout pixel.Layout
	// FPS is the nominal frame rate, 0 when unknown (on the wire: uint32
	// milli-frames per second).
	FPS float64
	// Name is the sender's name, at most 255 bytes; a Reader drops control
	// and format characters (newlines, escapes, bidi overrides) and replaces
	// invalid UTF-8 with U+FFFD.
	Name string
	// Clock says what the frames' capture times are the time of; on the
	// wire one byte after the name, sent only when not ClockUnknown (so a
	// hello without it is byte for byte the older one). Readers that
	// predate it ignore it; a value a Reader does not know reads as
	// ClockUnknown.
	Clock ClockSource
}

// Validate reports whether h can be sent and would be accepted by a Reader.
func (h *Hello) Validate() error {
	if h.Version != Version {
		return fmt.Errorf("wire: hello version %d, want %d", h.Version, Version)
	}
	if !h.Layout.Format.Known() {
		return fmt.Errorf("wire: hello has unknown format %v", h.Layout.Format)
	}
	if err := h.Layout.Validate(); err != nil {
		return fmt.Errorf("wire: hello: %w", err)
	}
	if math.IsNaN(h.FPS) || h.FPS < 0 || math.Round(h.FPS*1000) > maxFPSMilli {
		return fmt.Errorf("wire: hello fps %v out of range 0..%d", h.FPS, maxFPSMilli/1000)
	}
	if len(h.Name) > maxNameLen {
		return fmt.Errorf("wire: hello name is %d bytes, at most %d allowed", len(h.Name), maxNameLen)
	}
	if h.Clock >= numClockSources {
		return fmt.Errorf("wire: hello clock source %d is unknown", h.Clock)
	}
	return nil
}

// appendHello appends h's message (header and body) to b. h must be valid.
func appendHello(b []byte, h *Hello) []byte {
	body := helloFixedLen + len(h.Name)
	if h.Clock != ClockUnknown {
		body++
	}
	b = append(b, msgHello)
	b = binary.LittleEndian.AppendUint32(b, uint32(body))
	b = binary.LittleEndian.AppendUint16(b, h.Version)
	fc := h.Layout.Format.FourCC()
	b = append(b, fc[:]...)
	l := h.Layout
	for _, v := range [...]int{l.Width, l.Height, l.Stride, l.Rows} {
		b = binary.LittleEndian.AppendUint32(b, uint32(v))
	}
	b = binary.LittleEndian.AppendUint32(b, uint32(math.Round(h.FPS*1000)))
	b = append(b, byte(len(h.Name)))
	b = append(b, h.Name...)
	if h.Clock != ClockUnknown {
		b = append(b, byte(h.Clock))
	}
	return b
}

// parseHello decodes and validates a hello body. The byte after the name,
// if any, is the clock source; bytes after it are ignored (room for later
// fields).
func parseHello(body []byte) (*Hello, error) {
	if len(body) < helloFixedLen {
		return nil, fmt.Errorf("wire: hello body is %d bytes, at least %d needed", len(body), helloFixedLen)
	}
	le := binary.LittleEndian
	u := func(off int) int { return int(le.Uint32(body[off:])) }
	h := &Hello{
		Version: le.Uint16(body[0:]),
		Layout: pixel.Layout{
			Format: pixel.FormatFromFourCC([4]byte(body[2:6])),
			Width:  u(6), Height: u(10), Stride: u(14), Rows: u(18),
		},
		FPS: float64(le.Uint32(body[22:])) / 1000,
	}
	n := int(body[26])
	if helloFixedLen+n > len(body) {
		return nil, fmt.Errorf("wire: hello name of %d bytes overruns the %d-byte body", n, len(body))
	}
	h.Name = string(body[helloFixedLen : helloFixedLen+n])
	if c := helloFixedLen + n; c < len(body) && ClockSource(body[c]) < numClockSources {
		h.Clock = ClockSource(body[c])
	}
	if err := h.Validate(); err != nil {
		return nil, fmt.Errorf("wire: bad hello: %w", err)
	}
	h.Name = printable(h.Name)
	return h, nil
}

// readHello reads the v2 hello that must follow magic.
func (r *Reader) readHello() error {
	h := r.scratch[:msgHeaderLen]
	if err := r.readHeader(h, "v2 hello header"); err != nil {
		if err == ErrNoEndMarker {
			return fmt.Errorf("wire: v2 stream ended before its hello: %w", io.ErrUnexpectedEOF)
		}
		return err
	}
	typ, n := h[0], binary.LittleEndian.Uint32(h[1:])
	if typ != msgHello {
		return fmt.Errorf("wire: v2 stream starts with message type %d, want hello (%d)", typ, msgHello)
	}
	if n > maxHelloLen {
		return fmt.Errorf("wire: v2 hello of %d bytes is over the limit of %d", n, maxHelloLen)
	}
	body := r.scratch[:n]
	if err := r.readBody(body, "v2 hello"); err != nil {
		return err
	}
	hello, err := parseHello(body)
	if err != nil {
		return err
	}
	r.hello = hello
	return nil
}

// v2Frame reads v2 messages until a frame or the end.
func (r *Reader) v2Frame(buf []byte) (Frame, error) {
	for {
		h := r.scratch[:msgHeaderLen]
		if err := r.readHeader(h, "v2 message header"); err != nil {
			return Frame{}, err
		}
		typ, n := h[0], binary.LittleEndian.Uint32(h[1:])
		switch typ {
		case msgHello:
			return Frame{}, errors.New("wire: v2 stream has a second hello")
		case msgEnd:
			if n != 0 {
				return Frame{}, fmt.Errorf("wire: v2 end message has length %d, want 0", n)
			}
			return Frame{}, io.EOF
		case msgFrame, msgFlaggedFrame:
			return r.v2FrameBody(buf, typ, n)
		case msgSent, msgTimeReply:
			if err := r.readTiming(typ, n); err != nil {
				return Frame{}, err
			}
		default:
			if uint64(n) > uint64(r.max) {
				return Frame{}, &FrameTooLargeError{Length: int64(n), Max: r.max}
			}
			if err := r.skip(int(n), typ); err != nil {
				return Frame{}, err
			}
		}
	}
}

// v2FrameBody reads the body of an n-byte frame message of type typ
// (msgFrame or msgFlaggedFrame).
func (r *Reader) v2FrameBody(buf []byte, typ byte, n uint32) (Frame, error) {
	head := frameHeaderLen
	if typ == msgFlaggedFrame {
		head += flagsLen
	}
	if n <= uint32(head) {
		return Frame{}, fmt.Errorf("wire: v2 frame message of %d bytes has no payload (header is %d)", n, head)
	}
	size := uint64(n) - uint64(head)
	if size > uint64(r.max) {
		return Frame{}, &FrameTooLargeError{Length: int64(size), Max: r.max}
	}
	fh := r.scratch[:head]
	if err := r.readBody(fh, "v2 frame header"); err != nil {
		return Frame{}, err
	}
	f := Frame{
		Seq:         binary.LittleEndian.Uint64(fh),
		CaptureTime: int64(binary.LittleEndian.Uint64(fh[8:])),
	}
	if r.haveSent && r.sentSeq == f.Seq {
		f.SentTime = r.sentNs
	}
	r.haveSent = false // a Sent message is about the frame right after it only
	if typ == msgFlaggedFrame {
		// Flags this reader does not know are ignored.
		f.Keyframe = FrameFlags(binary.LittleEndian.Uint32(fh[16:]))&FlagKeyframe != 0
	}
	p, err := r.readPayload(buf, int(size))
	if err != nil {
		return Frame{}, err
	}
	f.Payload = p
	return f, nil
}

// skip discards n bytes of an unknown message through the scratch buffer.
func (r *Reader) skip(n int, typ byte) error {
	done := 0
	for done < n {
		c := min(n-done, len(r.scratch))
		if err := r.readBody(r.scratch[:c], "v2 message"); err != nil {
			return fmt.Errorf("wire: skipping message type %d (%d of %d bytes): %w", typ, done, n, err)
		}
		done += c
	}
	return nil
}

// appendV2FrameHeader appends the header of a frame message with an n-byte
// payload to b.
func appendV2FrameHeader(b []byte, n int, seq uint64, captureTime int64) []byte {
	b = append(b, msgFrame)
	b = binary.LittleEndian.AppendUint32(b, uint32(frameHeaderLen+n))
	b = binary.LittleEndian.AppendUint64(b, seq)
	return binary.LittleEndian.AppendUint64(b, uint64(captureTime))
}

// appendV2FlaggedHeader appends the header of a flagged frame message with
// an n-byte payload to b.
func appendV2FlaggedHeader(b []byte, n int, seq uint64, captureTime int64, flags FrameFlags) []byte {
	b = append(b, msgFlaggedFrame)
	b = binary.LittleEndian.AppendUint32(b, uint32(frameHeaderLen+flagsLen+n))
	b = binary.LittleEndian.AppendUint64(b, seq)
	b = binary.LittleEndian.AppendUint64(b, uint64(captureTime))
	return binary.LittleEndian.AppendUint32(b, uint32(flags))
}

// appendV2End appends the end message to b.
func appendV2End(b []byte) []byte { return append(b, msgEnd, 0, 0, 0, 0) }

// printable returns name fit to show and log: invalid UTF-8 replaced by
// U+FFFD, control characters (C0, C1: newlines, terminal escapes) and
// format characters (bidi overrides, zero-width) dropped, and cut to
// maxNameLen bytes at a character boundary.
func printable(name string) string {
	clean := true
	for _, r := range name {
		if r == utf8.RuneError || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			clean = false
			break
		}
	}
	if clean {
		return name
	}
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(name, "\uFFFD"))
	for len(name) > maxNameLen {
		_, n := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-n]
	}
	return name
}

// WriteRefusal writes to w, a v2 sender's connection, the viewer's reply
// that it will not show the stream, with reason for the sender to print
// (at most 255 bytes are sent). Senders that do not read their connection,
// as seed ones, never see it; v2 senders that read it learn why they were
// cut off.
func WriteRefusal(w io.Writer, reason string) error {
	reason = printable(reason)
	b := append([]byte{msgRefused}, binary.LittleEndian.AppendUint32(nil, uint32(len(reason)))...)
	if _, err := w.Write(append(b, reason...)); err != nil {
		return fmt.Errorf("wire: writing the refusal: %w", err)
	}
	return nil
}

package wire

import (
	"encoding/binary"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"
)

// DefaultMaxFrame is the cap on one frame's length when a Reader is given none.
const DefaultMaxFrame = 32 << 20

// MaxFrameLimit is the largest cap a Reader accepts (larger ones are clamped
// to it) and the largest payload a Writer sends. Magic read as a seed length
// (846,615,382) is far above it.
const MaxFrameLimit = 256 << 20

// Magic is the first 4 bytes of a v2 stream, "VSv2". As a little-endian
// uint32 it is 846,615,382, larger than any frame cap, so no valid seed
// stream starts with it.
var Magic = [4]byte{'V', 'S', 'v', '2'}

// Version is the protocol version a v2 Hello carries.
const Version = 2

// v2 message types.
const (
	msgHello = 1
	msgFrame = 2
	msgEnd   = 3
)

// Sizes in the v2 encoding.
const (
	msgHeaderLen   = 5   // type uint8 | length uint32
	frameHeaderLen = 16  // seq uint64 | capture_ns int64
	helloFixedLen  = 27  // version..name_len
	maxHelloLen    = 512 // largest hello body accepted
	maxNameLen     = 255
	maxFPSMilli    = math.MaxUint32
)

// Protocol names a stream's framing.
type Protocol int

// The protocols a Reader can detect.
const (
	// ProtoUnknown means no bytes have been read yet.
	ProtoUnknown Protocol = iota
	// ProtoSeed is the blog post's length-prefixed framing.
	ProtoSeed
	// ProtoV2 is the Magic-prefixed message framing with a Hello.
	ProtoV2
	// ProtoMJPEG is plain concatenated JPEGs, as rpicam-vid --codec mjpeg
	// writes: no framing, each frame from its SOI to its EOI marker.
	ProtoMJPEG
)

// String returns "unknown", "seed", "v2" or "mjpeg".
func (p Protocol) String() string {
	switch p {
	case ProtoSeed:
		return "seed"
	case ProtoV2:
		return "v2"
	case ProtoMJPEG:
		return "mjpeg"
	}
	return "unknown"
}

// Hello is the first message of a v2 stream: what its frames hold.
type Hello struct {
	// Version is the protocol version, 2 (Writers fill in 0 as 2).
	Version uint16
	// Layout is the frames' layout. Format is always set; for JPEG Width and
	// Height may be 0 (unknown) and Stride and Rows are 0.
	Layout Layout
	// FPS is the nominal frame rate, 0 when unknown (on the wire: uint32
	// milli-frames per second).
	FPS float64
	// Name is the sender's name, at most 255 bytes; a Reader replaces invalid
	// UTF-8 with U+FFFD.
	Name string
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
	return nil
}

// appendHello appends h's message (header and body) to b. h must be valid.
func appendHello(b []byte, h *Hello) []byte {
	body := helloFixedLen + len(h.Name)
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
	return append(b, h.Name...)
}

// parseHello decodes and validates a hello body. Bytes after the name are
// ignored (room for later versions).
func parseHello(body []byte) (*Hello, error) {
	if len(body) < helloFixedLen {
		return nil, fmt.Errorf("wire: hello body is %d bytes, at least %d needed", len(body), helloFixedLen)
	}
	le := binary.LittleEndian
	u := func(off int) int { return int(le.Uint32(body[off:])) }
	h := &Hello{
		Version: le.Uint16(body[0:]),
		Layout: Layout{
			Format: FormatFromFourCC([4]byte(body[2:6])),
			Width:  u(6), Height: u(10), Stride: u(14), Rows: u(18),
		},
		FPS: float64(le.Uint32(body[22:])) / 1000,
	}
	n := int(body[26])
	if helloFixedLen+n > len(body) {
		return nil, fmt.Errorf("wire: hello name of %d bytes overruns the %d-byte body", n, len(body))
	}
	h.Name = string(body[helloFixedLen : helloFixedLen+n])
	if err := h.Validate(); err != nil {
		return nil, fmt.Errorf("wire: bad hello: %w", err)
	}
	if !utf8.ValidString(h.Name) {
		h.Name = strings.ToValidUTF8(h.Name, "\uFFFD")
	}
	return h, nil
}

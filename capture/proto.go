package capture

import (
	"fmt"
	"io"

	"github.com/vidstream/vidstream/wire"
)

// The protocols a sender speaks.
const (
	// ProtoSeed is the blog post's protocol: each frame a uint32
	// little-endian length and the payload, a length of 0 ending the stream.
	ProtoSeed = "seed"
	// ProtoV2 is protocol v2: magic, hello, frames with sequence number and
	// capture time, end marker (see package wire).
	ProtoV2 = "v2"
	// ProtoMJPEG is plain concatenated JPEGs, as rpicam-vid writes: for
	// recordings (picam -o), JPEG sources only.
	ProtoMJPEG = "mjpeg"
)

// NewWriter returns the wire.Writer of proto ("" is ProtoSeed) over w; h is
// what a v2 stream announces, and says whether an MJPEG stream can carry the
// frames.
func NewWriter(w io.Writer, proto string, h wire.Hello) (*wire.Writer, error) {
	switch proto {
	case ProtoSeed, "":
		return wire.NewSeedWriter(w), nil
	case ProtoV2:
		if err := h.Validate(); err != nil {
			return nil, fmt.Errorf("source hello: %w", err)
		}
		return wire.NewV2Writer(w, h), nil
	case ProtoMJPEG:
		if h.Layout.Format != wire.FormatJPEG {
			return nil, fmt.Errorf("protocol mjpeg carries JPEG frames only, not %s", h.Layout.Format)
		}
		return wire.NewMJPEGWriter(w), nil
	}
	return nil, fmt.Errorf("unknown protocol %q (want %s, %s or %s)", proto, ProtoSeed, ProtoV2, ProtoMJPEG)
}

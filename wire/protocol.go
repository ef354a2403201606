package wire

import (
	"fmt"

	"github.com/vidstream/vidstream/wire/pixel"
)

// DefaultPort is the blog post's port: where the viewer listens, and picam
// connects, unless told otherwise.
const DefaultPort = 1308

// SeedWidth and SeedHeight are the raw frame size the blog post's server
// assumes in seed streams, and its client's default: 320x240.
const SeedWidth, SeedHeight = 320, 240

// DefaultMaxFrame is the cap on one frame's length when a Reader is given
// none, and what a sender should stay under.
const DefaultMaxFrame = 32 << 20

// MaxFrameLimit is the largest cap a Reader accepts (larger ones are clamped
// to it) and the largest payload a Writer sends: the most a raw frame of a
// valid layout takes. magic read as a seed length (846,615,382) is far above
// it.
const MaxFrameLimit = pixel.MaxSize

// Protocol names a stream's framing.
type Protocol int

// The protocols vidstream reads and writes.
const (
	// ProtoUnknown means no bytes have been read yet.
	ProtoUnknown Protocol = iota
	// ProtoSeed is the blog post's length-prefixed framing (seed.go).
	ProtoSeed
	// ProtoV2 is the magic-prefixed message framing with a Hello (v2.go).
	ProtoV2
	// ProtoMJPEG is plain concatenated JPEGs, as rpicam-vid --codec mjpeg
	// writes: no framing, each frame from its SOI to its EOI marker
	// (mjpeg.go).
	ProtoMJPEG
	// ProtoH264 is a raw H.264 Annex-B byte stream, as rpicam-vid --codec
	// h264 writes: no framing, one frame per access unit (h264.go).
	ProtoH264
)

// protocolNames are the names String gives and ParseProtocol reads.
var protocolNames = [...]string{ProtoSeed: "seed", ProtoV2: "v2", ProtoMJPEG: "mjpeg", ProtoH264: "h264"}

// String returns "seed", "v2", "mjpeg", "h264", or "unknown".
func (p Protocol) String() string {
	if p > ProtoUnknown && int(p) < len(protocolNames) {
		return protocolNames[p]
	}
	return "unknown"
}

// ParseProtocol returns the protocol named s: "seed", "v2", "mjpeg" or
// "h264".
func ParseProtocol(s string) (Protocol, error) {
	for p, name := range protocolNames {
		if name != "" && s == name {
			return Protocol(p), nil
		}
	}
	return ProtoUnknown, fmt.Errorf("unknown protocol %q (want seed, v2, mjpeg or h264)", s)
}

package codec

import (
	"errors"
	"fmt"
	"image"

	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/h264"
	"github.com/vidstream/vidstream/wire/jpeg"
	"github.com/vidstream/vidstream/wire/pixel"
)

// Options say how a stream's payloads become pixels. The zero value decodes
// the blog post's 320x240 seed frames, YUV in grey, under the default pixel
// cap.
type Options struct {
	// Size is the raw frame size in seed streams, whose frames carry none;
	// zero means wire.SeedWidth x wire.SeedHeight.
	Size image.Point
	// Color shows I420 frames in colour; false shows their Y plane in grey,
	// as the post's server does.
	Color bool
	// MaxPixels caps the pixels of an image; 0 means
	// pixel.DefaultMaxPixels. For a JPEG the cap applies to its full
	// declared size, even when it is decoded scaled.
	MaxPixels int
	// Budget is the memory decoding may hold at once, shared by every
	// Decoder given it (a viewer gives all its decoders one): each frame
	// reserves what it will need before it is decoded, waiting while other
	// decoders hold the rest, and one needing more than the whole budget is
	// refused with an error wrapping *pixel.OverBudgetError. nil limits
	// nothing.
	Budget *pixel.Budget
}

// seedSize returns the raw frame size of seed streams.
func (o Options) seedSize() image.Point {
	if o.Size == (image.Point{}) {
		return image.Pt(wire.SeedWidth, wire.SeedHeight)
	}
	return o.Size
}

// Decoder decodes one stream's payloads, in the order it is given them. It
// belongs to one goroutine, from Codec.NewDecoder to Close.
type Decoder interface {
	// Decode decodes payload into dst (reused when it is a tightly packed
	// RGBA at (0,0) of the decoded size, else a new one is returned) and
	// says what the payload was: its format and full size, which for a
	// JPEG decoded scaled is the JPEG's, not the image's. fit is the size
	// the image will be shown at, zero (or a coordinate <= 0) for full
	// size: with libjpeg-turbo a JPEG decodes at the smallest of 1/8, 1/4,
	// 1/2 and full scale that still covers it; raw frames are never
	// scaled. payload is only read, during the call: the result never
	// aliases it. An image over Options.MaxPixels is refused with
	// *pixel.ImageTooLargeError before anything is allocated for it, and
	// one needing more memory than Options.Budget with an error wrapping
	// *pixel.OverBudgetError. After
	// an error the pixels of dst are unspecified.
	Decode(dst *image.RGBA, payload []byte, fit image.Point) (*image.RGBA, pixel.Layout, error)
	// Close frees what the Decoder holds; it must not be used after.
	Close()
}

// Codec is how one stream's frames are decoded.
type Codec struct {
	// Name says what decodes the frames, for logs and statistics: "jpeg
	// (libjpeg-turbo)", "yuv", "seed: jpeg (image/jpeg) or raw by length".
	Name string
	// Ordered says each frame depends on the ones before it (as H.264's
	// do): every frame must go, in order, to one Decoder, and after frames
	// are dropped only a Keyframe decodes. Frames of an unordered codec
	// (JPEG, raw) decode on their own, on several Decoders at once.
	Ordered bool
	// Keyframe reports whether a payload of an Ordered codec decodes on its
	// own; nil for unordered codecs.
	Keyframe func(payload []byte) bool
	// NewDecoder makes a Decoder for the stream. The caller owns it and must
	// Close it.
	NewDecoder func() (Decoder, error)
}

// compressedCodec is one compressed format the viewer decodes.
type compressedCodec struct {
	name     string                    // its format and decoder, for Codec.Name
	format   pixel.Format              // its FourCC, as a v2 hello names it
	match    func(payload []byte) bool // recognises its payload in a seed stream
	keyframe func(payload []byte) bool // for Interframe formats: decodes on its own
	open     func(Options) (Decoder, error)
}

// compressed is every compressed format the viewer decodes. A new codec is
// its package and one line here.
var compressed = [...]compressedCodec{
	{name: "jpeg (" + jpeg.Backend + ")", format: pixel.FormatJPEG, match: jpeg.IsJPEG, open: newJPEGDecoder},
	// H.264 never comes in seed streams (nothing there says where a
	// keyframe is): only v2 (and raw Annex-B recordings) carry it.
	{name: "h264 (" + h264.Backend + ")", format: pixel.FormatH264, match: never, keyframe: h264Keyframe, open: newH264Decoder},
}

// never matches no payload.
func never([]byte) bool { return false }

// ForStream returns the codec of a stream whose first frame has been read:
// its protocol and, for v2, its hello. A v2 stream's frames are its hello's
// format; an MJPEG stream's are JPEGs; a seed stream's payloads are each told
// apart as the post's server does (see the seed decoder). A format the
// viewer cannot decode, or a v2 raw layout that is not valid, is an error.
func ForStream(p wire.Protocol, h *wire.Hello, o Options) (Codec, error) {
	switch p {
	case wire.ProtoSeed:
		return Codec{
			Name:       "seed: " + seedMatchNames() + " or raw by length",
			NewDecoder: func() (Decoder, error) { return newSeedDecoder(o), nil },
		}, nil
	case wire.ProtoMJPEG:
		return compressedFor(pixel.FormatJPEG, o)
	case wire.ProtoH264:
		return compressedFor(pixel.FormatH264, o)
	case wire.ProtoV2:
		if h == nil {
			return Codec{}, errors.New("codec: a v2 stream without its hello")
		}
		l := h.Layout
		if l.Format.IsRaw() {
			if err := l.Validate(); err != nil {
				return Codec{}, fmt.Errorf("codec: v2 stream: %w", err)
			}
			return Codec{
				Name:       l.Format.String(),
				NewDecoder: func() (Decoder, error) { return &rawDecoder{layout: l, o: o}, nil },
			}, nil
		}
		return compressedFor(l.Format, o)
	}
	return Codec{}, fmt.Errorf("codec: cannot decode a stream of protocol %v", p)
}

// compressedFor returns the codec of compressed format f.
func compressedFor(f pixel.Format, o Options) (Codec, error) {
	for _, c := range compressed {
		if c.format == f {
			return Codec{
				Name:       c.name,
				Ordered:    c.format.Interframe(),
				Keyframe:   c.keyframe,
				NewDecoder: func() (Decoder, error) { return c.open(o) },
			}, nil
		}
	}
	return Codec{}, fmt.Errorf("codec: no decoder for format %v", f)
}

// ErrNoPicture is returned by Decode for a frame that completed no picture
// yet (an H.264 decoder holding a picture back to reorder B-frames): not an
// error, and nothing to show; the picture comes with a later frame.
var ErrNoPicture = errors.New("codec: no picture yet")

// ErrWaitingForKeyframe is returned by Decode of an Ordered codec for a
// frame it will not decode: the stream started, or a frame failed, since the
// last keyframe, so this frame would show a broken picture. Count it as
// dropped; decoding resumes at the next keyframe.
var ErrWaitingForKeyframe = errors.New("codec: waiting for a keyframe")

// errEmpty is the error of an empty payload.
var errEmpty = errors.New("codec: empty payload")

// Decoders names the compressed formats this build decodes and with what,
// for an About box: "jpeg (libjpeg-turbo)", "h264 (libavcodec …)".
func Decoders() []string {
	names := make([]string, len(compressed))
	for i, c := range compressed {
		names[i] = c.name
	}
	return names
}

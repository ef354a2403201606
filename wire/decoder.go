package wire

import (
	"errors"
	"fmt"
	"image"
)

// SeedSize is the raw frame size the blog post's server assumes, 320x240.
var SeedSize = image.Pt(320, 240)

// Decoder turns one frame payload into pixels. Its zero value decodes seed
// streams of the post's 320x240 frames in grey. A Decoder is a value with no
// state; it is safe for concurrent use (the buffers passed to it are not).
type Decoder struct {
	// Size is the raw frame size in seed streams; zero means SeedSize.
	Size image.Point
	// Color shows I420 frames in colour; false shows the Y plane in grey, as
	// the post's server does.
	Color bool
	// MaxPixels caps the pixels of an image; 0 means DefaultMaxPixels.
	MaxPixels int
}

func (d Decoder) maxPixels() int {
	if d.MaxPixels <= 0 {
		return DefaultMaxPixels
	}
	return d.MaxPixels
}

// Image decodes payload. hello is the v2 stream's hello, or nil for a seed
// stream, where a payload starting with a JPEG SOI marker is a JPEG and
// anything else a raw frame of d.Size classified by ClassifyRaw; a payload
// that starts like a JPEG but does not decode as one is taken as raw when its
// length fits a raw layout (a raw frame may start with FF D8 FF).
//
// The image may alias payload (I420 and Gray, wrapped without copying) or dst
// (packed formats are converted into dst when it is a tightly packed RGBA of
// the right size, else into a new RGBA); JPEGs are newly allocated. The
// returned Layout says what the payload was (for JPEG: FormatJPEG and the
// decoded size). A raw payload whose length is not the layout's Size is an
// error, and so is an image over MaxPixels (*ImageTooLargeError).
func (d Decoder) Image(dst *image.RGBA, payload []byte, hello *Hello) (image.Image, Layout, error) {
	if len(payload) == 0 {
		return nil, Layout{}, errors.New("wire: empty payload")
	}
	var l Layout
	switch {
	case hello != nil && hello.Layout.Format == FormatJPEG:
		return d.jpeg(payload)
	case hello != nil:
		l = hello.Layout
		if err := l.Validate(); err != nil {
			return nil, l, fmt.Errorf("wire: v2 frame: %w", err)
		}
		if len(payload) != l.Size() {
			return nil, l, fmt.Errorf("wire: v2 frame payload is %d bytes, layout %v expects %d", len(payload), l, l.Size())
		}
	default:
		size := d.Size
		if size == (image.Point{}) {
			size = SeedSize
		}
		raw, rawErr := ClassifyRaw(len(payload), size.X, size.Y)
		if IsJPEG(payload) {
			img, jl, err := d.jpeg(payload)
			var tooLarge *ImageTooLargeError
			// Like the post's server: what does not decode as a JPEG may be
			// a raw frame that happens to start with FF D8 FF.
			if err == nil || rawErr != nil || errors.As(err, &tooLarge) {
				return img, jl, err
			}
		}
		if rawErr != nil {
			return nil, Layout{}, fmt.Errorf("wire: seed raw frame: %w", rawErr)
		}
		l = raw
	}
	if max := d.maxPixels(); int64(l.Width)*int64(l.Height) > int64(max) {
		return nil, l, &ImageTooLargeError{Width: l.Width, Height: l.Height, Max: max}
	}
	var img image.Image
	var err error
	switch l.Format {
	case FormatI420:
		if d.Color {
			img, err = DecodeI420(payload, l)
		} else {
			img, err = DecodeGray(payload, l)
		}
	case FormatGray:
		img, err = DecodeGray(payload, l)
	default:
		img, err = DecodePacked(dst, payload, l)
	}
	if err != nil {
		return nil, l, err
	}
	return img, l, nil
}

// jpeg decodes a JPEG payload.
func (d Decoder) jpeg(payload []byte) (image.Image, Layout, error) {
	img, err := DecodeJPEG(payload, d.maxPixels())
	if err != nil {
		return nil, Layout{Format: FormatJPEG}, err
	}
	b := img.Bounds()
	return img, Layout{Format: FormatJPEG, Width: b.Dx(), Height: b.Dy()}, nil
}

// RGBA decodes payload like Image and converts the result into dst (reused
// when it is a tightly packed RGBA of the image's size, else a new one is
// returned). The result never aliases payload.
func (d Decoder) RGBA(dst *image.RGBA, payload []byte, hello *Hello) (*image.RGBA, Layout, error) {
	img, l, err := d.Image(dst, payload, hello)
	if err != nil {
		return nil, l, err
	}
	if rgba, ok := img.(*image.RGBA); ok {
		return rgba, l, nil // packed formats: already converted into dst or a new image
	}
	return ToRGBA(dst, img), l, nil
}

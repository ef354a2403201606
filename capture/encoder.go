package capture

import (
	"bytes"
	"fmt"
	"image"
	stdjpeg "image/jpeg"

	"github.com/vidstream/vidstream/wire/pixel"
)

// DefaultQuality is the JPEG quality an encoder uses when given 0.
const DefaultQuality = 85

// encoder turns w x h RGBA images into frame payloads in picamera's byte
// layouts: JPEG (image/jpeg), I420 ('yuv'), RGB24 ('rgb'), BGR24, RGBA,
// BGRA (all padded to 32x16 as picamera does, see pixel.PicameraLayout) and
// grey (unpadded). It reuses one output buffer, so raw formats allocate
// nothing in steady state. An encoder is not safe for concurrent use.
type encoder struct {
	layout  pixel.Layout
	quality int
	raw     []byte       // output of the raw encoders
	jpg     bytes.Buffer // output of the JPEG encoder
	opts    stdjpeg.Options
}

// newEncoder returns an encoder of w x h images into format f. quality is
// the JPEG quality, 1..100, or 0 for DefaultQuality; it is checked for every
// format but used only by JPEG.
func newEncoder(f pixel.Format, w, h, quality int) (*encoder, error) {
	if quality == 0 {
		quality = DefaultQuality
	}
	if quality < 1 || quality > 100 {
		return nil, fmt.Errorf("capture: jpeg quality %d out of range 1..100", quality)
	}
	if !f.Known() {
		return nil, fmt.Errorf("capture: cannot encode format %v", f)
	}
	if w < 1 || h < 1 || w > pixel.MaxDimension || h > pixel.MaxDimension {
		return nil, fmt.Errorf("capture: encoder size %dx%d out of range 1..%d", w, h, pixel.MaxDimension)
	}
	l := pixel.PicameraLayout(f, w, h)
	if err := l.Validate(); err != nil {
		return nil, fmt.Errorf("capture: encoder layout %v: %w", l, err)
	}
	e := &encoder{layout: l, quality: quality, opts: stdjpeg.Options{Quality: quality}}
	if f.IsRaw() {
		e.raw = make([]byte, 0, l.Size())
	}
	return e, nil
}

// Layout returns the layout of the payloads e produces (for JPEG: the format
// and size, with Stride and Rows 0).
func (e *encoder) Layout() pixel.Layout { return e.layout }

// Quality returns the JPEG quality e uses.
func (e *encoder) Quality() int { return e.quality }

// Encode encodes img, which must be exactly the encoder's size (any Min
// point), and returns the payload. The payload is owned by e and valid until
// the next call to Encode; img is only read and not retained.
func (e *encoder) Encode(img *image.RGBA) ([]byte, error) {
	if img == nil {
		return nil, fmt.Errorf("capture: encoding a nil image")
	}
	if b := img.Bounds(); b.Dx() != e.layout.Width || b.Dy() != e.layout.Height {
		return nil, fmt.Errorf("capture: encoding a %dx%d image with a %dx%d encoder",
			b.Dx(), b.Dy(), e.layout.Width, e.layout.Height)
	}
	if e.layout.Format == pixel.FormatJPEG {
		e.jpg.Reset()
		if err := stdjpeg.Encode(&e.jpg, img, &e.opts); err != nil {
			return nil, fmt.Errorf("capture: encoding jpeg: %w", err)
		}
		return e.jpg.Bytes(), nil
	}
	out := pixel.Encode(e.raw, img, e.layout)
	if out == nil {
		return nil, fmt.Errorf("capture: encoding %v failed", e.layout)
	}
	e.raw = out
	return out, nil
}

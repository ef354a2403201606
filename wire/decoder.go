package wire

import (
	"errors"
	"fmt"
	"image"
	"runtime"
)

// SeedSize is the raw frame size the blog post's server assumes, 320x240.
var SeedSize = image.Pt(320, 240)

// Decoder turns one frame payload into pixels. Its zero value decodes seed
// streams of the post's 320x240 frames in grey. A Decoder is a value with no
// state of its own; it is safe for concurrent use (the buffers passed to it
// are not). What decoding reuses from frame to frame (a libjpeg-turbo handle,
// image headers) is taken from a package-wide free list for the duration of a
// call, so RGBA allocates nothing per frame in steady state when dst is
// reused: for every raw format, and for JPEG with libjpeg-turbo.
//
// JPEGs are decoded by libjpeg-turbo in builds with the turbojpeg tag and
// cgo, and by image/jpeg otherwise (see JPEGBackend).
type Decoder struct {
	// Size is the raw frame size in seed streams; zero means SeedSize.
	Size image.Point
	// Color shows I420 frames in colour; false shows the Y plane in grey, as
	// the post's server does.
	Color bool
	// MaxPixels caps the pixels of an image; 0 means DefaultMaxPixels. For a
	// JPEG the cap applies to its full declared size, even when decoded scaled.
	MaxPixels int
	// Fit is the size the image will be shown at; zero (or a coordinate <= 0)
	// means full size. With libjpeg-turbo a JPEG is decoded at the smallest
	// of 1/8, 1/4, 1/2 and full scale whose size still covers Fit in both
	// dimensions (1920x1080 with Fit 480x270 decodes at 480x270; with Fit
	// 500x300 at 960x540). The returned Layout still holds the JPEG's full
	// size; the image's bounds are the decoded size. image/jpeg ignores Fit,
	// and raw frames are never scaled.
	Fit image.Point
}

func (d Decoder) maxPixels() int {
	if d.MaxPixels <= 0 {
		return DefaultMaxPixels
	}
	return d.MaxPixels
}

// decodeState is what one decoding call reuses: the JPEG decoder, created on
// first use, and headers wrapping raw payloads for RGBA's conversion.
type decodeState struct {
	jpeg *jpegDecoder
	yc   image.YCbCr
	gray image.Gray
}

// idleStates is the free list of decodeStates, one per goroutine decoding at
// the same time up to its capacity; states are kept for the life of the
// process. A state finding the list full is closed.
var idleStates = make(chan *decodeState, max(4, runtime.GOMAXPROCS(0)))

// getState takes an idle decodeState or makes one.
func getState() *decodeState {
	select {
	case s := <-idleStates:
		return s
	default:
		return new(decodeState)
	}
}

// putState gives s back to the free list, or frees it when the list is full.
// It drops the headers so that s does not keep a payload alive.
func putState(s *decodeState) {
	s.yc, s.gray = image.YCbCr{}, image.Gray{}
	select {
	case idleStates <- s:
	default:
		if s.jpeg != nil {
			s.jpeg.close()
		}
	}
}

// Image decodes payload. hello is the v2 stream's hello, or nil for a seed
// stream, where a payload starting with a JPEG SOI marker is a JPEG and
// anything else a raw frame of d.Size classified by ClassifyRaw; a payload
// that starts like a JPEG but does not decode as one is taken as raw when its
// length fits a raw layout (a raw frame may start with FF D8 FF).
//
// The image may alias payload (I420 and Gray, wrapped without copying) or dst
// (packed formats, and JPEGs decoded by libjpeg-turbo, are written into dst
// when it is a tightly packed RGBA of the decoded size at (0,0), else into a
// new RGBA); JPEGs decoded by image/jpeg are newly allocated. The returned
// Layout says what the payload was (for JPEG: FormatJPEG and the JPEG's full
// size, which differs from the image's when Fit scaled it down). A raw payload
// whose length is not the layout's Size is an error, and so is an image over
// MaxPixels (*ImageTooLargeError). After an error the pixels of dst are
// unspecified.
func (d Decoder) Image(dst *image.RGBA, payload []byte, hello *Hello) (image.Image, Layout, error) {
	st := getState()
	defer putState(st)
	return d.decode(st, dst, payload, hello, false)
}

// RGBA decodes payload like Image and converts the result into dst (reused
// when it is a tightly packed RGBA at (0,0) of the decoded size, else a new
// one is returned). The result never aliases payload; the caller owns it, and
// dst when it was reused. With a reused dst it allocates nothing for raw
// formats, nor for JPEG with libjpeg-turbo.
func (d Decoder) RGBA(dst *image.RGBA, payload []byte, hello *Hello) (*image.RGBA, Layout, error) {
	st := getState()
	defer putState(st)
	img, l, err := d.decode(st, dst, payload, hello, true)
	if err != nil {
		return nil, l, err
	}
	if rgba, ok := img.(*image.RGBA); ok {
		return rgba, l, nil // packed formats, libjpeg-turbo: already in dst or a new image
	}
	return ToRGBA(dst, img), l, nil
}

// decode does Image's work with st. With reuse, I420 and Gray payloads are
// wrapped in st's headers, valid only until st is put back (RGBA converts them
// before that); without it they get new headers, as Image returns them.
func (d Decoder) decode(st *decodeState, dst *image.RGBA, payload []byte, hello *Hello, reuse bool) (image.Image, Layout, error) {
	if len(payload) == 0 {
		return nil, Layout{}, errors.New("wire: empty payload")
	}
	var l Layout
	switch {
	case hello != nil && hello.Layout.Format == FormatJPEG:
		return d.jpeg(st, dst, payload)
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
		if IsJPEG(payload) {
			img, jl, err := d.jpeg(st, dst, payload)
			if err == nil || isTooLarge(err) {
				return img, jl, err
			}
			// Like the post's server: what does not decode as a JPEG may be
			// a raw frame that happens to start with FF D8 FF.
			raw, rawErr := ClassifyRaw(len(payload), size.X, size.Y)
			if rawErr != nil {
				return img, jl, err
			}
			l = raw
		} else {
			raw, rawErr := ClassifyRaw(len(payload), size.X, size.Y)
			if rawErr != nil {
				return nil, Layout{}, fmt.Errorf("wire: seed raw frame: %w", rawErr)
			}
			l = raw
		}
	}
	if max := d.maxPixels(); int64(l.Width)*int64(l.Height) > int64(max) {
		return nil, l, &ImageTooLargeError{Width: l.Width, Height: l.Height, Max: max}
	}
	var img image.Image
	var err error
	switch {
	case l.Format == FormatI420 && d.Color && reuse:
		err = wrapI420(&st.yc, payload, l)
		img = &st.yc
	case l.Format == FormatI420 && d.Color:
		img, err = DecodeI420(payload, l)
	case (l.Format == FormatI420 || l.Format == FormatGray) && reuse:
		err = wrapGray(&st.gray, payload, l)
		img = &st.gray
	case l.Format == FormatI420 || l.Format == FormatGray:
		img, err = DecodeGray(payload, l)
	default:
		img, err = DecodePacked(dst, payload, l)
	}
	if err != nil {
		return nil, l, err
	}
	return img, l, nil
}

// jpeg decodes a JPEG payload with st's JPEG decoder, into dst with
// libjpeg-turbo, scaled to d.Fit.
func (d Decoder) jpeg(st *decodeState, dst *image.RGBA, payload []byte) (image.Image, Layout, error) {
	if st.jpeg == nil {
		j, err := newJPEGDecoder()
		if err != nil {
			return nil, Layout{Format: FormatJPEG}, err
		}
		st.jpeg = j
	}
	img, full, err := st.jpeg.decode(dst, payload, d.maxPixels(), d.Fit)
	if err != nil {
		return nil, Layout{Format: FormatJPEG}, err
	}
	return img, Layout{Format: FormatJPEG, Width: full.X, Height: full.Y}, nil
}

// isTooLarge reports whether err is an *ImageTooLargeError.
func isTooLarge(err error) bool {
	var tooLarge *ImageTooLargeError
	return errors.As(err, &tooLarge)
}

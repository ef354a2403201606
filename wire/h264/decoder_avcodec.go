//go:build avcodec && cgo

package h264

// A thin binding of FFmpeg's libavcodec H.264 decoder and libswscale, built
// with the avcodec tag and cgo; decoder_none.go is the build without it. The
// C half is decoder_avcodec.c.

/*
#cgo pkg-config: libavcodec libavutil libswscale
#include "decoder_avcodec.h"
*/
import "C"

import (
	"errors"
	"fmt"
	"image"
	"math"
	"unsafe"

	"github.com/vidstream/vidstream/wire/pixel"
)

// Backend names the H.264 decoder this build uses: "libavcodec" and its
// version (as "libavcodec 59.37.100") with the avcodec build tag and cgo,
// "none" otherwise.
var Backend = func() string {
	v := uint(C.avcodec_version())
	return fmt.Sprintf("libavcodec %d.%d.%d", v>>16, v>>8&0xff, v&0xff)
}()

// Decoder decodes one H.264 stream with libavcodec, access unit after access
// unit, with slice threads only (no frame of latency is added) and
// AV_CODEC_FLAG_LOW_DELAY. Its packet, frame, padded input buffer and scaler
// are reused from call to call. It belongs to one goroutine, from NewDecoder
// to Close (which frees its C memory; there is no finalizer).
//
// A damaged picture is an error, never a picture: see Decode.
type Decoder struct {
	d   *C.vs_dec
	max int // the pixel cap
	// seq numbers the access units; it is their packets' pts, which comes
	// back on the pictures they complete.
	seq int64
	// waiting says an access unit failed (the last one, seq bad): pictures
	// are dropped until a keyframe from after it decodes cleanly.
	waiting bool
	bad     int64
}

// NewDecoder opens libavcodec's H.264 decoder with o. The caller owns it
// and must Close it.
func NewDecoder(o DecoderOptions) (*Decoder, error) {
	max := o.MaxPixels
	if max <= 0 {
		max = pixel.DefaultMaxPixels
	}
	var code C.int
	d := C.vs_open(C.int(o.threads()), C.int64_t(max), &code)
	if d == nil {
		return nil, fmt.Errorf("h264: opening libavcodec's H.264 decoder: %w", avError(code, ""))
	}
	return &Decoder{d: d, max: max}, nil
}

// Close frees the decoder; Decode fails after it. A second Close does
// nothing.
func (d *Decoder) Close() {
	if d.d != nil {
		C.vs_close(d.d)
		d.d = nil
	}
}

// Decode sends one access unit (Annex-B: start codes and NAL units, one
// coded picture) to the decoder and returns the picture it completes,
// converted to RGBA, and the stream's full picture size w x h. The picture
// is the full size, or when fit is smaller in both dimensions, scaled down
// (bilinear) to the smallest size keeping the aspect ratio that covers fit
// (a coordinate <= 0 in fit means full size; it never scales up). It goes
// into dst when dst is a tightly packed RGBA at (0,0) of that size, else
// into a new one: the result may be dst. au is only read, during the call:
// it is copied into a buffer of the Decoder's with the zeroed padding
// libavcodec reads past the data. The picture's colour matrix and range
// (x264's default: BT.601, limited) are honoured.
//
// When the access unit decodes but completes no picture yet (B-frame
// reordering, or a stream joined between keyframes) the error is
// ErrNoPicture. Any other error means nothing to show for this access
// unit; after one, pictures are refused with ErrNeedKeyframe until a
// keyframe (an IDR or recovery-point picture, as libavcodec marks it) from
// a later access unit decodes cleanly.
//
// A damaged picture is an error, not a picture: one libavcodec flags
// (decode_error_flags, set when its error concealment filled in missing or
// undecodable macroblocks; AV_FRAME_FLAG_CORRUPT), or during whose decoding
// it logged an error. AV_CODEC_FLAG_OUTPUT_CORRUPT (off by default in FFmpeg
// 5.1 too) is kept off, so pictures from before a keyframe or recovery
// point are not output at all. With more than one slice thread libavcodec
// turns its error concealment off; the Decoder then records the macroblock
// rows libavcodec reports decoded (draw_horiz_band) and refuses a picture
// lacking some (whole slices missing): see DecoderOptions.Threads for what
// that misses.
//
// A stream declaring a picture over the pixel cap (or one libavutil finds
// invalid) is refused with an error wrapping *pixel.ImageTooLargeError
// before anything is allocated for it. Other failures wrap *AVError. After
// an error the pixels of dst are unspecified.
//
// Only au and dst.Pix, which hold no Go pointers, are passed to C, and only
// for the duration of the call.
func (d *Decoder) Decode(dst *image.RGBA, au []byte, fit image.Point) (img *image.RGBA, w, h int, err error) {
	w, h, err = d.decodeFrame(au)
	if err != nil {
		return nil, w, h, err
	}
	s := fitSize(w, h, fit)
	dst = pixel.ReuseRGBA(dst, s.X, s.Y)
	if r := C.vs_convert(d.d, (*C.uint8_t)(unsafe.Pointer(&dst.Pix[0])), C.int(dst.Stride), C.int(s.X), C.int(s.Y)); r < 0 {
		return nil, w, h, fmt.Errorf("h264: converting the %dx%d picture to RGBA at %dx%d: %w", w, h, s.X, s.Y, avError(r, ""))
	}
	return dst, w, h, nil
}

// decodeFrame decodes au into d.d.frame and returns the picture's size, or
// the error Decode returns (d.d.frame is then empty). The caller converts
// or releases the frame.
func (d *Decoder) decodeFrame(au []byte) (w, h int, err error) {
	if d.d == nil {
		return 0, 0, errors.New("h264: decoder used after Close")
	}
	if len(au) == 0 {
		// An empty packet would tell libavcodec the stream has ended.
		return d.sized(errors.New("h264: empty access unit"))
	}
	if len(au) > math.MaxInt32/2 {
		return d.sized(fmt.Errorf("h264: access unit of %d bytes is too large", len(au)))
	}
	d.seq++
	r := C.vs_decode(d.d, (*C.uint8_t)(unsafe.Pointer(&au[0])), C.int(len(au)), C.int64_t(d.seq))
	logged := d.d.errors != 0
	if r < 0 || logged {
		d.waiting, d.bad = true, d.seq
	}
	if r < 0 {
		return d.sized(d.failed(r, len(au)))
	}
	if logged {
		C.vs_release(d.d)
		return d.sized(fmt.Errorf("h264: decoding a %d-byte access unit: %w", len(au),
			avError(C.vs_invaliddata, C.GoString(&d.d.msg[0]))))
	}
	if r == 1 {
		return d.sized(ErrNoPicture)
	}
	f := d.d.frame
	w, h = int(f.width), int(f.height)
	if ef, ff := int(f.decode_error_flags), int(f.flags); ef != 0 || ff&C.AV_FRAME_FLAG_CORRUPT != 0 {
		C.vs_release(d.d)
		d.waiting, d.bad = true, d.seq
		return w, h, fmt.Errorf("h264: the %dx%d picture is damaged (decode_error_flags %#x, frame flags %#x): %w",
			w, h, ef, ff, avError(C.vs_invaliddata, "damaged picture"))
	}
	if C.vs_covered(d.d) == 0 {
		C.vs_release(d.d)
		d.waiting, d.bad = true, d.seq
		return w, h, fmt.Errorf("h264: the %dx%d picture lacks macroblock rows (slices missing): %w",
			w, h, avError(C.vs_invaliddata, "incomplete picture"))
	}
	if d.waiting {
		if C.vs_key_frame(f) == 0 || int64(f.pts) <= d.bad {
			C.vs_release(d.d)
			return w, h, ErrNeedKeyframe
		}
		d.waiting = false
	}
	return w, h, nil
}

// releaseFrame releases the picture decodeFrame left, unconverted.
func (d *Decoder) releaseFrame() { C.vs_release(d.d) }

// sized returns the stream's picture size as libavcodec last set it (0x0
// before the first), and err.
func (d *Decoder) sized(err error) (w, h int, _ error) {
	return int(d.d.ctx.width), int(d.d.ctx.height), err
}

// failed returns the error of vs_decode's result r < 0 for an access unit of
// n bytes.
func (d *Decoder) failed(r C.int, n int) error {
	e := avError(r, C.GoString(&d.d.msg[0]))
	if bw, bh := int(d.d.big_w), int(d.d.big_h); bw > 0 || bh > 0 {
		var tl *pixel.ImageTooLargeError
		if err := pixel.CheckPixels(bw, bh, d.max); errors.As(err, &tl) {
			return fmt.Errorf("h264: refusing the stream's %dx%d picture: %w (%w)", bw, bh, tl, e)
		}
	}
	return fmt.Errorf("h264: decoding a %d-byte access unit: %w", n, e)
}

// avError returns the *AVError of AVERROR code with libavcodec's logged
// message msg.
func avError(code C.int, msg string) *AVError {
	var buf [128]C.char
	C.vs_strerror(code, &buf[0], C.int(len(buf)))
	return &AVError{Code: int(code), Text: C.GoString(&buf[0]), Log: msg}
}

//go:build !turbojpeg || !cgo

package jpeg

import (
	"image"

	"github.com/vidstream/vidstream/wire/pixel"
)

// Backend names the JPEG decoder this build uses: "libjpeg-turbo" with the
// turbojpeg build tag and cgo, "image/jpeg" otherwise.
const Backend = "image/jpeg"

// Decoder decodes JPEGs with image/jpeg (the build without the turbojpeg
// tag); it has the methods of the libjpeg-turbo one. image/jpeg keeps
// nothing between frames; the Decoder keeps the buffer a frame lacking
// standard Huffman tables is completed in, so it belongs to one goroutine.
type Decoder struct {
	// tables puts in the standard Huffman tables a frame lacks, in a buffer
	// of the Decoder's.
	tables completer
}

// NewDecoder returns a Decoder; it cannot fail.
func NewDecoder() (*Decoder, error) { return &Decoder{}, nil }

// Close does nothing.
func (*Decoder) Close() {}

// Decode decodes the JPEG in b with decodeStd under lim (see Limits) and
// converts it into dst (reused when it is a tightly packed RGBA at (0,0) of
// the image's size, else replaced by a new one), which it returns with the
// JPEG's size. It ignores fit: image/jpeg always decodes at full size. b is
// only read, during the call. As with libjpeg-turbo: a frame too short for
// its image is refused, the memory decoding will hold is reserved in
// lim.Budget first (see Limits), standard Huffman tables a frame lacks are
// put in, and a frame lacking other tables is refused (see planTables).
func (j *Decoder) Decode(dst *image.RGBA, b []byte, lim Limits, _ image.Point) (*image.RGBA, image.Point, error) {
	if w, h, _, ok := frameHeader(b); ok {
		// Over the cap is the error before any other, as with libjpeg-turbo.
		if err := pixel.CheckPixels(w, h, lim.MaxPixels); err != nil {
			return nil, image.Point{}, err
		}
	}
	b, g, err := j.tables.complete(b)
	if err != nil {
		return nil, image.Point{}, err
	}
	if g.valid() { // else image/jpeg refuses it before allocating
		need := g.needStd()
		if err := reserve(lim, g, len(b), need); err != nil {
			return nil, image.Pt(g.w, g.h), err
		}
		defer lim.Budget.Release(need)
	}
	img, err := decodeStd(b, lim.MaxPixels)
	if err != nil {
		return nil, image.Point{}, err
	}
	return pixel.ToRGBA(dst, img), img.Bounds().Size(), nil
}

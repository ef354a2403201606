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
// tag). It holds nothing; it has the methods of the libjpeg-turbo one.
type Decoder struct{}

// NewDecoder returns a Decoder; it cannot fail.
func NewDecoder() (*Decoder, error) { return &Decoder{}, nil }

// Close does nothing.
func (*Decoder) Close() {}

// Decode decodes the JPEG in b with decodeStd (see there for maxPixels) and
// converts it into dst (reused when it is a tightly packed RGBA at (0,0) of
// the image's size, else replaced by a new one), which it returns with the
// JPEG's size. It ignores fit: image/jpeg always decodes at full size. b is
// only read, during the call.
func (*Decoder) Decode(dst *image.RGBA, b []byte, maxPixels int, _ image.Point) (*image.RGBA, image.Point, error) {
	img, err := decodeStd(b, maxPixels)
	if err != nil {
		return nil, image.Point{}, err
	}
	return pixel.ToRGBA(dst, img), img.Bounds().Size(), nil
}

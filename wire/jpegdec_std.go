//go:build !turbojpeg || !cgo

package wire

import "image"

// JPEGBackend names the JPEG decoder this build uses: "libjpeg-turbo" with
// the turbojpeg build tag and cgo, "image/jpeg" otherwise.
const JPEGBackend = "image/jpeg"

// jpegDecoder decodes JPEGs with image/jpeg (the build without the turbojpeg
// tag). It holds nothing; it has the methods of the libjpeg-turbo one.
type jpegDecoder struct{}

// newJPEGDecoder returns a jpegDecoder; it cannot fail.
func newJPEGDecoder() (*jpegDecoder, error) { return &jpegDecoder{}, nil }

// close does nothing.
func (*jpegDecoder) close() {}

// decode decodes the JPEG in b with DecodeJPEG (see there for maxPixels) into
// a newly allocated image (an *image.YCbCr, *image.Gray or *image.CMYK, not
// aliasing b) and returns it with its size. It ignores dst and fit: image/jpeg
// always decodes at full size.
func (*jpegDecoder) decode(_ *image.RGBA, b []byte, maxPixels int, _ image.Point) (image.Image, image.Point, error) {
	img, err := DecodeJPEG(b, maxPixels)
	if err != nil {
		return nil, image.Point{}, err
	}
	return img, img.Bounds().Size(), nil
}

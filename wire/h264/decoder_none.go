//go:build !avcodec || !cgo

package h264

import (
	"errors"
	"image"
)

// Backend names the H.264 decoder this build uses: "libavcodec" and its
// version with the avcodec build tag and cgo, "none" otherwise.
var Backend = "none"

// ErrNoDecoder is NewDecoder's error in a build without libavcodec.
var ErrNoDecoder = errors.New("h264: this build of Vidstream cannot show H.264: " +
	"install FFmpeg's libavcodec (Debian/Ubuntu: apt-get install libavcodec-dev libswscale-dev; " +
	"Mac: brew install ffmpeg) and rebuild (make build), or stream MJPEG")

// Decoder is the H.264 decoder of a build without libavcodec: there is
// none, and NewDecoder always fails.
type Decoder struct{}

// NewDecoder returns ErrNoDecoder.
func NewDecoder(DecoderOptions) (*Decoder, error) { return nil, ErrNoDecoder }

// Close does nothing.
func (*Decoder) Close() {}

// Decode returns ErrNoDecoder.
func (*Decoder) Decode(*image.RGBA, []byte, image.Point) (*image.RGBA, int, int, error) {
	return nil, 0, 0, ErrNoDecoder
}

package codec

import (
	"image"

	"github.com/vidstream/vidstream/wire/jpeg"
	"github.com/vidstream/vidstream/wire/pixel"
)

// jpegDecoder decodes a stream's JPEGs with its own jpeg.Decoder (a
// libjpeg-turbo handle in the turbojpeg build). Each frame decodes as it
// would alone, whatever the stream sent before it: jpeg.Decoder puts in the
// standard Huffman tables a frame leaves out and refuses one that leaves out
// other tables, which the handle would otherwise take from an earlier frame.
type jpegDecoder struct {
	d   *jpeg.Decoder
	lim jpeg.Limits
}

// newJPEGDecoder makes a jpegDecoder under o's pixel cap and memory budget.
func newJPEGDecoder(o Options) (Decoder, error) {
	d, err := jpeg.NewDecoder()
	if err != nil {
		return nil, err
	}
	return &jpegDecoder{d: d, lim: jpeg.Limits{MaxPixels: o.MaxPixels, Budget: o.Budget}}, nil
}

// Decode decodes a JPEG payload; see Decoder.
func (j *jpegDecoder) Decode(dst *image.RGBA, payload []byte, fit image.Point) (*image.RGBA, pixel.Layout, error) {
	l := pixel.Layout{Format: pixel.FormatJPEG}
	if len(payload) == 0 {
		return nil, l, errEmpty
	}
	img, full, err := j.d.Decode(dst, payload, j.lim, fit)
	if err != nil {
		return nil, l, err
	}
	l.Width, l.Height = full.X, full.Y
	return img, l, nil
}

// Close frees the JPEG decoder.
func (j *jpegDecoder) Close() { j.d.Close() }

package codec

import (
	"fmt"
	"image"

	"github.com/vidstream/vidstream/wire/pixel"
)

// rawDecoder decodes the raw frames of a v2 stream, all in its hello's
// layout.
type rawDecoder struct {
	layout    pixel.Layout // valid: checked by ForStream
	color     bool
	maxPixels int
	conv      pixel.Converter
}

// Decode converts one raw frame, which must be exactly the layout's size;
// see Decoder.
func (r *rawDecoder) Decode(dst *image.RGBA, payload []byte, _ image.Point) (*image.RGBA, pixel.Layout, error) {
	l := r.layout
	switch {
	case len(payload) == 0:
		return nil, l, errEmpty
	case len(payload) != l.Size():
		return nil, l, fmt.Errorf("codec: v2 frame payload is %d bytes, layout %v expects %d", len(payload), l, l.Size())
	}
	return convertRaw(&r.conv, dst, payload, l, r.color, r.maxPixels)
}

// Close does nothing: a raw decoder holds no resources.
func (r *rawDecoder) Close() {}

// convertRaw converts the raw frame payload in layout l with conv, after
// refusing one of more than maxPixels pixels.
func convertRaw(conv *pixel.Converter, dst *image.RGBA, payload []byte, l pixel.Layout, color bool, maxPixels int) (*image.RGBA, pixel.Layout, error) {
	if err := pixel.CheckPixels(l.Width, l.Height, maxPixels); err != nil {
		return nil, l, err
	}
	img, err := conv.RGBA(dst, payload, l, color)
	if err != nil {
		return nil, l, err
	}
	return img, l, nil
}

package codec

import (
	"fmt"
	"image"

	"github.com/vidstream/vidstream/wire/pixel"
)

// rawDecoder decodes the raw frames of a v2 stream, all in its hello's
// layout.
type rawDecoder struct {
	layout pixel.Layout // valid: checked by ForStream
	o      Options
	conv   pixel.Converter
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
	return convertRaw(&r.conv, dst, payload, l, r.o)
}

// Close does nothing: a raw decoder holds no resources.
func (r *rawDecoder) Close() {}

// convertRaw converts the raw frame payload in layout l with conv, as o
// says (colour, pixel cap, budget): a frame of more than o.MaxPixels pixels
// is refused, and the RGBA it becomes is reserved in o.Budget first.
func convertRaw(conv *pixel.Converter, dst *image.RGBA, payload []byte, l pixel.Layout, o Options) (*image.RGBA, pixel.Layout, error) {
	if err := pixel.CheckPixels(l.Width, l.Height, o.MaxPixels); err != nil {
		return nil, l, err
	}
	need := 4 * int64(l.Width) * int64(l.Height)
	if err := o.Budget.Reserve(need); err != nil {
		return nil, l, fmt.Errorf("codec: %v frame: %w", l, err)
	}
	defer o.Budget.Release(need)
	img, err := conv.RGBA(dst, payload, l, o.Color)
	if err != nil {
		return nil, l, err
	}
	return img, l, nil
}

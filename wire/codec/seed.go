package codec

import (
	"errors"
	"fmt"
	"image"
	"strings"

	"github.com/vidstream/vidstream/wire/pixel"
)

// seedDecoder decodes the payloads of a seed stream, which carry no format,
// the way the blog post's server reads them: a payload a compressed codec
// recognises (a JPEG: FF D8 FF) is decoded as one, anything else is a raw
// frame of Options.Size whose layout is told by its length
// (pixel.ClassifyRaw). A payload that looks compressed but does not decode is
// taken as raw when its length fits a raw layout (a raw frame may start with
// FF D8 FF).
type seedDecoder struct {
	o    Options
	size image.Point
	// decs are the compressed codecs' decoders, made on first use; index i
	// is compressed[i]'s.
	decs [len(compressed)]Decoder
	conv pixel.Converter
}

func newSeedDecoder(o Options) *seedDecoder {
	return &seedDecoder{o: o, size: o.seedSize()}
}

// seedMatchNames names the compressed codecs a seed stream's payloads may be.
func seedMatchNames() string {
	var names []string
	for _, c := range compressed {
		if !c.format.Interframe() {
			names = append(names, c.name)
		}
	}
	return strings.Join(names, ", ")
}

// Decode decodes one seed payload; see Decoder.
func (s *seedDecoder) Decode(dst *image.RGBA, payload []byte, fit image.Point) (*image.RGBA, pixel.Layout, error) {
	if len(payload) == 0 {
		return nil, pixel.Layout{}, errEmpty
	}
	for i, c := range compressed {
		if c.format.Interframe() || !c.match(payload) {
			continue // a seed stream carries frames that decode on their own
		}
		img, l, err := s.compressed(i, dst, payload, fit)
		if err == nil || isTooLarge(err) {
			return img, l, err
		}
		// Like the post's server: what does not decode as a JPEG may be a
		// raw frame that happens to start like one.
		raw, rawErr := pixel.ClassifyRaw(len(payload), s.size.X, s.size.Y)
		if rawErr != nil {
			return img, l, err
		}
		return convertRaw(&s.conv, dst, payload, raw, s.o)
	}
	raw, err := pixel.ClassifyRaw(len(payload), s.size.X, s.size.Y)
	if err != nil {
		return nil, pixel.Layout{}, fmt.Errorf("codec: seed raw frame: %w", err)
	}
	return convertRaw(&s.conv, dst, payload, raw, s.o)
}

// compressed decodes payload with compressed codec i's decoder, made now if
// this is its first payload.
func (s *seedDecoder) compressed(i int, dst *image.RGBA, payload []byte, fit image.Point) (*image.RGBA, pixel.Layout, error) {
	if s.decs[i] == nil {
		d, err := compressed[i].open(s.o)
		if err != nil {
			return nil, pixel.Layout{Format: compressed[i].format}, err
		}
		s.decs[i] = d
	}
	return s.decs[i].Decode(dst, payload, fit)
}

// Close closes the compressed decoders made.
func (s *seedDecoder) Close() {
	for i, d := range s.decs {
		if d != nil {
			d.Close()
			s.decs[i] = nil
		}
	}
}

// isTooLarge reports whether err refuses an image for its size: a
// *pixel.ImageTooLargeError or a *pixel.OverBudgetError.
func isTooLarge(err error) bool {
	var tooLarge *pixel.ImageTooLargeError
	var over *pixel.OverBudgetError
	return errors.As(err, &tooLarge) || errors.As(err, &over)
}

package codec

import (
	"cmp"
	"errors"
	"fmt"
	"image"

	"github.com/vidstream/vidstream/wire/h264"
	"github.com/vidstream/vidstream/wire/pixel"
)

// h264Decoder decodes one H.264 stream's access units, in order, with its
// own h264.Decoder (libavcodec). Before the decoder sees an access unit,
// every SPS in it is parsed and its picture size checked against the pixel
// cap and reserved in the memory budget, so a hostile SPS never makes
// libavcodec allocate. After the stream starts, and after any frame fails,
// only a keyframe is decoded (the ones in between return
// ErrWaitingForKeyframe): a picture is shown whole or not at all.
type h264Decoder struct {
	d        *h264.Decoder
	o        Options
	waitKey  bool        // decode nothing but a keyframe
	size     image.Point // the picture size of the stream's SPS, once seen
	reserved int64       // the budget held for the decoder's pictures
}

// h264Frames is how many pictures of the stream's size libavcodec holds at
// once, for the budget: up to 16 reference frames by the standard, but
// cameras and x264's zerolatency use 1 to 4; with the frame being decoded,
// the one being output and the RGBA, 6 covers a camera's stream.
const h264Frames = 6

// maxPixels returns o's pixel cap.
func maxPixels(o Options) int { return cmp.Or(o.MaxPixels, pixel.DefaultMaxPixels) }

// newH264Decoder makes an h264Decoder under o's pixel cap and budget.
func newH264Decoder(o Options) (Decoder, error) {
	d, err := h264.NewDecoder(h264.DecoderOptions{MaxPixels: maxPixels(o)})
	if err != nil {
		return nil, err
	}
	return &h264Decoder{d: d, o: o, waitKey: true}, nil
}

// h264Keyframe reports whether an access unit decodes on its own: an IDR
// picture with its SPS and PPS in front.
func h264Keyframe(au []byte) bool { return h264.IsKeyframe(au) && h264.CarriesParamSets(au) }

// Decode decodes one access unit; see Decoder. The layout's size is the
// stream's picture size.
func (h *h264Decoder) Decode(dst *image.RGBA, au []byte, fit image.Point) (*image.RGBA, pixel.Layout, error) {
	l := pixel.Layout{Format: pixel.FormatH264, Width: h.size.X, Height: h.size.Y}
	if len(au) == 0 {
		return nil, l, errEmpty
	}
	key := h264Keyframe(au)
	if h.waitKey && !key {
		return nil, l, ErrWaitingForKeyframe
	}
	if err := h.checkSPS(au); err != nil {
		h.waitKey = true
		return nil, l, err
	}
	img, w, hh, err := h.d.Decode(dst, au, fit)
	l.Width, l.Height = w, hh
	switch {
	case errors.Is(err, h264.ErrNoPicture):
		h.waitKey = h.waitKey && !key
		return nil, l, ErrNoPicture
	case errors.Is(err, h264.ErrNeedKeyframe):
		h.waitKey = true
		return nil, l, ErrWaitingForKeyframe
	case err != nil:
		h.waitKey = true
		return nil, l, fmt.Errorf("h264: %w", err)
	}
	h.waitKey = false
	return img, l, nil
}

// checkSPS parses every SPS in au and refuses a picture over the pixel cap,
// or one the budget cannot hold, before the decoder sees it; the budget is
// reserved for the stream's size while the decoder lives.
func (h *h264Decoder) checkSPS(au []byte) error {
	for nal := range h264.NALUnits(au) {
		if h264.NALType(nal) != h264.NALSPS {
			continue
		}
		sps, err := h264.ParseSPS(nal)
		if err != nil {
			return err
		}
		if err := pixel.CheckPixels(sps.Width, sps.Height, maxPixels(h.o)); err != nil {
			return err
		}
		size := image.Pt(sps.Width, sps.Height)
		if size == h.size {
			continue
		}
		need := int64(sps.Width) * int64(sps.Height) * (4 + h264Frames*3/2)
		h.release()
		if h.o.Budget != nil {
			if err := h.o.Budget.Reserve(need); err != nil {
				return err
			}
			h.reserved = need
		}
		h.size = size
	}
	return nil
}

// release gives back the budget held.
func (h *h264Decoder) release() {
	if h.reserved > 0 {
		h.o.Budget.Release(h.reserved)
		h.reserved = 0
	}
	h.size = image.Point{}
}

// Close frees the decoder and its budget.
func (h *h264Decoder) Close() {
	h.release()
	h.d.Close()
}

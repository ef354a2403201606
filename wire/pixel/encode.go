package pixel

import (
	"image"
	"image/color"
)

// sampler reads 8-bit premultiplied R, G, B, A at (x, y) relative to an
// image's Min, with fast paths for the common concrete types. Pixels outside
// the image read as transparent black.
type sampler struct {
	src  image.Image
	min  image.Point
	rgba *image.RGBA
	gray *image.Gray
}

func newSampler(src image.Image) sampler {
	s := sampler{src: src, min: src.Bounds().Min}
	switch t := src.(type) {
	case *image.RGBA:
		s.rgba = t
	case *image.Gray:
		s.gray = t
	}
	return s
}

func (s *sampler) at(x, y int) (r, g, b, a uint8) {
	p := image.Pt(s.min.X+x, s.min.Y+y)
	switch {
	case s.rgba != nil:
		if !p.In(s.rgba.Rect) {
			return 0, 0, 0, 0
		}
		i := s.rgba.PixOffset(p.X, p.Y)
		px := s.rgba.Pix[i : i+4 : i+4]
		return px[0], px[1], px[2], px[3]
	case s.gray != nil:
		if !p.In(s.gray.Rect) {
			return 0, 0, 0, 0
		}
		v := s.gray.Pix[s.gray.PixOffset(p.X, p.Y)]
		return v, v, v, 0xFF
	}
	if !p.In(s.src.Bounds()) {
		return 0, 0, 0, 0
	}
	c := color.RGBAModel.Convert(s.src.At(p.X, p.Y)).(color.RGBA)
	return c.R, c.G, c.B, c.A
}

// frameBuf returns dst[:n] zeroed, grown when dst lacks the capacity.
func frameBuf(dst []byte, n int) []byte {
	if cap(dst) < n {
		return make([]byte, n)
	}
	dst = dst[:n]
	clear(dst)
	return dst
}

// Encode writes the top-left l.Width x l.Height pixels of src (outside src
// reads as transparent black) as a raw frame in layout l, padding zeroed,
// into dst[:0] (grown when its capacity is short) and returns it; the result
// aliases dst when it fit. I420 and Gray take colour.RGBToYCbCr's luma (and
// for I420 the rounded mean of each 2x2 block's Cb and Cr); RGBA and BGRA
// carry src's alpha. It returns nil when l is not a valid layout of a raw
// format.
func Encode(dst []byte, src image.Image, l Layout) []byte {
	switch l.Format {
	case FormatI420:
		return encodeI420(dst, src, l)
	case FormatGray:
		return encodeGray(dst, src, l)
	}
	return encodePacked(dst, src, l)
}

// encodeI420 writes the top-left l.Width x l.Height pixels of src (outside
// src reads as black) as an I420 frame in layout l, padding zeroed, into
// dst[:0] (grown when its capacity is short) and returns it; the result
// aliases dst when it fit. Colour goes through color.RGBToYCbCr, each chroma
// sample being the rounded mean of the Cb and Cr of its 2x2 pixels (those
// inside the image). It returns nil when l is not a valid I420 layout.
func encodeI420(dst []byte, src image.Image, l Layout) []byte {
	if l.Format != FormatI420 || l.Validate() != nil {
		return nil
	}
	out := frameBuf(dst, l.Size())
	s := newSampler(src)
	w, h := l.Width, l.Height
	cs := l.Stride / 2
	cb := out[l.Stride*l.Rows:]
	cr := cb[cs*(l.Rows/2):]
	for cy := 0; cy < (h+1)/2; cy++ {
		for cx := 0; cx < (w+1)/2; cx++ {
			var sumB, sumR, n int
			for dy := range 2 {
				for dx := range 2 {
					x, y := 2*cx+dx, 2*cy+dy
					if x >= w || y >= h {
						continue
					}
					r, g, b, _ := s.at(x, y)
					yy, u, v := color.RGBToYCbCr(r, g, b)
					out[y*l.Stride+x] = yy
					sumB += int(u)
					sumR += int(v)
					n++
				}
			}
			cb[cy*cs+cx] = uint8((sumB + n/2) / n)
			cr[cy*cs+cx] = uint8((sumR + n/2) / n)
		}
	}
	return out
}

// encodePacked writes the top-left l.Width x l.Height pixels of src as an
// RGB24, BGR24, RGBA or BGRA frame in layout l (padding zeroed; RGBA and BGRA
// carry src's alpha) into dst[:0], grown when short, and returns it; the
// result aliases dst when it fit. It returns nil when l is not a valid layout
// of those formats.
func encodePacked(dst []byte, src image.Image, l Layout) []byte {
	if l.Validate() != nil {
		return nil
	}
	var ri, gi, bi, ai int // byte offsets within a pixel; ai < 0 means none
	switch l.Format {
	case FormatRGB24:
		ri, gi, bi, ai = 0, 1, 2, -1
	case FormatBGR24:
		ri, gi, bi, ai = 2, 1, 0, -1
	case FormatRGBA:
		ri, gi, bi, ai = 0, 1, 2, 3
	case FormatBGRA:
		ri, gi, bi, ai = 2, 1, 0, 3
	default:
		return nil
	}
	bpp := l.Format.BytesPerPixel()
	out := frameBuf(dst, l.Size())
	s := newSampler(src)
	for y := range l.Height {
		row := out[y*l.Stride:]
		for x := range l.Width {
			r, g, b, a := s.at(x, y)
			px := row[x*bpp : x*bpp+bpp]
			px[ri], px[gi], px[bi] = r, g, b
			if ai >= 0 {
				px[ai] = a
			}
		}
	}
	return out
}

// encodeGray writes the luma (color.RGBToYCbCr's Y, the same as encodeI420's
// Y plane) of the top-left l.Width x l.Height pixels of src as a Gray frame in
// layout l (padding zeroed) into dst[:0], grown when short, and returns it;
// the result aliases dst when it fit. It returns nil when l is not a valid
// Gray layout.
func encodeGray(dst []byte, src image.Image, l Layout) []byte {
	if l.Format != FormatGray || l.Validate() != nil {
		return nil
	}
	out := frameBuf(dst, l.Size())
	s := newSampler(src)
	for y := range l.Height {
		row := out[y*l.Stride:]
		for x := range l.Width {
			r, g, b, _ := s.at(x, y)
			row[x], _, _ = color.RGBToYCbCr(r, g, b)
		}
	}
	return out
}

package wire

import (
	"fmt"
	"image"
)

// checkRaw validates l, checks it is one of formats, and that b holds it.
func checkRaw(b []byte, l Layout, what string, formats ...Format) error {
	ok := false
	for _, f := range formats {
		ok = ok || l.Format == f
	}
	if !ok {
		return fmt.Errorf("wire: %s cannot decode format %v", what, l.Format)
	}
	if err := l.Validate(); err != nil {
		return fmt.Errorf("wire: %s: %w", what, err)
	}
	if len(b) < l.Size() {
		return fmt.Errorf("wire: %s: %v needs %d bytes, got %d", what, l, l.Size(), len(b))
	}
	return nil
}

// DecodeGray wraps the grey pixels of b as an *image.Gray without copying:
// the whole frame for Gray, the Y plane for I420. Stride crops the padding.
// The image aliases b (its Pix is a sub-slice of b), so it is valid only while
// b is. b must hold at least l.Size() bytes.
func DecodeGray(b []byte, l Layout) (*image.Gray, error) {
	g := new(image.Gray)
	if err := wrapGray(g, b, l); err != nil {
		return nil, err
	}
	return g, nil
}

// wrapGray points g at the grey pixels of b (Gray, or I420's Y plane), as
// DecodeGray does, without allocating a header.
func wrapGray(g *image.Gray, b []byte, l Layout) error {
	if err := checkRaw(b, l, "DecodeGray", FormatGray, FormatI420); err != nil {
		return err
	}
	n := l.Stride*(l.Height-1) + l.Width
	*g = image.Gray{Pix: b[:n:n], Stride: l.Stride, Rect: image.Rect(0, 0, l.Width, l.Height)}
	return nil
}

// DecodeI420 wraps the I420 frame in b as an *image.YCbCr (4:2:0) without
// copying; Stride and Rect crop the padding. The image aliases b, so it is
// valid only while b is. b must hold at least l.Size() bytes.
func DecodeI420(b []byte, l Layout) (*image.YCbCr, error) {
	yc := new(image.YCbCr)
	if err := wrapI420(yc, b, l); err != nil {
		return nil, err
	}
	return yc, nil
}

// wrapI420 points yc at the I420 frame in b, as DecodeI420 does, without
// allocating a header.
func wrapI420(yc *image.YCbCr, b []byte, l Layout) error {
	if err := checkRaw(b, l, "DecodeI420", FormatI420); err != nil {
		return err
	}
	ySize := l.Stride * l.Rows
	cs := l.Stride / 2
	cSize := cs * (l.Rows / 2)
	*yc = image.YCbCr{
		Y:              b[:ySize:ySize],
		Cb:             b[ySize : ySize+cSize : ySize+cSize],
		Cr:             b[ySize+cSize : ySize+2*cSize : ySize+2*cSize],
		YStride:        l.Stride,
		CStride:        cs,
		SubsampleRatio: image.YCbCrSubsampleRatio420,
		Rect:           image.Rect(0, 0, l.Width, l.Height),
	}
	return nil
}

// reuseRGBA returns dst when it is a tightly packed w x h RGBA at (0,0), else
// a new one.
func reuseRGBA(dst *image.RGBA, w, h int) *image.RGBA {
	if dst != nil && dst.Rect == image.Rect(0, 0, w, h) && dst.Stride == 4*w && len(dst.Pix) >= 4*w*h {
		return dst
	}
	return image.NewRGBA(image.Rect(0, 0, w, h))
}

// DecodePacked converts the RGB24, BGR24, RGBA or BGRA frame in b into dst,
// reused when it is a tightly packed l.Width x l.Height RGBA at (0,0) and
// otherwise replaced by a new one, and returns it. Alpha is forced to 255. The
// result does not alias b. b must hold at least l.Size() bytes.
func DecodePacked(dst *image.RGBA, b []byte, l Layout) (*image.RGBA, error) {
	if err := checkRaw(b, l, "DecodePacked", FormatRGB24, FormatBGR24, FormatRGBA, FormatBGRA); err != nil {
		return nil, err
	}
	w, h := l.Width, l.Height
	dst = reuseRGBA(dst, w, h)
	for y := range h {
		src := b[y*l.Stride:]
		out := dst.Pix[y*dst.Stride : y*dst.Stride+4*w]
		switch l.Format {
		case FormatRGB24:
			src = src[:3*w]
			for x := range w {
				s, d := src[3*x:3*x+3:3*x+3], out[4*x:4*x+4:4*x+4]
				d[0], d[1], d[2], d[3] = s[0], s[1], s[2], 0xFF
			}
		case FormatBGR24:
			src = src[:3*w]
			for x := range w {
				s, d := src[3*x:3*x+3:3*x+3], out[4*x:4*x+4:4*x+4]
				d[0], d[1], d[2], d[3] = s[2], s[1], s[0], 0xFF
			}
		case FormatRGBA:
			copy(out, src[:4*w])
			for i := 3; i < len(out); i += 4 {
				out[i] = 0xFF
			}
		case FormatBGRA:
			src = src[:4*w]
			for x := range w {
				s, d := src[4*x:4*x+4:4*x+4], out[4*x:4*x+4:4*x+4]
				d[0], d[1], d[2], d[3] = s[2], s[1], s[0], 0xFF
			}
		}
	}
	return dst, nil
}

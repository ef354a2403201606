package pixel

import (
	"fmt"
	"image"
)

// Converter turns raw frames into tightly packed RGBA. It keeps the image
// headers it wraps I420 and grey payloads in, so that converting allocates
// nothing when dst is reused; it lets go of the payload after each call. A
// Converter belongs to one goroutine; its zero value is ready to use.
type Converter struct {
	yc   image.YCbCr
	gray image.Gray
}

// RGBA converts the raw frame in b, laid out as l, into dst (reused when it
// is a tightly packed RGBA of l's size at (0,0), else a new one) and returns
// it. I420 is shown in colour when color is set, else as the grey of its Y
// plane (as the blog post's server shows it). b must hold at least l.Size()
// bytes; it is only read, and the result never aliases it. After an error the
// pixels of dst are unspecified.
func (c *Converter) RGBA(dst *image.RGBA, b []byte, l Layout, color bool) (*image.RGBA, error) {
	switch {
	case l.Format == FormatI420 && color:
		err := wrapI420(&c.yc, b, l)
		if err == nil {
			dst = ToRGBA(dst, &c.yc)
		}
		c.yc = image.YCbCr{}
		return dst, err
	case l.Format == FormatI420 || l.Format == FormatGray:
		err := wrapGray(&c.gray, b, l)
		if err == nil {
			dst = ToRGBA(dst, &c.gray)
		}
		c.gray = image.Gray{}
		return dst, err
	}
	return decodePacked(dst, b, l)
}

// checkRaw validates l, checks it is one of formats, and that b holds it.
func checkRaw(b []byte, l Layout, what string, formats ...Format) error {
	ok := false
	for _, f := range formats {
		ok = ok || l.Format == f
	}
	if !ok {
		return fmt.Errorf("pixel: %s cannot be read as %v", l.Format, what)
	}
	if err := l.Validate(); err != nil {
		return fmt.Errorf("pixel: %s: %w", what, err)
	}
	if len(b) < l.Size() {
		return fmt.Errorf("pixel: %s: %v needs %d bytes, got %d", what, l, l.Size(), len(b))
	}
	return nil
}

// wrapGray points g at the grey pixels of b without copying: the whole frame
// for Gray, the Y plane for I420; Stride crops the padding. g then aliases b
// (its Pix is a sub-slice of b), so it is valid only while b is. b must hold
// at least l.Size() bytes.
func wrapGray(g *image.Gray, b []byte, l Layout) error {
	if err := checkRaw(b, l, "grey", FormatGray, FormatI420); err != nil {
		return err
	}
	n := l.Stride*(l.Height-1) + l.Width
	*g = image.Gray{Pix: b[:n:n], Stride: l.Stride, Rect: image.Rect(0, 0, l.Width, l.Height)}
	return nil
}

// wrapI420 points yc at the I420 frame in b, as a 4:2:0 image.YCbCr, without
// copying; Stride and Rect crop the padding. yc then aliases b, so it is
// valid only while b is. b must hold at least l.Size() bytes.
func wrapI420(yc *image.YCbCr, b []byte, l Layout) error {
	if err := checkRaw(b, l, "yuv", FormatI420); err != nil {
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

// ReuseRGBA returns dst when it is a tightly packed w x h RGBA at (0,0) (the
// layout Fyne uploads to a texture without converting), else a new one.
func ReuseRGBA(dst *image.RGBA, w, h int) *image.RGBA {
	if dst != nil && dst.Rect == image.Rect(0, 0, w, h) && dst.Stride == 4*w && len(dst.Pix) >= 4*w*h {
		return dst
	}
	return image.NewRGBA(image.Rect(0, 0, w, h))
}

// decodePacked converts the RGB24, BGR24, RGBA or BGRA frame in b into dst,
// reused when it is a tightly packed l.Width x l.Height RGBA at (0,0) and
// otherwise replaced by a new one, and returns it. Alpha is forced to 255. The
// result does not alias b. b must hold at least l.Size() bytes.
func decodePacked(dst *image.RGBA, b []byte, l Layout) (*image.RGBA, error) {
	if err := checkRaw(b, l, "packed", FormatRGB24, FormatBGR24, FormatRGBA, FormatBGRA); err != nil {
		return nil, err
	}
	w, h := l.Width, l.Height
	dst = ReuseRGBA(dst, w, h)
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

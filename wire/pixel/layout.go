package pixel

import "fmt"

// MaxDimension is the largest width or height a Layout may have.
const MaxDimension = 16384

// MaxSize is the most bytes one raw frame of a valid Layout takes: the
// largest frame the wire carries (wire.MaxFrameLimit is this).
const MaxSize = 256 << 20

// Layout says where a raw frame's pixels are. A Layout is a value; it holds no
// buffer.
type Layout struct {
	// Format is the pixel format.
	Format Format
	// Width and Height are the visible size in pixels.
	Width, Height int
	// Stride is the bytes per row of the first plane (I420: the Y plane; its
	// chroma planes have a stride of Stride/2).
	Stride int
	// Rows is the rows allocated per first plane (>= Height; I420's chroma
	// planes have Rows/2 rows each).
	Rows int
}

// String describes the layout, e.g. "yuv 100x100 (stride 128, rows 112)".
func (l Layout) String() string {
	if l.Format.compressed() {
		return fmt.Sprintf("%v %dx%d", l.Format, l.Width, l.Height)
	}
	return fmt.Sprintf("%v %dx%d (stride %d, rows %d)", l.Format, l.Width, l.Height, l.Stride, l.Rows)
}

// Size returns the bytes of one frame in this layout: Stride*Rows, plus two
// chroma planes of (Stride/2)*(Rows/2) for I420. It is 0 for JPEG and unknown
// formats. Call Validate first for layouts from untrusted input.
func (l Layout) Size() int {
	switch l.Format {
	case FormatI420:
		return l.Stride*l.Rows + 2*(l.Stride/2)*(l.Rows/2)
	case FormatGray, FormatRGB24, FormatBGR24, FormatRGBA, FormatBGRA:
		return l.Stride * l.Rows
	}
	return 0
}

// Validate reports whether l is sane and bounded. For raw formats: Width and
// Height in 1..MaxDimension, Width*BytesPerPixel <= Stride <=
// MaxDimension*BytesPerPixel, Height <= Rows <= MaxDimension, Stride and Rows
// even for I420, and Size() <= MaxSize. For JPEG and H.264: Width and Height
// in 0..MaxDimension (0 is unknown) and Stride and Rows 0. Unknown formats
// fail.
func (l Layout) Validate() error {
	if l.Format.compressed() {
		if l.Width < 0 || l.Width > MaxDimension || l.Height < 0 || l.Height > MaxDimension {
			return fmt.Errorf("pixel: layout %v: size out of range 0..%d", l, MaxDimension)
		}
		if l.Stride != 0 || l.Rows != 0 {
			return fmt.Errorf("pixel: layout %v: %v has stride %d and rows %d, want 0", l, l.Format, l.Stride, l.Rows)
		}
		return nil
	}
	bpp := l.Format.BytesPerPixel()
	if bpp == 0 {
		return fmt.Errorf("pixel: layout has unknown format %v", l.Format)
	}
	switch {
	case l.Width < 1 || l.Width > MaxDimension || l.Height < 1 || l.Height > MaxDimension:
		return fmt.Errorf("pixel: layout %v: size out of range 1..%d", l, MaxDimension)
	case l.Stride < l.Width*bpp:
		return fmt.Errorf("pixel: layout %v: stride below width*%d = %d", l, bpp, l.Width*bpp)
	case l.Stride > MaxDimension*bpp:
		return fmt.Errorf("pixel: layout %v: stride above %d", l, MaxDimension*bpp)
	case l.Rows < l.Height:
		return fmt.Errorf("pixel: layout %v: rows below height", l)
	case l.Rows > MaxDimension:
		return fmt.Errorf("pixel: layout %v: rows above %d", l, MaxDimension)
	case l.Format == FormatI420 && (l.Stride%2 != 0 || l.Rows%2 != 0):
		return fmt.Errorf("pixel: layout %v: i420 needs an even stride and even rows", l)
	case l.Size() > MaxSize:
		return fmt.Errorf("pixel: layout %v: %d bytes a frame is above the limit of %d", l, l.Size(), MaxSize)
	}
	return nil
}

// roundUp rounds n up to a multiple of m (m > 0).
func roundUp(n, m int) int {
	return (n + m - 1) / m * m
}

// paddedLayout returns f at w x h with the width rounded up to wm pixels and
// the height to hm rows.
func paddedLayout(f Format, w, h, wm, hm int) Layout {
	return Layout{Format: f, Width: w, Height: h, Stride: roundUp(w, wm) * f.BytesPerPixel(), Rows: roundUp(h, hm)}
}

// I420Layout returns unpadded I420 at w x h, the width and height rounded up
// to even (so that each chroma sample covers 2x2 pixels): what picam sends a
// YUYV camera's frames as, and one of the layouts ClassifyRaw tries.
func I420Layout(w, h int) Layout {
	return paddedLayout(FormatI420, w, h, 2, 2)
}

// RpicamI420Layout returns the layout of rpicam-vid's yuv420 frames at
// w x h: each Y row is the width rounded up to 64 bytes (the Pi ISP's
// alignment: 780x360 comes with a stride of 832, raspberrypi/rpicam-apps#188),
// chroma rows half that, and no padding rows (the height rounded up to even).
func RpicamI420Layout(w, h int) Layout {
	return Layout{Format: FormatI420, Width: w, Height: h, Stride: roundUp(w, 64), Rows: roundUp(h, 2)}
}

// PicameraLayout returns the layout picamera 1.13 uses for f at w x h: I420
// and the RGB family (RGB24, BGR24, RGBA, BGRA) padded to a width multiple of
// 32 and a height multiple of 16; Gray unpadded; JPEG and unknown formats just
// carry the size (Stride and Rows 0).
func PicameraLayout(f Format, w, h int) Layout {
	switch f {
	case FormatI420, FormatRGB24, FormatBGR24, FormatRGBA, FormatBGRA:
		return paddedLayout(f, w, h, 32, 16)
	case FormatGray:
		return paddedLayout(f, w, h, 1, 1)
	}
	return Layout{Format: f, Width: w, Height: h}
}

// PicameraLayouts returns the layouts picamera may use for f at w x h, in the
// order its own bytes_to_rgb tries them: for the RGB family 32x16 padding, then
// 16x16 (video-port captures); for other formats the one PicameraLayout. When
// both paddings give the same layout it is listed once. The slice is new.
func PicameraLayouts(f Format, w, h int) []Layout {
	switch f {
	case FormatRGB24, FormatBGR24, FormatRGBA, FormatBGRA:
		a, b := paddedLayout(f, w, h, 32, 16), paddedLayout(f, w, h, 16, 16)
		if a == b {
			return []Layout{a}
		}
		return []Layout{a, b}
	}
	return []Layout{PicameraLayout(f, w, h)}
}

// rawCandidates returns ClassifyRaw's candidate layouts at w x h in order.
func rawCandidates(w, h int) [9]Layout {
	return [9]Layout{
		paddedLayout(FormatI420, w, h, 32, 16),
		I420Layout(w, h),
		paddedLayout(FormatRGB24, w, h, 32, 16),
		paddedLayout(FormatRGB24, w, h, 16, 16),
		paddedLayout(FormatRGB24, w, h, 1, 1),
		paddedLayout(FormatGray, w, h, 1, 1),
		paddedLayout(FormatRGBA, w, h, 32, 16),
		paddedLayout(FormatRGBA, w, h, 16, 16),
		paddedLayout(FormatRGBA, w, h, 1, 1),
	}
}

// ClassifyRaw guesses the layout of a raw seed-stream payload of n bytes at
// w x h. It tries, in order: I420 with picamera's 32x16 padding, I420
// unpadded (odd sizes rounded up to even), RGB24 padded 32x16, RGB24 16x16,
// RGB24 unpadded, Gray, RGBA 32x16, RGBA 16x16, RGBA unpadded; the first whose
// Size is n wins. When none matches the error is a *LengthError; when w or h is
// outside 1..MaxDimension it is another error.
func ClassifyRaw(n, w, h int) (Layout, error) {
	if w < 1 || w > MaxDimension || h < 1 || h > MaxDimension {
		return Layout{}, fmt.Errorf("pixel: raw frame size %dx%d out of range 1..%d", w, h, MaxDimension)
	}
	for _, l := range rawCandidates(w, h) {
		if l.Size() == n {
			return l, nil
		}
	}
	return Layout{}, &LengthError{Length: n, Width: w, Height: h}
}

// LengthError says a raw payload's length matches no layout ClassifyRaw knows.
type LengthError struct{ Length, Width, Height int }

// Error lists the lengths picamera's formats would have at that size, e.g.
// "payload of 1234 bytes matches no raw format at 320x240 (yuv 115200, rgb
// 230400, grey 76800, rgba 307200)".
// When the length is that of a raw frame at a usual camera size, it ends
// with the fix: "; it is yuv at 640x480: set the raw frame size to 640x480".
func (e *LengthError) Error() string {
	w, h := e.Width, e.Height
	msg := fmt.Sprintf("payload of %d bytes matches no raw format at %dx%d (yuv %d, rgb %d, grey %d, rgba %d)",
		e.Length, w, h,
		PicameraLayout(FormatI420, w, h).Size(), PicameraLayout(FormatRGB24, w, h).Size(),
		PicameraLayout(FormatGray, w, h).Size(), PicameraLayout(FormatRGBA, w, h).Size())
	if l, ok := e.Suggest(); ok {
		msg += fmt.Sprintf("; it is %s at %dx%d: set the raw frame size to %dx%d", l.Format, l.Width, l.Height, l.Width, l.Height)
	}
	return msg
}

// usualSizes are camera frame sizes people stream raw, smallest first:
// picamera's and V4L2's usual modes.
var usualSizes = [...]struct{ w, h int }{
	{160, 120}, {176, 144}, {320, 240}, {352, 288}, {640, 360}, {640, 480}, {800, 600},
	{1024, 768}, {1280, 720}, {1280, 960}, {1296, 972}, {1640, 922}, {1640, 1232},
	{1920, 1080}, {2028, 1080}, {2028, 1520}, {2592, 1944}, {3280, 2464},
}

// Suggest finds the usual camera size at which the payload's length is a
// raw frame, and its layout; ok is false when there is none.
func (e *LengthError) Suggest() (l Layout, ok bool) {
	for _, s := range usualSizes {
		if s.w == e.Width && s.h == e.Height {
			continue
		}
		if l, err := ClassifyRaw(e.Length, s.w, s.h); err == nil {
			return l, true
		}
	}
	return Layout{}, false
}

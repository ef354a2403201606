package testpattern

import (
	"image"
	"image/color"
	"strconv"
	"time"
)

// Bars returns the eight colour bars, left to right, of an unshifted frame
// (frame 0): white, yellow, cyan, green, magenta, red, blue, black, at full
// saturation (every channel exactly 0 or 255, alpha 255).
func Bars() [8]color.RGBA { return bars }

// bars are Bars.
var bars = [8]color.RGBA{
	{255, 255, 255, 255},
	{255, 255, 0, 255},
	{0, 255, 255, 255},
	{0, 255, 0, 255},
	{255, 0, 255, 255},
	{255, 0, 0, 255},
	{0, 0, 255, 255},
	{0, 0, 0, 255},
}

// maxSize is the largest width or height New accepts; larger values are
// clamped to it.
const maxSize = 1 << 14

// MaxNoise is the largest useful Noise amplitude.
const MaxNoise = 255

// Colours of the text box and the timecode.
var (
	boxColor  = color.RGBA{32, 32, 32, 255}
	textColor = color.RGBA{255, 255, 255, 255}
	white     = color.RGBA{255, 255, 255, 255}
	black     = color.RGBA{0, 0, 0, 255}
)

// boxChars is the number of characters a text line has room for: the clock
// "15:04:05.000" is 12, and the counter "#000123" fits up to 11 digits.
const boxChars = 12

// Pattern draws test-card frames of one size. Create it with New. A Pattern
// keeps scratch buffers, so it is not safe for concurrent use; use one per
// goroutine.
type Pattern struct {
	// Noise is the amplitude (0..MaxNoise) of pseudo-random noise added to
	// every channel of the bars, so that JPEG frames get camera-like sizes.
	// The noise is deterministic: frame n always gets the same noise. Values
	// outside 0..MaxNoise are clamped. 0 (the default) disables it.
	Noise int
	// Timecode draws the frame's capture time as a machine-readable strip
	// across the bottom tenth of the frame (see TimecodeRect, ReadTimecode),
	// over the bars and the noise.
	Timecode bool

	w, h  int
	scale int // 2 when w >= 320, else 1
	pad   int // box padding around the text
	gap   int // extra space between the two text lines

	base []byte          // one unshifted row of bars, RGBA, 4*w bytes
	row  []byte          // the current frame's shifted row
	box  image.Rectangle // text box, clipped to the lower half of the frame
	text image.Point     // top-left of the first text line (unclipped)
	line []byte          // scratch for the text of one line

	noiseAmp int        // amplitude the table below was built for
	noiseTab [256]int16 // random byte -> signed delta
}

// New returns a Pattern drawing w x h frames. Sizes below 1 are treated as
// 1 and sizes above maxSize as maxSize; anything from 16x16 up draws the
// full card (the text is clipped on small frames).
func New(w, h int) *Pattern {
	w = clamp(w, 1, maxSize)
	h = clamp(h, 1, maxSize)
	p := &Pattern{w: w, h: h, scale: 1, noiseAmp: -1}
	if w >= 320 {
		p.scale = 2
	}
	p.pad = 3 * p.scale
	p.gap = 2 * p.scale

	p.base = make([]byte, 4*w)
	for x := 0; x < w; x++ {
		c := bars[x*len(bars)/w]
		copy(p.base[4*x:], []byte{c.R, c.G, c.B, c.A})
	}
	p.row = make([]byte, 4*w)
	p.line = make([]byte, 0, 32)

	// The box is centred horizontally and, vertically, in the lower half of
	// the frame; it never covers the upper half, so bars stay visible there.
	bw := boxChars*glyphAdv*p.scale + 2*p.pad
	bh := 2*glyphH*p.scale + p.gap + 2*p.pad
	x0 := (w - bw) / 2
	y0 := 3*h/4 - bh/2
	p.text = image.Pt(x0+p.pad, y0+p.pad)
	p.box = image.Rect(x0, y0, x0+bw, y0+bh).Intersect(image.Rect(0, h/2, w, h))
	return p
}

// Size returns the width and height of the frames p draws.
func (p *Pattern) Size() (w, h int) { return p.w, p.h }

// TextBox returns the rectangle, in frame coordinates (origin at the top
// left), covered by the counter and clock box. It lies in the lower half of
// the frame and may be empty on tiny frames.
func (p *Pattern) TextBox() image.Rectangle { return p.box }

// Draw draws frame n, stamped with the time t, and returns the image. The
// bars are shifted right by n pixels (modulo the width), the box shows
// "#" and n in at least six digits, and t formatted as "15:04:05.000" in
// t's location.
//
// When dst is a well-formed w x h image (any Min point), Draw draws into it
// and returns it; otherwise it allocates a new image with Min (0,0). The
// caller owns the returned image; p keeps no reference to it.
func (p *Pattern) Draw(dst *image.RGBA, n uint64, t time.Time) *image.RGBA {
	if !p.fits(dst) {
		dst = image.NewRGBA(image.Rect(0, 0, p.w, p.h))
	}
	w4 := 4 * p.w
	shift := 4 * int(n%uint64(p.w))
	copy(p.row[shift:], p.base[:w4-shift])
	copy(p.row[:shift], p.base[w4-shift:])

	start := dst.PixOffset(dst.Rect.Min.X, dst.Rect.Min.Y)
	for y := 0; y < p.h; y++ {
		off := start + y*dst.Stride
		copy(dst.Pix[off:off+w4], p.row)
	}
	if p.Noise > 0 {
		p.addNoise(dst, start, n)
	}
	p.drawBox(dst, start, n, t)
	if p.Timecode {
		p.drawTimecode(dst, start, t)
	}
	return dst
}

// fits reports whether dst can be drawn into without reallocating.
func (p *Pattern) fits(dst *image.RGBA) bool {
	if dst == nil || dst.Rect.Dx() != p.w || dst.Rect.Dy() != p.h || dst.Stride < 4*p.w {
		return false
	}
	start := dst.PixOffset(dst.Rect.Min.X, dst.Rect.Min.Y)
	return start >= 0 && start+(p.h-1)*dst.Stride+4*p.w <= len(dst.Pix)
}

// drawBox fills the text box and writes the counter and the clock into it.
func (p *Pattern) drawBox(dst *image.RGBA, start int, n uint64, t time.Time) {
	if p.box.Empty() {
		return
	}
	fillRect(dst, start, p.box, boxColor)

	line := append(p.line[:0], '#')
	for i := numDigits(n); i < 6; i++ {
		line = append(line, '0')
	}
	line = strconv.AppendUint(line, n, 10)
	p.drawText(dst, start, p.text, line)

	line = t.AppendFormat(line[:0], "15:04:05.000")
	p.drawText(dst, start, p.text.Add(image.Pt(0, glyphH*p.scale+p.gap)), line)
	p.line = line[:0]
}

// drawText draws s with its top-left corner at at, clipped to the box.
func (p *Pattern) drawText(dst *image.RGBA, start int, at image.Point, s []byte) {
	sc := p.scale
	for i, ch := range s {
		gx := at.X + i*glyphAdv*sc
		if gx >= p.box.Max.X {
			break
		}
		g := glyph(ch)
		for r, bits := range g {
			if bits == 0 {
				continue
			}
			gy := at.Y + r*sc
			for c := 0; c < glyphW; c++ {
				if bits&(1<<c) != 0 {
					px := image.Rect(gx+c*sc, gy, gx+(c+1)*sc, gy+sc).Intersect(p.box)
					fillRect(dst, start, px, textColor)
				}
			}
		}
	}
}

// fillRect fills r (frame coordinates, already clipped to the frame) with c.
func fillRect(dst *image.RGBA, start int, r image.Rectangle, c color.RGBA) {
	if r.Empty() {
		return
	}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		off := start + y*dst.Stride + 4*r.Min.X
		px := dst.Pix[off : off+4*r.Dx() : off+4*r.Dx()]
		for i := 0; i < len(px); i += 4 {
			px[i], px[i+1], px[i+2], px[i+3] = c.R, c.G, c.B, c.A
		}
	}
}

// numDigits returns the number of decimal digits of n.
func numDigits(n uint64) int {
	d := 1
	for n >= 10 {
		n /= 10
		d++
	}
	return d
}

func clamp(v, lo, hi int) int {
	return max(lo, min(v, hi))
}

package wiretest

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"testing"
)

// The quadrant test image's colours, split at (w/2, h/2), with their JFIF
// Y, Cb and Cr.
var (
	red    = color.RGBA{0xFF, 0x00, 0x00, 0xFF} // top left;     Y 4c Cb 55 Cr ff
	green  = color.RGBA{0x00, 0xFF, 0x00, 0xFF} // top right;    Y 96 Cb 2c Cr 15
	blue   = color.RGBA{0x00, 0x00, 0xFF, 0xFF} // bottom left;  Y 1d Cb ff Cr 6b
	yellow = color.RGBA{0xFF, 0xFF, 0x00, 0xFF} // bottom right; Y e2 Cb 01 Cr 95
)

// Red, Green, Blue and Yellow return the quadrant image's colours: top left,
// top right, bottom left, bottom right.
func Red() color.RGBA { return red }

// Green returns the top right quadrant's colour; see Red.
func Green() color.RGBA { return green }

// Blue returns the bottom left quadrant's colour; see Red.
func Blue() color.RGBA { return blue }

// Yellow returns the bottom right quadrant's colour; see Red.
func Yellow() color.RGBA { return yellow }

// Luma returns the JFIF luma of a quadrant colour (0.299R + 0.587G +
// 0.114B, rounded): 0x4c, 0x96, 0x1d or 0xe2; 0 for any other colour.
func Luma(c color.RGBA) uint8 {
	switch c {
	case red:
		return 0x4c
	case green:
		return 0x96
	case blue:
		return 0x1d
	case yellow:
		return 0xe2
	}
	return 0
}

// Quadrant returns the colour of (x, y) in a w x h quadrant image.
func Quadrant(x, y, w, h int) color.RGBA {
	switch left, top := x < w/2, y < h/2; {
	case top && left:
		return red
	case top:
		return green
	case left:
		return blue
	}
	return yellow
}

// Quadrants returns a new w x h quadrant image: red, green, blue and yellow
// quarters.
func Quadrants(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetRGBA(x, y, Quadrant(x, y, w, h))
		}
	}
	return img
}

// Solid returns a new w x h image of colour c.
func Solid(w, h int, c color.RGBA) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := 0; i < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = c.R, c.G, c.B, c.A
	}
	return img
}

// JPEG encodes img with image/jpeg at quality, failing t on error. The
// bytes are new.
func JPEG(t testing.TB, img image.Image, quality int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: quality}); err != nil {
		t.Fatalf("encoding a test JPEG: %v", err)
	}
	return b.Bytes()
}

// Near reports whether a and b differ by at most d in each channel.
func Near(a, b color.RGBA, d int) bool {
	diff := func(x, y uint8) bool { return int(x)-int(y) <= d && int(y)-int(x) <= d }
	return diff(a.R, b.R) && diff(a.G, b.G) && diff(a.B, b.B) && diff(a.A, b.A)
}

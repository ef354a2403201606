package testpattern

import (
	"image"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// TestGlyphsMatchBasicfont compares every cached glyph with basicfont's own
// rendering through font.Drawer.
func TestGlyphsMatchBasicfont(t *testing.T) {
	for ch := byte(0x20); ch < 0x7f; ch++ {
		img := image.NewAlpha(image.Rect(0, 0, glyphAdv, glyphH))
		d := font.Drawer{Dst: img, Src: image.Opaque, Face: basicfont.Face7x13, Dot: fixed.P(0, basicfont.Face7x13.Ascent)}
		d.DrawString(string(rune(ch)))
		g := glyph(ch)
		for y := 0; y < glyphH; y++ {
			for x := 0; x < glyphAdv; x++ {
				want := img.AlphaAt(x, y).A >= 0x80
				got := x < glyphW && g[y]&(1<<x) != 0
				if got != want {
					t.Fatalf("glyph %q pixel (%d,%d): inked %v, want %v", ch, x, y, got, want)
				}
			}
		}
	}
}

func TestGlyphInk(t *testing.T) {
	ink := func(b byte) (n int) {
		for _, row := range glyph(b) {
			for ; row != 0; row &= row - 1 {
				n++
			}
		}
		return n
	}
	if ink(' ') != 0 {
		t.Error("space has ink")
	}
	for _, b := range []byte("#0123456789:.") {
		if ink(b) == 0 {
			t.Errorf("glyph %q has no ink", b)
		}
	}
	if *glyph(0) != *glyph('?') || *glyph(0xff) != *glyph('?') {
		t.Error("non-printable bytes do not draw as '?'")
	}
}

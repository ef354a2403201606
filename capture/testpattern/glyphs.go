package testpattern

import (
	"image"

	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// Glyph metrics of basicfont.Face7x13.
const (
	glyphW   = 6  // drawn width of a glyph
	glyphAdv = 7  // advance from one glyph to the next
	glyphH   = 13 // ascent + descent
)

// glyphRows holds, for each printable ASCII byte (0x20..0x7e), the 13 rows of
// its bitmap; bit c (from the left, bit 0 = leftmost) of row r is set when the
// pixel (c, r) is inked. It is filled once, at init, so that drawing text
// costs no interface calls.
var glyphRows [0x7f - 0x20][glyphH]uint8

func init() {
	face := basicfont.Face7x13
	for ch := 0x20; ch < 0x7f; ch++ {
		dot := fixed.P(0, face.Ascent)
		dr, mask, mp, _, ok := face.Glyph(dot, rune(ch))
		if !ok || mask == nil {
			continue
		}
		alpha, _ := mask.(*image.Alpha)
		for r := 0; r < glyphH && r < dr.Dy(); r++ {
			var bits uint8
			for c := 0; c < glyphW && c < dr.Dx(); c++ {
				var a uint8
				if alpha != nil {
					a = alpha.AlphaAt(mp.X+c, mp.Y+r).A
				} else {
					_, _, _, a32 := mask.At(mp.X+c, mp.Y+r).RGBA()
					a = uint8(a32 >> 8)
				}
				if a >= 0x80 {
					bits |= 1 << c
				}
			}
			glyphRows[ch-0x20][r] = bits
		}
	}
}

// glyph returns the bitmap rows of b; bytes outside printable ASCII map to '?'.
func glyph(b byte) *[glyphH]uint8 {
	if b < 0x20 || b >= 0x7f {
		b = '?'
	}
	return &glyphRows[b-0x20]
}

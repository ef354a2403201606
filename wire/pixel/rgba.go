package pixel

import (
	"image"
	"image/draw"
)

// ToRGBA converts src into dst and returns it. dst is reused when it is
// exactly src's size, at (0,0) and tightly packed (Stride 4*width, the layout
// Fyne uploads to a texture without converting); otherwise a new RGBA is
// returned. The result never aliases src (unless dst is src). The conversion
// is image/draw's draw.Src, with its fast paths for *image.YCbCr, *image.Gray
// and *image.RGBA.
func ToRGBA(dst *image.RGBA, src image.Image) *image.RGBA {
	b := src.Bounds()
	dst = ReuseRGBA(dst, b.Dx(), b.Dy())
	draw.Draw(dst, dst.Rect, src, b.Min, draw.Src)
	return dst
}

package ui

import (
	"image"
	"image/color"
	"testing"

	"fyne.io/fyne/v2/test"
)

// TestDrawTextPixels checks a readout's image: the backdrop's translucent
// dark at its corners, glyph pixels of the foreground colour, and a line
// taller and wider than the text's for each line more.
func TestDrawTextPixels(t *testing.T) {
	test.NewTempApp(t)
	face, err := monoFace(14)
	if err != nil {
		t.Fatal(err)
	}
	white := color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
	one := drawText("30.0 fps", face, 4, white, readoutBackdrop)
	two := drawText("30.0 fps\n640x480 jpeg · v2", face, 4, white, readoutBackdrop)
	if one.Rect.Min != (image.Point{}) || len(one.Pix) != 4*one.Rect.Dx()*one.Rect.Dy() {
		t.Fatalf("image %v with %d bytes is not tightly packed at (0,0)", one.Rect, len(one.Pix))
	}
	if two.Rect.Dy() <= one.Rect.Dy() || two.Rect.Dx() <= one.Rect.Dx() {
		t.Errorf("two lines drew %v, one line %v: want taller and wider", two.Rect, one.Rect)
	}
	// The backdrop, premultiplied as Fyne's texture path blends it.
	if got := one.RGBAAt(0, 0); got != (color.RGBA{A: 0x99}) {
		t.Errorf("corner pixel %v, want the backdrop %v", got, color.RGBA{A: 0x99})
	}
	lit := 0
	for i := 0; i < len(one.Pix); i += 4 {
		p := one.Pix[i : i+4]
		if p[0] > p[3] || p[0] != p[1] || p[1] != p[2] {
			t.Fatalf("pixel %v at byte %d is not grey premultiplied alpha", p, i)
		}
		if p[3] == 0xff && p[0] >= 0xc0 {
			lit++
		}
	}
	if lit < 20 {
		t.Errorf("%d fully lit glyph pixels in %q: the text was not drawn", lit, "30.0 fps")
	}
}

// TestTextImageSetText checks that a readout is drawn again only when its
// text or the scale changes, and that its minimum size is its image's in
// Fyne units.
func TestTextImageSetText(t *testing.T) {
	test.NewTempApp(t)
	r := newTextImage()
	if !r.SetText("12 fps", 1) {
		t.Fatal("a first text was not drawn")
	}
	first := r.img.Image.(*image.RGBA)
	if r.SetText("12 fps", 1) {
		t.Error("the same text was drawn again")
	}
	if min, b := r.img.MinSize(), first.Rect; min.Width != float32(b.Dx()) || min.Height != float32(b.Dy()) {
		t.Errorf("min size %v for an image of %v at scale 1", min, b)
	}
	if !r.SetText("12 fps", 2) {
		t.Fatal("a new scale did not redraw")
	}
	double := r.img.Image.(*image.RGBA)
	if double.Rect.Dx() < 2*first.Rect.Dx()-4 {
		t.Errorf("at scale 2 the image is %v, at 1 %v", double.Rect, first.Rect)
	}
	if min := r.img.MinSize(); min.Width != float32(double.Rect.Dx())/2 {
		t.Errorf("min width %v at scale 2 for %d pixels", min.Width, double.Rect.Dx())
	}
	if !r.SetText("", 2) || r.img.MinSize().Width > 1 {
		t.Errorf("an empty text keeps a min size of %v", r.img.MinSize())
	}
}

package ui

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"testing"

	"fyne.io/fyne/v2/theme"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// rawMonoFace is the theme's monospace face without the cache.
func rawMonoFace(t testing.TB, size float32) font.Face {
	t.Helper()
	f, err := opentype.Parse(theme.TextMonospaceFont().Content())
	if err != nil {
		t.Fatal(err)
	}
	face, err := sizeMonoFont(f, size)
	if err != nil {
		t.Fatal(err)
	}
	return face
}

const sampleReadout = "30.0 fps received · 30.0 shown\nsize 16.9 KB now · 20.4 KB avg\n640x480 jpeg · v2 · garden — Ünïcødé ✓\ncamera to screen 21.0 ms (p99 23.8 ms)"

// TestGlyphCacheSamePixels draws the same text with the face and with the
// cache over it, at whole and at fractional pixel positions, twice (the
// second time from the cache): every pixel must match.
func TestGlyphCacheSamePixels(t *testing.T) {
	white := color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
	raw, cached := rawMonoFace(t, 14), newGlyphCache(rawMonoFace(t, 14))
	want := drawText(sampleReadout, raw, 4, white, readoutBackdrop)
	for round := range 2 {
		got := drawText(sampleReadout, cached, 4, white, readoutBackdrop)
		if got.Rect != want.Rect || !bytes.Equal(got.Pix, want.Pix) {
			t.Fatalf("round %d: the cached face drew other pixels (%v, want %v)", round, got.Rect, want.Rect)
		}
	}
	// Fractional dots: the mask depends on the fraction of a pixel.
	for _, frac := range []fixed.Int26_6{0, 13, 32, 50} {
		draw := func(f font.Face) *image.RGBA {
			dst := image.NewRGBA(image.Rect(0, 0, 400, 40))
			d := font.Drawer{Dst: dst, Src: image.NewUniform(white), Face: f,
				Dot: fixed.Point26_6{X: fixed.I(3) + frac, Y: fixed.I(20) + frac/2}}
			d.DrawString("x=1.5 · ms")
			return dst
		}
		if w, g := draw(raw), draw(cached); !bytes.Equal(w.Pix, g.Pix) {
			t.Errorf("at a dot %d/64 px past whole pixels the cached face drew other pixels", frac)
		}
	}
	if len(cached.glyphs) == 0 {
		t.Fatal("nothing was cached")
	}
}

// TestGlyphCacheBounded feeds more distinct characters than the cache
// keeps, as a camera's name could: it never holds more than its bound.
func TestGlyphCacheBounded(t *testing.T) {
	c := newGlyphCache(rawMonoFace(t, 10))
	for r := rune(0x4e00); r < 0x4e00+3*maxCachedGlyphs; r++ {
		c.Glyph(fixed.P(0, 10), r)
		c.GlyphAdvance(r)
		if len(c.glyphs) > maxCachedGlyphs || len(c.advances) > maxCachedGlyphs {
			t.Fatalf("after %U the cache holds %d glyphs and %d advances, bound %d", r, len(c.glyphs), len(c.advances), maxCachedGlyphs)
		}
	}
}

// BenchmarkReadoutText draws an eight-line readout with the face and with
// the cache: the work of the UI goroutine four times a second per camera.
func BenchmarkReadoutText(b *testing.B) {
	text := sampleReadout + "\n" + sampleReadout
	white := color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
	for _, c := range []struct {
		name string
		face font.Face
	}{{"opentype", rawMonoFace(b, 14)}, {"cached", newGlyphCache(rawMonoFace(b, 14))}} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				drawText(fmt.Sprintf("%s %d", text, i), c.face, 4, white, readoutBackdrop)
			}
		})
	}
}

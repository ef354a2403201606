package testpattern

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"testing"
	"time"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

var t0 = time.Date(2024, 5, 1, 1, 15, 30, 123_000_000, time.UTC)

func TestBarsAreFullSaturation(t *testing.T) {
	for i, c := range bars {
		for _, v := range []uint8{c.R, c.G, c.B} {
			if v != 0 && v != 255 {
				t.Errorf("Bars()[%d] = %v: channel not 0 or 255", i, c)
			}
		}
		if c.A != 255 {
			t.Errorf("Bars()[%d] = %v: alpha not 255", i, c)
		}
	}
	if bars[0] != (color.RGBA{255, 255, 255, 255}) || bars[7] != (color.RGBA{0, 0, 0, 255}) {
		t.Errorf("bars must run white ... black, got %v ... %v", bars[0], bars[7])
	}
}

func TestBarColoursAtKnownPixels(t *testing.T) {
	p := New(320, 240)
	img := p.Draw(nil, 0, t0)
	if img.Bounds() != image.Rect(0, 0, 320, 240) {
		t.Fatalf("bounds %v", img.Bounds())
	}
	for i, want := range bars {
		for _, x := range []int{40 * i, 40*i + 20, 40*i + 39} {
			for _, y := range []int{0, 60, 119} {
				if got := img.RGBAAt(x, y); got != want {
					t.Errorf("frame 0 pixel (%d,%d) = %v, want bar %d %v", x, y, got, i, want)
				}
			}
		}
	}
}

func TestBarsMove(t *testing.T) {
	p := New(320, 240)
	f0 := p.Draw(nil, 0, t0)
	f5 := p.Draw(nil, 5, t0)
	tests := []struct {
		x    int
		want color.RGBA
	}{
		{0, bars[7]},  // wrapped in from the right edge
		{4, bars[7]},  // last wrapped column
		{5, bars[0]},  // white now starts at x=5
		{44, bars[0]}, // white ends at 44
		{45, bars[1]}, // yellow starts at 45
		{319, bars[7]},
	}
	for _, tc := range tests {
		if got := f5.RGBAAt(tc.x, 10); got != tc.want {
			t.Errorf("frame 5 pixel (%d,10) = %v, want %v", tc.x, got, tc.want)
		}
	}
	// Frame 5 is frame 0 shifted right by 5 pixels, in the bar area.
	for x := 0; x < 320; x++ {
		if got, want := f5.RGBAAt((x+5)%320, 50), f0.RGBAAt(x, 50); got != want {
			t.Fatalf("frame 5 (%d,50) = %v, want frame 0 (%d,50) = %v", (x+5)%320, got, x, want)
		}
	}
	// Shifts wrap at the width: frame 320 looks like frame 0 in the bars.
	f320 := p.Draw(nil, 320, t0)
	if f320.RGBAAt(5, 10) != f0.RGBAAt(5, 10) {
		t.Errorf("frame 320 bars differ from frame 0")
	}
}

// boxDiffers reports whether any pixel of the text box differs between a and b.
func boxDiffers(p *Pattern, a, b *image.RGBA) bool {
	r := p.TextBox()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if a.RGBAAt(x, y) != b.RGBAAt(x, y) {
				return true
			}
		}
	}
	return false
}

func TestTextChangesWithCounterAndClock(t *testing.T) {
	for _, w := range []int{160, 320, 1920} {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			p := New(w, w*3/4)
			if p.TextBox().Empty() {
				t.Fatal("empty text box")
			}
			a := p.Draw(nil, 123, t0)
			if !boxDiffers(p, a, p.Draw(nil, 124, t0)) {
				t.Error("box identical for counters 123 and 124")
			}
			if !boxDiffers(p, a, p.Draw(nil, 123, t0.Add(time.Millisecond))) {
				t.Error("box identical for clocks .123 and .124")
			}
			if boxDiffers(p, a, p.Draw(nil, 123, t0)) {
				t.Error("box differs for the same frame drawn twice")
			}
		})
	}
}

// TestTextMatchesBasicfont renders the expected text with x/image/font at
// scale 1 and compares the box pixel for pixel.
func TestTextMatchesBasicfont(t *testing.T) {
	p := New(200, 150)
	got := p.Draw(nil, 123, t0)

	want := image.NewRGBA(got.Bounds())
	draw.Draw(want, want.Bounds(), got, image.Point{}, draw.Src)
	draw.Draw(want, p.TextBox(), image.NewUniform(boxColor), image.Point{}, draw.Src)
	d := font.Drawer{Dst: want, Src: image.NewUniform(textColor), Face: basicfont.Face7x13}
	d.Dot = fixed.P(p.text.X, p.text.Y+basicfont.Face7x13.Ascent)
	d.DrawString("#000123")
	d.Dot = fixed.P(p.text.X, p.text.Y+glyphH+p.gap+basicfont.Face7x13.Ascent)
	d.DrawString("01:15:30.123")

	inked := 0
	for y := 0; y < 150; y++ {
		for x := 0; x < 200; x++ {
			g, w := got.RGBAAt(x, y), want.RGBAAt(x, y)
			if g != w {
				t.Fatalf("pixel (%d,%d) = %v, want %v", x, y, g, w)
			}
			if g == textColor && image.Pt(x, y).In(p.TextBox()) {
				inked++
			}
		}
	}
	if inked < 50 {
		t.Errorf("only %d text pixels inked", inked)
	}
}

func TestScale2DrawsDoubledGlyphs(t *testing.T) {
	small := New(200, 150).Draw(nil, 42, t0)
	ps := New(200, 150)
	pb := New(640, 480)
	big := pb.Draw(nil, 42, t0)
	if pb.scale != 2 || ps.scale != 1 {
		t.Fatalf("scales %d, %d", ps.scale, pb.scale)
	}
	// Every text pixel at scale 1 becomes a 2x2 block at scale 2.
	for dy := 0; dy < 2*glyphH+ps.gap; dy++ {
		for dx := 0; dx < boxChars*glyphAdv; dx++ {
			s := small.RGBAAt(ps.text.X+dx, ps.text.Y+dy) == textColor
			for _, o := range []image.Point{{0, 0}, {1, 0}, {0, 1}, {1, 1}} {
				// The line gap doubles too, so the mapping is exact.
				b := big.RGBAAt(pb.text.X+2*dx+o.X, pb.text.Y+2*dy+o.Y) == textColor
				if s != b {
					t.Fatalf("scale-1 text pixel (+%d,+%d) inked=%v, scale-2 block pixel inked=%v", dx, dy, s, b)
				}
			}
		}
	}
}

func TestAnySize(t *testing.T) {
	tests := []struct{ w, h, wantW, wantH int }{
		{16, 16, 16, 16},
		{17, 31, 17, 31},
		{33, 16, 33, 16},
		{100, 100, 100, 100},
		{319, 239, 319, 239},
		{1920, 1080, 1920, 1080},
		{8, 100, 8, 100},
		{1, 1, 1, 1},
		{0, -4, 1, 1},
		{maxSize + 1, 2, maxSize, 2},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%dx%d", tc.w, tc.h), func(t *testing.T) {
			p := New(tc.w, tc.h)
			if w, h := p.Size(); w != tc.wantW || h != tc.wantH {
				t.Fatalf("Size() = %dx%d, want %dx%d", w, h, tc.wantW, tc.wantH)
			}
			for _, n := range []uint64{0, 7, 1 << 40} {
				img := p.Draw(nil, n, t0)
				if img.Bounds() != image.Rect(0, 0, tc.wantW, tc.wantH) {
					t.Fatalf("bounds %v", img.Bounds())
				}
				if !p.TextBox().In(img.Bounds()) || p.TextBox().Min.Y < tc.wantH/2 {
					t.Fatalf("text box %v outside the lower half of %v", p.TextBox(), img.Bounds())
				}
				// The upper half holds nothing but bar colours.
				for y := 0; y < tc.wantH/2; y++ {
					for x := 0; x < tc.wantW; x++ {
						if !isBar(img.RGBAAt(x, y)) {
							t.Fatalf("pixel (%d,%d) = %v is no bar colour", x, y, img.RGBAAt(x, y))
						}
					}
				}
			}
			if n0 := p.Draw(nil, 0, t0).RGBAAt(0, 0); tc.wantH >= 2 && n0 != bars[0] {
				t.Errorf("frame 0 pixel (0,0) = %v, want white", n0)
			}
		})
	}
}

func isBar(c color.RGBA) bool {
	for _, b := range bars {
		if c == b {
			return true
		}
	}
	return false
}

func TestDrawReusesDst(t *testing.T) {
	p := New(64, 48)
	dst := image.NewRGBA(image.Rect(0, 0, 64, 48))
	if got := p.Draw(dst, 3, t0); got != dst {
		t.Error("Draw did not reuse a fitting dst")
	}
	if got := p.Draw(image.NewRGBA(image.Rect(0, 0, 63, 48)), 3, t0); got.Bounds() != image.Rect(0, 0, 64, 48) {
		t.Errorf("wrong-size dst: got bounds %v", got.Bounds())
	}
	broken := &image.RGBA{Pix: make([]byte, 10), Stride: 4 * 64, Rect: image.Rect(0, 0, 64, 48)}
	if got := p.Draw(broken, 3, t0); got == broken || len(got.Pix) != 64*48*4 {
		t.Error("Draw used a dst whose Pix is too short")
	}

	// A sub-image: drawn in place, the pixels around it untouched.
	big := image.NewRGBA(image.Rect(0, 0, 100, 100))
	sub := big.SubImage(image.Rect(10, 20, 74, 68)).(*image.RGBA)
	if got := p.Draw(sub, 3, t0); got != sub {
		t.Fatal("Draw did not reuse a fitting sub-image")
	}
	ref := p.Draw(nil, 3, t0)
	for y := 0; y < 100; y++ {
		for x := 0; x < 100; x++ {
			want := color.RGBA{}
			if image.Pt(x, y).In(sub.Rect) {
				want = ref.RGBAAt(x-10, y-20)
			}
			if got := big.RGBAAt(x, y); got != want {
				t.Fatalf("big pixel (%d,%d) = %v, want %v", x, y, got, want)
			}
		}
	}
}

func TestDrawAllocatesNothingWhenReusing(t *testing.T) {
	p := New(320, 240)
	p.Noise = 20
	dst := p.Draw(nil, 0, t0)
	n := uint64(0)
	allocs := testing.AllocsPerRun(20, func() {
		n++
		p.Draw(dst, n, t0.Add(time.Duration(n)*time.Millisecond))
	})
	if allocs != 0 {
		t.Errorf("Draw into a reused dst: %v allocations, want 0", allocs)
	}
}

func BenchmarkDraw(b *testing.B) {
	for _, sz := range []image.Point{{320, 240}, {1920, 1080}} {
		for _, noise := range []int{0, 16} {
			b.Run(fmt.Sprintf("%dx%d/noise=%d", sz.X, sz.Y, noise), func(b *testing.B) {
				p := New(sz.X, sz.Y)
				p.Noise = noise
				dst := p.Draw(nil, 0, t0)
				b.SetBytes(int64(len(dst.Pix)))
				b.ReportAllocs()
				var n uint64
				for b.Loop() {
					n++
					p.Draw(dst, n, t0)
				}
			})
		}
	}
}

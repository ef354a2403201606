package testpattern

import (
	"image"
	"testing"
)

func TestNoise(t *testing.T) {
	const amp = 40
	clean := New(160, 120).Draw(nil, 9, t0)
	p := New(160, 120)
	p.Noise = amp
	a := p.Draw(nil, 9, t0)
	b := p.Draw(nil, 9, t0)
	c := p.Draw(nil, 10, t0)
	if string(a.Pix) != string(b.Pix) {
		t.Error("noise is not deterministic for the same frame")
	}
	if string(a.Pix) == string(clean.Pix) {
		t.Error("noise changed nothing")
	}
	// Frame 10's bars are shifted by one pixel; compare its noise to frame 9's
	// at a place where both show the same bar (the white bar's inside).
	same := 0
	for x := 2; x < 19; x++ {
		if a.RGBAAt(x, 5) == c.RGBAAt(x, 5) {
			same++
		}
	}
	if same > 8 {
		t.Errorf("frames 9 and 10 have the same noise at %d of 17 pixels", same)
	}
	changed := 0
	for y := 0; y < 120; y++ {
		for x := 0; x < 160; x++ {
			n, k := a.RGBAAt(x, y), clean.RGBAAt(x, y)
			if image.Pt(x, y).In(p.TextBox()) {
				if n != k {
					t.Fatalf("noise inside the text box at (%d,%d)", x, y)
				}
				continue
			}
			if n.A != 255 {
				t.Fatalf("alpha %d at (%d,%d)", n.A, x, y)
			}
			for _, d := range []int{int(n.R) - int(k.R), int(n.G) - int(k.G), int(n.B) - int(k.B)} {
				if d < -amp || d > amp {
					t.Fatalf("noise %d at (%d,%d) exceeds amplitude %d", d, x, y, amp)
				}
				if d != 0 {
					changed++
				}
			}
		}
	}
	if changed < 160*60 {
		t.Errorf("only %d channels changed by noise", changed)
	}
	for _, bad := range []int{-5, 1000} {
		p.Noise = bad
		p.Draw(a, 1, t0) // must not panic
	}
}

func TestSeedNonZeroAndDistinct(t *testing.T) {
	seen := map[uint64]uint64{}
	for n := range uint64(1000) {
		s := seed(n)
		if s == 0 {
			t.Fatalf("seed(%d) = 0, a dead xorshift state", n)
		}
		if m, dup := seen[s]; dup {
			t.Fatalf("seed(%d) == seed(%d)", n, m)
		}
		seen[s] = n
	}
}

func TestSaturate(t *testing.T) {
	for _, tc := range []struct{ v, want int }{{-255, 0}, {-1, 0}, {0, 0}, {17, 17}, {255, 255}, {256, 255}, {510, 255}} {
		if got := saturate[tc.v+255]; int(got) != tc.want {
			t.Errorf("saturate(%d) = %d, want %d", tc.v, got, tc.want)
		}
	}
}

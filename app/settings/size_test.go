package settings

import (
	"image"
	"strings"
	"testing"
)

func TestParseSize(t *testing.T) {
	tests := []struct {
		in      string
		want    image.Point
		wantErr string // part of the error; "" for success
	}{
		{"320x240", image.Pt(320, 240), ""},
		{"320X240", image.Pt(320, 240), ""},
		{" 1920x1080 ", image.Pt(1920, 1080), ""},
		{"16x16", image.Pt(16, 16), ""},
		{"8192x8192", image.Pt(8192, 8192), ""},
		{"0640x0480", image.Pt(640, 480), ""},
		{"15x240", image.Point{}, "out of range"},
		{"320x8193", image.Point{}, "out of range"},
		{"99999999999999999999x1", image.Point{}, "not a size"}, // overflows int
		{"320", image.Point{}, "not a size"},
		{"", image.Point{}, "not a size"},
		{"x240", image.Point{}, "not a size"},
		{"320x", image.Point{}, "not a size"},
		{"-320x240", image.Point{}, "not a size"},
		{"+320x240", image.Point{}, "not a size"},
		{"320 x 240", image.Point{}, "not a size"},
		{"320x240x3", image.Point{}, "not a size"},
		{"3.5x240", image.Point{}, "not a size"},
		{strings.Repeat("1", 40) + "x1", image.Point{}, "too long"},
	}
	for _, tt := range tests {
		got, err := ParseSize(tt.in)
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("ParseSize(%q): %v", tt.in, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("ParseSize(%q) = %v, %v; want an error with %q", tt.in, got, err, tt.wantErr)
		case got != tt.want:
			t.Errorf("ParseSize(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestFormatSizeRoundTrip(t *testing.T) {
	for _, p := range []image.Point{{320, 240}, {16, 8192}, {1920, 1080}} {
		s := FormatSize(p)
		got, err := ParseSize(s)
		if err != nil || got != p {
			t.Errorf("ParseSize(FormatSize(%v) = %q) = %v, %v", p, s, got, err)
		}
	}
	if got := FormatSize(image.Pt(320, 240)); got != "320x240" {
		t.Errorf("FormatSize = %q, want 320x240", got)
	}
}

func FuzzParseSize(f *testing.F) {
	for _, s := range []string{"320x240", "16X16", " 8192x8192 ", "x", "1x1", "99999999999999999999x1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParseSize(s)
		if err != nil {
			return
		}
		if p.X < minSide || p.X > maxSide || p.Y < minSide || p.Y > maxSide {
			t.Fatalf("ParseSize(%q) = %v, out of bounds", s, p)
		}
		if q, err := ParseSize(FormatSize(p)); err != nil || q != p {
			t.Fatalf("round trip of %v: %v, %v", p, q, err)
		}
	})
}

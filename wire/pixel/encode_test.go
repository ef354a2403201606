package pixel_test

import (
	"bytes"
	"image"
	"testing"

	. "github.com/vidstream/vidstream/wire/pixel"
	"github.com/vidstream/vidstream/wire/wiretest"
)

func TestEncodeInvalidLayouts(t *testing.T) {
	src := wiretest.Quadrants(4, 4)
	tests := []struct {
		name string
		fn   func() []byte
	}{
		{"i420 as rgb", func() []byte { return EncodeI420(nil, src, Layout{FormatRGB24, 4, 4, 12, 4}) }},
		{"i420 odd stride", func() []byte { return EncodeI420(nil, src, Layout{FormatI420, 3, 4, 3, 4}) }},
		{"packed grey", func() []byte { return EncodePacked(nil, src, Layout{FormatGray, 4, 4, 4, 4}) }},
		{"packed jpeg", func() []byte { return EncodePacked(nil, src, Layout{FormatJPEG, 4, 4, 0, 0}) }},
		{"packed short stride", func() []byte { return EncodePacked(nil, src, Layout{FormatRGBA, 4, 4, 15, 4}) }},
		{"grey as i420", func() []byte { return EncodeGray(nil, src, Layout{FormatI420, 4, 4, 4, 4}) }},
		{"grey zero", func() []byte { return EncodeGray(nil, src, Layout{FormatGray, 0, 0, 0, 0}) }},
	}
	for _, tc := range tests {
		if got := tc.fn(); got != nil {
			t.Errorf("%s: encoded %d bytes, want nil", tc.name, len(got))
		}
	}
}

func TestEncodeOutsideSourceIsBlack(t *testing.T) {
	// A 2x2 white source encoded as 4x2: the right half reads as black.
	white := image.NewGray(image.Rect(0, 0, 2, 2))
	for i := range white.Pix {
		white.Pix[i] = 255
	}
	got := EncodeGray(nil, white, Layout{FormatGray, 4, 2, 4, 2})
	if want := []byte{255, 255, 0, 0, 255, 255, 0, 0}; !bytes.Equal(got, want) {
		t.Errorf("EncodeGray = %v, want %v", got, want)
	}
	got = EncodePacked(nil, white, Layout{FormatBGRA, 4, 1, 16, 1})
	if want := []byte{255, 255, 255, 255, 255, 255, 255, 255, 0, 0, 0, 0, 0, 0, 0, 0}; !bytes.Equal(got, want) {
		t.Errorf("EncodePacked = %v, want %v", got, want)
	}
}

func TestEncodeI420ChromaAverage(t *testing.T) {
	// One 2x2 block: two red pixels, two blue; Cb and Cr are the rounded means.
	src := image.NewRGBA(image.Rect(0, 0, 2, 2))
	src.SetRGBA(0, 0, wiretest.Red())
	src.SetRGBA(1, 0, wiretest.Blue())
	src.SetRGBA(0, 1, wiretest.Red())
	src.SetRGBA(1, 1, wiretest.Blue())
	got := EncodeI420(nil, src, Layout{FormatI420, 2, 2, 2, 2})
	// Y: 4c 1d / 4c 1d; Cb (0x55+0xff)/2 = 0xaa; Cr (0xff+0x6b)/2 = 0xb5.
	if want := []byte{0x4c, 0x1d, 0x4c, 0x1d, 0xaa, 0xb5}; !bytes.Equal(got, want) {
		t.Errorf("EncodeI420 = %x, want %x", got, want)
	}
}

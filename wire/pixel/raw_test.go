package pixel_test

import (
	"bytes"
	"encoding/hex"
	"image"
	"testing"

	. "github.com/vidstream/vidstream/wire/pixel"
	"github.com/vidstream/vidstream/wire/wiretest"
)

// decodeGray and decodeI420 wrap a raw frame in new image headers.
func decodeGray(b []byte, l Layout) (*image.Gray, error) {
	g := new(image.Gray)
	return g, WrapGray(g, b, l)
}

func decodeI420(b []byte, l Layout) (*image.YCbCr, error) {
	yc := new(image.YCbCr)
	return yc, WrapI420(yc, b, l)
}

func TestRawTable(t *testing.T) {
	for _, tc := range wiretest.RawCases() {
		t.Run(tc.Name, func(t *testing.T) {
			l := tc.L
			if err := l.Validate(); err != nil {
				t.Fatalf("Validate: %v", err)
			}
			if l.Size() != tc.Size {
				t.Fatalf("Size = %d, want %d", l.Size(), tc.Size)
			}
			src := wiretest.Quadrants(l.Width, l.Height)
			enc := Encode(nil, src, l)
			if len(enc) != tc.Size {
				t.Fatalf("encoded %d bytes, want %d", len(enc), tc.Size)
			}
			for _, b := range tc.Bytes {
				want, _ := hex.DecodeString(b.Want)
				if got := enc[b.Off : b.Off+len(want)]; !bytes.Equal(got, want) {
					t.Errorf("bytes at %d = %x, want %x", b.Off, got, want)
				}
			}
			// The generic image path (NRGBA has no fast path) gives the same bytes.
			nrgba := image.NewNRGBA(src.Rect)
			copy(nrgba.Pix, src.Pix)
			if again := Encode(nil, nrgba, l); !bytes.Equal(again, enc) {
				t.Errorf("encoding an NRGBA differs from encoding the RGBA")
			}
			// A reused, dirty buffer gives the same bytes (padding zeroed).
			dirty := bytes.Repeat([]byte{0xAB}, tc.Size+7)
			if again := Encode(dirty[:3], src, l); !bytes.Equal(again, enc) || &again[0] != &dirty[0] {
				t.Errorf("encoding into a dirty reused buffer differs or did not reuse it")
			}
			if tc.Seed {
				if got, err := ClassifyRaw(len(enc), l.Width, l.Height); err != nil || got != l {
					t.Errorf("ClassifyRaw = %v, %v; want %v", got, err, l)
				}
			}
			checkDecoded(t, enc, l)
		})
	}
}

// checkDecoded decodes enc (the quadrant image in l) and checks the pixels.
func checkDecoded(t *testing.T, enc []byte, l Layout) {
	t.Helper()
	w, h := l.Width, l.Height
	want := image.Rect(0, 0, w, h)
	switch l.Format {
	case FormatGray, FormatI420:
		g, err := decodeGray(enc, l)
		if err != nil {
			t.Fatalf("DecodeGray: %v", err)
		}
		if g.Rect != want || g.Stride != l.Stride || &g.Pix[0] != &enc[0] {
			t.Fatalf("DecodeGray: rect %v stride %d, want %v %d, aliasing the payload", g.Rect, g.Stride, want, l.Stride)
		}
		for y := range h {
			for x := range w {
				if got, exp := g.GrayAt(x, y).Y, wiretest.Luma(wiretest.Quadrant(x, y, w, h)); got != exp {
					t.Fatalf("grey (%d,%d) = %#x, want %#x", x, y, got, exp)
				}
			}
		}
	}
	if l.Format == FormatI420 {
		yc, err := decodeI420(enc, l)
		if err != nil {
			t.Fatalf("DecodeI420: %v", err)
		}
		if yc.Rect != want || yc.YStride != l.Stride || yc.CStride != l.Stride/2 || &yc.Y[0] != &enc[0] {
			t.Fatalf("DecodeI420: rect %v strides %d/%d", yc.Rect, yc.YStride, yc.CStride)
		}
		rgba := ToRGBA(nil, yc)
		for y := range h {
			for x := range w {
				// Only pixels whose 2x2 chroma block lies in one quadrant keep their colour.
				x0, y0 := x&^1, y&^1
				x1, y1 := min(x0+1, w-1), min(y0+1, h-1)
				c := wiretest.Quadrant(x, y, w, h)
				if wiretest.Quadrant(x0, y0, w, h) != c || wiretest.Quadrant(x1, y1, w, h) != c {
					continue
				}
				if got := rgba.RGBAAt(x, y); !wiretest.Near(got, c, 3) {
					t.Fatalf("i420 colour (%d,%d) = %v, want %v ±3", x, y, got, c)
				}
			}
		}
		return
	}
	if l.Format == FormatGray {
		return
	}
	img, err := DecodePacked(nil, enc, l)
	if err != nil {
		t.Fatalf("DecodePacked: %v", err)
	}
	if img.Rect != want {
		t.Fatalf("DecodePacked rect %v, want %v", img.Rect, want)
	}
	for y := range h {
		for x := range w {
			if got, c := img.RGBAAt(x, y), wiretest.Quadrant(x, y, w, h); got != c {
				t.Fatalf("pixel (%d,%d) = %v, want %v", x, y, got, c)
			}
		}
	}
	if again, err := DecodePacked(img, enc, l); err != nil || again != img {
		t.Errorf("DecodePacked did not reuse a fitting dst: %v", err)
	}
}

func TestDecodePackedAlphaForced(t *testing.T) {
	l := Layout{FormatBGRA, 2, 1, 8, 1}
	img, err := DecodePacked(nil, []byte{1, 2, 3, 0, 4, 5, 6, 7}, l)
	if err != nil {
		t.Fatal(err)
	}
	if got := img.Pix; !bytes.Equal(got, []byte{3, 2, 1, 255, 6, 5, 4, 255}) {
		t.Errorf("Pix = %v", got)
	}
}

func TestRawDecodeErrors(t *testing.T) {
	i420 := PicameraLayout(FormatI420, 64, 32)
	rgb := PicameraLayout(FormatRGB24, 64, 32)
	buf := make([]byte, rgb.Size())
	tests := []struct {
		name string
		fn   func() error
	}{
		{"gray from rgb", func() error { _, err := decodeGray(buf, rgb); return err }},
		{"i420 short", func() error { _, err := decodeI420(buf[:i420.Size()-1], i420); return err }},
		{"i420 from rgb", func() error { _, err := decodeI420(buf, rgb); return err }},
		{"packed from i420", func() error { _, err := DecodePacked(nil, buf, i420); return err }},
		{"packed short", func() error { _, err := DecodePacked(nil, buf[:10], rgb); return err }},
		{"packed bad stride", func() error {
			_, err := DecodePacked(nil, buf, Layout{FormatRGB24, 64, 32, 100, 32})
			return err
		}},
		{"gray zero size", func() error { _, err := decodeGray(buf, Layout{FormatGray, 0, 0, 0, 0}); return err }},
	}
	for _, tc := range tests {
		if err := tc.fn(); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
}

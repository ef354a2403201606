package pixel_test

import (
	"bytes"
	"image"
	"testing"

	. "github.com/vidstream/vidstream/wire/pixel"
	"github.com/vidstream/vidstream/wire/wiretest"
)

// Fuzz targets. Their seeds are the raw table (wiretest.RawCases) plus the
// corpus files under testdata/fuzz.

func FuzzDecodeRaw(f *testing.F) {
	for _, tc := range wiretest.SmallRawCases() {
		l := tc.L
		f.Add(Encode(nil, wiretest.Quadrants(l.Width, l.Height), l), uint32(l.Format), l.Width, l.Height, l.Stride, l.Rows)
	}
	f.Add([]byte{1, 2, 3}, uint32(FormatI420), 2, 2, 2, 2)
	f.Fuzz(func(t *testing.T, b []byte, format uint32, w, h, stride, rows int) {
		l := Layout{Format(format), w, h, stride, rows}
		want := image.Rect(0, 0, w, h)
		if g, err := decodeGray(b, l); err == nil && (g.Rect != want || len(b) < l.Size()) {
			t.Fatalf("WrapGray rect %v for %v", g.Rect, l)
		}
		if yc, err := decodeI420(b, l); err == nil {
			if yc.Rect != want {
				t.Fatalf("WrapI420 rect %v for %v", yc.Rect, l)
			}
			ToRGBA(nil, yc) // reads every sample: must stay in bounds
		}
		if p, err := DecodePacked(nil, b, l); err == nil && p.Rect != want {
			t.Fatalf("DecodePacked rect %v for %v", p.Rect, l)
		}
		// Any valid small layout round-trips the quadrant image.
		if l.Validate() != nil || l.Format == FormatJPEG || l.Size() > 1<<18 {
			return
		}
		src := wiretest.Quadrants(w, h)
		enc := Encode(nil, src, l)
		if len(enc) != l.Size() {
			t.Fatalf("encoded %d bytes for %v", len(enc), l)
		}
		switch l.Format {
		case FormatGray, FormatI420:
			g, err := decodeGray(enc, l)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range []image.Point{{0, 0}, {w - 1, h - 1}} {
				if got, exp := g.GrayAt(p.X, p.Y).Y, wiretest.Luma(wiretest.Quadrant(p.X, p.Y, w, h)); got != exp {
					t.Fatalf("%v: grey %v = %#x, want %#x", l, p, got, exp)
				}
			}
		default:
			p, err := DecodePacked(nil, enc, l)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(p.Pix, src.Pix) {
				t.Fatalf("%v: packed round trip differs", l)
			}
		}
	})
}

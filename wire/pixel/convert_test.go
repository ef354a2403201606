package pixel_test

import (
	"bytes"
	"errors"
	"image"
	"testing"

	. "github.com/vidstream/vidstream/wire/pixel"
	"github.com/vidstream/vidstream/wire/wiretest"
)

func TestConverterRGBA(t *testing.T) {
	for _, tc := range wiretest.RawCases() {
		w, h := tc.L.Width, tc.L.Height
		enc := Encode(nil, wiretest.Quadrants(w, h), tc.L)
		for _, colour := range []bool{false, true} {
			var c Converter
			rgba, err := c.RGBA(nil, enc, tc.L, colour)
			if err != nil {
				t.Fatalf("%s: %v", tc.Name, err)
			}
			if rgba.Rect != image.Rect(0, 0, w, h) || rgba.Stride != 4*w {
				t.Fatalf("%s: rect %v stride %d", tc.Name, rgba.Rect, rgba.Stride)
			}
			x, y := w*3/4, h/4 // inside the green quadrant, away from its edges
			want := wiretest.Green()
			if tc.L.Format == FormatGray || (tc.L.Format == FormatI420 && !colour) {
				v := wiretest.Luma(want)
				want.R, want.G, want.B = v, v, v
			}
			if got := rgba.RGBAAt(x, y); !wiretest.Near(got, want, 3) {
				t.Errorf("%s (colour %v): (%d,%d) = %v, want %v", tc.Name, colour, x, y, got, want)
			}
			// The result never aliases the payload, and dst is reused.
			before := bytes.Clone(rgba.Pix)
			for i := range enc {
				enc[i] ^= 0xFF
			}
			if !bytes.Equal(before, rgba.Pix) {
				t.Fatalf("%s: the RGBA aliases the payload", tc.Name)
			}
			for i := range enc {
				enc[i] ^= 0xFF
			}
			if again, err := c.RGBA(rgba, enc, tc.L, colour); err != nil || again != rgba {
				t.Errorf("%s: a fitting dst was not reused: %v", tc.Name, err)
			}
		}
	}
}

func TestConverterAllocatesNothingAndKeepsNoPayload(t *testing.T) {
	for _, tc := range wiretest.RawCases() {
		enc := Encode(nil, wiretest.Quadrants(tc.L.Width, tc.L.Height), tc.L)
		var c Converter
		dst, _ := c.RGBA(nil, enc, tc.L, true)
		allocs := testing.AllocsPerRun(20, func() {
			if _, err := c.RGBA(dst, enc, tc.L, tc.L.Format == FormatI420); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 0 {
			t.Errorf("%s: %v allocations a frame, want 0", tc.Name, allocs)
		}
		if c.HoldsPayload() {
			t.Errorf("%s: the converter keeps a header over the payload", tc.Name)
		}
	}
}

func TestConverterErrors(t *testing.T) {
	rgb := PicameraLayout(FormatRGB24, 64, 32)
	var c Converter
	if _, err := c.RGBA(nil, make([]byte, rgb.Size()-1), rgb, false); err == nil {
		t.Error("a short payload converted")
	}
	if _, err := c.RGBA(nil, make([]byte, 100), Layout{Format: FormatJPEG}, false); err == nil {
		t.Error("a JPEG layout converted as raw")
	}
}

func TestCheckPixels(t *testing.T) {
	var tl *ImageTooLargeError
	if err := CheckPixels(4096, 4096, 0); err != nil {
		t.Errorf("16.7 MP under the default cap: %v", err)
	}
	err := CheckPixels(4097, 4096, 0)
	if !errors.As(err, &tl) || *tl != (ImageTooLargeError{4097, 4096, DefaultMaxPixels}) {
		t.Errorf("over the default cap: %v", err)
	}
	if err := CheckPixels(65000, 65000, 1000); !errors.As(err, &tl) || tl.Max != 1000 ||
		err.Error() != "pixel: image of 65000x65000 pixels is over the cap of 1000 pixels" {
		t.Errorf("over a given cap: %v", err)
	}
}

package capture

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	stdjpeg "image/jpeg"
	"testing"
	"time"

	"github.com/vidstream/vidstream/wire/pixel"

	"github.com/vidstream/vidstream/capture/testpattern"
)

var t0 = time.Date(2024, 5, 1, 1, 15, 30, 123_000_000, time.UTC)

// card returns frame 0 of the test pattern at w x h: bar i spans columns
// [i*w/8, (i+1)*w/8) in its upper half.
func card(w, h int) *image.RGBA {
	return testpattern.New(w, h).Draw(nil, 0, t0)
}

// barX returns a column in the middle of bar i of a w-wide frame 0.
func barX(i, w int) int { return (2*i + 1) * w / 16 }

func TestEncoderSizes(t *testing.T) {
	tests := []struct {
		f    pixel.Format
		w, h int
		want int
	}{
		{pixel.FormatI420, 320, 240, 115200},
		{pixel.FormatRGB24, 320, 240, 230400},
		{pixel.FormatI420, 100, 100, 21504}, // 128x112 with picamera's padding
		{pixel.FormatRGB24, 100, 100, 128 * 112 * 3},
		{pixel.FormatBGR24, 320, 240, 230400},
		{pixel.FormatRGBA, 320, 240, 307200},
		{pixel.FormatBGRA, 100, 100, 128 * 112 * 4},
		{pixel.FormatGray, 320, 240, 76800},
		{pixel.FormatGray, 100, 100, 10000},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%v/%dx%d", tc.f, tc.w, tc.h), func(t *testing.T) {
			e, err := newEncoder(tc.f, tc.w, tc.h, 0)
			if err != nil {
				t.Fatal(err)
			}
			b, err := e.Encode(card(tc.w, tc.h))
			if err != nil {
				t.Fatal(err)
			}
			if len(b) != tc.want || e.Layout().Size() != tc.want {
				t.Errorf("payload %d bytes, layout size %d, want %d", len(b), e.Layout().Size(), tc.want)
			}
		})
	}
}

func TestEncoderI420Pixels(t *testing.T) {
	const w, h = 100, 100
	e, err := newEncoder(pixel.FormatI420, w, h, 0)
	if err != nil {
		t.Fatal(err)
	}
	b, err := e.Encode(card(w, h))
	if err != nil {
		t.Fatal(err)
	}
	l := e.Layout()
	if l.Stride != 128 || l.Rows != 112 {
		t.Fatalf("layout %v, want stride 128 rows 112", l)
	}
	uOff := l.Stride * l.Rows
	vOff := uOff + (l.Stride/2)*(l.Rows/2)
	for i, c := range testpattern.Bars() {
		x, y := barX(i, w), 10
		// Columns x-1..x+1 are inside one bar, so chroma is exact too.
		wy, wu, wv := color.RGBToYCbCr(c.R, c.G, c.B)
		gy := b[y*l.Stride+x]
		gu := b[uOff+(y/2)*(l.Stride/2)+x/2]
		gv := b[vOff+(y/2)*(l.Stride/2)+x/2]
		if gy != wy || gu != wu || gv != wv {
			t.Errorf("bar %d at (%d,%d): YUV %d,%d,%d, want %d,%d,%d", i, x, y, gy, gu, gv, wy, wu, wv)
		}
	}
	// Padding columns of the Y plane are zero.
	for y := 0; y < h; y++ {
		for x := w; x < l.Stride; x++ {
			if b[y*l.Stride+x] != 0 {
				t.Fatalf("Y padding byte (%d,%d) = %d", x, y, b[y*l.Stride+x])
			}
		}
	}
}

func TestEncoderPackedPixels(t *testing.T) {
	const w, h = 100, 100
	tests := []struct {
		f   pixel.Format
		bpp int
		get func(c color.RGBA) []byte
	}{
		{pixel.FormatRGB24, 3, func(c color.RGBA) []byte { return []byte{c.R, c.G, c.B} }},
		{pixel.FormatBGR24, 3, func(c color.RGBA) []byte { return []byte{c.B, c.G, c.R} }},
		{pixel.FormatRGBA, 4, func(c color.RGBA) []byte { return []byte{c.R, c.G, c.B, c.A} }},
		{pixel.FormatGray, 1, func(c color.RGBA) []byte {
			y, _, _ := color.RGBToYCbCr(c.R, c.G, c.B)
			return []byte{y}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.f.String(), func(t *testing.T) {
			e, err := newEncoder(tc.f, w, h, 0)
			if err != nil {
				t.Fatal(err)
			}
			b, err := e.Encode(card(w, h))
			if err != nil {
				t.Fatal(err)
			}
			stride := e.Layout().Stride
			for i, c := range testpattern.Bars() {
				for _, y := range []int{0, 49} {
					off := y*stride + barX(i, w)*tc.bpp
					if got, want := b[off:off+tc.bpp], tc.get(c); !bytes.Equal(got, want) {
						t.Errorf("bar %d row %d: bytes %v, want %v", i, y, got, want)
					}
				}
			}
			if pad := b[w*tc.bpp : stride]; stride > w*tc.bpp && !bytes.Equal(pad, make([]byte, len(pad))) {
				t.Errorf("row padding not zero: %v", pad)
			}
		})
	}
}

func TestEncoderJPEG(t *testing.T) {
	const w, h = 320, 240
	e, err := newEncoder(pixel.FormatJPEG, w, h, 0)
	if err != nil {
		t.Fatal(err)
	}
	if e.Quality() != DefaultQuality {
		t.Errorf("quality %d, want %d", e.Quality(), DefaultQuality)
	}
	if l := e.Layout(); l.Format != pixel.FormatJPEG || l.Width != w || l.Height != h {
		t.Errorf("layout %v", l)
	}
	b, err := e.Encode(card(w, h))
	if err != nil {
		t.Fatal(err)
	}
	if len(b) < 4 || b[0] != 0xFF || b[1] != 0xD8 {
		t.Fatalf("payload starts % x, want FF D8", b[:min(4, len(b))])
	}
	img, err := stdjpeg.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("decoding: %v", err)
	}
	if img.Bounds() != image.Rect(0, 0, w, h) {
		t.Fatalf("decoded bounds %v", img.Bounds())
	}
	const tol = 16
	for i, c := range testpattern.Bars() {
		got := color.RGBAModel.Convert(img.At(barX(i, w), 40)).(color.RGBA)
		for ch, d := range []int{int(got.R) - int(c.R), int(got.G) - int(c.G), int(got.B) - int(c.B)} {
			if d < -tol || d > tol {
				t.Errorf("bar %d: decoded %v, want %v (channel %d off by %d)", i, got, c, ch, d)
			}
		}
	}
}

func TestEncoderJPEGQuality(t *testing.T) {
	p := testpattern.New(320, 240)
	p.Noise = 30
	img := p.Draw(nil, 3, t0)
	size := func(q int) int {
		e, err := newEncoder(pixel.FormatJPEG, 320, 240, q)
		if err != nil {
			t.Fatal(err)
		}
		b, err := e.Encode(img)
		if err != nil {
			t.Fatal(err)
		}
		return len(b)
	}
	if lo, hi := size(20), size(95); lo >= hi {
		t.Errorf("quality 20 gives %d bytes, quality 95 %d: want fewer", lo, hi)
	}
}

func TestEncoderErrors(t *testing.T) {
	tests := []struct {
		name    string
		f       pixel.Format
		w, h, q int
	}{
		{"quality 101", pixel.FormatJPEG, 320, 240, 101},
		{"quality -1", pixel.FormatI420, 320, 240, -1},
		{"unknown format", pixel.FormatUnknown, 320, 240, 0},
		{"bogus format", pixel.Format(12345), 320, 240, 0},
		{"zero width", pixel.FormatI420, 0, 240, 0},
		{"negative height", pixel.FormatRGB24, 320, -1, 0},
		{"huge", pixel.FormatGray, pixel.MaxDimension + 1, 16, 0},
		{"huge jpeg", pixel.FormatJPEG, 16, pixel.MaxDimension + 1, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if e, err := newEncoder(tc.f, tc.w, tc.h, tc.q); err == nil {
				t.Errorf("newEncoder succeeded: layout %v", e.Layout())
			}
		})
	}
	e, err := newEncoder(pixel.FormatI420, 64, 48, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Encode(card(64, 46)); err == nil {
		t.Error("encoding a 64x46 image with a 64x48 encoder succeeded")
	}
	if _, err := e.Encode(nil); err == nil {
		t.Error("encoding nil succeeded")
	}
}

func TestEncoderReusesBuffer(t *testing.T) {
	img := card(320, 240)
	for _, f := range []pixel.Format{pixel.FormatI420, pixel.FormatRGB24, pixel.FormatGray, pixel.FormatBGRA} {
		t.Run(f.String(), func(t *testing.T) {
			e, err := newEncoder(f, 320, 240, 0)
			if err != nil {
				t.Fatal(err)
			}
			first, err := e.Encode(img)
			if err != nil {
				t.Fatal(err)
			}
			want := bytes.Clone(first)
			allocs := testing.AllocsPerRun(10, func() {
				b, err := e.Encode(img)
				if err != nil || &b[0] != &first[0] {
					t.Error("Encode failed or did not reuse its buffer")
				}
			})
			if allocs != 0 {
				t.Errorf("%v allocations per Encode, want 0", allocs)
			}
			if !bytes.Equal(first, want) {
				t.Error("re-encoding the same image changed the payload")
			}
		})
	}
}

func BenchmarkEncoder(b *testing.B) {
	for _, sz := range []image.Point{{320, 240}, {1920, 1080}} {
		for _, f := range []pixel.Format{pixel.FormatJPEG, pixel.FormatI420, pixel.FormatRGB24} {
			b.Run(fmt.Sprintf("%v/%dx%d", f, sz.X, sz.Y), func(b *testing.B) {
				img := card(sz.X, sz.Y)
				e, err := newEncoder(f, sz.X, sz.Y, 0)
				if err != nil {
					b.Fatal(err)
				}
				b.SetBytes(int64(len(img.Pix)))
				b.ReportAllocs()
				var n int
				for b.Loop() {
					out, err := e.Encode(img)
					if err != nil {
						b.Fatal(err)
					}
					n = len(out)
				}
				b.ReportMetric(float64(n), "B/frame")
			})
		}
	}
}

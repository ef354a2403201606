package wire

import (
	"bytes"
	"encoding/hex"
	"image"
	"image/color"
	"testing"
)

// The test image: four quadrants, split at (w/2, h/2).
var (
	qRed    = color.RGBA{0xFF, 0x00, 0x00, 0xFF} // top left;     Y 4c Cb 55 Cr ff
	qGreen  = color.RGBA{0x00, 0xFF, 0x00, 0xFF} // top right;    Y 96 Cb 2c Cr 15
	qBlue   = color.RGBA{0x00, 0x00, 0xFF, 0xFF} // bottom left;  Y 1d Cb ff Cr 6b
	qYellow = color.RGBA{0xFF, 0xFF, 0x00, 0xFF} // bottom right; Y e2 Cb 01 Cr 95
)

// The luma of each quadrant colour (JFIF: 0.299R + 0.587G + 0.114B, rounded).
var qLuma = map[color.RGBA]uint8{qRed: 0x4c, qGreen: 0x96, qBlue: 0x1d, qYellow: 0xe2}

// quadrant returns the colour of (x, y) in a w x h test image.
func quadrant(x, y, w, h int) color.RGBA {
	switch left, top := x < w/2, y < h/2; {
	case top && left:
		return qRed
	case top:
		return qGreen
	case left:
		return qBlue
	}
	return qYellow
}

// quadrants returns the w x h test image.
func quadrants(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetRGBA(x, y, quadrant(x, y, w, h))
		}
	}
	return img
}

// byteAt is an expected byte sequence at an offset of an encoded frame.
type byteAt struct {
	off  int
	want string // hex
}

// rawCases drive both encoding and decoding tests, and seed the fuzz targets.
var rawCases = []struct {
	name  string
	l     Layout
	size  int      // expected l.Size()
	bytes []byteAt // exact bytes of EncodeX(quadrants)
	seed  bool     // ClassifyRaw(size, w, h) recovers l exactly
}{
	{"yuv 100x100 picamera 128x112", PicameraLayout(FormatI420, 100, 100), 21504, []byteAt{
		{0, "4c"}, {50, "96"}, {100, "00"}, {128 * 50, "1d"}, {128*50 + 50, "e2"}, {128 * 100, "00"},
		{14336, "55"}, {14336 + 25, "2c"}, {14336 + 50, "00"}, {17920, "ff"}, {17920 + 25*64 + 25, "95"}, {21503, "00"},
	}, true},
	{"yuv 320x240 picamera", PicameraLayout(FormatI420, 320, 240), 115200, []byteAt{
		{0, "4c"}, {160, "96"}, {320 * 120, "1d"}, {76800, "55"}, {96000, "ff"}, {96000 + 60*160 + 80, "95"},
	}, true},
	{"yuv 33x17 odd picamera 64x32", PicameraLayout(FormatI420, 33, 17), 3072, []byteAt{
		{0, "4c"}, {16, "96"}, {33, "00"}, {64 * 8, "1d"}, {64*8 + 16, "e2"},
		{2048 + 7, "55"}, {2048 + 8, "2c"}, {2048 + 16, "2c"}, {2048 + 17, "00"}, {2048 + 8*32, "ff"}, {2560, "ff"},
	}, true},
	{"yuv 34x18 unpadded", Layout{FormatI420, 34, 18, 34, 18}, 918, []byteAt{
		{0, "4c"}, {17, "96"}, {34 * 9, "1d"}, {612, "55"}, {765, "ff"},
	}, true},
	{"rgb 320x240 picamera", PicameraLayout(FormatRGB24, 320, 240), 230400, []byteAt{
		{0, "ff0000"}, {480, "00ff00"}, {960 * 120, "0000ff"}, {960*120 + 480, "ffff00"},
	}, true},
	{"rgb 100x100 32x16", PicameraLayouts(FormatRGB24, 100, 100)[0], 43008, []byteAt{
		{0, "ff0000"}, {150, "00ff00"}, {300, "000000"}, {384*50 + 150, "ffff00"}, {384 * 100, "000000"},
	}, true},
	{"rgb 100x100 16x16", PicameraLayouts(FormatRGB24, 100, 100)[1], 37632, []byteAt{
		{0, "ff0000"}, {300, "000000"}, {336 * 50, "0000ff"}, {336 * 111, "000000"},
	}, true},
	{"rgb 33x17 unpadded", Layout{FormatRGB24, 33, 17, 99, 17}, 1683, []byteAt{
		{0, "ff0000"}, {48, "00ff00"}, {99 * 8, "0000ff"}, {99*16 + 48, "ffff00"},
	}, true},
	{"grey 33x17", PicameraLayout(FormatGray, 33, 17), 561, []byteAt{
		{0, "4c"}, {16, "96"}, {33 * 8, "1d"}, {33*8 + 16, "e2"},
	}, true},
	{"grey 40x30 stride 48 rows 32", Layout{FormatGray, 40, 30, 48, 32}, 1536, []byteAt{
		{0, "4c4c"}, {40, "0000"}, {48*15 + 20, "e2"}, {48 * 30, "00"},
	}, false},
	{"bgr 64x32 picamera", PicameraLayout(FormatBGR24, 64, 32), 6144, []byteAt{
		{0, "0000ff"}, {96, "00ff00"}, {192 * 16, "ff0000"}, {192*16 + 96, "00ffff"},
	}, false},
	{"rgba 40x30 32x16", PicameraLayout(FormatRGBA, 40, 30), 8192, []byteAt{
		{0, "ff0000ff"}, {80, "00ff00ff"}, {160, "00000000"}, {256 * 15, "0000ffff"},
	}, true},
	// 16x16 padding makes this the same length as rgb 32x16: ClassifyRaw says rgb.
	{"rgba 40x30 16x16", PicameraLayouts(FormatRGBA, 40, 30)[1], 6144, []byteAt{
		{0, "ff0000ff"}, {160, "00000000"}, {192 * 15, "0000ffff"},
	}, false},
	{"bgra 10x6 unpadded", Layout{FormatBGRA, 10, 6, 40, 6}, 240, []byteAt{
		{0, "0000ffff"}, {20, "00ff00ff"}, {40 * 3, "ff0000ff"}, {40*3 + 20, "00ffffff"},
	}, false},
	{"rgba 320x240", PicameraLayout(FormatRGBA, 320, 240), 307200, []byteAt{
		{0, "ff0000ff"}, {640, "00ff00ff"},
	}, true},
}

// encodeCase encodes the quadrant image in l with the matching encoder.
func encode(dst []byte, src image.Image, l Layout) []byte {
	switch l.Format {
	case FormatI420:
		return EncodeI420(dst, src, l)
	case FormatGray:
		return EncodeGray(dst, src, l)
	}
	return EncodePacked(dst, src, l)
}

func TestRawTable(t *testing.T) {
	for _, tc := range rawCases {
		t.Run(tc.name, func(t *testing.T) {
			l := tc.l
			if err := l.Validate(); err != nil {
				t.Fatalf("Validate: %v", err)
			}
			if l.Size() != tc.size {
				t.Fatalf("Size = %d, want %d", l.Size(), tc.size)
			}
			src := quadrants(l.Width, l.Height)
			enc := encode(nil, src, l)
			if len(enc) != tc.size {
				t.Fatalf("encoded %d bytes, want %d", len(enc), tc.size)
			}
			for _, b := range tc.bytes {
				want, _ := hex.DecodeString(b.want)
				if got := enc[b.off : b.off+len(want)]; !bytes.Equal(got, want) {
					t.Errorf("bytes at %d = %x, want %x", b.off, got, want)
				}
			}
			// The generic image path (NRGBA has no fast path) gives the same bytes.
			nrgba := image.NewNRGBA(src.Rect)
			copy(nrgba.Pix, src.Pix)
			if again := encode(nil, nrgba, l); !bytes.Equal(again, enc) {
				t.Errorf("encoding an NRGBA differs from encoding the RGBA")
			}
			// A reused, dirty buffer gives the same bytes (padding zeroed).
			dirty := bytes.Repeat([]byte{0xAB}, tc.size+7)
			if again := encode(dirty[:3], src, l); !bytes.Equal(again, enc) || &again[0] != &dirty[0] {
				t.Errorf("encoding into a dirty reused buffer differs or did not reuse it")
			}
			if tc.seed {
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
		g, err := DecodeGray(enc, l)
		if err != nil {
			t.Fatalf("DecodeGray: %v", err)
		}
		if g.Rect != want || g.Stride != l.Stride || &g.Pix[0] != &enc[0] {
			t.Fatalf("DecodeGray: rect %v stride %d, want %v %d, aliasing the payload", g.Rect, g.Stride, want, l.Stride)
		}
		for y := range h {
			for x := range w {
				if got, exp := g.GrayAt(x, y).Y, qLuma[quadrant(x, y, w, h)]; got != exp {
					t.Fatalf("grey (%d,%d) = %#x, want %#x", x, y, got, exp)
				}
			}
		}
	}
	if l.Format == FormatI420 {
		yc, err := DecodeI420(enc, l)
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
				c := quadrant(x, y, w, h)
				if quadrant(x0, y0, w, h) != c || quadrant(x1, y1, w, h) != c {
					continue
				}
				if got := rgba.RGBAAt(x, y); !near(got, c, 3) {
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
			if got, c := img.RGBAAt(x, y), quadrant(x, y, w, h); got != c {
				t.Fatalf("pixel (%d,%d) = %v, want %v", x, y, got, c)
			}
		}
	}
	if again, err := DecodePacked(img, enc, l); err != nil || again != img {
		t.Errorf("DecodePacked did not reuse a fitting dst: %v", err)
	}
}

// near reports whether a and b differ by at most d in each channel.
func near(a, b color.RGBA, d int) bool {
	diff := func(x, y uint8) bool { return int(x)-int(y) <= d && int(y)-int(x) <= d }
	return diff(a.R, b.R) && diff(a.G, b.G) && diff(a.B, b.B) && diff(a.A, b.A)
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
		{"gray from rgb", func() error { _, err := DecodeGray(buf, rgb); return err }},
		{"i420 short", func() error { _, err := DecodeI420(buf[:i420.Size()-1], i420); return err }},
		{"i420 from rgb", func() error { _, err := DecodeI420(buf, rgb); return err }},
		{"packed from i420", func() error { _, err := DecodePacked(nil, buf, i420); return err }},
		{"packed short", func() error { _, err := DecodePacked(nil, buf[:10], rgb); return err }},
		{"packed bad stride", func() error {
			_, err := DecodePacked(nil, buf, Layout{FormatRGB24, 64, 32, 100, 32})
			return err
		}},
		{"gray zero size", func() error { _, err := DecodeGray(buf, Layout{FormatGray, 0, 0, 0, 0}); return err }},
	}
	for _, tc := range tests {
		if err := tc.fn(); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
}

package wiretest

import "github.com/vidstream/vidstream/wire/pixel"

// ByteAt is an expected byte sequence at an offset of an encoded frame.
type ByteAt struct {
	Off  int
	Want string // hex
}

// RawCase is a raw layout with what the quadrant image encodes to in it.
type RawCase struct {
	Name  string
	L     pixel.Layout
	Size  int      // the expected L.Size()
	Bytes []ByteAt // exact bytes of pixel.Encode(nil, Quadrants(w, h), L)
	Seed  bool     // pixel.ClassifyRaw(Size, w, h) recovers L exactly
}

// RawCases returns the raw layouts that drive the encoding and decoding
// tests and seed their fuzz targets: picamera's paddings, unpadded and odd
// sizes, every raw format. The slice is new.
func RawCases() []RawCase {
	f := pixel.PicameraLayout
	return []RawCase{
		{"yuv 100x100 picamera 128x112", f(pixel.FormatI420, 100, 100), 21504, []ByteAt{
			{0, "4c"}, {50, "96"}, {100, "00"}, {128 * 50, "1d"}, {128*50 + 50, "e2"}, {128 * 100, "00"},
			{14336, "55"}, {14336 + 25, "2c"}, {14336 + 50, "00"}, {17920, "ff"}, {17920 + 25*64 + 25, "95"}, {21503, "00"},
		}, true},
		{"yuv 320x240 picamera", f(pixel.FormatI420, 320, 240), 115200, []ByteAt{
			{0, "4c"}, {160, "96"}, {320 * 120, "1d"}, {76800, "55"}, {96000, "ff"}, {96000 + 60*160 + 80, "95"},
		}, true},
		{"yuv 33x17 odd picamera 64x32", f(pixel.FormatI420, 33, 17), 3072, []ByteAt{
			{0, "4c"}, {16, "96"}, {33, "00"}, {64 * 8, "1d"}, {64*8 + 16, "e2"},
			{2048 + 7, "55"}, {2048 + 8, "2c"}, {2048 + 16, "2c"}, {2048 + 17, "00"}, {2048 + 8*32, "ff"}, {2560, "ff"},
		}, true},
		{"yuv 34x18 unpadded", pixel.Layout{Format: pixel.FormatI420, Width: 34, Height: 18, Stride: 34, Rows: 18}, 918, []ByteAt{
			{0, "4c"}, {17, "96"}, {34 * 9, "1d"}, {612, "55"}, {765, "ff"},
		}, true},
		{"rgb 320x240 picamera", f(pixel.FormatRGB24, 320, 240), 230400, []ByteAt{
			{0, "ff0000"}, {480, "00ff00"}, {960 * 120, "0000ff"}, {960*120 + 480, "ffff00"},
		}, true},
		{"rgb 100x100 32x16", pixel.PicameraLayouts(pixel.FormatRGB24, 100, 100)[0], 43008, []ByteAt{
			{0, "ff0000"}, {150, "00ff00"}, {300, "000000"}, {384*50 + 150, "ffff00"}, {384 * 100, "000000"},
		}, true},
		{"rgb 100x100 16x16", pixel.PicameraLayouts(pixel.FormatRGB24, 100, 100)[1], 37632, []ByteAt{
			{0, "ff0000"}, {300, "000000"}, {336 * 50, "0000ff"}, {336 * 111, "000000"},
		}, true},
		{"rgb 33x17 unpadded", pixel.Layout{Format: pixel.FormatRGB24, Width: 33, Height: 17, Stride: 99, Rows: 17}, 1683, []ByteAt{
			{0, "ff0000"}, {48, "00ff00"}, {99 * 8, "0000ff"}, {99*16 + 48, "ffff00"},
		}, true},
		{"grey 33x17", f(pixel.FormatGray, 33, 17), 561, []ByteAt{
			{0, "4c"}, {16, "96"}, {33 * 8, "1d"}, {33*8 + 16, "e2"},
		}, true},
		{"grey 40x30 stride 48 rows 32", pixel.Layout{Format: pixel.FormatGray, Width: 40, Height: 30, Stride: 48, Rows: 32}, 1536, []ByteAt{
			{0, "4c4c"}, {40, "0000"}, {48*15 + 20, "e2"}, {48 * 30, "00"},
		}, false},
		{"bgr 64x32 picamera", f(pixel.FormatBGR24, 64, 32), 6144, []ByteAt{
			{0, "0000ff"}, {96, "00ff00"}, {192 * 16, "ff0000"}, {192*16 + 96, "00ffff"},
		}, false},
		{"rgba 40x30 32x16", f(pixel.FormatRGBA, 40, 30), 8192, []ByteAt{
			{0, "ff0000ff"}, {80, "00ff00ff"}, {160, "00000000"}, {256 * 15, "0000ffff"},
		}, true},
		// 16x16 padding makes this the same length as rgb 32x16: ClassifyRaw says rgb.
		{"rgba 40x30 16x16", pixel.PicameraLayouts(pixel.FormatRGBA, 40, 30)[1], 6144, []ByteAt{
			{0, "ff0000ff"}, {160, "00000000"}, {192 * 15, "0000ffff"},
		}, false},
		{"bgra 10x6 unpadded", pixel.Layout{Format: pixel.FormatBGRA, Width: 10, Height: 6, Stride: 40, Rows: 6}, 240, []ByteAt{
			{0, "0000ffff"}, {20, "00ff00ff"}, {40 * 3, "ff0000ff"}, {40*3 + 20, "00ffffff"},
		}, false},
		{"rgba 320x240", f(pixel.FormatRGBA, 320, 240), 307200, []ByteAt{
			{0, "ff0000ff"}, {640, "00ff00ff"},
		}, true},
	}
}

// SmallRawCases returns the RawCases small enough (8 KiB a frame at most)
// to seed a fuzzer with.
func SmallRawCases() []RawCase {
	var out []RawCase
	for _, tc := range RawCases() {
		if tc.Size <= 8<<10 {
			out = append(out, tc)
		}
	}
	return out
}

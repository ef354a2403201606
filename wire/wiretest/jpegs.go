package wiretest

import (
	"bytes"
	_ "embed"
	"encoding/hex"
	"image/color"
	"testing"
)

// The JPEGs under testdata were made once by Pillow 9.4 (Debian python3-pil),
// an encoder independent of Go's, with /usr/bin/python3:
//
//	from PIL import Image
//	im = Image.new('RGB', (64, 48))  # quadrants: red, green / blue, yellow
//	px = im.load()
//	for y in range(48):
//	    for x in range(64):
//	        left, top = x < 32, y < 24
//	        px[x, y] = (255,0,0) if top and left else (0,255,0) if top else (0,0,255) if left else (255,255,0)
//	im.save('quadrants.jpg', quality=95, subsampling=0)
//	g = Image.new('L', (32, 16))  # left half 50, right half 200
//	g.putdata([50 if x < 16 else 200 for y in range(16) for x in range(32)])
//	g.save('grey.jpg', quality=95)
//
// Pillow itself reads the quadrant centres back as (254,0,0), (0,255,1),
// (0,0,254) and (255,255,0).
//
// optimized.jpg and progressive.jpg, JPEGs whose Huffman tables are not the
// standard ones, were made the same way:
//
//	im = Image.new('RGB', (64, 48))  # red rising across, green rising down, blue falling across
//	px = im.load()
//	for y in range(48):
//	    for x in range(64):
//	        px[x, y] = (x * 4, y * 5, 255 - x * 2)
//	im.save('optimized.jpg', quality=90, optimize=True)
//	im.save('progressive.jpg', quality=90, progressive=True)
//
// progressive.jpg has ten scans, its DC tables before the first and an AC
// table before each AC scan. Pillow reads both back as (0,1,252) at (0,0),
// (127,120,190) at (32,24), (252,234,132) at (63,47), (32,200,239) at (8,40).
var (
	//go:embed testdata/quadrants.jpg
	quadrantsJPEG []byte
	//go:embed testdata/grey.jpg
	greyJPEG []byte
	//go:embed testdata/optimized.jpg
	optimizedJPEG []byte
	//go:embed testdata/progressive.jpg
	progressiveJPEG []byte
)

// QuadrantsJPEG returns a 64x48 JPEG of the quadrant image (4:4:4), made by
// Pillow. The bytes are new.
func QuadrantsJPEG() []byte { return bytes.Clone(quadrantsJPEG) }

// GreyJPEG returns a 32x16 greyscale JPEG, its left half 50 and its right
// half 200, made by Pillow. The bytes are new.
func GreyJPEG() []byte { return bytes.Clone(greyJPEG) }

// OptimizedJPEG returns a 64x48 baseline JPEG of gradients (GradientAt)
// with Huffman tables optimised for it, made by Pillow. The bytes are new.
func OptimizedJPEG() []byte { return bytes.Clone(optimizedJPEG) }

// ProgressiveJPEG returns a 64x48 progressive JPEG of the picture of
// OptimizedJPEG, ten scans with a DHT segment between them, made by Pillow.
// The bytes are new.
func ProgressiveJPEG() []byte { return bytes.Clone(progressiveJPEG) }

// GradientAt returns the colour of (x, y) in the picture of OptimizedJPEG
// and ProgressiveJPEG before encoding.
func GradientAt(x, y int) color.RGBA {
	return color.RGBA{uint8(x * 4), uint8(y * 5), uint8(255 - x*2), 0xFF}
}

// cmykJPEG is a 16x8 CMYK JPEG (Adobe APP14, 4 components), red on the left
// half and green on the right, made once by Pillow 9.4 (Debian python3-pil):
//
//	im = Image.new('CMYK', (16, 8))
//	px = im.load()
//	for y in range(8):
//	    for x in range(16):
//	        px[x, y] = (0, 255, 255, 0) if x < 8 else (255, 0, 255, 0)
//	im.save('cmyk.jpg', quality=90)
//
// Pillow reads it back as (255,0,0) and (0,255,0).
const cmykJPEG = "ffd8ffee000e41646f626500640000000000ffdb0043000302020302020303030304030304050805050404050a070706080c0a0c0c0b0a0b0b0d0e12100d0e110e0b0b1016101113141515150c0f171816141812141514ffc000140800080010044311004d11005911004b1100ffc4001f0000010501010101010100000000000000000102030405060708090a0bffc400b5100002010303020403050504040000017d01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffda000e0443004d0059004b00003f00fd53afcaaafcaaafd53afe55ebfaa8a28affd9"

// CMYKJPEG returns a 16x8 CMYK JPEG, red on the left half and green on the
// right, made by Pillow. The bytes are new.
func CMYKJPEG() []byte {
	b, err := hex.DecodeString(cmykJPEG)
	if err != nil {
		panic(err)
	}
	return b
}

// HugeJPEGHeader returns the start of a JPEG that declares a 65000x65000
// greyscale baseline image: SOI, a JFIF APP0 segment and SOF0, with nothing
// after it. The bytes are new.
func HugeJPEGHeader() []byte {
	return []byte{
		0xFF, 0xD8, // SOI
		0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, // APP0 JFIF
		0xFF, 0xC0, 0x00, 0x0B, 8, 0xFD, 0xE8, 0xFD, 0xE8, 1, 1, 0x11, 0, // SOF0 65000x65000, 1 component
	}
}

// DropSegments returns a copy of the JPEG in b without its marker segments
// of marker, between scans too: 0xC4 (DHT) makes a Motion-JPEG frame as UVC
// webcams send them, 0xDB (DQT) one without quantisation tables. It follows
// the markers through the entropy-coded data (FF 00 and FF D0..D7 are part of
// it), which is copied with the SOS segment before it, and fails tb when b
// ends before an EOI. The bytes are new.
func DropSegments(tb testing.TB, b []byte, marker byte) []byte {
	tb.Helper()
	if len(b) < 2 || b[0] != 0xFF || b[1] != 0xD8 {
		tb.Fatal("DropSegments: not a JPEG")
	}
	out := bytes.Clone(b[:2])
	for i := 2; ; {
		at := i // the FF of the next marker
		for {
			k := bytes.IndexByte(b[at:], 0xFF)
			if k < 0 {
				tb.Fatal("DropSegments: no EOI")
			}
			at += k
			m := at + 1
			for m < len(b) && b[m] == 0xFF {
				m++
			}
			if m >= len(b) {
				tb.Fatal("DropSegments: no EOI")
			}
			if c := b[m]; c != 0x00 && (c < 0xD0 || c > 0xD7) {
				at = m - 1
				break
			}
			at = m + 1
		}
		switch m := b[at+1]; m {
		case 0xD9: // EOI
			return append(out, b[i:at+2]...)
		case 0x01: // TEM: no length
			out = append(out, b[i:at+2]...)
			i = at + 2
		default:
			if at+4 > len(b) {
				tb.Fatal("DropSegments: a segment cut short")
			}
			end := at + 2 + (int(b[at+2])<<8 | int(b[at+3]))
			if end > len(b) {
				tb.Fatal("DropSegments: a segment cut short")
			}
			if m == marker {
				out = append(out, b[i:at]...)
			} else {
				out = append(out, b[i:end]...)
			}
			i = end
		}
	}
}

// Reframe returns a copy of the JPEG b with its frame header (SOFn) marker
// set to sof and its size to w x h, cut or padded with zero bytes to n bytes
// in all: the headers of a hostile frame, declaring a big image (progressive,
// say) with no image data worth decoding behind them. It fails tb when b has
// no frame header before its first scan.
func Reframe(tb testing.TB, b []byte, sof byte, w, h, n int) []byte {
	tb.Helper()
	out := bytes.Clone(b)
	for i := 2; i+4 <= len(out) && out[i] == 0xFF && out[i+1] != 0xDA; i += 2 + (int(out[i+2])<<8 | int(out[i+3])) {
		if m := out[i+1]; m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC {
			out[i+1] = sof
			out[i+5], out[i+6], out[i+7], out[i+8] = byte(h>>8), byte(h), byte(w>>8), byte(w)
			if len(out) > n {
				return out[:n]
			}
			return append(out, make([]byte, n-len(out))...)
		}
	}
	tb.Fatal("Reframe: no frame header before the first scan")
	return nil
}

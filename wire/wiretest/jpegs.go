package wiretest

import (
	"bytes"
	_ "embed"
	"encoding/hex"
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
var (
	//go:embed testdata/quadrants.jpg
	quadrantsJPEG []byte
	//go:embed testdata/grey.jpg
	greyJPEG []byte
)

// QuadrantsJPEG returns a 64x48 JPEG of the quadrant image (4:4:4), made by
// Pillow. The bytes are new.
func QuadrantsJPEG() []byte { return bytes.Clone(quadrantsJPEG) }

// GreyJPEG returns a 32x16 greyscale JPEG, its left half 50 and its right
// half 200, made by Pillow. The bytes are new.
func GreyJPEG() []byte { return bytes.Clone(greyJPEG) }

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

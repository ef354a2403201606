package wire

import (
	"bytes"
	"errors"
	"image"
	"os"
	"runtime"
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

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecodeJPEGQuadrants(t *testing.T) {
	b := readTestdata(t, "quadrants.jpg")
	if !IsJPEG(b) {
		t.Fatal("IsJPEG(quadrants.jpg) = false")
	}
	img, err := DecodeJPEG(b, 0)
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds() != image.Rect(0, 0, 64, 48) {
		t.Fatalf("bounds %v", img.Bounds())
	}
	rgba := ToRGBA(nil, img)
	for _, p := range []image.Point{{8, 6}, {40, 6}, {8, 30}, {40, 30}, {0, 0}, {63, 47}} {
		want := quadrant(p.X, p.Y, 64, 48)
		if got := rgba.RGBAAt(p.X, p.Y); !near(got, want, 6) {
			t.Errorf("pixel %v = %v, want %v ±6", p, got, want)
		}
	}
}

func TestDecodeJPEGGrey(t *testing.T) {
	img, err := DecodeJPEG(readTestdata(t, "grey.jpg"), 0)
	if err != nil {
		t.Fatal(err)
	}
	g, ok := img.(*image.Gray)
	if !ok || g.Rect != image.Rect(0, 0, 32, 16) {
		t.Fatalf("got %T %v, want a 32x16 *image.Gray", img, img.Bounds())
	}
	if l, r := g.GrayAt(4, 8).Y, g.GrayAt(28, 8).Y; l < 48 || l > 52 || r < 198 || r > 202 {
		t.Errorf("grey halves %d and %d, want 50 and 200 ±2", l, r)
	}
	if got := ToRGBA(nil, g).RGBAAt(28, 8); got.R != got.G || got.G != got.B || got.A != 255 {
		t.Errorf("grey to RGBA: %v", got)
	}
}

// hugeJPEGHeader declares a 65000x65000 greyscale baseline JPEG: SOI, a JFIF
// APP0 segment, and SOF0, with nothing after it.
var hugeJPEGHeader = []byte{
	0xFF, 0xD8, // SOI
	0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, // APP0 JFIF
	0xFF, 0xC0, 0x00, 0x0B, 8, 0xFD, 0xE8, 0xFD, 0xE8, 1, 1, 0x11, 0, // SOF0 65000x65000, 1 component
}

func TestDecodeJPEGTooLarge(t *testing.T) {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := DecodeJPEG(hugeJPEGHeader, 0)
	runtime.ReadMemStats(&after)
	var e *ImageTooLargeError
	if !errors.As(err, &e) || *e != (ImageTooLargeError{65000, 65000, DefaultMaxPixels}) {
		t.Fatalf("error %v, want *ImageTooLargeError", err)
	}
	if d := after.TotalAlloc - before.TotalAlloc; d >= 1<<20 {
		t.Errorf("refusing a 65000x65000 jpeg allocated %d bytes", d)
	}
	if got := err.Error(); got != "wire: image of 65000x65000 pixels is over the cap of 16777216 pixels" {
		t.Errorf("Error() = %q", got)
	}
	if _, err := DecodeJPEG(readTestdata(t, "quadrants.jpg"), 64*48-1); !errors.As(err, &e) || *e != (ImageTooLargeError{64, 48, 64*48 - 1}) {
		t.Errorf("maxPixels below the image: %v", err)
	}
}

func TestDecodeJPEGBad(t *testing.T) {
	good := readTestdata(t, "quadrants.jpg")
	bad := [][]byte{nil, {0xFF}, {0xFF, 0xD8}, {0xFF, 0xD8, 0xFF}, []byte("not a jpeg at all"), bytes.Repeat([]byte{0xFF}, 100)}
	for n := 0; n < len(good)-1; n += 13 {
		bad = append(bad, good[:n])
	}
	bad = append(bad, good[:len(good)-2]) // no EOI
	garbled := bytes.Clone(good)
	for i := 200; i < len(garbled); i += 3 {
		garbled[i] = 0xFF
	}
	bad = append(bad, garbled)
	for i, b := range bad {
		if img, err := DecodeJPEG(b, 0); err == nil {
			t.Errorf("bad jpeg %d (%d bytes) decoded to %v", i, len(b), img.Bounds())
		}
	}
}

func TestIsJPEG(t *testing.T) {
	for b, want := range map[string]bool{"\xff\xd8\xff\xe0": true, "\xff\xd8\xff": true, "\xff\xd8": false, "\xff\xd9\xff": false, "": false} {
		if IsJPEG([]byte(b)) != want {
			t.Errorf("IsJPEG(%x) != %v", b, want)
		}
	}
}

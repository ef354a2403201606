package jpeg

import (
	"bytes"
	"errors"
	"image"
	"runtime"
	"testing"

	"github.com/vidstream/vidstream/wire/pixel"
	"github.com/vidstream/vidstream/wire/wiretest"
)

func TestDecodeStdQuadrants(t *testing.T) {
	b := wiretest.QuadrantsJPEG()
	if !IsJPEG(b) {
		t.Fatal("IsJPEG(quadrants.jpg) = false")
	}
	img, err := decodeStd(b, 0)
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds() != image.Rect(0, 0, 64, 48) {
		t.Fatalf("bounds %v", img.Bounds())
	}
	rgba := pixel.ToRGBA(nil, img)
	for _, p := range []image.Point{{8, 6}, {40, 6}, {8, 30}, {40, 30}, {0, 0}, {63, 47}} {
		want := wiretest.Quadrant(p.X, p.Y, 64, 48)
		if got := rgba.RGBAAt(p.X, p.Y); !wiretest.Near(got, want, 6) {
			t.Errorf("pixel %v = %v, want %v ±6", p, got, want)
		}
	}
}

func TestDecodeStdGrey(t *testing.T) {
	img, err := decodeStd(wiretest.GreyJPEG(), 0)
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
	if got := pixel.ToRGBA(nil, g).RGBAAt(28, 8); got.R != got.G || got.G != got.B || got.A != 255 {
		t.Errorf("grey to RGBA: %v", got)
	}
}

func TestDecodeStdTooLarge(t *testing.T) {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := decodeStd(wiretest.HugeJPEGHeader(), 0)
	runtime.ReadMemStats(&after)
	var e *pixel.ImageTooLargeError
	if !errors.As(err, &e) || *e != (pixel.ImageTooLargeError{Width: 65000, Height: 65000, Max: pixel.DefaultMaxPixels}) {
		t.Fatalf("error %v, want *pixel.ImageTooLargeError", err)
	}
	if d := after.TotalAlloc - before.TotalAlloc; d >= 1<<20 {
		t.Errorf("refusing a 65000x65000 jpeg allocated %d bytes", d)
	}
	if got := err.Error(); got != "pixel: image of 65000x65000 pixels is over the cap of 16777216 pixels" {
		t.Errorf("Error() = %q", got)
	}
	if _, err := decodeStd(wiretest.QuadrantsJPEG(), 64*48-1); !errors.As(err, &e) || *e != (pixel.ImageTooLargeError{Width: 64, Height: 48, Max: 64*48 - 1}) {
		t.Errorf("maxPixels below the image: %v", err)
	}
}

func TestDecodeStdBad(t *testing.T) {
	good := wiretest.QuadrantsJPEG()
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
		if img, err := decodeStd(b, 0); err == nil {
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

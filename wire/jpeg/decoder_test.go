package jpeg

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"runtime"
	"sync"
	"testing"

	"github.com/vidstream/vidstream/wire/pixel"
	"github.com/vidstream/vidstream/wire/wiretest"
)

// These tests hold for both JPEG decoders: libjpeg-turbo (-tags turbojpeg)
// and image/jpeg.

// newDecoder returns a Decoder closed when t ends.
func newDecoder(t testing.TB) *Decoder {
	t.Helper()
	d, err := NewDecoder()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	return d
}

// decode decodes b with a new Decoder at full size under the default cap.
func decode(t testing.TB, dst *image.RGBA, b []byte) (*image.RGBA, image.Point, error) {
	t.Helper()
	return newDecoder(t).Decode(dst, b, Limits{}, image.Point{})
}

// pixelWant is a colour expected at a point, within tol per channel.
type pixelWant struct {
	p    image.Point
	want color.RGBA
	tol  int
}

// colourCases are JPEGs with known pixels.
func colourCases() []struct {
	name   string
	b      []byte
	size   image.Point
	pixels []pixelWant
} {
	grey := func(v uint8) color.RGBA { return color.RGBA{v, v, v, 0xFF} }
	return []struct {
		name   string
		b      []byte
		size   image.Point
		pixels []pixelWant
	}{
		{"quadrants", wiretest.QuadrantsJPEG(), image.Pt(64, 48), []pixelWant{
			{image.Pt(8, 6), wiretest.Red(), 6}, {image.Pt(40, 6), wiretest.Green(), 6}, {image.Pt(8, 30), wiretest.Blue(), 6},
			{image.Pt(40, 30), wiretest.Yellow(), 6}, {image.Pt(0, 0), wiretest.Red(), 6}, {image.Pt(63, 47), wiretest.Yellow(), 6},
		}},
		{"grey", wiretest.GreyJPEG(), image.Pt(32, 16), []pixelWant{
			{image.Pt(4, 8), grey(50), 2}, {image.Pt(28, 8), grey(200), 2}, {image.Pt(0, 0), grey(50), 3},
		}},
		{"cmyk", wiretest.CMYKJPEG(), image.Pt(16, 8), []pixelWant{
			{image.Pt(2, 4), wiretest.Red(), 8}, {image.Pt(13, 4), wiretest.Green(), 8},
		}},
	}
}

func TestDecoderColours(t *testing.T) {
	d := newDecoder(t)
	for _, tc := range colourCases() {
		rgba, full, err := d.Decode(nil, tc.b, Limits{}, image.Point{})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if full != tc.size {
			t.Errorf("%s: full size %v, want %v", tc.name, full, tc.size)
		}
		if rgba.Rect != (image.Rectangle{Max: tc.size}) || rgba.Stride != 4*tc.size.X {
			t.Fatalf("%s: rect %v stride %d", tc.name, rgba.Rect, rgba.Stride)
		}
		for _, p := range tc.pixels {
			if got := rgba.RGBAAt(p.p.X, p.p.Y); !wiretest.Near(got, p.want, p.tol) || got.A != 0xFF {
				t.Errorf("%s: pixel %v = %v, want %v ±%d", tc.name, p.p, got, p.want, p.tol)
			}
		}
	}
}

func TestDecoderReusesDst(t *testing.T) {
	b := wiretest.QuadrantsJPEG()
	dst := image.NewRGBA(image.Rect(0, 0, 64, 48))
	got, _, err := decode(t, dst, b)
	if err != nil || got != dst || !wiretest.Near(dst.RGBAAt(40, 6), wiretest.Green(), 6) {
		t.Fatalf("dst not reused: %v", err)
	}
	// A dst of another size is left alone.
	small := image.NewRGBA(image.Rect(0, 0, 8, 8))
	got, _, err = decode(t, small, b)
	if err != nil || got == small || got.Rect.Dx() != 64 || small.RGBAAt(0, 0) != (color.RGBA{}) {
		t.Fatalf("wrong-size dst: %v", err)
	}
}

// badJPEGs returns corrupt, truncated and garbage JPEG payloads, each of
// which must fail to decode.
func badJPEGs() map[string][]byte {
	good := wiretest.QuadrantsJPEG()
	huge := wiretest.HugeJPEGHeader()
	bad := map[string][]byte{
		"SOI only":       {0xFF, 0xD8},
		"SOI and FF":     {0xFF, 0xD8, 0xFF},
		"FF run":         append([]byte{0xFF, 0xD8}, bytes.Repeat([]byte{0xFF}, 100)...),
		"no EOI":         good[:len(good)-2],
		"header only":    huge[:len(huge)-13],
		"text":           append([]byte{0xFF, 0xD8, 0xFF}, "not a jpeg at all"...),
		"zero width SOF": {0xFF, 0xD8, 0xFF, 0xC0, 0, 11, 8, 0, 16, 0, 0, 1, 1, 0x11, 0, 0xFF, 0xD9},
	}
	for n := 3; n < len(good)-2; n += 37 {
		bad[fmt.Sprint("truncated to ", n)] = good[:n]
	}
	garbled := bytes.Clone(good)
	for i := 620; i < len(garbled)-2; i += 3 {
		garbled[i] = 0xFF
	}
	bad["garbled scan"] = garbled
	zeroed := bytes.Clone(good)
	clear(zeroed[620 : len(zeroed)-2])
	bad["zeroed scan"] = zeroed
	return bad
}

func TestDecoderBad(t *testing.T) {
	good := wiretest.QuadrantsJPEG()
	d := newDecoder(t)
	for name, b := range badJPEGs() {
		dst := image.NewRGBA(image.Rect(0, 0, 64, 48))
		if rgba, _, err := d.Decode(dst, b, Limits{}, image.Pt(16, 12)); err == nil || rgba != nil {
			t.Errorf("%s (%d bytes): decoded", name, len(b))
		}
		// The decoder is fine after the error.
		rgba, _, err := d.Decode(dst, good, Limits{}, image.Point{})
		if err != nil || !wiretest.Near(rgba.RGBAAt(8, 30), wiretest.Blue(), 6) {
			t.Fatalf("after %s: good jpeg: %v", name, err)
		}
	}
}

func TestDecoderJunkBeforeEOI(t *testing.T) {
	// Junk between the image data and EOI, as some cameras write: both
	// decoders show the image (libjpeg warns once the image is complete).
	good := wiretest.QuadrantsJPEG()
	b := append(append(bytes.Clone(good[:len(good)-2]), bytes.Repeat([]byte{0x12, 0x34}, 50)...), 0xFF, 0xD9)
	rgba, _, err := decode(t, nil, b)
	if err != nil || !wiretest.Near(rgba.RGBAAt(40, 30), wiretest.Yellow(), 6) {
		t.Fatalf("junk before EOI: %v", err)
	}
}

func TestDecoderTooLarge(t *testing.T) {
	var tl *pixel.ImageTooLargeError
	d := newDecoder(t)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, _, err := d.Decode(nil, wiretest.HugeJPEGHeader(), Limits{}, image.Point{})
	runtime.ReadMemStats(&after)
	if !errors.As(err, &tl) || *tl != (pixel.ImageTooLargeError{Width: 65000, Height: 65000, Max: pixel.DefaultMaxPixels}) {
		t.Fatalf("65000x65000: %v", err)
	}
	if d := after.TotalAlloc - before.TotalAlloc; d >= 1<<20 {
		t.Errorf("refusing a 65000x65000 jpeg allocated %d bytes", d)
	}
	// The cap is on the full size, even when fit would decode it smaller.
	if _, _, err := d.Decode(nil, wiretest.QuadrantsJPEG(), Limits{MaxPixels: 64*48 - 1}, image.Pt(8, 6)); !errors.As(err, &tl) ||
		*tl != (pixel.ImageTooLargeError{Width: 64, Height: 48, Max: 64*48 - 1}) {
		t.Errorf("over maxPixels with a fit: %v", err)
	}
}

func TestDecoderFit(t *testing.T) {
	b := wiretest.QuadrantsJPEG()
	d := newDecoder(t)
	for _, fit := range []image.Point{{}, {16, 12}, {20, 5}, {64, 48}, {100, 100}, {-1, 10}} {
		rgba, full, err := d.Decode(nil, b, Limits{}, fit)
		if err != nil || full != image.Pt(64, 48) {
			t.Fatalf("fit %v: %v %v", fit, full, err)
		}
		s := rgba.Rect.Size()
		if rgba.Rect.Min != (image.Point{}) || s.X > 64 || s.Y > 48 || s.X < min(fit.X, 64) || s.Y < min(fit.Y, 48) {
			t.Errorf("fit %v: decoded %v", fit, rgba.Rect)
		}
		if Backend == "image/jpeg" && s != image.Pt(64, 48) {
			t.Errorf("fit %v: image/jpeg decoded %v, want full size", fit, rgba.Rect)
		}
		// Quadrant colours survive scaling.
		if got := rgba.RGBAAt(s.X/4, s.Y*3/4); !wiretest.Near(got, wiretest.Blue(), 8) {
			t.Errorf("fit %v: bottom left %v", fit, got)
		}
	}
}

// TestDecodersInParallel decodes on several goroutines at once, each with
// its own Decoder, as a stream's decode goroutines do.
func TestDecodersInParallel(t *testing.T) {
	quad, grey := wiretest.QuadrantsJPEG(), wiretest.GreyJPEG()
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for g := range 4 {
		d := newDecoder(t)
		wg.Go(func() {
			var dq, dg *image.RGBA
			for i := range 25 {
				var err error
				if (g+i)%2 == 0 {
					dq, _, err = d.Decode(dq, quad, Limits{}, image.Point{})
					if err == nil && !wiretest.Near(dq.RGBAAt(40, 30), wiretest.Yellow(), 6) {
						err = errors.New("quadrants decoded wrong")
					}
				} else {
					dg, _, err = d.Decode(dg, grey, Limits{}, image.Point{})
					if err == nil && dg.RGBAAt(28, 8).G < 198 {
						err = errors.New("grey decoded wrong")
					}
				}
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func FuzzDecoder(f *testing.F) {
	good := wiretest.QuadrantsJPEG()
	f.Add(good, uint16(16), uint16(12))
	f.Add(wiretest.GreyJPEG(), uint16(0), uint16(0))
	f.Add(wiretest.CMYKJPEG(), uint16(4), uint16(4))
	f.Add(good[:len(good)/2], uint16(10), uint16(10))
	f.Add(append(bytes.Clone(good[:len(good)-2]), 1, 2, 0xFF, 0xD9), uint16(64), uint16(1))
	f.Add(wiretest.HugeJPEGHeader(), uint16(1), uint16(1))
	f.Add(wiretest.CameraJPEG(f, 40, 24), uint16(5), uint16(3))
	for _, sf := range sequenceFrames(f) {
		f.Add(sf.b, uint16(16), uint16(12))
	}
	const maxPixels = 1 << 16
	// d decodes every input, one after another: each must decode as on a
	// new Decoder.
	d := newDecoder(f)
	f.Fuzz(func(t *testing.T, b []byte, fitX, fitY uint16) {
		fit := image.Pt(int(fitX), int(fitY))
		rgba, full, err := d.Decode(nil, b, Limits{MaxPixels: maxPixels}, fit)
		alone, _, aloneErr := newDecoder(t).Decode(nil, b, Limits{MaxPixels: maxPixels}, fit)
		if (err == nil) != (aloneErr == nil) || err == nil && !bytes.Equal(rgba.Pix, alone.Pix) {
			t.Fatalf("decoded after other inputs: %v; on a new Decoder: %v (or other pixels)", err, aloneErr)
		}
		if err != nil {
			return
		}
		s := rgba.Rect.Size()
		if rgba.Rect.Min != (image.Point{}) || rgba.Stride != 4*s.X || len(rgba.Pix) != 4*s.X*s.Y {
			t.Fatalf("rect %v stride %d pix %d", rgba.Rect, rgba.Stride, len(rgba.Pix))
		}
		if int64(full.X)*int64(full.Y) > maxPixels || s.X < 1 || s.Y < 1 || s.X > full.X || s.Y > full.Y {
			t.Fatalf("decoded %v for a %v jpeg", rgba.Rect, full)
		}
		if fitX > 0 && fitY > 0 && (s.X < min(int(fitX), full.X) || s.Y < min(int(fitY), full.Y)) {
			t.Fatalf("decoded %v does not cover fit %v", rgba.Rect, fit)
		}
		// Decoding again into the result reuses it and gives the same pixels.
		before := bytes.Clone(rgba.Pix)
		again, full2, err := d.Decode(rgba, b, Limits{MaxPixels: maxPixels}, fit)
		if err != nil || again != rgba || full2 != full || !bytes.Equal(before, again.Pix) {
			t.Fatalf("second decode differs: %v", err)
		}
	})
}

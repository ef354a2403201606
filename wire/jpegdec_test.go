package wire

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/color"
	"runtime"
	"sync"
	"testing"
)

// These tests hold for both JPEG decoders: libjpeg-turbo (-tags turbojpeg)
// and image/jpeg.

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
var cmykJPEG, _ = hex.DecodeString("ffd8ffee000e41646f626500640000000000ffdb0043000302020302020303030304030304050805050404050a070706080c0a0c0c0b0a0b0b0d0e12100d0e110e0b0b1016101113141515150c0f171816141812141514ffc000140800080010044311004d11005911004b1100ffc4001f0000010501010101010100000000000000000102030405060708090a0bffc400b5100002010303020403050504040000017d01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffda000e0443004d0059004b00003f00fd53afcaaafcaaafd53afe55ebfaa8a28affd9")

// jpegHello is a v2 stream's hello for JPEG frames.
var jpegHello = &Hello{Version: 2, Layout: Layout{Format: FormatJPEG}}

// pixelWant is a colour expected at a point, within tol per channel.
type pixelWant struct {
	p    image.Point
	want color.RGBA
	tol  int
}

// jpegColourCases are JPEGs with known pixels.
func jpegColourCases(t *testing.T) []struct {
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
		{"quadrants", readTestdata(t, "quadrants.jpg"), image.Pt(64, 48), []pixelWant{
			{image.Pt(8, 6), qRed, 6}, {image.Pt(40, 6), qGreen, 6}, {image.Pt(8, 30), qBlue, 6},
			{image.Pt(40, 30), qYellow, 6}, {image.Pt(0, 0), qRed, 6}, {image.Pt(63, 47), qYellow, 6},
		}},
		{"grey", readTestdata(t, "grey.jpg"), image.Pt(32, 16), []pixelWant{
			{image.Pt(4, 8), grey(50), 2}, {image.Pt(28, 8), grey(200), 2}, {image.Pt(0, 0), grey(50), 3},
		}},
		{"cmyk", cmykJPEG, image.Pt(16, 8), []pixelWant{
			{image.Pt(2, 4), qRed, 8}, {image.Pt(13, 4), qGreen, 8},
		}},
	}
}

func TestDecoderJPEGColours(t *testing.T) {
	for _, tc := range jpegColourCases(t) {
		for _, hello := range []*Hello{nil, jpegHello} {
			rgba, l, err := Decoder{}.RGBA(nil, tc.b, hello)
			if err != nil {
				t.Fatalf("%s (hello %v): %v", tc.name, hello != nil, err)
			}
			if want := (Layout{Format: FormatJPEG, Width: tc.size.X, Height: tc.size.Y}); l != want {
				t.Errorf("%s: layout %v, want %v", tc.name, l, want)
			}
			if rgba.Rect != (image.Rectangle{Max: tc.size}) || rgba.Stride != 4*tc.size.X {
				t.Fatalf("%s: rect %v stride %d", tc.name, rgba.Rect, rgba.Stride)
			}
			for _, p := range tc.pixels {
				if got := rgba.RGBAAt(p.p.X, p.p.Y); !near(got, p.want, p.tol) || got.A != 0xFF {
					t.Errorf("%s: pixel %v = %v, want %v ±%d", tc.name, p.p, got, p.want, p.tol)
				}
			}
			img, l2, err := Decoder{}.Image(nil, tc.b, hello)
			if err != nil || l2 != l || img.Bounds() != rgba.Rect {
				t.Errorf("%s: Image gives %v %v %v", tc.name, img, l2, err)
			}
		}
	}
}

func TestDecoderJPEGReusesDst(t *testing.T) {
	b := readTestdata(t, "quadrants.jpg")
	dst := image.NewRGBA(image.Rect(0, 0, 64, 48))
	got, _, err := Decoder{}.RGBA(dst, b, jpegHello)
	if err != nil || got != dst || !near(dst.RGBAAt(40, 6), qGreen, 6) {
		t.Fatalf("dst not reused: %v", err)
	}
	// A dst of another size is left alone.
	small := image.NewRGBA(image.Rect(0, 0, 8, 8))
	got, _, err = Decoder{}.RGBA(small, b, jpegHello)
	if err != nil || got == small || got.Rect.Dx() != 64 || small.RGBAAt(0, 0) != (color.RGBA{}) {
		t.Fatalf("wrong-size dst: %v", err)
	}
}

// badJPEGs returns corrupt, truncated and garbage JPEG payloads, each of
// which must fail to decode.
func badJPEGs(t *testing.T) map[string][]byte {
	good := readTestdata(t, "quadrants.jpg")
	bad := map[string][]byte{
		"SOI only":       {0xFF, 0xD8},
		"SOI and FF":     {0xFF, 0xD8, 0xFF},
		"FF run":         append([]byte{0xFF, 0xD8}, bytes.Repeat([]byte{0xFF}, 100)...),
		"no EOI":         good[:len(good)-2],
		"header only":    hugeJPEGHeader[:len(hugeJPEGHeader)-13],
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

func TestDecoderJPEGBad(t *testing.T) {
	good := readTestdata(t, "quadrants.jpg")
	for name, b := range badJPEGs(t) {
		d := Decoder{Fit: image.Pt(16, 12)}
		if img, _, err := d.Image(nil, b, jpegHello); err == nil || img != nil {
			t.Errorf("%s (%d bytes): Image decoded %v", name, len(b), img.Bounds())
		}
		dst := image.NewRGBA(image.Rect(0, 0, 64, 48))
		if rgba, _, err := d.RGBA(dst, b, jpegHello); err == nil || rgba != nil {
			t.Errorf("%s (%d bytes): RGBA decoded", name, len(b))
		}
		// The decoder is fine after the error.
		rgba, _, err := Decoder{}.RGBA(dst, good, jpegHello)
		if err != nil || !near(rgba.RGBAAt(8, 30), qBlue, 6) {
			t.Fatalf("after %s: good jpeg: %v", name, err)
		}
	}
}

func TestDecoderJPEGJunkBeforeEOI(t *testing.T) {
	// Junk between the image data and EOI, as some cameras write: both
	// decoders show the image (libjpeg warns once the image is complete).
	good := readTestdata(t, "quadrants.jpg")
	b := append(append(bytes.Clone(good[:len(good)-2]), bytes.Repeat([]byte{0x12, 0x34}, 50)...), 0xFF, 0xD9)
	rgba, _, err := Decoder{}.RGBA(nil, b, jpegHello)
	if err != nil || !near(rgba.RGBAAt(40, 30), qYellow, 6) {
		t.Fatalf("junk before EOI: %v", err)
	}
}

func TestDecoderJPEGTooLarge(t *testing.T) {
	var tl *ImageTooLargeError
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, _, err := Decoder{}.RGBA(nil, hugeJPEGHeader, jpegHello)
	runtime.ReadMemStats(&after)
	if !errors.As(err, &tl) || *tl != (ImageTooLargeError{65000, 65000, DefaultMaxPixels}) {
		t.Fatalf("65000x65000: %v", err)
	}
	if d := after.TotalAlloc - before.TotalAlloc; d >= 1<<20 {
		t.Errorf("refusing a 65000x65000 jpeg allocated %d bytes", d)
	}
	// The cap is on the full size, even when Fit would decode it smaller.
	d := Decoder{MaxPixels: 64*48 - 1, Fit: image.Pt(8, 6)}
	if _, _, err := d.RGBA(nil, readTestdata(t, "quadrants.jpg"), jpegHello); !errors.As(err, &tl) || *tl != (ImageTooLargeError{64, 48, 64*48 - 1}) {
		t.Errorf("over MaxPixels with Fit: %v", err)
	}
}

func TestDecoderJPEGFit(t *testing.T) {
	b := readTestdata(t, "quadrants.jpg")
	for _, fit := range []image.Point{{}, {16, 12}, {20, 5}, {64, 48}, {100, 100}, {-1, 10}} {
		rgba, l, err := Decoder{Fit: fit}.RGBA(nil, b, jpegHello)
		if err != nil || l != (Layout{Format: FormatJPEG, Width: 64, Height: 48}) {
			t.Fatalf("fit %v: %v %v", fit, l, err)
		}
		s := rgba.Rect.Size()
		if rgba.Rect.Min != (image.Point{}) || s.X > 64 || s.Y > 48 || s.X < min(fit.X, 64) || s.Y < min(fit.Y, 48) {
			t.Errorf("fit %v: decoded %v", fit, rgba.Rect)
		}
		if JPEGBackend == "image/jpeg" && s != image.Pt(64, 48) {
			t.Errorf("fit %v: image/jpeg decoded %v, want full size", fit, rgba.Rect)
		}
		// Quadrant colours survive scaling.
		if got := rgba.RGBAAt(s.X/4, s.Y*3/4); !near(got, qBlue, 8) {
			t.Errorf("fit %v: bottom left %v", fit, got)
		}
	}
}

func TestDecoderRGBARawNoAllocs(t *testing.T) {
	src := quadrants(320, 240)
	i420 := PicameraLayout(FormatI420, 320, 240)
	yuv := EncodeI420(nil, src, i420)
	cases := []struct {
		name    string
		d       Decoder
		payload []byte
		hello   *Hello
	}{
		{"seed yuv grey", Decoder{}, yuv, nil},
		{"seed yuv colour", Decoder{Color: true}, yuv, nil},
		{"v2 yuv colour", Decoder{Color: true}, yuv, &Hello{Layout: i420}},
	}
	for _, f := range []Format{FormatGray, FormatRGB24, FormatBGR24, FormatRGBA, FormatBGRA} {
		l := PicameraLayout(f, 320, 240)
		cases = append(cases, struct {
			name    string
			d       Decoder
			payload []byte
			hello   *Hello
		}{"v2 " + f.String(), Decoder{}, encode(nil, src, l), &Hello{Layout: l}})
	}
	for _, c := range cases {
		dst, _, err := c.d.RGBA(nil, c.payload, c.hello)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		allocs := testing.AllocsPerRun(20, func() {
			if got, _, err := c.d.RGBA(dst, c.payload, c.hello); err != nil || got != dst {
				t.Fatalf("%s: dst not reused: %v", c.name, err)
			}
		})
		if allocs != 0 {
			t.Errorf("%s: %v allocations per frame, want 0", c.name, allocs)
		}
		if !near(dst.RGBAAt(80, 200), qBlue, 3) && !near(dst.RGBAAt(80, 200), color.RGBA{0x1d, 0x1d, 0x1d, 0xFF}, 3) {
			t.Errorf("%s: bottom left %v", c.name, dst.RGBAAt(80, 200))
		}
	}
}

func TestWrapMatchesDecode(t *testing.T) {
	for _, tc := range rawCases {
		b := encode(nil, quadrants(tc.l.Width, tc.l.Height), tc.l)
		for _, short := range []bool{false, true} {
			if short {
				b = b[:len(b)-1]
			}
			var yc image.YCbCr
			want, errWant := DecodeI420(b, tc.l)
			if err := wrapI420(&yc, b, tc.l); (err == nil) != (errWant == nil) || (err == nil && !sameYCbCr(&yc, want)) {
				t.Errorf("%s (short %v): wrapI420 differs from DecodeI420: %v, %v", tc.name, short, err, errWant)
			}
			var g image.Gray
			wantG, errWant := DecodeGray(b, tc.l)
			if err := wrapGray(&g, b, tc.l); (err == nil) != (errWant == nil) ||
				(err == nil && (g.Rect != wantG.Rect || g.Stride != wantG.Stride || len(g.Pix) != len(wantG.Pix) || &g.Pix[0] != &wantG.Pix[0])) {
				t.Errorf("%s (short %v): wrapGray differs from DecodeGray: %v, %v", tc.name, short, err, errWant)
			}
		}
	}
}

// sameYCbCr reports whether a and b are the same header over the same bytes.
func sameYCbCr(a, b *image.YCbCr) bool {
	same := func(x, y []byte) bool { return len(x) == len(y) && cap(x) == cap(y) && &x[0] == &y[0] }
	return a.Rect == b.Rect && a.YStride == b.YStride && a.CStride == b.CStride && a.SubsampleRatio == b.SubsampleRatio &&
		same(a.Y, b.Y) && same(a.Cb, b.Cb) && same(a.Cr, b.Cr)
}

func TestDecoderStateKeepsNoPayload(t *testing.T) {
	l := PicameraLayout(FormatI420, 64, 32)
	payload := EncodeI420(nil, quadrants(64, 32), l)
	for _, d := range []Decoder{{Color: true, Size: image.Pt(64, 32)}, {Size: image.Pt(64, 32)}} {
		if _, _, err := d.RGBA(nil, payload, nil); err != nil {
			t.Fatal(err)
		}
	}
	for range cap(idleStates) {
		st := getState()
		defer putState(st)
		if st.yc.Y != nil || st.gray.Pix != nil {
			t.Fatal("an idle decode state still points at a payload")
		}
	}
}

func TestDecoderConcurrentJPEG(t *testing.T) {
	// One Decoder value shared by goroutines, as Decoder promises.
	quad, grey := readTestdata(t, "quadrants.jpg"), readTestdata(t, "grey.jpg")
	d := Decoder{}
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for g := range 4 {
		wg.Go(func() {
			var dq, dg *image.RGBA
			for i := range 25 {
				var err error
				if (g+i)%2 == 0 {
					dq, _, err = d.RGBA(dq, quad, nil)
					if err == nil && !near(dq.RGBAAt(40, 30), qYellow, 6) {
						err = errors.New("quadrants decoded wrong")
					}
				} else {
					dg, _, err = d.RGBA(dg, grey, nil)
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

func FuzzDecoderJPEG(f *testing.F) {
	good := readTestdata(f, "quadrants.jpg")
	f.Add(good, uint16(16), uint16(12), false)
	f.Add(readTestdata(f, "grey.jpg"), uint16(0), uint16(0), true)
	f.Add(cmykJPEG, uint16(4), uint16(4), false)
	f.Add(good[:len(good)/2], uint16(10), uint16(10), false)
	f.Add(append(bytes.Clone(good[:len(good)-2]), 1, 2, 0xFF, 0xD9), uint16(64), uint16(1), false)
	f.Add(hugeJPEGHeader, uint16(1), uint16(1), false)
	f.Add(cameraJPEG(f, 40, 24), uint16(5), uint16(3), false)
	const maxPixels = 1 << 16
	f.Fuzz(func(t *testing.T, b []byte, fitX, fitY uint16, useHello bool) {
		d := Decoder{MaxPixels: maxPixels, Fit: image.Pt(int(fitX), int(fitY)), Size: image.Pt(7, 5)}
		var hello *Hello
		if useHello {
			hello = jpegHello
		}
		rgba, l, err := d.RGBA(nil, b, hello)
		if err != nil || l.Format != FormatJPEG {
			return
		}
		s := rgba.Rect.Size()
		if rgba.Rect.Min != (image.Point{}) || rgba.Stride != 4*s.X || len(rgba.Pix) != 4*s.X*s.Y {
			t.Fatalf("rect %v stride %d pix %d", rgba.Rect, rgba.Stride, len(rgba.Pix))
		}
		if int64(l.Width)*int64(l.Height) > maxPixels || s.X < 1 || s.Y < 1 || s.X > l.Width || s.Y > l.Height {
			t.Fatalf("decoded %v for %v", rgba.Rect, l)
		}
		if fitX > 0 && fitY > 0 && (s.X < min(int(fitX), l.Width) || s.Y < min(int(fitY), l.Height)) {
			t.Fatalf("decoded %v does not cover fit %v", rgba.Rect, d.Fit)
		}
		// Decoding again into the result reuses it and gives the same pixels.
		before := bytes.Clone(rgba.Pix)
		again, l2, err := d.RGBA(rgba, b, hello)
		if err != nil || again != rgba || l2 != l || !bytes.Equal(before, again.Pix) {
			t.Fatalf("second decode differs: %v", err)
		}
	})
}

package codec

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"strings"
	"testing"

	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/jpeg"
	"github.com/vidstream/vidstream/wire/pixel"
	"github.com/vidstream/vidstream/wire/wiretest"
)

func TestForStream(t *testing.T) {
	i420 := pixel.PicameraLayout(pixel.FormatI420, 64, 32)
	for _, tc := range []struct {
		p     wire.Protocol
		hello *wire.Hello
		name  string
	}{
		{wire.ProtoSeed, nil, "seed: jpeg (" + jpeg.Backend + ") or raw by length"},
		{wire.ProtoMJPEG, nil, "jpeg (" + jpeg.Backend + ")"},
		{wire.ProtoV2, jpegHello, "jpeg (" + jpeg.Backend + ")"},
		{wire.ProtoV2, &wire.Hello{Version: 2, Layout: i420}, "yuv"},
	} {
		c, err := ForStream(tc.p, tc.hello, Options{})
		if err != nil || c.Name != tc.name || c.Ordered || c.Keyframe != nil {
			t.Errorf("%v: %+v, %v; want %q, unordered", tc.p, c, err, tc.name)
			continue
		}
		d, err := c.NewDecoder()
		if err != nil {
			t.Fatalf("%v: NewDecoder: %v", tc.p, err)
		}
		d.Close()
	}
	for _, tc := range []struct {
		name  string
		p     wire.Protocol
		hello *wire.Hello
	}{
		{"v2 without hello", wire.ProtoV2, nil},
		{"v2 bad layout", wire.ProtoV2, &wire.Hello{Layout: pixel.Layout{Format: pixel.FormatRGB24}}},
		{"v2 unknown format", wire.ProtoV2, &wire.Hello{Layout: pixel.Layout{Format: pixel.FourCC('V', 'P', '8', '0')}}},
		{"unknown protocol", wire.ProtoUnknown, nil},
	} {
		if c, err := ForStream(tc.p, tc.hello, Options{}); err == nil {
			t.Errorf("%s: %+v, want an error", tc.name, c)
		}
	}
}

func TestDecoderSeedJPEG(t *testing.T) {
	b := wiretest.QuadrantsJPEG()
	dst := image.NewRGBA(image.Rect(0, 0, 64, 48))
	rgba, l, err := decodeOnce(Options{}, dst, b, nil)
	if err != nil || l != (pixel.Layout{Format: pixel.FormatJPEG, Width: 64, Height: 48}) || rgba != dst {
		t.Fatalf("seed jpeg: %v, %v; dst reused %v", l, err, rgba == dst)
	}
	if got := rgba.RGBAAt(40, 30); !wiretest.Near(got, wiretest.Yellow(), 6) {
		t.Errorf("bottom right = %v, want yellow", got)
	}
	// A v2 JPEG stream decodes the same, and a payload that is not a JPEG fails.
	if _, l, err := decodeOnce(Options{}, nil, b, jpegHello); err != nil || l.Width != 64 {
		t.Errorf("v2 jpeg: %v %v", l, err)
	}
	if _, _, err := decodeOnce(Options{}, nil, make([]byte, 115200), jpegHello); err == nil {
		t.Error("v2 jpeg stream: a raw payload decoded")
	}
}

func TestDecoderSeedYUV(t *testing.T) {
	l := pixel.PicameraLayout(pixel.FormatI420, 320, 240)
	payload := pixel.Encode(nil, wiretest.Quadrants(320, 240), l)

	grey, got, err := decodeOnce(Options{}, nil, payload, nil)
	if err != nil || got != l || grey.RGBAAt(300, 10) != (color.RGBA{0x96, 0x96, 0x96, 0xFF}) {
		t.Fatalf("grey: %v %v %v", got, err, grey.RGBAAt(300, 10))
	}
	rgba, _, err := decodeOnce(Options{Color: true}, nil, payload, nil)
	if err != nil || !wiretest.Near(rgba.RGBAAt(10, 200), wiretest.Blue(), 3) {
		t.Fatalf("colour RGBA: %v %v", rgba.RGBAAt(10, 200), err)
	}
	// The result never aliases the payload.
	payload[0] = 0
	if grey.RGBAAt(0, 0).R != 0x4c || rgba.RGBAAt(0, 0).G > 3 {
		t.Errorf("RGBA results changed with the payload")
	}
}

func TestDecoderSeedRGBAndSize(t *testing.T) {
	l := pixel.PicameraLayout(pixel.FormatRGB24, 320, 240)
	payload := pixel.Encode(nil, wiretest.Quadrants(320, 240), l)
	dst := image.NewRGBA(image.Rect(0, 0, 320, 240))
	img, got, err := decodeOnce(Options{}, dst, payload, nil)
	if err != nil || got != l || img != dst || dst.RGBAAt(319, 239) != wiretest.Yellow() {
		t.Fatalf("rgb: %v %v", got, err)
	}
	// A custom seed size: 100x100 yuv with picamera padding.
	l = pixel.PicameraLayout(pixel.FormatI420, 100, 100)
	payload = pixel.Encode(nil, wiretest.Quadrants(100, 100), l)
	if _, got, err := decodeOnce(Options{Size: image.Pt(100, 100)}, nil, payload, nil); err != nil || got != l {
		t.Errorf("100x100 yuv: %v %v", got, err)
	}
}

func TestDecoderErrors(t *testing.T) {
	rgbHello := &wire.Hello{Version: 2, Layout: pixel.PicameraLayout(pixel.FormatRGB24, 64, 32)}
	var le *pixel.LengthError
	var tl *pixel.ImageTooLargeError
	tests := []struct {
		name    string
		o       Options
		payload []byte
		hello   *wire.Hello
		check   func(error) bool
	}{
		{"seed length matches nothing", Options{}, make([]byte, 1234), nil, func(err error) bool {
			return errors.As(err, &le) && strings.HasSuffix(err.Error(),
				"payload of 1234 bytes matches no raw format at 320x240 (yuv 115200, rgb 230400, grey 76800, rgba 307200)")
		}},
		{"v2 payload too short", Options{}, make([]byte, 6143), rgbHello, func(err error) bool {
			return err != nil && strings.Contains(err.Error(), "payload is 6143 bytes, layout rgb 64x32 (stride 192, rows 32) expects 6144")
		}},
		{"v2 payload too long", Options{}, make([]byte, 6145), rgbHello, func(err error) bool {
			return err != nil && strings.Contains(err.Error(), "6145 bytes")
		}},
		{"v2 bad layout", Options{}, make([]byte, 10), &wire.Hello{Layout: pixel.Layout{Format: pixel.FormatRGB24}}, func(err error) bool {
			return err != nil
		}},
		{"empty", Options{}, nil, nil, func(err error) bool { return err != nil }},
		{"empty v2 raw", Options{}, nil, rgbHello, func(err error) bool { return err != nil }},
		{"empty v2 jpeg", Options{}, nil, jpegHello, func(err error) bool { return err != nil }},
		{"raw over MaxPixels", Options{MaxPixels: 1000}, make([]byte, 115200), nil, func(err error) bool {
			return errors.As(err, &tl) && *tl == pixel.ImageTooLargeError{Width: 320, Height: 240, Max: 1000}
		}},
		{"v2 raw over MaxPixels", Options{MaxPixels: 1000}, make([]byte, 6144), rgbHello, func(err error) bool {
			return errors.As(err, &tl) && *tl == pixel.ImageTooLargeError{Width: 64, Height: 32, Max: 1000}
		}},
		{"jpeg over MaxPixels", Options{MaxPixels: 1000}, wiretest.HugeJPEGHeader(), nil, func(err error) bool {
			return errors.As(err, &tl) && tl.Width == 65000
		}},
		{"bad seed size", Options{Size: image.Pt(-1, 5)}, make([]byte, 100), nil, func(err error) bool {
			return err != nil && !errors.As(err, &le)
		}},
	}
	for _, tc := range tests {
		if rgba, _, err := decodeOnce(tc.o, nil, tc.payload, tc.hello); rgba != nil || !tc.check(err) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}

func TestDecoderV2RawLayouts(t *testing.T) {
	for _, tc := range wiretest.RawCases() {
		src := wiretest.Quadrants(tc.L.Width, tc.L.Height)
		payload := pixel.Encode(nil, src, tc.L)
		h := &wire.Hello{Version: 2, Layout: tc.L}
		rgba, l, err := decodeOnce(Options{Color: true}, nil, payload, h)
		if err != nil || l != tc.L {
			t.Fatalf("%s: %v %v", tc.Name, l, err)
		}
		if rgba.Rect != image.Rect(0, 0, tc.L.Width, tc.L.Height) {
			t.Fatalf("%s: rect %v", tc.Name, rgba.Rect)
		}
		x, y := tc.L.Width*3/4, tc.L.Height/4 // inside the green quadrant, away from its edges
		want := wiretest.Green()
		if tc.L.Format == pixel.FormatGray {
			want.R, want.G, want.B = 0x96, 0x96, 0x96
		}
		if got := rgba.RGBAAt(x, y); !wiretest.Near(got, want, 3) {
			t.Errorf("%s: (%d,%d) = %v, want %v", tc.Name, x, y, got, want)
		}
	}
}

func TestDecoderSeedRawThatLooksLikeJPEG(t *testing.T) {
	// A grey 320x240 frame whose first pixels are FF D8 FF: raw, not a bad JPEG.
	payload := make([]byte, 76800)
	copy(payload, []byte{0xFF, 0xD8, 0xFF, 0x10})
	img, l, err := decodeOnce(Options{}, nil, payload, nil)
	if err != nil || l.Format != pixel.FormatGray || img.RGBAAt(1, 0).R != 0xD8 {
		t.Fatalf("got %v, %v", l, err)
	}
	// A broken JPEG whose length fits no raw layout reports the JPEG error.
	if _, _, err := decodeOnce(Options{}, nil, payload[:1000], nil); err == nil || !strings.Contains(err.Error(), "jpeg") {
		t.Errorf("broken jpeg: %v", err)
	}
}

// TestDecoderJPEGStreams decodes JPEGs with known pixels in a seed, a v2
// and an MJPEG stream.
func TestDecoderJPEGStreams(t *testing.T) {
	grey := func(v uint8) color.RGBA { return color.RGBA{v, v, v, 0xFF} }
	cases := []struct {
		name string
		b    []byte
		size image.Point
		at   image.Point
		want color.RGBA
		tol  int
	}{
		{"quadrants", wiretest.QuadrantsJPEG(), image.Pt(64, 48), image.Pt(40, 6), wiretest.Green(), 6},
		{"grey", wiretest.GreyJPEG(), image.Pt(32, 16), image.Pt(28, 8), grey(200), 2},
		{"cmyk", wiretest.CMYKJPEG(), image.Pt(16, 8), image.Pt(2, 4), wiretest.Red(), 8},
	}
	for _, p := range jpegProtocols {
		d := jpegStreamDecoder(t, p)
		for _, tc := range cases {
			rgba, l, err := d.Decode(nil, tc.b, image.Point{})
			if err != nil || l != (pixel.Layout{Format: pixel.FormatJPEG, Width: tc.size.X, Height: tc.size.Y}) {
				t.Fatalf("%v %s: %v %v", p, tc.name, l, err)
			}
			if rgba.Rect != (image.Rectangle{Max: tc.size}) || rgba.Stride != 4*tc.size.X {
				t.Fatalf("%v %s: rect %v stride %d", p, tc.name, rgba.Rect, rgba.Stride)
			}
			if got := rgba.RGBAAt(tc.at.X, tc.at.Y); !wiretest.Near(got, tc.want, tc.tol) || got.A != 0xFF {
				t.Errorf("%v %s: pixel %v = %v, want %v", p, tc.name, tc.at, got, tc.want)
			}
		}
		// The fit reaches the JPEG decoder; the layout stays the JPEG's.
		rgba, l, err := d.Decode(nil, wiretest.QuadrantsJPEG(), image.Pt(16, 12))
		want := image.Pt(64, 48)
		if jpeg.Backend == "libjpeg-turbo" {
			want = image.Pt(16, 12)
		}
		if err != nil || l.Width != 64 || rgba.Rect.Size() != want {
			t.Errorf("%v: fit 16x12 decoded %v as %v, %v; want %v", p, rgba.Rect, l, err, want)
		}
	}
}

func TestDecoderRGBAAllocatesNothing(t *testing.T) {
	src := wiretest.Quadrants(320, 240)
	i420 := pixel.PicameraLayout(pixel.FormatI420, 320, 240)
	yuv := pixel.Encode(nil, src, i420)
	cases := []struct {
		name    string
		o       Options
		payload []byte
		hello   *wire.Hello
	}{
		{"seed yuv grey", Options{}, yuv, nil},
		{"seed yuv colour", Options{Color: true}, yuv, nil},
		{"v2 yuv colour", Options{Color: true}, yuv, &wire.Hello{Version: 2, Layout: i420}},
	}
	if jpeg.Backend == "libjpeg-turbo" {
		b := wiretest.CameraJPEG(t, 320, 240)
		cases = append(cases,
			struct {
				name    string
				o       Options
				payload []byte
				hello   *wire.Hello
			}{"seed jpeg", Options{}, b, nil},
			struct {
				name    string
				o       Options
				payload []byte
				hello   *wire.Hello
			}{"v2 jpeg", Options{}, b, jpegHello})
	}
	for _, f := range []pixel.Format{pixel.FormatGray, pixel.FormatRGB24, pixel.FormatBGR24, pixel.FormatRGBA, pixel.FormatBGRA} {
		l := pixel.PicameraLayout(f, 320, 240)
		cases = append(cases, struct {
			name    string
			o       Options
			payload []byte
			hello   *wire.Hello
		}{"v2 " + f.String(), Options{}, pixel.Encode(nil, src, l), &wire.Hello{Version: 2, Layout: l}})
	}
	for _, c := range cases {
		d := newDecoder(t, c.o, c.hello)
		dst, _, err := d.Decode(nil, c.payload, image.Point{})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		allocs := testing.AllocsPerRun(20, func() {
			if got, _, err := d.Decode(dst, c.payload, image.Point{}); err != nil || got != dst {
				t.Fatalf("%s: dst not reused: %v", c.name, err)
			}
		})
		if allocs != 0 {
			t.Errorf("%s: %v allocations per frame, want 0", c.name, allocs)
		}
		if got := dst.RGBAAt(80, 200); !wiretest.Near(got, wiretest.Blue(), 3) && !wiretest.Near(got, color.RGBA{0x1d, 0x1d, 0x1d, 0xFF}, 3) &&
			c.payload[0] != 0xFF { // the camera JPEG is no quadrant image
			t.Errorf("%s: bottom left %v", c.name, got)
		}
	}
}

// TestDecodersAreIndependent runs one decoder per goroutine, as a stream's
// decode goroutines do, mixing JPEG and raw seed frames.
func TestDecodersAreIndependent(t *testing.T) {
	quad := wiretest.QuadrantsJPEG()
	yuvL := pixel.PicameraLayout(pixel.FormatI420, 320, 240)
	yuv := pixel.Encode(nil, wiretest.Quadrants(320, 240), yuvL)
	done := make(chan error, 4)
	for g := range 4 {
		d := newDecoder(t, Options{Color: true}, nil)
		go func() {
			var dq, dy *image.RGBA
			for i := range 25 {
				var err error
				if (g+i)%2 == 0 {
					dq, _, err = d.Decode(dq, quad, image.Point{})
					if err == nil && !wiretest.Near(dq.RGBAAt(40, 30), wiretest.Yellow(), 6) {
						err = errors.New("quadrants decoded wrong")
					}
				} else {
					dy, _, err = d.Decode(dy, yuv, image.Point{})
					if err == nil && !wiretest.Near(dy.RGBAAt(300, 200), wiretest.Yellow(), 3) {
						err = errors.New("yuv decoded wrong")
					}
				}
				if err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
	}
	for range 4 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

func FuzzDecoder(f *testing.F) {
	for _, tc := range wiretest.SmallRawCases() {
		l := tc.L
		p := pixel.Encode(nil, wiretest.Quadrants(l.Width, l.Height), l)
		f.Add(p, uint32(l.Format), l.Width, l.Height, l.Stride, l.Rows, true, true)
		f.Add(p, uint32(0), l.Width, l.Height, 0, 0, false, false)
	}
	f.Add(wiretest.QuadrantsJPEG(), uint32(pixel.FormatJPEG), 0, 0, 0, 0, false, true)
	f.Add(wiretest.GreyJPEG(), uint32(pixel.FormatJPEG), 32, 16, 0, 0, true, false)
	f.Add(make([]byte, 1234), uint32(0), 320, 240, 0, 0, false, false)
	const maxPixels = 1 << 16
	f.Fuzz(func(t *testing.T, payload []byte, format uint32, w, h, stride, rows int, useHello, color bool) {
		o := Options{Size: image.Pt(w, h), Color: color, MaxPixels: maxPixels}
		var hello *wire.Hello
		if useHello {
			hello = &wire.Hello{Version: 2, Layout: pixel.Layout{Format: pixel.Format(format), Width: w, Height: h, Stride: stride, Rows: rows}}
		}
		rgba, l, err := decodeOnce(o, nil, payload, hello)
		if err != nil {
			return
		}
		if rgba.Rect != image.Rect(0, 0, l.Width, l.Height) || rgba.Stride != 4*l.Width {
			t.Fatalf("rect %v stride %d for %v", rgba.Rect, rgba.Stride, l)
		}
		if int64(l.Width)*int64(l.Height) > maxPixels {
			t.Fatalf("%v decoded over MaxPixels", l)
		}
		if l.Format != pixel.FormatJPEG && len(payload) != l.Size() {
			t.Fatalf("%d-byte payload decoded as %v (%d bytes)", len(payload), l, l.Size())
		}
		// The result does not alias the payload.
		before := bytes.Clone(rgba.Pix)
		for i := range payload {
			payload[i] ^= 0xFF
		}
		if !bytes.Equal(before, rgba.Pix) {
			t.Fatal("RGBA result aliases the payload")
		}
	})
}

package wire

import (
	"errors"
	"image"
	"strings"
	"testing"
)

func TestDecoderSeedJPEG(t *testing.T) {
	b := readTestdata(t, "quadrants.jpg")
	var d Decoder
	img, l, err := d.Image(nil, b, nil)
	if err != nil || l != (Layout{Format: FormatJPEG, Width: 64, Height: 48}) || img.Bounds().Dx() != 64 {
		t.Fatalf("Image: %v, %v, %v", img.Bounds(), l, err)
	}
	dst := image.NewRGBA(image.Rect(0, 0, 64, 48))
	rgba, _, err := d.RGBA(dst, b, nil)
	if err != nil || rgba != dst {
		t.Fatalf("RGBA did not reuse dst: %v", err)
	}
	if got := rgba.RGBAAt(40, 30); !near(got, qYellow, 6) {
		t.Errorf("bottom right = %v, want yellow", got)
	}
	// A v2 JPEG stream decodes the same, and a payload that is not a JPEG fails.
	h := &Hello{Version: 2, Layout: Layout{Format: FormatJPEG}}
	if _, l, err := d.RGBA(nil, b, h); err != nil || l.Width != 64 {
		t.Errorf("v2 jpeg: %v %v", l, err)
	}
	if _, _, err := d.RGBA(nil, make([]byte, 115200), h); err == nil {
		t.Error("v2 jpeg stream: a raw payload decoded")
	}
}

func TestDecoderSeedYUV(t *testing.T) {
	l := PicameraLayout(FormatI420, 320, 240)
	payload := EncodeI420(nil, quadrants(320, 240), l)

	img, got, err := Decoder{}.Image(nil, payload, nil)
	g, ok := img.(*image.Gray)
	if err != nil || got != l || !ok || &g.Pix[0] != &payload[0] || g.GrayAt(300, 10).Y != 0x96 {
		t.Fatalf("grey: %T %v %v", img, got, err)
	}
	img, _, err = Decoder{Color: true}.Image(nil, payload, nil)
	if yc, ok := img.(*image.YCbCr); err != nil || !ok || &yc.Y[0] != &payload[0] {
		t.Fatalf("colour: %T %v", img, err)
	}
	rgba, _, err := Decoder{Color: true}.RGBA(nil, payload, nil)
	if err != nil || !near(rgba.RGBAAt(10, 200), qBlue, 3) {
		t.Fatalf("colour RGBA: %v %v", rgba.RGBAAt(10, 200), err)
	}
	// RGBA never aliases the payload.
	grey, _, _ := Decoder{}.RGBA(nil, payload, nil)
	payload[0] = 0
	if grey.RGBAAt(0, 0).R != 0x4c || rgba.RGBAAt(0, 0).G > 3 {
		t.Errorf("RGBA results changed with the payload")
	}
}

func TestDecoderSeedRGBAndSize(t *testing.T) {
	l := PicameraLayout(FormatRGB24, 320, 240)
	payload := EncodePacked(nil, quadrants(320, 240), l)
	dst := image.NewRGBA(image.Rect(0, 0, 320, 240))
	img, got, err := Decoder{}.Image(dst, payload, nil)
	if err != nil || got != l || img != dst || dst.RGBAAt(319, 239) != qYellow {
		t.Fatalf("rgb: %v %v", got, err)
	}
	// A custom seed size: 100x100 yuv with picamera padding.
	l = PicameraLayout(FormatI420, 100, 100)
	payload = EncodeI420(nil, quadrants(100, 100), l)
	d := Decoder{Size: image.Pt(100, 100)}
	if _, got, err := d.RGBA(nil, payload, nil); err != nil || got != l {
		t.Errorf("100x100 yuv: %v %v", got, err)
	}
}

func TestDecoderErrors(t *testing.T) {
	rgbHello := &Hello{Version: 2, Layout: PicameraLayout(FormatRGB24, 64, 32)}
	var le *LengthError
	var tl *ImageTooLargeError
	tests := []struct {
		name    string
		d       Decoder
		payload []byte
		hello   *Hello
		check   func(error) bool
	}{
		{"seed length matches nothing", Decoder{}, make([]byte, 1234), nil, func(err error) bool {
			return errors.As(err, &le) && strings.HasSuffix(err.Error(),
				"payload of 1234 bytes matches no raw format at 320x240 (yuv 115200, rgb 230400, grey 76800, rgba 307200)")
		}},
		{"v2 payload too short", Decoder{}, make([]byte, 6143), rgbHello, func(err error) bool {
			return err != nil && strings.Contains(err.Error(), "payload is 6143 bytes, layout rgb 64x32 (stride 192, rows 32) expects 6144")
		}},
		{"v2 payload too long", Decoder{}, make([]byte, 6145), rgbHello, func(err error) bool {
			return err != nil && strings.Contains(err.Error(), "6145 bytes")
		}},
		{"v2 bad layout", Decoder{}, make([]byte, 10), &Hello{Layout: Layout{FormatRGB24, 0, 0, 0, 0}}, func(err error) bool {
			return err != nil
		}},
		{"empty", Decoder{}, nil, nil, func(err error) bool { return err != nil }},
		{"raw over MaxPixels", Decoder{MaxPixels: 1000}, make([]byte, 115200), nil, func(err error) bool {
			return errors.As(err, &tl) && *tl == ImageTooLargeError{320, 240, 1000}
		}},
		{"jpeg over MaxPixels", Decoder{MaxPixels: 1000}, hugeJPEGHeader, nil, func(err error) bool {
			return errors.As(err, &tl) && tl.Width == 65000
		}},
		{"bad seed size", Decoder{Size: image.Pt(-1, 5)}, make([]byte, 100), nil, func(err error) bool {
			return err != nil && !errors.As(err, &le)
		}},
	}
	for _, tc := range tests {
		img, _, err := tc.d.Image(nil, tc.payload, tc.hello)
		if img != nil || !tc.check(err) {
			t.Errorf("%s: Image: %v", tc.name, err)
		}
		if rgba, _, err := tc.d.RGBA(nil, tc.payload, tc.hello); rgba != nil || !tc.check(err) {
			t.Errorf("%s: RGBA: %v", tc.name, err)
		}
	}
}

func TestDecoderV2RawLayouts(t *testing.T) {
	for _, tc := range rawCases {
		src := quadrants(tc.l.Width, tc.l.Height)
		payload := encode(nil, src, tc.l)
		h := &Hello{Version: 2, Layout: tc.l}
		rgba, l, err := Decoder{Color: true}.RGBA(nil, payload, h)
		if err != nil || l != tc.l {
			t.Fatalf("%s: %v %v", tc.name, l, err)
		}
		if rgba.Rect != image.Rect(0, 0, tc.l.Width, tc.l.Height) {
			t.Fatalf("%s: rect %v", tc.name, rgba.Rect)
		}
		x, y := tc.l.Width*3/4, tc.l.Height/4 // inside the green quadrant, away from its edges
		want := qGreen
		if tc.l.Format == FormatGray {
			want.R, want.G, want.B = 0x96, 0x96, 0x96
		}
		if got := rgba.RGBAAt(x, y); !near(got, want, 3) {
			t.Errorf("%s: (%d,%d) = %v, want %v", tc.name, x, y, got, want)
		}
	}
}

func TestDecoderSeedRawThatLooksLikeJPEG(t *testing.T) {
	// A grey 320x240 frame whose first pixels are FF D8 FF: raw, not a bad JPEG.
	payload := make([]byte, 76800)
	copy(payload, []byte{0xFF, 0xD8, 0xFF, 0x10})
	img, l, err := Decoder{}.Image(nil, payload, nil)
	if err != nil || l.Format != FormatGray || img.(*image.Gray).GrayAt(1, 0).Y != 0xD8 {
		t.Fatalf("got %v, %v", l, err)
	}
	// A broken JPEG whose length fits no raw layout reports the JPEG error.
	if _, _, err := (Decoder{}).Image(nil, payload[:1000], nil); err == nil || !strings.Contains(err.Error(), "jpeg") {
		t.Errorf("broken jpeg: %v", err)
	}
}

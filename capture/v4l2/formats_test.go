package v4l2

import (
	"strings"
	"testing"

	"github.com/vidstream/vidstream/wire/pixel"
)

// TestCandidates pins the order the camera formats are tried in, for each
// wire format picam may be asked for.
func TestCandidates(t *testing.T) {
	tests := map[pixel.Format]string{
		pixel.FormatUnknown: "MJPG JPEG YUYV YU12 RGB3",
		pixel.FormatJPEG:    "MJPG JPEG",
		pixel.FormatI420:    "YU12 YUYV",
		pixel.FormatRGB24:   "RGB3",
		pixel.FormatBGR24:   "BGR3",
		pixel.FormatGray:    "GREY",
	}
	for f, want := range tests {
		cands, err := candidates(f)
		if err != nil {
			t.Fatalf("%v: %v", f, err)
		}
		var codes []string
		for _, cf := range cands {
			codes = append(codes, cf.code.Code())
		}
		if got := strings.Join(codes, " "); got != want {
			t.Errorf("candidates for %v: %s, want %s", f, got, want)
		}
	}
	for _, f := range []pixel.Format{pixel.FormatRGBA, pixel.FormatBGRA} {
		want := "capture: the V4L2 source cannot send " + f.String() + " (it sends jpeg, yuv, rgb, bgr, grey or h264)"
		if _, err := candidates(f); err == nil || err.Error() != want {
			t.Errorf("candidates for %v: %v, want %q", f, err, want)
		}
	}
	if got, want := bestCodes(), "MJPG, JPEG, YUYV, YU12, RGB3"; got != want {
		t.Errorf("bestCodes() = %q, want %q", got, want)
	}
}

// TestCameraFormats checks the table: one entry per code, each sent as a
// wire format, raw ones with their bytes per pixel.
func TestCameraFormats(t *testing.T) {
	seen := map[pixel.Format]bool{}
	for _, cf := range cameraFormats {
		if seen[cf.code] {
			t.Errorf("%s listed twice", cf.code.Code())
		}
		seen[cf.code] = true
		if !cf.sends.Known() || (cf.bpp == 0) != (cf.sends.BytesPerPixel() == 0) {
			t.Errorf("%s: sent as %v with %d bytes a pixel", cf.code.Code(), cf.sends, cf.bpp)
		}
		if got, ok := lookup(cf.code); !ok || got != cf {
			t.Errorf("lookup(%s) = %+v, %v", cf.code.Code(), got, ok)
		}
	}
	if _, ok := lookup(pixel.FourCC('p', 'R', 'A', 'A')); ok {
		t.Error("lookup found a Bayer format")
	}
}

package pixel_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	. "github.com/vidstream/vidstream/wire/pixel"
)

func TestLayoutSizeValidate(t *testing.T) {
	tests := []struct {
		l    Layout
		size int
		ok   bool
	}{
		{Layout{FormatI420, 320, 240, 320, 240}, 115200, true},
		{Layout{FormatI420, 100, 100, 128, 112}, 21504, true},
		{Layout{FormatI420, 99, 99, 100, 100}, 15000, true},
		{Layout{FormatI420, 99, 99, 99, 100}, 14800, false}, // odd stride
		{Layout{FormatI420, 98, 99, 98, 99}, 14504, false},  // odd rows
		{Layout{FormatRGB24, 320, 240, 960, 240}, 230400, true},
		{Layout{FormatRGB24, 320, 240, 959, 240}, 230160, false}, // stride < 3w
		{Layout{FormatRGBA, 320, 240, 1280, 239}, 305920, false}, // rows < h
		{Layout{FormatGray, 1, 1, 1, 1}, 1, true},
		{Layout{FormatGray, 0, 1, 0, 1}, 0, false},
		{Layout{FormatGray, -1, 1, 1, 1}, 1, false},
		{Layout{FormatGray, 16384, 16384, 16384, 16384}, 1 << 28, true},
		{Layout{FormatGray, 16385, 1, 16385, 1}, 16385, false},
		{Layout{FormatGray, 1, 1, 16385, 1}, 16385, false},               // stride > 16384
		{Layout{FormatGray, 1, 1, 1, 16385}, 16385, false},               // rows > 16384
		{Layout{FormatRGBA, 16384, 16384, 65536, 16384}, 1 << 30, false}, // over MaxFrameLimit
		{Layout{FormatJPEG, 0, 0, 0, 0}, 0, true},
		{Layout{FormatJPEG, 1920, 1080, 0, 0}, 0, true},
		{Layout{FormatJPEG, 16385, 1080, 0, 0}, 0, false},
		{Layout{FormatJPEG, 640, 480, 640, 480}, 0, false},
		{Layout{FormatUnknown, 640, 480, 640, 480}, 0, false},
		{Layout{Format(0x56595559), 640, 480, 1280, 480}, 0, false},
	}
	for _, tc := range tests {
		if got := tc.l.Size(); got != tc.size {
			t.Errorf("%v.Size() = %d, want %d", tc.l, got, tc.size)
		}
		if err := tc.l.Validate(); (err == nil) != tc.ok {
			t.Errorf("%v.Validate() = %v, want ok %v", tc.l, err, tc.ok)
		}
	}
}

func TestPicameraLayouts(t *testing.T) {
	tests := []struct {
		f    Format
		w, h int
		want []Layout
	}{
		{FormatI420, 100, 100, []Layout{{FormatI420, 100, 100, 128, 112}}},
		{FormatI420, 320, 240, []Layout{{FormatI420, 320, 240, 320, 240}}},
		{FormatRGB24, 100, 100, []Layout{{FormatRGB24, 100, 100, 384, 112}, {FormatRGB24, 100, 100, 336, 112}}},
		{FormatRGB24, 320, 240, []Layout{{FormatRGB24, 320, 240, 960, 240}}},
		{FormatBGRA, 40, 30, []Layout{{FormatBGRA, 40, 30, 256, 32}, {FormatBGRA, 40, 30, 192, 32}}},
		{FormatGray, 33, 17, []Layout{{FormatGray, 33, 17, 33, 17}}},
		{FormatJPEG, 640, 480, []Layout{{FormatJPEG, 640, 480, 0, 0}}},
	}
	for _, tc := range tests {
		got := PicameraLayouts(tc.f, tc.w, tc.h)
		if len(got) != len(tc.want) {
			t.Errorf("PicameraLayouts(%v, %d, %d) = %v, want %v", tc.f, tc.w, tc.h, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("PicameraLayouts(%v, %d, %d)[%d] = %v, want %v", tc.f, tc.w, tc.h, i, got[i], tc.want[i])
			}
		}
		if first := PicameraLayout(tc.f, tc.w, tc.h); first != tc.want[0] {
			t.Errorf("PicameraLayout(%v, %d, %d) = %v, want %v", tc.f, tc.w, tc.h, first, tc.want[0])
		}
	}
}

func TestClassifyRaw(t *testing.T) {
	tests := []struct {
		n, w, h int
		want    Layout
	}{
		{115200, 320, 240, Layout{FormatI420, 320, 240, 320, 240}},
		{230400, 320, 240, Layout{FormatRGB24, 320, 240, 960, 240}},
		{76800, 320, 240, Layout{FormatGray, 320, 240, 320, 240}},
		{307200, 320, 240, Layout{FormatRGBA, 320, 240, 1280, 240}},
		{21504, 100, 100, Layout{FormatI420, 100, 100, 128, 112}},
		{15000, 100, 100, Layout{FormatI420, 100, 100, 100, 100}},
		{43008, 100, 100, Layout{FormatRGB24, 100, 100, 384, 112}},
		{37632, 100, 100, Layout{FormatRGB24, 100, 100, 336, 112}},
		{30000, 100, 100, Layout{FormatRGB24, 100, 100, 300, 100}},
		{10000, 100, 100, Layout{FormatGray, 100, 100, 100, 100}},
		{57344, 100, 100, Layout{FormatRGBA, 100, 100, 512, 112}},
		{50176, 100, 100, Layout{FormatRGBA, 100, 100, 448, 112}},
		{40000, 100, 100, Layout{FormatRGBA, 100, 100, 400, 100}},
		{918, 33, 17, Layout{FormatI420, 33, 17, 34, 18}}, // odd size: unpadded rounds to even
	}
	for _, tc := range tests {
		got, err := ClassifyRaw(tc.n, tc.w, tc.h)
		if err != nil || got != tc.want {
			t.Errorf("ClassifyRaw(%d, %d, %d) = %v, %v; want %v", tc.n, tc.w, tc.h, got, err, tc.want)
		}
	}
}

func TestClassifyRawErrors(t *testing.T) {
	_, err := ClassifyRaw(1234, 320, 240)
	var le *LengthError
	if !errors.As(err, &le) || *le != (LengthError{1234, 320, 240}) {
		t.Fatalf("ClassifyRaw(1234) error = %v, want *LengthError", err)
	}
	const want = "payload of 1234 bytes matches no raw format at 320x240 (yuv 115200, rgb 230400, grey 76800, rgba 307200)"
	if err.Error() != want {
		t.Errorf("Error() = %q, want %q", err, want)
	}
	// A length that is a raw frame at a usual size says which, and the fix
	// (issue 12: picam -W 640 -H 480 -format yuv into a viewer set to 320x240).
	yuv640 := PicameraLayout(FormatI420, 640, 480).Size()
	_, err = ClassifyRaw(yuv640, 320, 240)
	if want := fmt.Sprintf("payload of %d bytes matches no raw format at 320x240 (yuv 115200, rgb 230400, grey 76800, rgba 307200); it is yuv at 640x480: set the raw frame size to 640x480", yuv640); err == nil || err.Error() != want {
		t.Errorf("Error() = %v, want %q", err, want)
	}
	rgb720 := PicameraLayout(FormatRGB24, 1280, 720).Size()
	if _, err := ClassifyRaw(rgb720, 320, 240); err == nil || !strings.HasSuffix(err.Error(), "; it is rgb at 1280x720: set the raw frame size to 1280x720") {
		t.Errorf("rgb at 1280x720 into 320x240: %v", err)
	}
	_, err = ClassifyRaw(1, 100, 100)
	if !strings.Contains(err.Error(), "(yuv 21504, rgb 43008, grey 10000, rgba 57344)") {
		t.Errorf("Error() = %q", err)
	}
	for _, size := range [][2]int{{0, 240}, {320, -1}, {16385, 1}} {
		if _, err := ClassifyRaw(100, size[0], size[1]); err == nil || errors.As(err, &le) {
			t.Errorf("ClassifyRaw at %v: %v, want a range error", size, err)
		}
	}
}

func TestRpicamI420Layout(t *testing.T) {
	for _, tc := range []struct{ w, h, stride, size int }{
		{780, 360, 832, 832 * 360 * 3 / 2}, // raspberrypi/rpicam-apps#188
		{1920, 1080, 1920, 3110400},        // picamera's rule would give 3133440
		{640, 480, 640, 460800},
		{2028, 1520, 2048, 2048 * 1520 * 3 / 2},
	} {
		l := RpicamI420Layout(tc.w, tc.h)
		if l.Stride != tc.stride || l.Size() != tc.size || l.Validate() != nil {
			t.Errorf("RpicamI420Layout(%d, %d) = %+v (size %d, %v), want stride %d, size %d", tc.w, tc.h, l, l.Size(), l.Validate(), tc.stride, tc.size)
		}
	}
}

func TestI420Layout(t *testing.T) {
	for _, tc := range []struct {
		w, h int
		want Layout
	}{
		{320, 240, Layout{FormatI420, 320, 240, 320, 240}},
		{33, 17, Layout{FormatI420, 33, 17, 34, 18}}, // odd sizes round up to even
		{1, 1, Layout{FormatI420, 1, 1, 2, 2}},
	} {
		if got := I420Layout(tc.w, tc.h); got != tc.want || got.Validate() != nil {
			t.Errorf("I420Layout(%d, %d) = %v (%v), want %v", tc.w, tc.h, got, got.Validate(), tc.want)
		}
	}
}

package pixel_test

import (
	"encoding/binary"
	"testing"

	. "github.com/vidstream/vidstream/wire/pixel"
)

func TestFormatFourCC(t *testing.T) {
	tests := []struct {
		f      Format
		fourcc string
		name   string
		bpp    int
	}{
		{FormatJPEG, "JPEG", "jpeg", 0},
		{FormatI420, "I420", "yuv", 1},
		{FormatRGB24, "RGB3", "rgb", 3},
		{FormatBGR24, "BGR3", "bgr", 3},
		{FormatRGBA, "RGBA", "rgba", 4},
		{FormatBGRA, "BGRA", "bgra", 4},
		{FormatGray, "GREY", "grey", 1},
	}
	for _, tc := range tests {
		if got := Format(binary.LittleEndian.Uint32([]byte(tc.fourcc))); got != tc.f {
			t.Errorf("%s: constant %#x, want %#x", tc.fourcc, uint32(tc.f), uint32(got))
		}
		if fc := tc.f.FourCC(); string(fc[:]) != tc.fourcc {
			t.Errorf("%v.FourCC() = %q, want %q", tc.f, fc, tc.fourcc)
		}
		if got := FormatFromFourCC([4]byte([]byte(tc.fourcc))); got != tc.f {
			t.Errorf("FormatFromFourCC(%q) = %v", tc.fourcc, got)
		}
		if tc.f.String() != tc.name {
			t.Errorf("%s.String() = %q, want %q", tc.fourcc, tc.f.String(), tc.name)
		}
		if tc.f.BytesPerPixel() != tc.bpp {
			t.Errorf("%s.BytesPerPixel() = %d, want %d", tc.fourcc, tc.f.BytesPerPixel(), tc.bpp)
		}
		if !tc.f.Known() || tc.f.IsRaw() == (tc.f == FormatJPEG) {
			t.Errorf("%s: Known %v IsRaw %v", tc.fourcc, tc.f.Known(), tc.f.IsRaw())
		}
		for _, s := range []string{tc.name, tc.fourcc} {
			if got, err := ParseFormat(s); err != nil || got != tc.f {
				t.Errorf("ParseFormat(%q) = %v, %v", s, got, err)
			}
		}
	}
}

func TestFormatUnknown(t *testing.T) {
	if got := FormatUnknown.String(); got != "unknown(0x00000000)" {
		t.Errorf("FormatUnknown.String() = %q", got)
	}
	if got := FormatFromFourCC([4]byte{'Y', 'U', 'Y', 'V'}).String(); got != "unknown(0x56595559)" {
		t.Errorf("YUYV String() = %q", got)
	}
	if FormatUnknown.Known() || FormatUnknown.IsRaw() || FormatUnknown.BytesPerPixel() != 0 {
		t.Error("FormatUnknown claims to be known")
	}
}

func TestParseFormat(t *testing.T) {
	tests := []struct {
		in   string
		want Format
		ok   bool
	}{
		{"jpeg", FormatJPEG, true},
		{"MJPEG", FormatJPEG, true},
		{"jpg", FormatJPEG, true},
		{"YUV", FormatI420, true},
		{"i420", FormatI420, true},
		{" rgb ", FormatRGB24, true},
		{"Gray", FormatGray, true},
		{"GREY", FormatGray, true},
		{"BGRA", FormatBGRA, true},
		{"", FormatUnknown, false},
		{"yuyv", FormatUnknown, false},
		{"unknown(0x00000000)", FormatUnknown, false},
	}
	for _, tc := range tests {
		got, err := ParseFormat(tc.in)
		if got != tc.want || (err == nil) != tc.ok {
			t.Errorf("ParseFormat(%q) = %v, %v; want %v, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

func TestFormatCode(t *testing.T) {
	for _, tc := range []struct {
		f    Format
		want string
	}{
		{FormatJPEG, "JPEG"},
		{FourCC('M', 'J', 'P', 'G'), "MJPG"},
		{FourCC('Y', 'U', 'Y', 'V'), "YUYV"},
		{FormatUnknown, "0x00000000"},
		{FourCC('A', 'B', 0x01, 'D'), "0x44014241"},
	} {
		if got := tc.f.Code(); got != tc.want {
			t.Errorf("Code() of %#x = %q, want %q", uint32(tc.f), got, tc.want)
		}
	}
	if FourCC('R', 'G', 'B', '3') != FormatRGB24 || FourCC('Y', 'U', 'Y', 'V').Known() {
		t.Error("FourCC builds the wrong codes, or a camera-only format reads as known")
	}
}

package pixel

import (
	"fmt"
	"strings"
)

// Format is a pixel format named by its FourCC: the 4 ASCII bytes in order, as
// they appear on the v2 wire, read as a little-endian uint32 (the V4L2
// convention, so FormatJPEG's first byte on the wire is 'J'). Camera formats
// the wire does not carry (V4L2's MJPG, YUYV, YU12) are Formats too, made
// with FourCC; Known reports the ones the wire carries.
type Format uint32

// FourCC packs 4 ASCII bytes into a Format, first byte lowest.
func FourCC(a, b, c, d byte) Format {
	return Format(uint32(a) | uint32(b)<<8 | uint32(c)<<16 | uint32(d)<<24)
}

// The formats vidstream knows. The comment gives each one's FourCC.
const (
	// FormatUnknown is the zero Format: no format known.
	FormatUnknown Format = 0
	// FormatJPEG is a JPEG image per frame ("JPEG"; picamera 'jpeg', MJPEG).
	FormatJPEG Format = 'J' | 'P'<<8 | 'E'<<16 | 'G'<<24
	// FormatI420 is planar YUV 4:2:0 ("I420"; picamera 'yuv'): the Y plane,
	// then U (Cb), then V (Cr), each chroma plane half the width and height.
	FormatI420 Format = 'I' | '4'<<8 | '2'<<16 | '0'<<24
	// FormatRGB24 is interleaved R, G, B, 3 bytes a pixel ("RGB3"; picamera 'rgb').
	FormatRGB24 Format = 'R' | 'G'<<8 | 'B'<<16 | '3'<<24
	// FormatBGR24 is interleaved B, G, R, 3 bytes a pixel ("BGR3"; picamera 'bgr').
	FormatBGR24 Format = 'B' | 'G'<<8 | 'R'<<16 | '3'<<24
	// FormatRGBA is interleaved R, G, B, A, 4 bytes a pixel ("RGBA"; picamera 'rgba').
	FormatRGBA Format = 'R' | 'G'<<8 | 'B'<<16 | 'A'<<24
	// FormatBGRA is interleaved B, G, R, A, 4 bytes a pixel ("BGRA"; picamera 'bgra').
	FormatBGRA Format = 'B' | 'G'<<8 | 'R'<<16 | 'A'<<24
	// FormatGray is one luma byte a pixel ("GREY").
	FormatGray Format = 'G' | 'R'<<8 | 'E'<<16 | 'Y'<<24
	// FormatH264 is one H.264 access unit per frame, Annex-B byte stream
	// ("H264", as V4L2 names it): frames depend on the ones before them.
	FormatH264 Format = 'H' | '2'<<8 | '6'<<16 | '4'<<24
)

// formats is the table of the formats the wire carries: each one's String
// name and the bytes a pixel takes in its first plane (0 for compressed
// formats). It is the one place a new format is added.
var formats = [...]struct {
	f     Format
	name  string
	bpp   int
	inter bool // frames depend on earlier ones
}{
	{FormatJPEG, "jpeg", 0, false},
	{FormatH264, "h264", 0, true},
	{FormatI420, "yuv", 1, false}, // the Y plane
	{FormatRGB24, "rgb", 3, false},
	{FormatBGR24, "bgr", 3, false},
	{FormatRGBA, "rgba", 4, false},
	{FormatBGRA, "bgra", 4, false},
	{FormatGray, "grey", 1, false},
}

// String returns the format's picamera-style name: "jpeg", "h264", "yuv",
// "rgb", "bgr", "rgba", "bgra", "grey", or "unknown(0x...)" for anything else.
func (f Format) String() string {
	for _, n := range formats {
		if n.f == f {
			return n.name
		}
	}
	return fmt.Sprintf("unknown(0x%08x)", uint32(f))
}

// Code returns the FourCC's four characters ("MJPG", "YUYV"), or the code
// in hex when they are not all printable.
func (f Format) Code() string {
	b := f.FourCC()
	for _, c := range b {
		if c < ' ' || c > '~' {
			return fmt.Sprintf("0x%08x", uint32(f))
		}
	}
	return string(b[:])
}

// FourCC returns the format's 4 bytes in wire order.
func (f Format) FourCC() [4]byte {
	return [4]byte{byte(f), byte(f >> 8), byte(f >> 16), byte(f >> 24)}
}

// FormatFromFourCC returns the Format whose wire bytes are b; the result may
// be a format this package does not know (check Known).
func FormatFromFourCC(b [4]byte) Format {
	return FourCC(b[0], b[1], b[2], b[3])
}

// Known reports whether f is one of the formats the wire carries: the
// Format constants other than FormatUnknown.
func (f Format) Known() bool {
	for _, n := range formats {
		if n.f == f {
			return true
		}
	}
	return false
}

// IsRaw reports whether f is a known uncompressed format (anything but JPEG
// and H.264).
func (f Format) IsRaw() bool {
	return f.BytesPerPixel() > 0
}

// Interframe reports whether frames of f depend on earlier ones (H.264):
// they must all be sent and decoded in order, and after a loss only a
// keyframe decodes.
func (f Format) Interframe() bool {
	for _, n := range formats {
		if n.f == f {
			return n.inter
		}
	}
	return false
}

// compressed reports whether f is a known compressed format (JPEG, H.264):
// its frames carry no layout of their own.
func (f Format) compressed() bool {
	return f.Known() && f.BytesPerPixel() == 0
}

// BytesPerPixel returns the bytes one pixel takes in the first plane: 1 for
// I420 (its Y plane) and Gray, 3 for RGB24/BGR24, 4 for RGBA/BGRA, and 0 for
// JPEG, H.264 and unknown formats.
func (f Format) BytesPerPixel() int {
	for _, n := range formats {
		if n.f == f {
			return n.bpp
		}
	}
	return 0
}

// ParseFormat returns the Format named s, case-insensitively. It accepts the
// String names ("jpeg", "h264", "yuv", "rgb", "bgr", "rgba", "bgra", "grey"),
// the aliases "i420", "gray", "mjpeg", "jpg", "avc" and "h.264", and the
// FourCCs ("RGB3", ...).
func ParseFormat(s string) (Format, error) {
	ls := strings.ToLower(strings.TrimSpace(s))
	switch ls {
	case "i420":
		return FormatI420, nil
	case "gray":
		return FormatGray, nil
	case "mjpeg", "jpg":
		return FormatJPEG, nil
	case "avc", "h.264":
		return FormatH264, nil
	}
	for _, n := range formats {
		fc := n.f.FourCC()
		if ls == n.name || ls == strings.ToLower(string(fc[:])) {
			return n.f, nil
		}
	}
	return FormatUnknown, fmt.Errorf("pixel: unknown pixel format %q (want jpeg, h264, yuv, rgb, bgr, rgba, bgra or grey)", s)
}

package v4l2

// The camera pixel formats picam captures: the one table of what each is
// sent as, how its pixels lie in the driver's buffer, and which is tried
// first.

import (
	"fmt"
	"slices"
	"strings"

	"github.com/vidstream/vidstream/wire/pixel"
)

// V4L2 codes of the camera formats that are not wire formats. JPEG, RGB3,
// BGR3 and GREY are the wire's own codes (pixel.FormatJPEG, FormatRGB24,
// FormatBGR24, FormatGray).
var (
	fmtMJPG = pixel.FourCC('M', 'J', 'P', 'G')
	fmtYUYV = pixel.FourCC('Y', 'U', 'Y', 'V')
	fmtYU12 = pixel.FourCC('Y', 'U', '1', '2')
)

// cameraFormat is a camera pixel format picam captures.
type cameraFormat struct {
	code    pixel.Format // the V4L2 FourCC
	sends   pixel.Format // the wire format picam sends its frames as
	bpp     int          // bytes a pixel takes in the camera's first plane; 0: compressed
	best    bool         // tried when no wire format is asked
	convert bool         // YUYV: whole 4-byte macropixels a row, converted to I420 before sending; else sent as it is
}

// cameraFormats are the camera formats picam captures, in the order it
// tries them: with no wire format asked, those marked best in this order;
// for a wire format, the ones sent as it, those sent as the camera made
// them first (an asked -format yuv takes YU12 before YUYV).
var cameraFormats = []cameraFormat{
	{code: fmtMJPG, sends: pixel.FormatJPEG, best: true},
	{code: pixel.FormatJPEG, sends: pixel.FormatJPEG, best: true},
	{code: fmtYUYV, sends: pixel.FormatI420, bpp: 2, best: true, convert: true},
	{code: fmtYU12, sends: pixel.FormatI420, bpp: 1, best: true},
	{code: pixel.FormatRGB24, sends: pixel.FormatRGB24, bpp: 3, best: true},
	{code: pixel.FormatBGR24, sends: pixel.FormatBGR24, bpp: 3},
	{code: pixel.FormatGray, sends: pixel.FormatGray, bpp: 1},
	// The legacy camera stack's encoder (bcm2835-v4l2): only when asked
	// for (-format h264): the viewer needs libavcodec for it.
	{code: pixel.FormatH264, sends: pixel.FormatH264},
}

// lookup returns the table's entry for camera format code; ok is false when
// picam does not capture it.
func lookup(code pixel.Format) (cf cameraFormat, ok bool) {
	for _, e := range cameraFormats {
		if e.code == code {
			return e, true
		}
	}
	return cameraFormat{}, false
}

// candidates returns the camera formats tried for wire format f, best first
// (f FormatUnknown: the camera's best, whatever it is sent as).
func candidates(f pixel.Format) ([]cameraFormat, error) {
	var asIs, converted []cameraFormat
	for _, cf := range cameraFormats {
		switch {
		case f == pixel.FormatUnknown:
			if cf.best {
				asIs = append(asIs, cf)
			}
		case cf.sends != f: // not a candidate
		case cf.convert:
			converted = append(converted, cf)
		default:
			asIs = append(asIs, cf)
		}
	}
	if len(asIs)+len(converted) == 0 {
		return nil, fmt.Errorf("capture: the V4L2 source cannot send %v (it sends %s)", f, orList(sentFormats()))
	}
	return append(asIs, converted...), nil
}

// bestCodes names the camera formats tried when no wire format is asked:
// "MJPG, JPEG, YUYV, YU12, RGB3".
func bestCodes() string {
	var codes []string
	for _, cf := range cameraFormats {
		if cf.best {
			codes = append(codes, cf.code.Code())
		}
	}
	return strings.Join(codes, ", ")
}

// sentFormats returns the wire formats picam sends camera frames as, in
// table order, each once.
func sentFormats() []string {
	var names []string
	for _, cf := range cameraFormats {
		if n := cf.sends.String(); !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	return names
}

// orList joins items as "a, b or c".
func orList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

package codec

import (
	"bytes"
	"image"
	"strings"
	"testing"

	"github.com/vidstream/vidstream/wire/wiretest"
)

// TestJPEGStreamFrameAfterFrame: on a stream's decoder, a frame without
// Huffman tables (a UVC webcam's) decodes after an optimised-table or a
// progressive JPEG as the frame with its tables does on a new decoder, and
// one without quantisation tables is refused after a normal one, in seed, v2
// and MJPEG streams.
func TestJPEGStreamFrameAfterFrame(t *testing.T) {
	full := wiretest.CameraJPEG(t, 320, 240)
	bare := wiretest.DropSegments(t, full, 0xC4)
	noDQT := wiretest.DropSegments(t, wiretest.QuadrantsJPEG(), 0xDB)
	for _, p := range jpegProtocols {
		want, _, err := jpegStreamDecoder(t, p).Decode(nil, full, image.Point{})
		if err != nil {
			t.Fatal(err)
		}
		d := jpegStreamDecoder(t, p)
		for _, prev := range [][]byte{wiretest.OptimizedJPEG(), wiretest.ProgressiveJPEG()} {
			if _, _, err := d.Decode(nil, prev, image.Point{}); err != nil {
				t.Fatalf("%v: %v", p, err)
			}
			got, l, err := d.Decode(nil, bare, image.Point{})
			if err != nil || l.Width != 320 || l.Height != 240 {
				t.Fatalf("%v: the frame without DHT: %v, %v", p, l, err)
			}
			if !bytes.Equal(got.Pix, want.Pix) {
				t.Errorf("%v: the frame without DHT decoded other pixels than the frame with its tables", p)
			}
		}
		if _, _, err := d.Decode(nil, wiretest.QuadrantsJPEG(), image.Point{}); err != nil {
			t.Fatal(err)
		}
		if rgba, _, err := d.Decode(nil, noDQT, image.Point{}); err == nil || rgba != nil || !strings.Contains(err.Error(), "quantisation table") {
			t.Errorf("%v: a frame without DQT after one with: %v", p, err)
		}
	}
}

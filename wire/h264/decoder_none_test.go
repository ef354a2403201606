//go:build !avcodec || !cgo

package h264

import (
	"errors"
	"image"
	"strings"
	"testing"
)

func TestNoDecoderSaysWhatToInstall(t *testing.T) {
	d, err := NewDecoder(DecoderOptions{})
	if d != nil || !errors.Is(err, ErrNoDecoder) {
		t.Fatalf("NewDecoder = %v, %v; want ErrNoDecoder", d, err)
	}
	for _, s := range []string{"cannot show H.264", "libavcodec-dev", "brew install ffmpeg", "make build", "MJPEG"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("the error %q does not mention %q", err, s)
		}
	}
	if _, _, _, err := (&Decoder{}).Decode(nil, []byte{0, 0, 0, 1, 9}, image.Point{}); !errors.Is(err, ErrNoDecoder) {
		t.Errorf("Decode: %v", err)
	}
	if Backend != "none" {
		t.Errorf("Backend = %q", Backend)
	}
}

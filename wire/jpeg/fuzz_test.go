package jpeg

import (
	"bytes"
	"errors"
	"testing"

	"github.com/vidstream/vidstream/wire/pixel"
	"github.com/vidstream/vidstream/wire/wiretest"
)

// Fuzz targets. Their seeds are the JPEGs of package wiretest, plus the
// corpus files under testdata/fuzz; FuzzDecoder is in decoder_test.go.

func FuzzDecode(f *testing.F) {
	good := wiretest.QuadrantsJPEG()
	f.Add(good)
	f.Add(wiretest.GreyJPEG())
	f.Add(good[:len(good)/2])
	f.Add(wiretest.HugeJPEGHeader())
	const maxPixels = 1 << 16
	f.Fuzz(func(t *testing.T, b []byte) {
		img, err := decodeStd(b, maxPixels)
		if err != nil {
			var tl *pixel.ImageTooLargeError
			if errors.As(err, &tl) && int64(tl.Width)*int64(tl.Height) <= maxPixels {
				t.Fatalf("refused %dx%d as too large", tl.Width, tl.Height)
			}
			return
		}
		r := img.Bounds()
		if r.Empty() || r.Dx()*r.Dy() > maxPixels {
			t.Fatalf("decoded bounds %v", r)
		}
		if got := pixel.ToRGBA(nil, img); got.Rect.Size() != r.Size() {
			t.Fatalf("ToRGBA rect %v for %v", got.Rect, r)
		}
	})
}

func FuzzWithHuffmanTables(f *testing.F) {
	good := wiretest.QuadrantsJPEG()
	f.Add(good)
	f.Add(withoutHuffmanTables(f, good))
	f.Add(wiretest.HugeJPEGHeader())
	f.Fuzz(func(t *testing.T, b []byte) {
		out, added := WithHuffmanTables(nil, b)
		if !added {
			if !bytes.Equal(out, b) {
				t.Fatal("changed a JPEG it did not add tables to")
			}
			return
		}
		// out is b with one DHT segment inserted before a marker (FF ..).
		i := 0
		for i < len(b) && out[i] == b[i] {
			i++
		}
		if i > 0 && out[i-1] == 0xFF && b[i-1] == 0xFF && out[i] == markerDHT {
			i-- // the inserted FF matched the scan's
		}
		d := len(out) - len(b)
		if i < 2 || i+4 > len(out) || d < 4+17 || out[i] != 0xFF || out[i+1] != markerDHT ||
			int(out[i+2])<<8|int(out[i+3]) != d-2 || !bytes.Equal(out[i+d:], b[i:]) {
			t.Fatalf("%d bytes became %d: not the input with a DHT segment inserted", len(b), len(out))
		}
	})
}

package jpeg

import (
	"errors"
	"image"
	"strings"
	"testing"

	"github.com/vidstream/vidstream/wire/wiretest"
)

// These tests hold for both builds: a frame decodes on a Decoder that
// decoded others before it exactly as on a new one.

// TestDecoderFrameAfterFrame decodes every frame of sequenceFrames after
// every other on one Decoder, at full size and scaled, and compares with a
// new Decoder's result: the same pixels, or an error for both.
func TestDecoderFrameAfterFrame(t *testing.T) {
	frames := sequenceFrames(t)
	for _, fit := range []image.Point{{}, {16, 12}} {
		alone := make([]*image.RGBA, len(frames))
		for i, f := range frames {
			rgba, _, err := newDecoder(t).Decode(nil, f.b, Limits{}, fit)
			decodes := f.decodes == "" || f.decodes == "turbo" && Backend == "libjpeg-turbo"
			if (err == nil) != decodes {
				t.Fatalf("%s alone: error %v, want decoded %v", f.name, err, decodes)
			}
			alone[i] = rgba
		}
		d := newDecoder(t)
		for _, prev := range frames {
			for i, f := range frames {
				d.Decode(nil, prev.b, Limits{}, fit)
				rgba, _, err := d.Decode(nil, f.b, Limits{}, fit)
				switch {
				case (err == nil) != (alone[i] != nil):
					t.Errorf("fit %v: %s after %s: error %v, alone decoded %v", fit, f.name, prev.name, err, alone[i] != nil)
				case err == nil && !samePix(rgba, alone[i]):
					t.Errorf("fit %v: %s after %s: pixels differ from its decode alone", fit, f.name, prev.name)
				}
			}
		}
	}
}

// TestDecoderWithoutHuffmanTables is the case: a Motion-JPEG frame
// without Huffman tables, as UVC webcams send, after a JPEG with optimised
// or progressive tables decodes as the frame with its standard tables does.
func TestDecoderWithoutHuffmanTables(t *testing.T) {
	full := wiretest.CameraJPEG(t, 320, 240)
	bare := wiretest.DropSegments(t, full, markerDHT)
	want, _, err := decode(t, nil, full)
	if err != nil {
		t.Fatal(err)
	}
	d := newDecoder(t)
	for _, prev := range []struct {
		name string
		b    []byte
	}{{"optimized", wiretest.OptimizedJPEG()}, {"progressive", wiretest.ProgressiveJPEG()}, {"cmyk", wiretest.CMYKJPEG()}} {
		for range 3 {
			rgba, _, err := d.Decode(nil, prev.b, Limits{}, image.Point{})
			if err != nil {
				t.Fatalf("%s: %v", prev.name, err)
			}
			if prev.name != "cmyk" {
				wantGradient(t, prev.name, rgba)
			}
			got, full, err := d.Decode(nil, bare, Limits{}, image.Point{})
			if err != nil || full != image.Pt(320, 240) {
				t.Fatalf("the frame without DHT after %s: %v, %v", prev.name, full, err)
			}
			if !samePix(got, want) {
				t.Fatalf("the frame without DHT after %s: pixels differ from the frame with its tables", prev.name)
			}
		}
	}
}

// TestDecoderWithoutQuantisationTables: a frame without DQT after a normal
// one is refused, not decoded with the tables of the one before.
func TestDecoderWithoutQuantisationTables(t *testing.T) {
	d := newDecoder(t)
	for _, b := range [][]byte{wiretest.QuadrantsJPEG(), wiretest.OptimizedJPEG(), wiretest.ProgressiveJPEG()} {
		bare := wiretest.DropSegments(t, b, markerDQT)
		if _, _, err := d.Decode(nil, b, Limits{}, image.Point{}); err != nil {
			t.Fatal(err)
		}
		rgba, _, err := d.Decode(nil, bare, Limits{}, image.Point{})
		if err == nil || rgba != nil || !errors.Is(err, errNotOnItsOwn) ||
			!strings.Contains(err.Error(), "quantisation table 0, which no DQT segment before the first scan defines") {
			t.Errorf("a frame without DQT after one with: %v", err)
		}
	}
}

// TestDecoderProgressive decodes progressive JPEGs, whose later scans use
// tables defined just before them, and the other libjpeg-made fixtures.
func TestDecoderProgressive(t *testing.T) {
	d := newDecoder(t)
	for _, fit := range []image.Point{{}, {32, 24}} {
		rgba, _, err := d.Decode(nil, wiretest.ProgressiveJPEG(), Limits{}, fit)
		if err != nil {
			t.Fatalf("progressive: %v", err)
		}
		if fit == (image.Point{}) {
			wantGradient(t, "progressive", rgba)
		}
	}
	cases := []struct {
		name  string
		b     []byte
		turbo bool // image/jpeg does not decode arithmetic coding
	}{
		{"restart", restartJPEG, false},
		{"arith", arithJPEG, true},
		{"arith progressive", arithProgressiveJPEG, true},
		{"arith progressive without DAC", wiretest.DropSegments(t, arithProgressiveJPEG, 0xCC), true},
	}
	for _, tc := range cases {
		rgba, _, err := d.Decode(nil, tc.b, Limits{}, image.Point{})
		if tc.turbo && Backend != "libjpeg-turbo" {
			if err == nil {
				t.Errorf("%s: image/jpeg decoded arithmetic coding", tc.name)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		wantQuadrants(t, tc.name, rgba)
	}
}

package jpeg

import (
	"bytes"
	_ "embed"
	"image"
	"testing"

	"github.com/vidstream/vidstream/wire/wiretest"
)

// JPEGs made by libjpeg itself, with what neither Pillow nor image/jpeg
// writes: arithmetic coding with and without its conditioning (DAC), and
// restart markers (DRI). testdata/libjpeg/mkjpegs.c made them and says how;
// each is the 64x48 quadrant image of package wiretest.
var (
	//go:embed testdata/libjpeg/arith.jpg
	arithJPEG []byte
	//go:embed testdata/libjpeg/arith-progressive.jpg
	arithProgressiveJPEG []byte
	//go:embed testdata/libjpeg/restart.jpg
	restartJPEG []byte
)

// sequenceFrame is a JPEG for the tests of frames decoded one after another.
type sequenceFrame struct {
	name string
	b    []byte
	// decodes says whether both builds decode it alone: "" if they do,
	// "turbo" if libjpeg-turbo only, "none" if neither.
	decodes string
}

// sequenceFrames returns JPEGs that leave libjpeg different tables and
// settings, or need some from the frame before: with their own Huffman
// tables (standard, optimised, progressive with tables between scans,
// arithmetic-coded with non-default conditioning), with a restart interval,
// and without Huffman tables, quantisation tables or DAC conditioning.
func sequenceFrames(t testing.TB) []sequenceFrame {
	camera := wiretest.CameraJPEG(t, 64, 48) // image/jpeg: standard tables, 4:2:0
	grey := encodeTestJPEG(t, 40, 24, true)
	return []sequenceFrame{
		{"quadrants", wiretest.QuadrantsJPEG(), ""},
		{"grey", wiretest.GreyJPEG(), ""},
		{"cmyk", wiretest.CMYKJPEG(), ""},
		{"camera", camera, ""},
		{"optimized", wiretest.OptimizedJPEG(), ""},
		{"progressive", wiretest.ProgressiveJPEG(), ""},
		{"restart", bytes.Clone(restartJPEG), ""},
		{"camera without DHT", wiretest.DropSegments(t, camera, markerDHT), ""},
		{"grey without DHT", wiretest.DropSegments(t, grey, markerDHT), ""},
		{"camera with DC tables only", onlyTables(t, camera, func(tcth byte) bool { return tcth>>4 == 0 }), ""},
		{"quadrants without DQT", wiretest.DropSegments(t, wiretest.QuadrantsJPEG(), markerDQT), "none"},
		{"optimized without DQT", wiretest.DropSegments(t, wiretest.OptimizedJPEG(), markerDQT), "none"},
		{"arith", bytes.Clone(arithJPEG), "turbo"},
		{"arith progressive", bytes.Clone(arithProgressiveJPEG), "turbo"},
		{"arith progressive without DAC", wiretest.DropSegments(t, arithProgressiveJPEG, 0xCC), "turbo"},
	}
}

// wantGradient checks rgba against the picture of wiretest.OptimizedJPEG.
func wantGradient(t *testing.T, name string, rgba *image.RGBA) {
	t.Helper()
	for _, p := range []image.Point{{0, 0}, {32, 24}, {63, 47}, {8, 40}, {50, 10}} {
		if got, want := rgba.RGBAAt(p.X, p.Y), wiretest.GradientAt(p.X, p.Y); !wiretest.Near(got, want, 8) {
			t.Errorf("%s: pixel %v = %v, want %v", name, p, got, want)
		}
	}
}

// wantQuadrants checks rgba against the quadrant image.
func wantQuadrants(t *testing.T, name string, rgba *image.RGBA) {
	t.Helper()
	for _, p := range []image.Point{{8, 6}, {40, 6}, {8, 30}, {40, 30}} {
		if got, want := rgba.RGBAAt(p.X, p.Y), wiretest.Quadrant(p.X, p.Y, 64, 48); !wiretest.Near(got, want, 8) {
			t.Errorf("%s: pixel %v = %v, want %v", name, p, got, want)
		}
	}
}

// samePix reports whether two decodes gave the same pixels.
func samePix(a, b *image.RGBA) bool {
	return a.Rect == b.Rect && bytes.Equal(a.Pix, b.Pix)
}

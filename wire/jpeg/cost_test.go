package jpeg

import (
	_ "embed"
	"errors"
	"image"
	"runtime"
	"strings"
	"testing"

	"github.com/vidstream/vidstream/wire/pixel"
	"github.com/vidstream/vidstream/wire/wiretest"
)

// progressive1024 is a 1024x768 progressive 4:2:0 JPEG (a gradient), made by
// Pillow:
//
//	im = Image.new('RGB', (1024, 768)); px = im.load()
//	for y in range(768):
//	    for x in range(1024):
//	        px[x, y] = (x*255//1024, y*255//768, (x+y)*255//1792)
//	im.save('progressive-1024x768.jpg', quality=75, progressive=True, subsampling=2)
//
//go:embed testdata/pillow/progressive-1024x768.jpg
var progressive1024 []byte

// geometryOf returns the geometry Decode gets for b from its table walk,
// and whether it is valid.
func geometryOf(b []byte) (geometry, bool) {
	p, err := planTables(b)
	return p.geom, err == nil && p.geom.valid()
}

// The hostile frames of the campaign in issue 9: each is refused before
// decoding, in both builds, and leaves nothing reserved.
func TestHostileFramesRefusedBeforeDecoding(t *testing.T) {
	cases := []struct {
		name string
		b    []byte
		want string // in the error
	}{
		// Through image/jpeg a 4096x4096 progressive CMYK frame holds
		// 67 MB of planes, 268 MB of coefficients and two 67 MB images.
		{"cmyk progressive 4096x4096", wiretest.Reframe(t, wiretest.CMYKJPEG(), 0xC2, 4096, 4096, 428<<10),
			"more than the 256 MiB the decoders may hold at once"},
		// 307 bytes declaring a 4096x4096 progressive image: libjpeg-turbo
		// allocates its 100 MB of coefficients and works through them.
		{"progressive 4096x4096 in 307 bytes", wiretest.Reframe(t, wiretest.ProgressiveJPEG(), 0xC2, 4096, 4096, 307),
			"307 bytes cannot hold the 4096x4096 image the header declares (a whole one takes at least 32768)"},
		{"baseline 1920x1080 cut to 2000 bytes", wiretest.Reframe(t, wiretest.QuadrantsJPEG(), 0xC0, 1920, 1080, 2000),
			"2000 bytes cannot hold the 1920x1080 image"},
	}
	for _, tc := range cases {
		budget := pixel.NewBudget(pixel.DefaultDecodeBudget)
		d := newDecoder(t)
		rgba, _, err := d.Decode(nil, tc.b, Limits{Budget: budget}, image.Point{})
		if err == nil || rgba != nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, %v; want an error saying %q", tc.name, rgba, err, tc.want)
		}
		if n := budget.InUse(); n != 0 {
			t.Errorf("%s: %d bytes left reserved", tc.name, n)
		}
	}
}

func TestOverBudgetIsTyped(t *testing.T) {
	b := wiretest.Reframe(t, wiretest.CMYKJPEG(), 0xC2, 4096, 4096, 428<<10)
	_, _, err := newDecoder(t).Decode(nil, b, Limits{Budget: pixel.NewBudget(0)}, image.Point{})
	var over *pixel.OverBudgetError
	if !errors.As(err, &over) || over.Need < 400<<20 || over.Limit != pixel.DefaultDecodeBudget {
		t.Fatalf("err = %v, want *pixel.OverBudgetError needing over 400 MiB of 256", err)
	}
}

// A frame that fits decodes, holding its need while it decodes and nothing
// after; with a budget one byte short of its need it is refused.
func TestBudgetHeldOnlyWhileDecoding(t *testing.T) {
	b := progressive1024
	g, ok := geometryOf(b)
	if !ok {
		t.Fatal("no geometry")
	}
	need := g.needStd()
	if Backend == "libjpeg-turbo" {
		need = g.needTurbo(4 * 1024 * 768)
	}
	budget := pixel.NewBudget(need)
	d := newDecoder(t)
	rgba, full, err := d.Decode(nil, b, Limits{Budget: budget}, image.Point{})
	if err != nil || full != image.Pt(1024, 768) || rgba.Rect.Size() != full {
		t.Fatalf("decode under a budget of its need: %v %v %v", rgba.Rect, full, err)
	}
	if budget.InUse() != 0 {
		t.Fatalf("%d bytes reserved after the decode", budget.InUse())
	}
	_, _, err = d.Decode(nil, b, Limits{Budget: pixel.NewBudget(need - 1)}, image.Point{})
	var over *pixel.OverBudgetError
	if !errors.As(err, &over) || over.Need != need {
		t.Fatalf("under a budget one byte short: %v, want *pixel.OverBudgetError of %d", err, need)
	}
}

// What image/jpeg allocates to decode a progressive JPEG (planes,
// coefficients, the RGBA) stays under needStd, and needStd is no more than
// twice it: the estimate bounds the real cost without refusing what fits.
func TestNeedStdBoundsImageJPEG(t *testing.T) {
	g, ok := geometryOf(progressive1024)
	if !ok || !isProgressive(g.marker) || g.w != 1024 || g.h != 768 {
		t.Fatalf("geometry %+v, %v", g, ok)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	img, err := decodeStd(progressive1024, 0)
	if err != nil {
		t.Fatal(err)
	}
	_ = pixel.ToRGBA(nil, img)
	runtime.ReadMemStats(&after)
	got, need := int64(after.TotalAlloc-before.TotalAlloc), g.needStd()
	t.Logf("image/jpeg allocated %d bytes; needStd %d", got, need)
	if got > need || need > 2*got {
		t.Fatalf("image/jpeg allocated %d bytes, needStd says %d", got, need)
	}
}

func TestGeometry(t *testing.T) {
	cases := []struct {
		name      string
		b         []byte
		w, h      int
		comps     int
		blocks    int64 // padded to MCUs
		multiScan bool
	}{
		{"progressive 1024x768 4:2:0", progressive1024, 1024, 768, 3, 128*96 + 2*64*48, true},
		{"quadrants 64x48", wiretest.QuadrantsJPEG(), 64, 48, 3, -1, false},
		{"cmyk 16x8", wiretest.CMYKJPEG(), 16, 8, 4, -1, false},
		{"grey 32x16", wiretest.GreyJPEG(), 32, 16, 1, 8, false},
	}
	for _, tc := range cases {
		g, ok := geometryOf(tc.b)
		if !ok || g.w != tc.w || g.h != tc.h || g.comps != tc.comps || g.multiScan() != tc.multiScan {
			t.Errorf("%s: %+v, %v", tc.name, g, ok)
			continue
		}
		if all, _ := g.blocks(); tc.blocks >= 0 && all != tc.blocks {
			t.Errorf("%s: %d blocks, want %d", tc.name, all, tc.blocks)
		}
	}
	if _, ok := geometryOf([]byte{0xFF, 0xD8, 0xFF, 0xD9}); ok {
		t.Error("a JPEG without a frame header has a geometry")
	}
	bad := wiretest.QuadrantsJPEG()
	for i := 2; ; {
		seg, next, _ := nextSegment(bad, i)
		if isSOF(seg.marker) {
			bad[seg.body+9] = 0x51 // a sampling factor of 5
			break
		}
		i = next
	}
	if _, ok := geometryOf(bad); ok {
		t.Error("a sampling factor of 5 has a geometry")
	}
}

// BenchmarkBudgetCheck is what the budget adds to each frame: the estimate
// and a reservation made and released (the geometry comes from the table
// walk, done for every frame anyway).
func BenchmarkBudgetCheck(b *testing.B) {
	frame := wiretest.CameraJPEG(b, 1920, 1080)
	budget := pixel.NewBudget(0)
	g, ok := geometryOf(frame)
	if !ok {
		b.Fatal("no geometry")
	}
	for b.Loop() {
		need := g.needTurbo(4 * 1920 * 1080)
		if err := reserve(Limits{Budget: budget}, g, len(frame), need); err != nil {
			b.Fatal(err)
		}
		budget.Release(need)
	}
}

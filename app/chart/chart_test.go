package chart

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"testing"
	"time"

	"github.com/vidstream/vidstream/app/stats"
)

// session is two connections' windows: the first at 30 fps, 20 KB frames,
// 35 ms camera to screen; the second at 15 fps, 60 KB, 80 ms, with drops.
func session() []stats.Entry {
	var out []stats.Entry
	for i := range 12 {
		conn, fps, size, lat := 1, 30.0, 20_000.0, 35*time.Millisecond
		if i >= 6 {
			conn, fps, size, lat = 2, 15, 60_000, 80*time.Millisecond
		}
		var st stats.Stages
		st[stats.StageTotal] = stats.StageLatency{Frames: 100, P50: lat, P99: 2 * lat}
		out = append(out, stats.Entry{
			Record: stats.Record{Frames: int(fps * 10), Elapsed: 10 * time.Second, AvgSize: size, Dropped: int64(conn - 1), SenderDropped: int64(2 * (conn - 1)), Stages: st},
			Conn:   conn, Sender: "pi (192.168.1.23:5123" + string(rune('0'+conn)) + ")",
		})
	}
	return out
}

// count counts the pixels of img within 40 of c on every channel.
func count(img *image.RGBA, c color.NRGBA) int {
	n := 0
	for i := 0; i+3 < len(img.Pix); i += 4 {
		if near(img.Pix[i], c.R) && near(img.Pix[i+1], c.G) && near(img.Pix[i+2], c.B) {
			n++
		}
	}
	return n
}

func near(a, b uint8) bool { d := int(a) - int(b); return d > -40 && d < 40 }

func TestRenderDrawsEachConnection(t *testing.T) {
	img, err := Render(session(), 600, 400, 2, Dark)
	if err != nil {
		t.Fatal(err)
	}
	if img.Rect != image.Rect(0, 0, 1200, 800) || img.Stride != 4*1200 {
		t.Fatalf("image %v stride %d: want 1200x800, tightly packed", img.Rect, img.Stride)
	}
	for i, c := range palette[:2] {
		if n := count(img, c.(color.NRGBA)); n < 500 {
			t.Errorf("connection %d's colour covers %d pixels: its lines are missing", i+1, n)
		}
	}
	if n := count(img, palette[2].(color.NRGBA)); n > 50 {
		t.Errorf("a third colour covers %d pixels with two connections", n)
	}
	if bg := img.RGBAAt(2, 2); !near(bg.R, 0x17) || !near(bg.B, 0x18) {
		t.Errorf("background %v, want the dark style's", bg)
	}
	if os.Getenv("VIDSTREAM_CHART") != "" {
		f, _ := os.Create(os.Getenv("VIDSTREAM_CHART"))
		png.Encode(f, img)
		f.Close()
	}
}

func TestRenderEmptyAndBadSizes(t *testing.T) {
	if img, err := Render(nil, 300, 200, 1, Light); err != nil || img.Rect.Dx() != 300 {
		t.Errorf("empty session: %v, %v", img, err)
	}
	for _, sz := range [][3]float64{{0, 100, 1}, {100, 100, 0}, {9000, 100, 1}, {5000, 100, 2}} {
		if _, err := Render(nil, sz[0], sz[1], sz[2], Dark); err == nil {
			t.Errorf("size %v drawn", sz)
		}
	}
}

func TestWritePNG(t *testing.T) {
	var b bytes.Buffer
	if err := WritePNG(&b, session()); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&b)
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds() != image.Rect(0, 0, 1800, 1200) {
		t.Errorf("PNG %v, want 1800x1200", img.Bounds())
	}
	if r, g, b, _ := img.At(1, 1).RGBA(); r>>8 != 255 || g>>8 != 255 || b>>8 != 255 {
		t.Error("the PNG is not on white")
	}
}

func BenchmarkRender(b *testing.B) {
	s := session()
	for b.Loop() {
		if _, err := Render(s, 800, 300, 2, Dark); err != nil {
			b.Fatal(err)
		}
	}
}

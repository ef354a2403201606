package save

import (
	"bytes"
	"image"
	"image/color"
	stdjpeg "image/jpeg"
	"image/png"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vidstream/vidstream/app/stats"
)

// testImage is a 3x2 RGBA with distinct pixels.
func testImage() *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, 3, 2))
	for y := range 2 {
		for x := range 3 {
			img.Set(x, y, color.RGBA{uint8(40 * x), uint8(100 * y), 7, 255})
		}
	}
	return img
}

func TestSaveSnapshotJPEGKeepsBytes(t *testing.T) {
	dir := t.TempDir()
	frame := []byte{0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 0, 0xFF, 0xD9}
	p, err := Saver{Dir: dir, Now: fixedNow}.SaveSnapshot(Snapshot{Image: testImage(), JPEG: frame})
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, stampName+".jpg"); p != want {
		t.Errorf("path = %q, want %q", p, want)
	}
	if got := readFile(t, p); !bytes.Equal(got, frame) {
		t.Errorf("file = % x, want % x", got, frame)
	}
}

func TestSaveSnapshotEmpty(t *testing.T) {
	dir := t.TempDir()
	for _, snap := range []Snapshot{{}, {Image: image.NewRGBA(image.Rect(0, 0, 0, 5))}} {
		if _, err := (Saver{Dir: dir}).SaveSnapshot(snap); err == nil || !strings.HasPrefix(err.Error(), "save snapshot: ") {
			t.Errorf("SaveSnapshot(%v): err = %v, want a save snapshot error", snap, err)
		}
	}
	if got := names(t, dir); len(got) != 0 {
		t.Errorf("folder holds %v", got)
	}
}

func TestSaveSnapshotRawIsPNG(t *testing.T) {
	img := testImage()
	dir := t.TempDir()
	p, err := Saver{Dir: dir, Now: fixedNow}.SaveSnapshot(Snapshot{Image: img})
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, stampName+".png"); p != want {
		t.Errorf("path = %q, want %q", p, want)
	}
	got, err := png.Decode(bytes.NewReader(readFile(t, p)))
	if err != nil {
		t.Fatal(err)
	}
	samePixels(t, got, img)
}

// samePixels fails t unless got has want's bounds and pixels.
func samePixels(t *testing.T, got image.Image, want *image.RGBA) {
	t.Helper()
	if got.Bounds() != want.Bounds() {
		t.Fatalf("bounds = %v, want %v", got.Bounds(), want.Bounds())
	}
	for y := range want.Rect.Dy() {
		for x := range want.Rect.Dx() {
			if g, w := color.RGBAModel.Convert(got.At(x, y)), want.At(x, y); g != w {
				t.Errorf("pixel (%d,%d) = %v, want %v", x, y, g, w)
			}
		}
	}
}

func TestSnapshotEncodeByExtension(t *testing.T) {
	img := testImage()
	frame := []byte{0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 0, 0xFF, 0xD9}
	jpegFrame, raw := Snapshot{Image: img, JPEG: frame}, Snapshot{Image: img}
	if jpegFrame.Ext() != ".jpg" || raw.Ext() != ".png" {
		t.Fatalf("Ext: %q %q", jpegFrame.Ext(), raw.Ext())
	}
	var b bytes.Buffer
	// A JPEG frame named .jpeg keeps its bytes; named .png it is encoded.
	if err := jpegFrame.Encode(&b, ".JPEG"); err != nil || !bytes.Equal(b.Bytes(), frame) {
		t.Errorf(".JPEG of a JPEG frame: %v, % x", err, b.Bytes())
	}
	b.Reset()
	if err := jpegFrame.Encode(&b, ".png"); err != nil {
		t.Fatal(err)
	}
	if got, err := png.Decode(&b); err != nil {
		t.Errorf(".png of a JPEG frame: %v", err)
	} else {
		samePixels(t, got, img)
	}
	// A raw frame named .jpg is encoded as a JPEG.
	b.Reset()
	if err := raw.Encode(&b, ".jpg"); err != nil {
		t.Fatal(err)
	}
	if got, err := stdjpeg.Decode(&b); err != nil || got.Bounds() != img.Rect {
		t.Errorf(".jpg of a raw frame: %v", err)
	}
	for _, ext := range []string{".gif", ""} {
		if err := raw.Encode(&b, ext); err == nil {
			t.Errorf("Encode as %q succeeded", ext)
		}
	}
	for path, ok := range map[string]bool{"a.jpg": true, "b.JPEG": true, "c.png": true, "d.gif": false, "e": false} {
		if err := CheckExt(path); (err == nil) != ok {
			t.Errorf("CheckExt(%q) = %v", path, err)
		}
	}
}

func TestSaveSummaryCSV(t *testing.T) {
	dir := t.TempDir()
	recs := []stats.Record{
		{Frames: 280, Elapsed: 10 * time.Second, AvgSize: 67621},
		{Frames: 3, Elapsed: 10500 * time.Millisecond, AvgSize: 6220800},
	}
	p, err := Saver{Dir: dir, Now: fixedNow}.SaveSummary(recs)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, stampName+".csv"); p != want {
		t.Errorf("path = %q, want %q", p, want)
	}
	const want = "nbr_images, elapsed(sec), avg_img_size\n" +
		"280, 10.0, 67621.0\n" +
		"3, 10.5, 6220800.0\n"
	if got := string(readFile(t, p)); got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
}

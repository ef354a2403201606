package save

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vidstream/vidstream/app/stats"
)

func TestSaveJPEGKeepsBytes(t *testing.T) {
	dir := t.TempDir()
	frame := []byte{0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 0, 0xFF, 0xD9}
	p, err := Saver{Dir: dir, Now: fixedNow}.SaveJPEG(frame)
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

func TestSaveJPEGEmpty(t *testing.T) {
	dir := t.TempDir()
	if _, err := (Saver{Dir: dir}).SaveJPEG(nil); err == nil || !strings.HasPrefix(err.Error(), "save snapshot: ") {
		t.Errorf("err = %v, want a save snapshot error", err)
	}
	if got := names(t, dir); len(got) != 0 {
		t.Errorf("folder holds %v", got)
	}
}

func TestSavePNGPixels(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 3, 2))
	for y := range 2 {
		for x := range 3 {
			img.Set(x, y, color.RGBA{uint8(40 * x), uint8(100 * y), 7, 255})
		}
	}
	dir := t.TempDir()
	p, err := Saver{Dir: dir, Now: fixedNow}.SavePNG(img)
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
	if got.Bounds() != img.Bounds() {
		t.Fatalf("bounds = %v, want %v", got.Bounds(), img.Bounds())
	}
	for y := range 2 {
		for x := range 3 {
			if g, w := color.RGBAModel.Convert(got.At(x, y)), img.At(x, y); g != w {
				t.Errorf("pixel (%d,%d) = %v, want %v", x, y, g, w)
			}
		}
	}
}

func TestSavePNGRejectsNothing(t *testing.T) {
	dir := t.TempDir()
	for _, img := range []image.Image{nil, image.NewRGBA(image.Rect(0, 0, 0, 5))} {
		if _, err := (Saver{Dir: dir}).SavePNG(img); err == nil {
			t.Errorf("SavePNG(%v) succeeded", img)
		}
	}
	if got := names(t, dir); len(got) != 0 {
		t.Errorf("folder holds %v", got)
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

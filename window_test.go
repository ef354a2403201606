//go:build window && linux

// The real-window test: the built viewer with its demo camera, in a real X
// display (`make window` runs it under xvfb-run), checked with a screenshot.
package main

import (
	"bufio"
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/vidstream/vidstream/wire/jpeg"
	"github.com/vidstream/vidstream/wire/wiretest"
)

// bars are the test pattern's colours the screenshot must show.
var bars = map[string][3]int{
	"yellow": {255, 255, 0}, "cyan": {0, 255, 255}, "green": {0, 255, 0},
	"magenta": {255, 0, 255}, "red": {255, 0, 0}, "blue": {0, 0, 255},
}

var readoutFPS = regexp.MustCompile(`readout: ([0-9.]+) fps received`)

func TestWindow(t *testing.T) {
	if os.Getenv("DISPLAY") == "" {
		t.Fatal("no DISPLAY: run this test with `make window` (xvfb-run)")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "vidstream")
	args := []string{"build", "-o", bin}
	if jpeg.Backend == "libjpeg-turbo" { // built as this test was
		args = append(args, "-tags", "turbojpeg")
	}
	if out, err := exec.Command("go", append(args, ".")...).CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	port := wiretest.FreePort(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-demo", "-v", "-listen", fmt.Sprintf("127.0.0.1:%d", port))
	cmd.Env = append(os.Environ(), "HOME="+dir) // fresh preferences and save folder
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()

	// The readouts, logged once a second with -v, must show frames flowing.
	fps := 0.0
	sc := bufio.NewScanner(stderr)
	for sc.Scan() && fps == 0 {
		line := sc.Text()
		t.Log(line)
		if m := readoutFPS.FindStringSubmatch(line); m != nil {
			fps, _ = strconv.ParseFloat(m[1], 64)
		}
	}
	if fps == 0 {
		t.Fatalf("no non-zero fps readout before the viewer stopped (%v)", sc.Err())
	}
	go func() { // keep draining the log so the viewer never blocks on it
		for sc.Scan() {
		}
	}()
	time.Sleep(time.Second) // a few more frames painted

	shot := filepath.Join(dir, "screen.png")
	if keep := os.Getenv("VIDSTREAM_SCREENSHOT"); keep != "" {
		shot = keep
	}
	capture := exec.Command("sh", "-c", "xwd -root -silent | convert xwd:- png:"+shot)
	if out, err := capture.CombinedOutput(); err != nil {
		t.Fatalf("screenshot: %v\n%s", err, out)
	}
	img := decodePNG(t, shot)
	counts := countColours(img)
	total := img.Bounds().Dx() * img.Bounds().Dy()
	for name, n := range counts {
		// Each bar is an eighth of the picture; the picture fills most of an
		// 800x600 window on a 1280x800 screen: far more than 0.5% each.
		if n < total/200 {
			t.Errorf("%s covers %d of %d screen pixels: the test pattern is not on screen", name, n, total)
		}
	}
	t.Logf("fps readout %.1f; colour pixels %v of %d", fps, counts, total)
}

func decodePNG(t *testing.T, path string) image.Image {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot %s: %v", path, err)
	}
	return img
}

// countColours counts the pixels within a JPEG's error of each bar colour.
func countColours(img image.Image) map[string]int {
	counts := make(map[string]int, len(bars))
	for name := range bars {
		counts[name] = 0
	}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			px := [3]int{int(r >> 8), int(g >> 8), int(bl >> 8)}
			for name, c := range bars {
				if abs(px[0]-c[0]) < 40 && abs(px[1]-c[1]) < 40 && abs(px[2]-c[2]) < 40 {
					counts[name]++
				}
			}
		}
	}
	return counts
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

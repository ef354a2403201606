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
	"strings"
	"testing"
	"time"

	"github.com/vidstream/vidstream/app/receive"
	"github.com/vidstream/vidstream/wire/h264"
	"github.com/vidstream/vidstream/wire/jpeg"
	"github.com/vidstream/vidstream/wire/wiretest"
)

// bars are the test pattern's colours the screenshot must show.
var bars = map[string][3]int{
	"yellow": {255, 255, 0}, "cyan": {0, 255, 255}, "green": {0, 255, 0},
	"magenta": {255, 0, 255}, "red": {255, 0, 0}, "blue": {0, 0, 255},
}

// readoutFPS is a camera's readout as -v logs it: "readout NAME: 30.0 fps
// received · …".
var readoutFPS = regexp.MustCompile(`readout .*?: ([0-9.]+) fps received`)

// TestWindow: the demo camera and a second camera (picam's test pattern,
// named) tiled side by side, with the chart panel, in a screenshot.
func TestWindow(t *testing.T) {
	dir := t.TempDir()
	bin, picam := buildViewer(t, dir), buildPicam(t, dir)
	addr := fmt.Sprintf("127.0.0.1:%d", wiretest.FreePort(t))
	viewerKeys, camKeys := pairedKeys(t, dir, "pi-garden")
	sc := startViewer(t, dir, bin, "-demo", "-charts", "-window", "1s", "-v", "-listen", addr, "-keys", viewerKeys)

	// The readouts, logged once a second with -v, must show frames flowing,
	// painted (shown counts frames that reached the screen), and the
	// demo's latency from camera to screen, by stage.
	want := regexp.MustCompile(`[1-9][0-9.]* shown .*built-in demo camera .*camera to screen [0-9.]+ ms .*capture [0-9.]+ ms · network [0-9.]+ ms · decode [0-9.]+ ms · display [0-9.]+ ms`)
	readUntil(t, sc, want)
	second := exec.Command(picam, "-source", "test", "-W", "640", "-H", "480", "-fps", "25", "-name", "pi-garden", "-to", addr, "-keys", camKeys)
	if err := second.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { second.Process.Kill(); second.Wait() }()
	// Encrypted, as picam streams by default: paired, so nobody is asked.
	fps, line := waitReadout(t, sc, regexp.MustCompile(`readout pi-garden .*: [1-9][0-9.]* fps received · [1-9][0-9.]* shown.*· encrypted`))
	time.Sleep(3 * time.Second) // a few more frames painted, and record windows closed for the charts
	shot := screenshot(t, dir)
	checkBars(t, shot, 200)
	// Two tiles side by side in the 800-point-wide window: bars in each half.
	for i, half := range []image.Rectangle{image.Rect(0, 0, 400, 360), image.Rect(400, 0, 800, 360)} {
		t.Logf("tile %d:", i+1)
		checkBars(t, shot.(interface {
			SubImage(image.Rectangle) image.Image
		}).SubImage(half), 400)
	}
	// The chart panel, below the picture, has the demo's lines: the first
	// connection's colour (app/chart's palette) drawn over a visible area.
	// Its legend's swatch alone is about 45 pixels; its lines make 270 to
	// 450, fewer when the second camera's lines, drawn over them, run
	// along them.
	n := countNear(shot, [3]int{0x56, 0xb4, 0xe9}, 12)
	t.Logf("chart: %d pixels of the first connection's colour", n)
	if n < 150 {
		t.Errorf("the chart panel shows %d pixels of the first connection's colour: no lines drawn", n)
	}
	t.Logf("fps readout %.1f: %s", fps, line)
}

// countNear counts the pixels of img within tol of c on every channel.
func countNear(img image.Image, c [3]int, tol int) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if abs(int(r>>8)-c[0]) < tol && abs(int(g>>8)-c[1]) < tol && abs(int(bl>>8)-c[2]) < tol {
				n++
			}
		}
	}
	return n
}

// TestWindowH264: an H.264 stream (libx264's, through picam's stdin
// source, as from rpicam-vid on a Pi 5) of 100% colour bars shows in the
// window with its codec and keyframe interval in the readout.
func TestWindowH264(t *testing.T) {
	if h264.Backend == "none" {
		t.Skip("this build has no H.264 decoder (libavcodec); make installs it")
	}
	dir := t.TempDir()
	bin, picam := buildViewer(t, dir), buildPicam(t, dir)
	port := wiretest.FreePort(t)
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	viewerKeys, camKeys := pairedKeys(t, dir, "bars")
	sc := startViewer(t, dir, bin, "-v", "-listen", addr, "-keys", viewerKeys)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	send := exec.CommandContext(ctx, "sh", "-c", "ffmpeg -hide_banner -loglevel error -re -f lavfi -i pal100bars=size=640x360:rate=30 "+
		"-t 30 -c:v libx264 -preset ultrafast -tune zerolatency -g 30 -f h264 - | "+picam+" -source stdin -format h264 -name bars -keys "+camKeys+" -to "+addr)
	if err := send.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { send.Process.Kill(); send.Wait() }()
	want := regexp.MustCompile(`640x360 h264 · keyframe every 30`)
	fps, line := waitReadout(t, sc, want)
	time.Sleep(time.Second)
	// The bars fill the picture, which fills most of the window: each of
	// the 8 is far more than 1% of the screen.
	checkBars(t, screenshot(t, dir), 100)
	t.Logf("fps readout %.1f: %s", fps, line)
}

// pairedKeys pairs a camera named name with the viewer beforehand, as its
// person would (nobody is there to answer the window's question), and
// returns the folders of the viewer's keys and of picam's, for their -keys.
func pairedKeys(t *testing.T, dir, name string) (viewer, camera string) {
	t.Helper()
	viewer, camera = filepath.Join(dir, "viewer-keys"), filepath.Join(dir, "picam-keys-"+name)
	trust, err := receive.LoadTrust(viewer, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := trust.Pair(camera, name); err != nil {
		t.Fatal(err)
	}
	return viewer, camera
}

// buildViewer builds the viewer into dir with this test's JPEG and H.264
// decoders.
func buildViewer(t *testing.T, dir string) string {
	t.Helper()
	if os.Getenv("DISPLAY") == "" {
		t.Fatal("no DISPLAY: run this test with `make window` (xvfb-run)")
	}
	bin := filepath.Join(dir, "vidstream")
	var tags []string
	if jpeg.Backend == "libjpeg-turbo" { // built as this test was
		tags = append(tags, "turbojpeg")
	}
	if h264.Backend != "none" {
		tags = append(tags, "avcodec")
	}
	args := []string{"build", "-o", bin}
	if len(tags) > 0 {
		args = append(args, "-tags", strings.Join(tags, ","))
	}
	if out, err := exec.Command("go", append(args, ".")...).CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// buildPicam builds picam into dir.
func buildPicam(t *testing.T, dir string) string {
	t.Helper()
	picam := filepath.Join(dir, "picam")
	if out, err := exec.Command("go", "build", "-o", picam, "./capture/cmd/picam").CombinedOutput(); err != nil {
		t.Fatalf("build picam: %v\n%s", err, out)
	}
	return picam
}

// startViewer starts the viewer with args and a fresh home folder (dir),
// killed when the test ends, and returns its log.
func startViewer(t *testing.T, dir, bin string, args ...string) *bufio.Scanner {
	sc, _ := startViewerCmd(t, dir, bin, args...)
	return sc
}

// startViewerCmd is startViewer, with the process.
func startViewerCmd(t *testing.T, dir, bin string, args ...string) (*bufio.Scanner, *exec.Cmd) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), "HOME="+dir) // fresh preferences and save folder
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return bufio.NewScanner(stderr), cmd
}

// waitReadout reads the viewer's log until a readout with frames flowing
// (and matching want, when given), then keeps draining it so the viewer
// never blocks on it.
func waitReadout(t *testing.T, sc *bufio.Scanner, want *regexp.Regexp) (float64, string) {
	t.Helper()
	fps, line := readUntil(t, sc, want)
	go func() {
		for sc.Scan() {
		}
	}()
	return fps, line
}

// readUntil reads the viewer's log until a readout with frames flowing (and
// matching want, when given).
func readUntil(t *testing.T, sc *bufio.Scanner, want *regexp.Regexp) (float64, string) {
	t.Helper()
	fps, line := 0.0, ""
	for sc.Scan() {
		line = sc.Text()
		t.Log(line)
		if m := readoutFPS.FindStringSubmatch(line); m != nil {
			fps, _ = strconv.ParseFloat(m[1], 64)
			if fps > 0 && (want == nil || want.MatchString(line)) {
				break
			}
		}
	}
	if fps == 0 || (want != nil && !want.MatchString(line)) {
		t.Fatalf("no readout with frames flowing (and %v) before the viewer stopped (%v)", want, sc.Err())
	}
	return fps, line
}

// screenshot grabs the X screen into a PNG in dir (or VIDSTREAM_SCREENSHOT).
func screenshot(t *testing.T, dir string) image.Image {
	t.Helper()
	shot := filepath.Join(dir, "screen.png")
	if keep := os.Getenv("VIDSTREAM_SCREENSHOT"); keep != "" {
		shot = keep
	}
	capture := exec.Command("sh", "-c", "xwd -root -silent | convert xwd:- png:"+shot)
	if out, err := capture.CombinedOutput(); err != nil {
		t.Fatalf("screenshot: %v\n%s", err, out)
	}
	return decodePNG(t, shot)
}

// checkBars checks each bar colour covers more than 1/share of the screen.
func checkBars(t *testing.T, img image.Image, share int) {
	t.Helper()
	counts := countColours(img)
	total := img.Bounds().Dx() * img.Bounds().Dy()
	for name, n := range counts {
		if n < total/share {
			t.Errorf("%s covers %d of %d screen pixels: the picture is not on screen", name, n, total)
		}
	}
	t.Logf("colour pixels %v of %d", counts, total)
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

package headless

import (
	"context"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vidstream/vidstream/wire/h264"
	"github.com/vidstream/vidstream/wire/wiretest"
)

// TestWatchFFmpegServers: headless -url against servers we did not write,
// FFmpeg serving 3 s of its test pattern at 320x240 and 10 fps as MJPEG
// over HTTP (-f mpjpeg -listen 1, as a camera's web server would) and as
// raw H.264 over TCP (as rpicam-vid --listen serves it). The run starts
// before FFmpeg listens (it tries again until the stream opens), ends with
// the stream, and writes the last picture at the stream's size.
func TestWatchFFmpegServers(t *testing.T) {
	ffmpeg, err := exec.LookPath("ffmpeg")
	if err != nil {
		t.Skip("ffmpeg is not installed (Debian: apt-get install ffmpeg)")
	}
	for _, c := range []struct {
		name, proto string
		args        func(port string) ([]string, string)
	}{
		{"http mjpeg", "mjpeg", func(port string) ([]string, string) {
			u := "http://127.0.0.1:" + port + "/stream.mjpg"
			return []string{"-c:v", "mjpeg", "-q:v", "5", "-f", "mpjpeg", "-listen", "1", u}, u
		}},
		{"tcp h264", "h264", func(port string) ([]string, string) {
			return []string{"-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "10", "-pix_fmt", "yuv420p", "-f", "h264", "tcp://127.0.0.1:" + port + "?listen=1"}, "tcp://127.0.0.1:" + port
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.proto == "h264" && h264.Backend == "none" {
				t.Skip("built without an H.264 decoder (-tags avcodec)")
			}
			args, url := c.args(strconv.Itoa(wiretest.FreePort(t)))
			cmd := exec.Command(ffmpeg, append([]string{"-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi",
				"-i", "testsrc=size=320x240:rate=10", "-t", "3"}, args...)...)
			cmd.Stderr = os.Stderr
			time.AfterFunc(300*time.Millisecond, func() { cmd.Start() }) // the run is there first
			t.Cleanup(func() {
				if cmd.Process != nil {
					cmd.Process.Kill()
					cmd.Wait()
				}
			})
			snap := filepath.Join(t.TempDir(), "last.png")
			var log strings.Builder
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			res, err := Watch(ctx, url, Config{Snapshot: snap, Log: func(s string) { log.WriteString(s + "\n") }}, io.Discard)
			if err != nil {
				t.Fatalf("Watch: %v\nlog:\n%s", err, log.String())
			}
			if res.Protocol != c.proto || res.Decoded < 15 || res.Errors != 0 {
				t.Errorf("%s: protocol %s, %d frames decoded, %d errors; want %s, 15 or more, none\nlog:\n%s",
					url, res.Protocol, res.Decoded, res.Errors, c.proto, log.String())
			}
			if !strings.Contains(log.String(), "cannot open the stream") {
				t.Errorf("no retry logged before FFmpeg listened:\n%s", log.String())
			}
			f, err := os.Open(snap)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			img, err := png.Decode(f)
			if err != nil || img.Bounds().Dx() != 320 || img.Bounds().Dy() != 240 {
				t.Errorf("snapshot: %v, %v; want a 320x240 PNG", err, img.Bounds())
			}
		})
	}
}

// TestWatchRefusesBadURLs: a URL vidstream cannot open is an error at once,
// naming what is wrong, and never holds the run.
func TestWatchRefusesBadURLs(t *testing.T) {
	for _, u := range []string{"rtsp://cam/stream", "tcp://cam", "ftp://x/y", ""} {
		_, err := Watch(context.Background(), u, Config{}, io.Discard)
		if err == nil {
			t.Errorf("Watch(%q) ran", u)
		}
	}
}

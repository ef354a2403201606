package pull

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/wiretest"
)

// Against a server we did not write: FFmpeg serving a test pattern, over
// HTTP as an MJPEG multipart stream (-f mpjpeg -listen 1) and over TCP as
// raw MJPEG and raw H.264 (tcp://…?listen=1, as rpicam-vid --listen
// serves). Each stream lasts 2 s (-re -t 2, 10 frames a second).

// testsrc is FFmpeg's input: 2 s of its test pattern at 320x240, 10 fps,
// in real time.
var testsrc = []string{"-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=10", "-t", "2"}

// ffmpegStream starts ffmpeg with the arguments args gives for a free port,
// serving at the URL it gives, and opens that once ffmpeg listens. A port
// taken between finding it free and ffmpeg binding it (ffmpeg exits) is
// tried again with another. ffmpeg is killed when the test ends.
func ffmpegStream(t *testing.T, args func(port string) (ffargs []string, url string)) *Stream {
	t.Helper()
	path, err := exec.LookPath("ffmpeg")
	if err != nil {
		t.Skip("ffmpeg is not installed (Debian: apt-get install ffmpeg)")
	}
	for try := 1; try <= 3; try++ {
		ffargs, raw := args(strconv.Itoa(wiretest.FreePort(t)))
		cmd := exec.Command(path, append(append([]string(nil), testsrc...), ffargs...)...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatalf("starting ffmpeg: %v", err)
		}
		exited := make(chan struct{})
		go func() { cmd.Wait(); close(exited) }()
		t.Cleanup(func() { cmd.Process.Kill(); <-exited })
		tg := target(t, raw)
		d := Dialer{DialTimeout: 2 * time.Second, IdleTimeout: 3 * time.Second}
		for deadline := time.Now().Add(5 * time.Second); ; {
			st, err := d.Open(context.Background(), tg)
			if err == nil {
				t.Cleanup(func() { st.Close() })
				return st
			}
			if time.Now().After(deadline) {
				t.Fatalf("ffmpeg did not serve %s: %v", raw, err)
			}
			select {
			case <-exited: // stderr is written whole once Wait has returned
				t.Logf("try %d: ffmpeg exited before it served %s (%v): %s", try, raw, err, stderr.Bytes())
			case <-time.After(50 * time.Millisecond):
				continue
			}
			break
		}
	}
	t.Fatal("ffmpeg never served its stream")
	return nil
}

// checkMJPEG reads st to its end and checks that it held at least 10
// frames of 320x240.
func checkMJPEG(t *testing.T, st *Stream) {
	frames, r, err := readFrames(st)
	if !errors.Is(err, io.EOF) {
		t.Errorf("after %d frames: %v, want the end of the stream", len(frames), err)
	}
	if r.Protocol() != wire.ProtoMJPEG || len(frames) < 10 {
		t.Fatalf("read %d frames of protocol %v, want at least 10 of mjpeg", len(frames), r.Protocol())
	}
	for _, f := range frames {
		checkJPEG(t, f, 320, 240)
	}
	t.Logf("%d frames, stats %+v", len(frames), st.Stats())
}

func TestFFmpegHTTP(t *testing.T) {
	for _, c := range []struct {
		name  string
		extra []string
	}{
		// ffmpeg -listen 1 says application/octet-stream: the boundary is
		// taken from the body's first line.
		{"as ffmpeg says it", nil},
		{"with a multipart Content-Type", []string{"-content_type", "multipart/x-mixed-replace;boundary=ffmpeg"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			st := ffmpegStream(t, func(port string) ([]string, string) {
				url := "http://127.0.0.1:" + port + "/stream.mjpg"
				return append(append([]string{"-c:v", "mjpeg", "-f", "mpjpeg"}, c.extra...), "-listen", "1", url), url
			})
			checkMJPEG(t, st)
			if got := st.Stats(); got.Parts < 10 || got.Skipped != 0 {
				t.Errorf("stats %+v, want at least 10 parts, none skipped", got)
			}
		})
	}
}

func TestFFmpegTCPMJPEG(t *testing.T) {
	t.Parallel()
	st := ffmpegStream(t, func(port string) ([]string, string) {
		return []string{"-c:v", "mjpeg", "-f", "mjpeg", "tcp://127.0.0.1:" + port + "?listen=1"}, "tcp://127.0.0.1:" + port
	})
	checkMJPEG(t, st)
}

func TestFFmpegTCPH264(t *testing.T) {
	t.Parallel()
	st := ffmpegStream(t, func(port string) ([]string, string) {
		return []string{"-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "10", "-pix_fmt", "yuv420p",
			"-f", "h264", "tcp://127.0.0.1:" + port + "?listen=1"}, "tcp://127.0.0.1:" + port
	})
	r := wire.NewReader(st, 0)
	var frames, keys int
	var first bool
	for {
		f, err := r.Next(nil)
		if err != nil {
			if !errors.Is(err, io.EOF) {
				t.Errorf("after %d frames: %v, want the end of the stream", frames, err)
			}
			break
		}
		if frames == 0 {
			first = f.Keyframe
		}
		frames++
		if f.Keyframe {
			keys++
		}
	}
	if r.Protocol() != wire.ProtoH264 || frames < 10 || !first || keys < 2 {
		t.Fatalf("read %d frames of protocol %v, %d keyframes, the first a keyframe %v; want at least 10 of h264 starting with a keyframe, and 2 keyframes",
			frames, r.Protocol(), keys, first)
	}
	t.Logf("%d access units, %d keyframes", frames, keys)
}

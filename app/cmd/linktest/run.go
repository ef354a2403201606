package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/vidstream/vidstream/app/headless"
)

// Config is what every stream of a test shares.
type Config struct {
	Link      Link
	Duration  time.Duration // how long picam streams
	Window    time.Duration // vidstream's record window
	FPS       float64       // the camera's frame rate
	Noise     int           // test pattern noise, for camera-like JPEG sizes
	Port      int           // vidstream's port on the namespace's loopback
	Picam     string        // picam binary
	Vidstream string        // vidstream binary
	FFmpeg    string        // ffmpeg binary, for mjpeg and h264 streams
	Log       func(string)  // progress; may be nil
}

// Bounds on each stage of a run.
const (
	listenWait  = 10 * time.Second // vidstream to start listening
	picamGrace  = 15 * time.Second // picam to send its queue and the end marker after SIGINT
	viewerEnd   = 15 * time.Second // vidstream to end on its own after picam did
	viewerGrace = 10 * time.Second // vidstream to write its files after SIGINT
)

// runStream sends s through the namespace for cfg.Duration, picam to
// vidstream -headless over 127.0.0.1, and returns vidstream's statistics.
// Every program it starts has ended when it returns.
func runStream(ctx context.Context, ns *Namespace, cfg Config, s Stream, dir string) (st headless.Stats, err error) {
	logf := func(format string, a ...any) {
		if cfg.Log != nil {
			cfg.Log(fmt.Sprintf(format, a...))
		}
	}
	addr := "127.0.0.1:" + strconv.Itoa(cfg.Port)
	statsPath := filepath.Join(dir, fmt.Sprintf("%s-%dx%d.json", s.Kind, s.Width, s.Height))
	// The headless viewer pairs with the new camera itself; both keep their
	// keys in the run's folder.
	vs, err := start("vidstream", ns.Command(cfg.Vidstream, "-headless", "-listen", addr, "-keys", filepath.Join(dir, "viewer-keys"),
		"-window", cfg.Window.String(), "-records", "0", "-stats", statsPath))
	if err != nil {
		return st, err
	}
	var ff, pc *proc
	defer func() { // on every return: nothing is left running
		err = errors.Join(err, pc.stop(picamGrace), ff.stop(5*time.Second), vs.stop(viewerGrace))
	}()
	if !vs.waitFor("Waiting for a camera", listenWait) {
		return st, fmt.Errorf("vidstream did not start listening on %s within %v:\n%s", addr, listenWait, vs.out.lastLines(10))
	}
	fps := strconv.FormatFloat(cfg.FPS, 'g', -1, 64)
	w, h := strconv.Itoa(s.Width), strconv.Itoa(s.Height)
	if enc, ok := encoders[s.Kind]; ok {
		ff, pc, err = startEncoder(ns, cfg, s, enc, addr, dir)
	} else {
		pc, err = start("picam", ns.Command(cfg.Picam, "-source", "test", "-W", w, "-H", h, "-fps", fps,
			"-noise", strconv.Itoa(cfg.Noise), "-proto", "v2", "-to", addr, "-keys", filepath.Join(dir, "picam-keys")))
	}
	if err != nil {
		return st, err
	}
	logf("%s: streaming for %v", s, cfg.Duration)
	select {
	case <-ctx.Done():
		return st, fmt.Errorf("%s: stopped: %w", s, context.Cause(ctx))
	case <-time.After(cfg.Duration):
	case <-pc.done:
		return st, refusal(s, pc)
	case <-vs.done:
		return st, fmt.Errorf("%s: vidstream ended before the duration: %v:\n%s", s, vs.err, vs.out.lastLines(10))
	}
	// picam ends the stream with its end marker; vidstream then ends on
	// its own (-records 0) and writes the statistics.
	if e := pc.stop(picamGrace); e != nil {
		logf("%s: %v", s, e)
	}
	if e := ff.stop(5 * time.Second); e != nil {
		logf("%s: %v", s, e)
	}
	if !vs.wait(viewerEnd) {
		logf("%s: vidstream did not end with the stream within %v: stopping it", s, viewerEnd)
		if e := vs.stop(viewerGrace); e != nil {
			return st, e
		}
	}
	st, err = readStats(statsPath)
	if err != nil {
		return st, fmt.Errorf("%s: %w (vidstream: %v)\n%s", s, err, vs.err, vs.out.lastLines(10))
	}
	return st, nil
}

// encoder is how ffmpeg makes a stream kind for picam -source stdin, as a
// camera's encoder would (rpicam-vid --codec mjpeg or h264): the codec
// arguments, and picam's -format.
type encoder struct {
	args   []string
	format string
}

// encoders are the stream kinds ffmpeg encodes. MJPEG: testsrc2 with
// moving noise at quality 5 is about 88 KB at 1280x720 and 171 KB at
// 1920x1080, a camera's sizes; ffmpeg encodes it at over 50 fps at 1080p on
// one core here, so the link, not the encoder, limits what arrives (picam's
// own test pattern, kind "test", encodes 1080p at 12 fps on this machine).
// H.264: what rpicam-vid does on a Pi 5 with --low-latency, at 4 Mbit/s
// (rpicam-vid --bitrate 4000000; picamera2's presets for 1080p30 are 2, 4,
// 6, 9 and 15 Mbit/s), so that it fits a 5 Mbit/s link too.
var encoders = map[string]encoder{
	"mjpeg": {args: []string{"-vf", "noise=alls=8:allf=t", "-c:v", "mjpeg", "-q:v", "5", "-f", "mjpeg", "-"}, format: "jpeg"},
	"h264": {args: []string{"-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "30",
		"-b:v", "4M", "-maxrate", "4M", "-bufsize", "2M", "-f", "h264", "-"}, format: "h264"},
}

// startEncoder starts ffmpeg encoding testsrc2 at the camera's pace (-re)
// with enc, piped into picam -source stdin.
func startEncoder(ns *Namespace, cfg Config, s Stream, enc encoder, addr, dir string) (*proc, *proc, error) {
	fps := strconv.FormatFloat(cfg.FPS, 'g', -1, 64)
	r, w, err := os.Pipe()
	if err != nil {
		return nil, nil, fmt.Errorf("pipe ffmpeg into picam: %w", err)
	}
	defer r.Close()
	defer w.Close() // the children hold their own ends
	args := append([]string{"-hide_banner", "-loglevel", "error", "-nostdin", "-re", "-f", "lavfi",
		"-i", fmt.Sprintf("testsrc2=size=%dx%d:rate=%s", s.Width, s.Height, fps)}, enc.args...)
	cmd := exec.Command(cfg.FFmpeg, args...)
	cmd.Stdout = w
	ff, err := start("ffmpeg", cmd)
	if err != nil {
		return nil, nil, err
	}
	pcmd := ns.Command(cfg.Picam, "-source", "stdin", "-format", enc.format, "-W", strconv.Itoa(s.Width),
		"-H", strconv.Itoa(s.Height), "-fps", fps, "-proto", "v2", "-to", addr, "-keys", filepath.Join(dir, "picam-keys"))
	pcmd.Stdin = r
	pc, err := start("picam", pcmd)
	if err != nil {
		return nil, nil, errors.Join(err, ff.stop(5*time.Second))
	}
	return ff, pc, nil
}

// refusal says why picam ended before the duration: for an h264 stream,
// most likely a picam without h264 support.
func refusal(s Stream, pc *proc) error {
	out := pc.out.lastLines(8)
	if s.Kind == "h264" && (strings.Contains(out, "h264") || strings.Contains(out, "format")) {
		return fmt.Errorf("%s: picam refused the h264 stream (a picam built before its h264 support?): %v:\n%s", s, pc.err, out)
	}
	return fmt.Errorf("%s: picam ended before the duration: %v:\n%s", s, pc.err, out)
}

// readStats reads vidstream's -stats file.
func readStats(path string) (headless.Stats, error) {
	var st headless.Stats
	b, err := os.ReadFile(path)
	if err != nil {
		return st, fmt.Errorf("read vidstream's statistics: %w", err)
	}
	if err := json.Unmarshal(b, &st); err != nil {
		return st, fmt.Errorf("decode vidstream's statistics %s: %w", path, err)
	}
	return st, nil
}

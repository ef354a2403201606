package main

import (
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vidstream/vidstream/wire/pixel"
)

func TestFFmpegArgs(t *testing.T) {
	tests := []struct {
		threads int
		rgba    bool
		want    string
	}{
		{1, false, "-hide_banner -loglevel error -threads 1 -f mjpeg -i F.mjpeg -f null -"},
		{0, false, "-hide_banner -loglevel error -f mjpeg -i F.mjpeg -f null -"},
		{1, true, "-hide_banner -loglevel error -threads 1 -filter_threads 1 -f mjpeg -i F.mjpeg -vf format=rgba -f null -"},
	}
	for _, tt := range tests {
		if got := strings.Join(ffmpegArgs("F.mjpeg", "mjpeg", tt.threads, tt.rgba), " "); got != tt.want {
			t.Errorf("threads %d: %q, want %q", tt.threads, got, tt.want)
		}
	}
}

func TestReplayArgs(t *testing.T) {
	f := streamFile{Spec: streamSpec{W: 320, H: 240, Format: pixel.FormatI420}, Path: "s.seed"}
	want := []string{"-headless", "-input", "s.seed", "-size", "320x240", "-stats", "st.json"}
	if got := replayArgs(f, "st.json"); !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestFFmpegFigures(t *testing.T) {
	all := usage{Wall: 1100 * time.Millisecond, CPU: 700 * time.Millisecond}
	one := usage{Wall: 100 * time.Millisecond, CPU: 200 * time.Millisecond}
	got := ffmpegFigures(1001, all, one)
	want := ffmpegResult{CPUms: 0.5, FPS: 1000, WholeCPUms: 700.0 / 1001, StartupMs: 200}
	if !near(got.CPUms, want.CPUms) || !near(got.FPS, want.FPS) ||
		!near(got.WholeCPUms, want.WholeCPUms) || !near(got.StartupMs, want.StartupMs) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestFFmpegFiguresUnknowable(t *testing.T) {
	u := usage{Wall: time.Second, CPU: time.Second}
	tests := []struct {
		name     string
		n        int
		all, one usage
		whole    bool // whether WholeCPUms is known
	}{
		{"one frame", 1, u, u, true},
		{"no frame", 0, u, u, false},
		{"one-frame run cost more", 10, u, usage{Wall: 2 * time.Second, CPU: 2 * time.Second}, true},
	}
	for _, tt := range tests {
		got := ffmpegFigures(tt.n, tt.all, tt.one)
		if !math.IsNaN(got.CPUms) || !math.IsNaN(got.FPS) {
			t.Errorf("%s: CPU %v, fps %v: want NaN", tt.name, got.CPUms, got.FPS)
		}
		if math.IsNaN(got.WholeCPUms) == tt.whole {
			t.Errorf("%s: whole-process CPU %v", tt.name, got.WholeCPUms)
		}
	}
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

func TestReplayWithFakeVidstream(t *testing.T) {
	exe := fakeBinary(t, "vidstream")
	f, err := record(t.Context(), t.TempDir(), streamSpec{W: 32, H: 32, Format: pixel.FormatI420, Frames: 4})
	if err != nil {
		t.Fatal(err)
	}
	got, err := replay(t.Context(), exe, f)
	if err != nil {
		t.Fatal(err)
	}
	if got.FPS != 8 || got.CPUms != 0.25 || got.Allocs != 1.5 || got.RSSMiB != 20 {
		t.Errorf("got %+v, want the fake's fps 8, 0.25 ms, 1.5 allocs and its 20 MiB peak RSS", got)
	}

	t.Setenv("FAKE_DECODED", "3")
	if _, err := replay(t.Context(), exe, f); err == nil || !strings.Contains(err.Error(), "decoded 3") {
		t.Errorf("error %v, want one saying 3 of 4 frames were decoded", err)
	}
}

func TestFFmpegDecodeWithFakeFFmpeg(t *testing.T) {
	exe := fakeBinary(t, "child") // exits 0 whatever its arguments
	dir := t.TempDir()
	f, err := record(t.Context(), dir, streamSpec{W: 32, H: 32, Format: pixel.FormatJPEG, Frames: 3})
	if err != nil {
		t.Fatal(err)
	}
	got, err := ffmpegDecode(t.Context(), exe, f, 1, true)
	if err != nil {
		t.Fatal(err)
	}
	if got.StartupMs <= 0 || got.WholeCPUms <= 0 {
		t.Errorf("got %+v: want a start-up and whole-process CPU", got)
	}
	raw := streamFile{Spec: streamSpec{W: 32, H: 32, Format: pixel.FormatI420}, Path: filepath.Join(dir, "x"), Frames: 3}
	if _, err := ffmpegDecode(t.Context(), exe, raw, 1, false); err == nil {
		t.Error("ffmpeg ran on a raw stream")
	}
}

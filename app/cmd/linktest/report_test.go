package main

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vidstream/vidstream/app/headless"
)

func f(v float64) *float64 { return &v }

// row20 is a run at 20 Mbit/s of 50,000-byte frames: a frame time of
// (50,000+21)*8*1514/1448/20e6 = 20.92 ms, 47.8 fps carried, at most the
// camera's 30.
func row20(p99first, p99last float64) Row {
	return Row{
		Stream: Stream{Kind: "mjpeg", Width: 1280, Height: 720}, Rate: 20e6, MTU: 1500, FPS: 30,
		Stats: headless.Stats{
			Frames: 1800, Bytes: 1800 * 50_000, Mbps: 12, Dropped: 1, SenderDropped: 4,
			ArrivalP50Ms: f(25), ArrivalP99Ms: f(55), ArrivalMaxMs: f(80),
			Windows: []headless.Window{
				{Seconds: 10, Frames: 290, ArrivalP50Ms: f(24), ArrivalP99Ms: f(p99first)},
				{Seconds: 10, Frames: 295, ArrivalP50Ms: f(25), ArrivalP99Ms: f(50)},
				{Seconds: 10, Frames: 300, ArrivalP50Ms: f(26), ArrivalP99Ms: f(p99last)},
			},
		},
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 0.01 }

func TestRowArithmetic(t *testing.T) {
	r := row20(50, 60)
	if !near(r.FrameTime(), 20.92) || !near(r.LinkFPS(), 47.80) || r.Possible() != 30 || !near(r.ArrivedFPS(), 29.5) {
		t.Errorf("frame time %v, link fps %v, possible %v, arrived %v", r.FrameTime(), r.LinkFPS(), r.Possible(), r.ArrivedFPS())
	}
	if !r.FPSHolds() || !r.P99Holds() {
		t.Errorf("fps %v%% or p99 targets failed", 100*r.Share())
	}
	if g, ok := r.Grows(); g || !ok {
		t.Errorf("60 ms after 50 ms counted as growth (%v, %v)", g, ok)
	}
	// 1.5 × 50 + 20.92 = 95.92 ms: 96 ms grows.
	if g, _ := row20(50, 96).Grows(); !g {
		t.Error("96 ms after 50 ms is growth")
	}
	// At 5 Mbit/s the link carries 11.95 fps: 10 arrived is 84%, under 85%.
	slow := row20(50, 60)
	slow.Rate = 5e6
	slow.Stats.Windows = []headless.Window{{Seconds: 10, Frames: 100}}
	if !near(slow.LinkFPS(), 11.95) || slow.FPSHolds() {
		t.Errorf("5 Mbit/s: link fps %v, share %v", slow.LinkFPS(), slow.Share())
	}
	if _, ok := slow.Grows(); ok {
		t.Error("one window compared with itself")
	}
	// p99 above 3 frame times (62.8 ms at 20 Mbit/s).
	r.Stats.ArrivalP99Ms = f(63)
	if r.P99Holds() {
		t.Error("63 ms p99 held against 3 × 20.92 ms")
	}
	// No capture times: no verdict on latency.
	r.Stats.ArrivalP99Ms = nil
	if r.P99Holds() {
		t.Error("no p99 held")
	}
	// Without windows, the run's frames over its seconds.
	r.Stats.Windows, r.Stats.Seconds = nil, 60
	if !near(r.ArrivedFPS(), 30) {
		t.Errorf("arrived without windows %v", r.ArrivedFPS())
	}
}

func TestWriteTable(t *testing.T) {
	var b strings.Builder
	failed := Row{Stream: Stream{Kind: "h264", Width: 1920, Height: 1080}, Rate: 5e6, MTU: 1500, FPS: 30,
		Err: errors.New("h264:1920x1080: picam refused the h264 stream\nunknown format")}
	if err := WriteTable(&b, []Row{row20(50, 60), row20(50, 200), failed}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(b.String(), "\n")
	want := []string{
		"| mjpeg:1280x720 | 20 Mbit/s | 1500 | 50.0 KB | 20.9 ms | 29.5 | 47.8 | 98% | 12.00 | 25 / 55 / 80 ms | 24 / 50 ms | 26 / 60 ms | 1 | 4 | yes | yes | yes |",
		"| mjpeg:1280x720 | 20 Mbit/s | 1500 | 50.0 KB | 20.9 ms | 29.5 | 47.8 | 98% | 12.00 | 25 / 55 / 80 ms | 24 / 50 ms | 26 / 200 ms | 1 | 4 | yes | yes | **no** |",
		"| h264:1920x1080 | 5 Mbit/s | 1500 | failed: h264:1920x1080: picam refused the h264 stream unknown format |",
	}
	if len(lines) < 5 || lines[0] != strings.Split(tableHeader, "\n")[0] {
		t.Fatalf("table:\n%s", b.String())
	}
	for i, w := range want {
		if lines[2+i] != w {
			t.Errorf("row %d:\n got %s\nwant %s", i, lines[2+i], w)
		}
	}
	if cols := strings.Count(lines[0], "|"); strings.Count(lines[2], "|") != cols || strings.Count(lines[1], "|") != cols {
		t.Errorf("rows do not have the header's %d columns", cols-1)
	}
	if !strings.Contains(b.String(), "(MTU+14)/(MTU−52)") {
		t.Error("the table does not say how the frame time is worked out")
	}
}

func TestParseRate(t *testing.T) {
	for in, want := range map[string]float64{"20mbit": 20e6, "5Mbit": 5e6, "500kbit": 500e3, "1gbit": 1e9, "2.5mbit": 2.5e6, "64000": 64000} {
		if got, err := parseRate(in); err != nil || got != want {
			t.Errorf("parseRate(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "fast", "20mbps", "-1mbit", "1kbit", "0"} {
		if _, err := parseRate(in); err == nil {
			t.Errorf("parseRate(%q) accepted", in)
		}
	}
	if rateText(20e6) != "20 Mbit/s" || rateText(500e3) != "500 kbit/s" || rateText(1e9) != "1 Gbit/s" {
		t.Error("rateText")
	}
}

func TestParseStreams(t *testing.T) {
	got, err := parseStreams(defaultStreams + ", h264:640x480,320x240")
	want := []Stream{{"mjpeg", 1280, 720}, {"mjpeg", 1920, 1080}, {"h264", 640, 480}, {"mjpeg", 320, 240}}
	if err != nil || len(got) != len(want) {
		t.Fatalf("parseStreams = %v, %v", got, err)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("stream %d = %v, want %v", i, got[i], want[i])
		}
	}
	for _, in := range []string{"", "vp8:640x480", "640", "640x", "641x480", "8x8", "h264:99999x2"} {
		if _, err := parseStreams(in); err == nil {
			t.Errorf("parseStreams(%q) accepted", in)
		}
	}
}

func TestParseArgs(t *testing.T) {
	cfg, streams, appendTo, err := parseArgs([]string{"-rate", "5mbit", "-duration", "20s", "-streams", "h264:1280x720", "-append", "B.md"})
	if err != nil || *appendTo != "B.md" || cfg.Link.Rate != 5e6 || cfg.Link.MTU != 1500 || cfg.Duration.Seconds() != 20 || len(streams) != 1 || streams[0].Kind != "h264" {
		t.Errorf("parseArgs = %+v %v %v", cfg, streams, err)
	}
	if _, _, _, err := parseArgs([]string{"-duration", "0s"}); err == nil {
		t.Error("zero duration accepted")
	}
}

func TestAppendSection(t *testing.T) {
	path := filepath.Join(t.TempDir(), "BENCHMARKS.md")
	if err := os.WriteFile(path, []byte("# Benchmarks\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rows := []Row{{Stream: Stream{Kind: "h264", Width: 1920, Height: 1080}, Rate: 20e6, MTU: 1500, FPS: 30}}
	if err := appendSection(path, []string{"-rate", "20mbit"}, rows); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{"# Benchmarks\n", "## Through a shaped link: 20 Mbit/s, MTU 1500", "`linktest -rate 20mbit`", "| h264:1920x1080 |"} {
		if !strings.Contains(s, want) {
			t.Errorf("the file lacks %q:\n%s", want, s)
		}
	}
	if err := appendSection(filepath.Join(t.TempDir(), "none.md"), nil, rows); err == nil {
		t.Error("appending to a missing file: no error")
	}
}

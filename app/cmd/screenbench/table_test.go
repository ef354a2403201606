package main

import (
	"image"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/vidstream/vidstream/app/probe"
)

// line is a readout line as vidstream -v logs it.
const line = "2026/12/01 22:48:24 readout vidstream test pattern (127.0.0.1:45054): 30.0 fps received · 29.9 shown | size 20.4 KB now · 19.6 KB avg | 640x480 jpeg · v2 · vidstream test pattern | frames 68 · dropped 8 · errors 0 | link 4.8 Mbit/s · camera dropped 0 | camera to screen 37.7 ms (p99 87.5 ms) · clock ±0.0 ms · from test pattern drawn | capture 9.2 ms · network 0.2 ms · decode 0.9 ms · display 26.8 ms (p50) | from 127.0.0.1:45054"

func TestParseReadout(t *testing.T) {
	got, ok := parseReadout(line)
	want := readout{shownFPS: 29.9, totalP50: 37.7, totalP99: 87.5, capture: 9.2, network: 0.2, decode: 0.9, display: 26.8}
	if !ok || got != want {
		t.Errorf("parseReadout = %+v %v, want %+v", got, ok, want)
	}
	if _, ok := parseReadout("readout: 30.0 fps received · 30.0 shown | camera to screen: measuring the camera's clock…"); ok {
		t.Error("a readout without figures parsed")
	}
}

func TestReadoutsKeepsTheNewestLine(t *testing.T) {
	r := newReadouts()
	io.WriteString(r, "Streaming from x\n"+line[:40])
	io.WriteString(r, line[40:]+"\nsomething else\n")
	if r.last() != line {
		t.Errorf("last = %q", r.last())
	}
}

func TestParseSizes(t *testing.T) {
	got, err := parseSizes("640x480, 1920x1080")
	if err != nil || len(got) != 2 || got[1] != (size{1920, 1080}) {
		t.Errorf("parseSizes = %v, %v", got, err)
	}
	for _, bad := range []string{"640", "0x480", "axb"} {
		if _, err := parseSizes(bad); err == nil {
			t.Errorf("parseSizes(%q) took it", bad)
		}
	}
}

type screen struct{ w, h int }

func (s screen) Size() (int, int)                               { return s.w, s.h }
func (s screen) Grab(image.Rectangle, []uint8) ([]uint8, error) { return nil, nil }

func TestRenderTable(t *testing.T) {
	ro, _ := parseReadout(line)
	rows := []row{
		{size: size{640, 480}, viewer: "vidstream", probe: probe.Result{FPS: 30.1, P50Ms: 36.24, P99Ms: 56.1}, cpuPerFrame: 14250 * time.Microsecond,
			cpuMin: 13900 * time.Microsecond, cpuMax: 15 * time.Millisecond, readout: ro, hasReadout: true},
		{size: size{640, 480}, viewer: "ffplay", probe: probe.Result{FPS: 30.2, P50Ms: 64.6, P99Ms: 72.6}, cpuPerFrame: 13 * time.Millisecond,
			cpuMin: 12 * time.Millisecond, cpuMax: 13 * time.Millisecond},
	}
	got := renderTable(config{runs: 3, duration: 10 * time.Second, settle: 3 * time.Second}, rows, screen{1280, 800})
	for _, want := range []string{
		"| 640x480 | vidstream | 30.1 | 14.2 | 13.9–15.0 | 36.2 | 56.1 | 37.7 | 87.5 | 9.2 | 0.2 | 0.9 | 26.8 |",
		"| 640x480 | ffplay | 30.2 | 13.0 | 12.0–13.0 | 64.6 | 72.6 | — | — | — | — | — | — |",
		"X display 1280x800", "-framerate 30 -f mjpeg", "3 times in turn", "median of the 3 runs", "10s of screen grabs",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("table lacks %q:\n%s", want, got)
		}
	}
}

func TestSummarize(t *testing.T) {
	ro, _ := parseReadout(line)
	fast, slow := ro, ro
	fast.totalP50, slow.totalP50 = 20, 90
	runs := []row{
		{size: size{640, 480}, viewer: "vidstream", probe: probe.Result{FPS: 30, P50Ms: 40, P99Ms: 60}, cpuPerFrame: 11 * time.Millisecond, readout: slow, hasReadout: true},
		{size: size{640, 480}, viewer: "vidstream", probe: probe.Result{FPS: 29, P50Ms: 30, P99Ms: 90}, cpuPerFrame: 9 * time.Millisecond},
		{size: size{640, 480}, viewer: "vidstream", probe: probe.Result{FPS: 31, P50Ms: 35, P99Ms: 50}, cpuPerFrame: 10 * time.Millisecond, readout: fast, hasReadout: true},
	}
	got := summarize(runs)
	if got.size != (size{640, 480}) || got.viewer != "vidstream" {
		t.Errorf("summary of %v %q", got.size, got.viewer)
	}
	if got.probe.FPS != 30 || got.probe.P50Ms != 35 || got.probe.P99Ms != 60 {
		t.Errorf("probe medians %+v, want 30 fps, p50 35, p99 60", got.probe)
	}
	if got.cpuPerFrame != 10*time.Millisecond || got.cpuMin != 9*time.Millisecond || got.cpuMax != 11*time.Millisecond {
		t.Errorf("CPU %v (%v–%v), want 10ms (9ms–11ms)", got.cpuPerFrame, got.cpuMin, got.cpuMax)
	}
	// The readout's medians are over the two runs that had one.
	if !got.hasReadout || got.readout.totalP50 != 55 || got.readout.capture != ro.capture {
		t.Errorf("readout %+v (%v), want camera to screen 55 and capture %v", got.readout, got.hasReadout, ro.capture)
	}
	if summarize(runs[1:2]).hasReadout {
		t.Error("a run without a readout summarized with one")
	}
}

func TestParseStatCPU(t *testing.T) {
	// A command name with spaces and a parenthesis; utime 250, stime 50.
	const stat = "4242 (my (odd) viewer) S 1 4242 4242 0 -1 4194304 3000 0 0 0 250 50 0 0 20 0 12 0 100 0 0"
	got, err := parseStatCPU(stat)
	if err != nil || got != 3*time.Second {
		t.Errorf("parseStatCPU = %v, %v; want 3s", got, err)
	}
	if _, err := parseStatCPU("4242 (x) S 1"); err == nil {
		t.Error("a short stat line parsed")
	}
	if d, err := processCPU(os.Getpid()); err != nil || d < 0 {
		t.Errorf("processCPU(self) = %v, %v", d, err)
	}
}

func TestParseFlagsRuns(t *testing.T) {
	c, err := parseFlags([]string{"-sizes", "640x480"}, io.Discard)
	if err != nil || c.runs != 3 {
		t.Errorf("default runs %d, %v; want 3", c.runs, err)
	}
	if _, err := parseFlags([]string{"-runs", "0"}, io.Discard); err == nil {
		t.Error("-runs 0 taken")
	}
}

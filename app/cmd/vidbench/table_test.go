package main

import (
	"math"
	"strings"
	"testing"
	"time"
)

func TestNum(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{1234.5, "1234"}, // %.0f rounds half to even
		{100, "100"},
		{99.95, "100.0"},
		{12.345, "12.3"},
		{1.2345, "1.23"},
		{0.16, "0.160"},
		{0, "0.000"},
		{math.NaN(), "—"},
		{math.Inf(1), "—"},
	}
	for _, tt := range tests {
		if got := num(tt.in); got != tt.want {
			t.Errorf("num(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// sampleRows are a JPEG stream compared with ffmpeg and a raw one.
var sampleRows = []row{
	{
		Stream: "320x240 jpeg", Frames: 2000, FrameKB: 66.55,
		Ours:    replayResult{FPS: 5000, CPUms: 0.2, Allocs: 0, RSSMiB: 30.25},
		Live:    liveResult{P50: 0.35, P99: 1.5, Sent: 300, Dropped: 0},
		FF1:     &ffmpegResult{CPUms: 0.16, FPS: 6100, WholeCPUms: 0.26, StartupMs: 200},
		FFN:     &ffmpegResult{CPUms: 0.18, FPS: 9000, WholeCPUms: 0.3, StartupMs: 210},
		FF1RGBA: &ffmpegResult{CPUms: 0.25, FPS: 4000, WholeCPUms: 0.35, StartupMs: 220},
	},
	{
		Stream: "320x240 yuv", Frames: 2000, FrameKB: 115.2,
		Ours: replayResult{FPS: 8000, CPUms: 0.125, Allocs: 0.01, RSSMiB: 25},
		Live: liveResult{P50: 0.2, P99: 0.9, Sent: 300, Dropped: 2},
	},
}

func TestRenderTable(t *testing.T) {
	want := `| stream | frames | frame KB | fps | CPU ms/frame | allocs/frame | peak RSS MiB | live latency p50 ms | live latency p99 ms | live dropped/sent |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
| 320x240 jpeg | 2000 | 66.5 | 5000 | 0.200 | 0.000 | 30.2 | 0.350 | 1.50 | 0/300 |
| 320x240 yuv | 2000 | 115 | 8000 | 0.125 | 0.010 | 25.0 | 0.200 | 0.900 | 2/300 |

| stream | vidstream CPU ms/frame | ffmpeg 1 thread: CPU ms/frame | ffmpeg 1 thread: fps | ffmpeg default threads: CPU ms/frame | ffmpeg default threads: fps | ffmpeg 1 thread: whole process CPU ms/frame | ffmpeg start-up CPU ms | CPU/frame vidstream ÷ ffmpeg 1 thread | ffmpeg 1 thread to RGBA: CPU ms/frame | CPU/frame vidstream ÷ ffmpeg 1 thread to RGBA |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
| 320x240 jpeg | 0.200 | 0.160 | 6100 | 0.180 | 9000 | 0.260 | 200 | 1.25x | 0.250 | 0.80x |
`
	if got := renderTable(sampleRows); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := renderTable(sampleRows[1:]); strings.Contains(got, "ffmpeg") {
		t.Errorf("a table of raw streams has an ffmpeg part:\n%s", got)
	}
}

func TestRatio(t *testing.T) {
	if got := sampleRows[0].Ratio(); math.Abs(got-1.25) > 1e-12 {
		t.Errorf("ratio %v, want 1.25", got)
	}
	if got := sampleRows[0].RatioRGBA(); math.Abs(got-0.8) > 1e-12 {
		t.Errorf("ratio to RGBA %v, want 0.8", got)
	}
	if got := sampleRows[1].Ratio(); !math.IsNaN(got) {
		t.Errorf("ratio of a raw stream %v, want NaN", got)
	}
	r := sampleRows[0]
	r.FF1 = &ffmpegResult{CPUms: math.NaN()}
	r.FF1RGBA = nil
	if cells := r.ffmpegCells(); cells[8] != none || cells[9] != none || cells[10] != none {
		t.Errorf("ratio cells %q without ffmpeg's figures", cells[8:])
	}
}

func TestRenderDoc(t *testing.T) {
	rep := report{
		Rows:    sampleRows,
		Command: "go run ./app/cmd/vidbench -vidstream bin/vidstream -out BENCHMARKS.md",
		Date:    time.Date(2026, 1, 2, 3, 4, 0, 0, time.UTC), GoVersion: "go1.26.8",
		Vidstream: "bin/vidstream", Build: build{GoVersion: "go1.26.8", Tags: []string{"turbojpeg"}, CGO: "1"},
		FFmpeg:  "ffmpeg version 5.1.6-0+deb12u1",
		Machine: machine{CPU: "AMD EPYC 7B13", Cores: 2, MemGiB: 23.5, OS: "linux/amd64", Load: "1.00 0.50 0.25"},
		Runs:    3, Live: 10 * time.Second, LiveFPS: 30,
	}
	doc := renderDoc(rep)
	for _, want := range []string{
		"# Benchmarks",
		"`go run ./app/cmd/vidbench -vidstream bin/vidstream -out BENCHMARKS.md`",
		"2026-01-02 03:04 UTC",
		"JPEG decoder: libjpeg-turbo (built with -tags turbojpeg)",
		"ffmpeg version 5.1.6-0+deb12u1",
		"AMD EPYC 7B13, 2 logical CPUs, 23.5 GiB memory, linux/amd64; load average at the start 1.00 0.50 0.25",
		"median of 3 runs",
		"one run of 10s at 30 fps",
		oursTable(sampleRows),
		ffmpegTable(sampleRows),
		"## How to read it",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("the report lacks %q:\n%s", want, doc)
		}
	}
	if strings.Contains(doc, "-quick") {
		t.Error("a full run's report says -quick")
	}
	rep.Quick, rep.FFmpeg, rep.Runs, rep.Build.Tags = true, "", 1, nil
	doc = renderDoc(rep)
	for _, want := range []string{"-quick smoke run", "ffmpeg: not run", "median of 1 run,", "Go image/jpeg"} {
		if !strings.Contains(doc, want) {
			t.Errorf("the quick report lacks %q", want)
		}
	}
}

func TestOverloadTable(t *testing.T) {
	rows := []row{
		{Stream: "320x240 yuv", Ours: replayResult{FPS: 5000}},
		{Stream: "1920x1080 jpeg", Ours: replayResult{FPS: 100}, OverloadFPS: 200,
			Overload: &liveResult{P50: 6, P99: 12, Sent: 600, Dropped: 290}},
	}
	got := overloadTable(rows)
	want := "| stream | sender fps | vidstream decode fps | latency p50 ms | latency p99 ms | p99 in decode intervals | dropped/sent |\n" +
		"| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n" +
		"| 1920x1080 jpeg | 200 | 100 | 6.00 | 12.0 | 1.20 | 290/600 |\n"
	if got != want {
		t.Errorf("overload table:\n%s\nwant:\n%s", got, want)
	}
	if overloadTable(rows[:1]) != "" {
		t.Error("an overload table without overload runs")
	}
}

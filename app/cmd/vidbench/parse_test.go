package main

import (
	"strings"
	"testing"
)

// stderrSample is stderr of a real replay, Fyne's locale complaint included.
const stderrSample = `2026/11/25 01:52:22 Fyne error:  Error parsing user locale C
2026/11/25 01:52:22   Cause: language: tag is not well-formed
2026/11/25 01:52:22 replay: frames=3 seconds=0.002 fps=1325.7 cpu_ms_per_frame=0.7500 wall_ms_per_frame=0.7543 allocs_per_frame=6.00 peak_rss_mib=21.5
2026/11/25 01:52:22 latency: p50=0.015ms p99=0.491ms
`

func TestParseReplay(t *testing.T) {
	got, err := parseReplay([]byte(stderrSample))
	if err != nil {
		t.Fatal(err)
	}
	want := replayLine{Frames: 3, FPS: 1325.7, CPUms: 0.75, Allocs: 6, RSSMiB: 21.5}
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestParseReplayErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"no line", "2026/11/25 01:52:22 latency: p50=1ms p99=2ms\n", `no "replay:" line`},
		{"not at a word start", "xreplay: frames=1 fps=1 cpu_ms_per_frame=1 allocs_per_frame=1\n", `no "replay:" line`},
		{"missing field", "replay: frames=1 fps=2 allocs_per_frame=1\n", "no cpu_ms_per_frame"},
		{"bad number", "replay: frames=x fps=2 cpu_ms_per_frame=1 allocs_per_frame=1\n", "frames"},
		{"not key=value", "replay: frames=1 oops\n", `field "oops"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseReplay([]byte(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one with %q", err, tt.want)
			}
		})
	}
}

func TestParseLatencyTakesTheLastLine(t *testing.T) {
	in := stderrSample + "2026/11/25 01:52:23 latency: p50=1.250ms p99=33.000ms\n"
	got, err := parseLatency([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if want := (latencyLine{P50: 1.25, P99: 33}); got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestParseTotal(t *testing.T) {
	in := "12:00:00 frames=1\r\ntotal: frames=300 decoded=296 dropped=4 errors=0 bytes=97200000\r\n"
	got, err := parseTotal([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	want := totalLine{Frames: 300, Decoded: 296, Dropped: 4, Bytes: 97200000}
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if _, err := parseTotal([]byte("total: frames=1 decoded=1\n")); err == nil {
		t.Error("a total line without dropped, errors and bytes parsed")
	}
}

func TestParseWaiting(t *testing.T) {
	tests := []struct {
		line, addr string
		ok         bool
	}{
		{"2026/11/25 01:52:22 Waiting for a camera on 127.0.0.1:40123", "127.0.0.1:40123", true},
		{"Waiting for a camera on 10.0.0.2:8000 or 192.168.1.4:8000", "10.0.0.2:8000", true},
		{"Waiting for a camera on ", "", false},
		{"camera connected from 127.0.0.1:5555", "", false},
	}
	for _, tt := range tests {
		addr, ok := parseWaiting(tt.line)
		if addr != tt.addr || ok != tt.ok {
			t.Errorf("parseWaiting(%q) = %q, %v; want %q, %v", tt.line, addr, ok, tt.addr, tt.ok)
		}
	}
}

func TestPrefixAt(t *testing.T) {
	tests := []struct {
		line string
		want int
	}{
		{"replay: x", 0},
		{"a replay: x", 2},
		{"xreplay: a replay: b", 11},
		{"xreplay: b", -1},
		{"", -1},
	}
	for _, tt := range tests {
		if got := prefixAt(tt.line, "replay: "); got != tt.want {
			t.Errorf("prefixAt(%q) = %d, want %d", tt.line, got, tt.want)
		}
	}
}

package main

import (
	"io"
	"strings"
	"testing"

	"github.com/vidstream/vidstream/app/probe"
)

func TestSummary(t *testing.T) {
	got := Summary(probe.Result{Frames: 300, Seconds: 10, FPS: 30, Row: 528, P50Ms: 33.74, P99Ms: 53.7, MinMs: 28.1, MaxMs: 54.6, GapP50Ms: 2.5, GapP99Ms: 6.8, Grabs: 4000, Unread: 3})
	want := "300 frames seen in 10.0 s (30.0 fps) on row 528: camera to screen p50 33.7 ms, p99 53.7 ms, min 28.1, max 54.6; grabs every 2.5 ms (p99 6.8), 3 of 4000 unread"
	if got != want {
		t.Errorf("Summary:\n got %q\nwant %q", got, want)
	}
}

// Without an X display to read, latprobe says which it tried.
func TestNoDisplay(t *testing.T) {
	err := run([]string{"-display", ":987", "-duration", "1s"}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), `connecting to the X display ":987"`) {
		t.Errorf("err %v", err)
	}
}

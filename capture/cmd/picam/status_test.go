package main

import (
	"strings"
	"sync"
	"testing"

	"github.com/vidstream/vidstream/capture"
)

func TestStatusLine(t *testing.T) {
	tests := []struct {
		st   capture.StreamStatus
		want string
	}{
		{capture.StreamStatus{FPS: 30, BytesPerFrame: 67621, Sent: 1234, Dropped: 3},
			"picam: 30.0 fps, 67621 B/frame, sent 1234, dropped 3, reconnects 0\n"},
		{capture.StreamStatus{FPS: 27.96, BytesPerFrame: 115199.6, Sent: 28, Reconnects: 2, Connected: true},
			"picam: 28.0 fps, 115200 B/frame, sent 28, dropped 0, reconnects 2\n"},
		{capture.StreamStatus{Dropped: 90},
			"picam: 0.0 fps, 0 B/frame, sent 0, dropped 90, reconnects 0\n"},
		{capture.StreamStatus{FPS: 12, BytesPerFrame: 40000, Sent: 12, Dropped: 18, Quality: 55, MaxQuality: 85},
			"picam: 12.0 fps, 40000 B/frame, sent 12, dropped 18, reconnects 0, quality 55 of 85 (the link is too slow for more)\n"},
		{capture.StreamStatus{FPS: 6.5, BytesPerFrame: 90000, Sent: 65, PacedMbps: 4.72},
			"picam: 6.5 fps, 90000 B/frame, sent 65, dropped 0, reconnects 0, paced 4.7 Mbit/s\n"},
		{capture.StreamStatus{FPS: 30, Sent: 30, Quality: 85, MaxQuality: 85},
			"picam: 30.0 fps, 0 B/frame, sent 30, dropped 0, reconnects 0\n"},
	}
	for _, tc := range tests {
		if got := statusLine(tc.st); got != tc.want {
			t.Errorf("statusLine(%+v) = %q, want %q", tc.st, got, tc.want)
		}
	}
}

// Lines written from several goroutines come out whole.
func TestLineWriter(t *testing.T) {
	var b strings.Builder
	l := &lineWriter{w: &b}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for range 50 {
				l.printf("line from %d", i)
			}
		})
	}
	wg.Wait()
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 400 {
		t.Fatalf("%d lines, want 400", len(lines))
	}
	for _, line := range lines {
		if !strings.HasPrefix(line, "picam: line from ") || len(line) != len("picam: line from 0") {
			t.Fatalf("mangled line %q", line)
		}
	}
}

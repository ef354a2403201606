package ui

import (
	"testing"
	"time"

	"github.com/vidstream/vidstream/app/stats"
)

func TestLinkText(t *testing.T) {
	t0 := time.Date(2026, 11, 25, 1, 0, 0, 0, time.UTC)
	m := stats.NewMeter(0, t0)
	// 30 frames a second of 76,667 bytes (18.4 Mbit/s); seq 12 to 43 skips
	// 13 and 14: the camera dropped 2.
	seq := uint64(10)
	for k := 0; k < 30; k++ {
		seq++
		if k == 2 {
			seq += 2
		}
		m.ReceivedFrame(76_667, seq, 0, t0.Add(time.Duration(k)*time.Second/30))
	}
	got := linkText(m.Snapshot(t0.Add(time.Second + 50*time.Millisecond)))
	if want := "link 18.4 Mbit/s · camera dropped 2"; got != want {
		t.Errorf("linkText = %q, want %q", got, want)
	}
	if got := linkText(stats.Snapshot{}); got != "link 0.0 Mbit/s · camera dropped 0" {
		t.Errorf("empty: %q", got)
	}
}

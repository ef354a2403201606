package stats

import (
	"testing"
	"time"
)

func TestKeyframeInterval(t *testing.T) {
	start := time.Unix(1000, 0)
	m := NewMeter(0, start)
	if got := m.Snapshot(start).KeyframeInterval; got != 0 {
		t.Errorf("before any keyframe: %d", got)
	}
	m.Keyframe(5)
	if got := m.Snapshot(start).KeyframeInterval; got != 0 {
		t.Errorf("after one keyframe: %d, want 0 (unknown)", got)
	}
	for _, c := range []struct{ seq, want uint64 }{{35, 30}, {65, 30}, {75, 10}, {3, 10}, {33, 30}} {
		m.Keyframe(c.seq) // 3: the sender restarted its numbering; nothing learned
		if got := m.Snapshot(start).KeyframeInterval; got != c.want {
			t.Errorf("keyframe at %d: interval %d, want %d", c.seq, got, c.want)
		}
	}
}

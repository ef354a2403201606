package stats

import (
	"testing"
	"time"
)

// syncedMeter returns a meter whose sender's clock is ahead by ahead, as a
// probe measured it (1 ms each way).
func syncedMeter(t *testing.T, start time.Time, ahead time.Duration) *Meter {
	t.Helper()
	m := NewMeter(time.Second, start)
	if !exchange(m.Clock(), start, ahead, time.Millisecond, time.Millisecond, 0) {
		t.Fatal("probe reply not taken")
	}
	return m
}

// A frame through every stage, sender 7 s ahead: capture 4 ms on the
// sender, 12 ms of network, 3 ms decoding, 9 ms to the screen.
func TestStagesOfADisplayedFrame(t *testing.T) {
	t0 := time.Unix(1_700_000_000, 0)
	ahead := 7 * time.Second
	m := syncedMeter(t, t0, ahead)
	m.SetDisplayed()
	capture := t0.Add(100 * time.Millisecond) // the viewer's clock
	sent := capture.Add(4 * time.Millisecond)
	received := sent.Add(12 * time.Millisecond)
	ready := received.Add(3 * time.Millisecond)
	painted := ready.Add(9 * time.Millisecond)
	tm := Timing{CaptureNs: capture.Add(ahead).UnixNano(), SentNs: sent.Add(ahead).UnixNano()}
	_, _, captured := m.ReceivedTimed(1000, 1, tm, received)
	if !captured.Equal(capture) {
		t.Fatalf("capture on the viewer's clock %v, want %v", captured, capture)
	}
	m.Decoded(captured, received, ready)
	if s := m.Snapshot(ready); s.Stages[StageTotal].Frames != 0 {
		t.Errorf("a displayed frame's total measured before it was painted: %+v", s.Stages[StageTotal])
	}
	m.Painted(captured, ready, painted)
	s := m.Snapshot(painted)
	want := map[Stage]time.Duration{
		StageCapture: 4 * time.Millisecond, StageNetwork: 12 * time.Millisecond,
		StageDecode: 3 * time.Millisecond, StageDisplay: 9 * time.Millisecond, StageTotal: 28 * time.Millisecond,
	}
	for st, d := range want {
		got := s.Stages[st]
		if got.Frames != 1 || got.Last != d || got.Max != d {
			t.Errorf("%v: %+v, want one frame of %v", st, got, d)
		}
	}
	if !s.ArrivalSynced || s.ArrivalMaxAll != 16*time.Millisecond {
		t.Errorf("capture to arrival %v (synced %v), want 16ms through the offset", s.ArrivalMaxAll, s.ArrivalSynced)
	}
	if !s.Displayed || !s.Clock.OK || s.Clock.Offset != ahead {
		t.Errorf("snapshot clock %+v displayed %v", s.Clock, s.Displayed)
	}
}

// Headless (not displayed) a frame is shown once decoded, and its total
// ends at RGBA ready; without an offset only the sender's own stage and
// decoding are known, and capture to arrival assumes one clock.
func TestStagesHeadlessAndUnsynced(t *testing.T) {
	t0 := time.Unix(1_700_000_000, 0)
	m := syncedMeter(t, t0, 0)
	received := t0.Add(50 * time.Millisecond)
	tm := Timing{CaptureNs: t0.Add(30 * time.Millisecond).UnixNano(), SentNs: t0.Add(35 * time.Millisecond).UnixNano()}
	_, _, captured := m.ReceivedTimed(10, 1, tm, received)
	m.Decoded(captured, received, received.Add(2*time.Millisecond))
	s := m.Snapshot(received.Add(2 * time.Millisecond))
	if got := s.Stages[StageTotal]; got.Frames != 1 || got.Last != 22*time.Millisecond {
		t.Errorf("headless total %+v, want 22ms", got)
	}
	if s.Stages[StageDisplay].Frames != 0 {
		t.Errorf("headless display stage %+v", s.Stages[StageDisplay])
	}

	u := NewMeter(time.Second, t0) // no probe answered
	_, _, captured = u.ReceivedTimed(10, 1, tm, received)
	if !captured.IsZero() {
		t.Errorf("capture time %v without an offset", captured)
	}
	u.Decoded(captured, received, received.Add(2*time.Millisecond))
	s = u.Snapshot(received.Add(2 * time.Millisecond))
	if s.Stages[StageCapture].Last != 5*time.Millisecond || s.Stages[StageNetwork].Frames != 0 || s.Stages[StageTotal].Frames != 0 {
		t.Errorf("unsynced stages %+v", s.Stages)
	}
	if s.ArrivalSynced || s.ArrivalMaxAll != 20*time.Millisecond {
		t.Errorf("unsynced capture to arrival %v (synced %v), want 20ms on one clock", s.ArrivalMaxAll, s.ArrivalSynced)
	}
}

// Each record window carries its own stages; a frame before it does not
// count in the next one.
func TestStagesPerWindow(t *testing.T) {
	t0 := time.Unix(1_700_000_000, 0)
	m := syncedMeter(t, t0, 0)
	var recs []Record
	for k := range 60 {
		at := t0.Add(time.Duration(k) * 33 * time.Millisecond)
		lat := 10 * time.Millisecond
		if k >= 30 {
			lat = 40 * time.Millisecond
		}
		tm := Timing{CaptureNs: at.Add(-lat).UnixNano(), SentNs: at.Add(-lat / 2).UnixNano()}
		if r, ok, _ := m.ReceivedTimed(100, uint64(k), tm, at); ok {
			recs = append(recs, r)
		}
	}
	if len(recs) != 1 {
		t.Fatalf("%d records, want 1", len(recs))
	}
	net := recs[0].Stages[StageNetwork]
	if net.Frames != 32 || net.P50 < 5*time.Millisecond || net.P50 > 5250*time.Microsecond || net.Max != 20*time.Millisecond {
		t.Errorf("first window's network stage %+v: want 32 frames (0 to 31), p50 5ms, max 20ms (the frame that closed it)", net)
	}
	if s := m.Snapshot(t0.Add(2 * time.Second)); s.Stages[StageNetwork].Frames != 60 {
		t.Errorf("session network frames %d, want 60", s.Stages[StageNetwork].Frames)
	}
}

// A sender whose clock disagrees beyond the offset (a frame "sent" before
// it was captured) does not put negative latencies in the stages.
func TestStagesIgnoreNegative(t *testing.T) {
	t0 := time.Unix(1_700_000_000, 0)
	m := syncedMeter(t, t0, 0)
	_, _, _ = m.ReceivedTimed(10, 1, Timing{CaptureNs: t0.Add(time.Second).UnixNano(), SentNs: t0.UnixNano()}, t0)
	if s := m.Snapshot(t0); s.Stages[StageCapture].Frames != 0 {
		t.Errorf("capture stage %+v from a frame sent before its capture", s.Stages[StageCapture])
	}
}

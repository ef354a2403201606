package stats

import (
	"testing"
	"time"
)

// captured is a capture time d before t0+arrive, as the sender stamps it.
func captured(arrive, d time.Duration) int64 { return at(arrive).Add(-d).UnixNano() }

// within says whether got is want or at most one bucket (5%) above.
func within(got, want time.Duration) bool {
	return got >= want && float64(got) <= float64(want)*latGrowth
}

func TestCaptureToArrival(t *testing.T) {
	m := NewMeter(10*time.Second, t0)
	if s := m.Snapshot(t0); s.ArrivalFrames != 0 || s.ArrivalP50 != 0 || s.ArrivalMaxAll != 0 {
		t.Fatalf("empty meter has arrivals: %+v", s)
	}
	// 100 frames 10 ms apart, each 1..100 ms after its capture.
	for k := 1; k <= 100; k++ {
		arrive := time.Duration(k) * 10 * time.Millisecond
		m.ReceivedFrame(1000, uint64(k), captured(arrive, time.Duration(k)*time.Millisecond), at(arrive))
	}
	m.ReceivedFrame(1000, 101, 0, at(1010*time.Millisecond))                                             // unknown: not counted
	m.ReceivedFrame(1000, 102, captured(1020*time.Millisecond, -time.Second), at(1020*time.Millisecond)) // stamped in the future
	s := m.Snapshot(at(1050 * time.Millisecond))
	if s.ArrivalFrames != 100 || s.ArrivalAhead != 1 {
		t.Errorf("ArrivalFrames %d ArrivalAhead %d, want 100 and 1", s.ArrivalFrames, s.ArrivalAhead)
	}
	if !within(s.ArrivalP50, 50*time.Millisecond) || !within(s.ArrivalP99, 99*time.Millisecond) || s.ArrivalMaxAll != 100*time.Millisecond {
		t.Errorf("p50 %v p99 %v max %v, want 50 ms, 99 ms (within 5%%), 100 ms", s.ArrivalP50, s.ArrivalP99, s.ArrivalMaxAll)
	}
	// The last second (interval 10 is being filled: 0..9 complete) holds
	// the frames up to 990 ms; the max also takes the current interval.
	if s.ArrivalMax != 100*time.Millisecond {
		t.Errorf("ArrivalMax (1 s) = %v, want 100ms", s.ArrivalMax)
	}
	// Received (no sequence, no capture time) adds no arrival.
	m.Received(1000, at(1100*time.Millisecond))
	if s := m.Snapshot(at(1100 * time.Millisecond)); s.ArrivalFrames != 100 {
		t.Errorf("Received counted an arrival: %d", s.ArrivalFrames)
	}
}

func TestRecordLinkFields(t *testing.T) {
	m := NewMeter(time.Second, t0)
	var recs []Record
	// Window 1: 10 frames 100 ms apart, 20 ms from capture, seq 0..9 with
	// 3 and 4 missing; window 2: 5 frames 200 ms apart, 300 ms from capture.
	seqs := []uint64{0, 1, 2, 5, 6, 7, 8, 9, 10, 11}
	for i, seq := range seqs {
		arrive := time.Duration(i+1) * 100 * time.Millisecond
		if i == 4 {
			m.Dropped(2)
		}
		if r, ok := m.ReceivedFrame(2500, seq, captured(arrive, 20*time.Millisecond), at(arrive)); ok {
			recs = append(recs, r)
		}
	}
	for i := range 5 {
		arrive := time.Second + time.Duration(i+1)*200*time.Millisecond
		if r, ok := m.ReceivedFrame(5000, uint64(12+i), captured(arrive, 300*time.Millisecond), at(arrive)); ok {
			recs = append(recs, r)
		}
	}
	if len(recs) != 2 {
		t.Fatalf("records %+v, want 2", recs)
	}
	r := recs[0]
	if r.Frames != 10 || r.ArrivalFrames != 10 || !within(r.ArrivalP50, 20*time.Millisecond) ||
		!within(r.ArrivalP99, 20*time.Millisecond) || r.ArrivalMax != 20*time.Millisecond ||
		r.Dropped != 2 || r.SenderDropped != 2 {
		t.Errorf("first record %+v", r)
	}
	if got := r.Mbps(); got != 0.2 { // 25,000 bytes in 1 s
		t.Errorf("first record Mbps = %v, want 0.2", got)
	}
	r = recs[1]
	if r.Frames != 5 || r.ArrivalFrames != 5 || r.ArrivalMax != 300*time.Millisecond || r.Dropped != 0 || r.SenderDropped != 0 {
		t.Errorf("second record %+v: the window's counts did not start again", r)
	}
	if r.FPS() != 5 || r.Mbps() != 0.2 {
		t.Errorf("second record FPS %v Mbps %v, want 5 and 0.2", r.FPS(), r.Mbps())
	}
	if s := m.Snapshot(at(2 * time.Second)); s.SenderDropped != 2 || s.Dropped != 2 || s.SenderRestarts != 0 {
		t.Errorf("snapshot drops: sender %d viewer %d restarts %d", s.SenderDropped, s.Dropped, s.SenderRestarts)
	}
	if (Record{}).FPS() != 0 || (Record{}).Mbps() != 0 {
		t.Error("an empty record has a rate")
	}
}

func TestSenderDropsAndRestarts(t *testing.T) {
	m := NewMeter(0, t0)
	// The first number is whatever the sender had reached: no drop before it.
	for i, seq := range []uint64{40, 41, 45, 45, 3, 4, 10} {
		m.ReceivedFrame(1, seq, 0, at(time.Duration(i)*time.Millisecond))
	}
	s := m.Snapshot(at(time.Second))
	// 41→45: 3 dropped; 45 again and 45→3: restarts; 4→10: 5 dropped.
	if s.SenderDropped != 8 || s.SenderRestarts != 2 || s.Dropped != 0 {
		t.Errorf("sender dropped %d restarts %d viewer dropped %d, want 8, 2, 0", s.SenderDropped, s.SenderRestarts, s.Dropped)
	}
	// A seed stream numbers its frames itself: consecutive, never a gap.
	m = NewMeter(0, t0)
	for i := range 100 {
		m.ReceivedFrame(1, uint64(i), 0, at(time.Duration(i)*time.Millisecond))
	}
	if s := m.Snapshot(at(time.Second)); s.SenderDropped != 0 || s.SenderRestarts != 0 {
		t.Errorf("consecutive numbers: %d dropped, %d restarts", s.SenderDropped, s.SenderRestarts)
	}
}

func TestLinkThroughput(t *testing.T) {
	m := NewMeter(0, t0)
	// 30 frames a second of 62,500 bytes (15 Mbit/s) for 3 s.
	for k := 1; k <= 90; k++ {
		m.ReceivedFrame(62_500, uint64(k), 0, at(time.Duration(k)*time.Second/30))
	}
	s := m.Snapshot(at(3*time.Second + 50*time.Millisecond))
	if s.LinkMbps != 15 {
		t.Errorf("LinkMbps = %v, want 15 (the last full second)", s.LinkMbps)
	}
	// 89 frames after the first in 89/30 s: 15 Mbit/s.
	if s.RunMbps < 14.999 || s.RunMbps > 15.001 {
		t.Errorf("RunMbps = %v, want 15", s.RunMbps)
	}
	// A second later with nothing more: the last second is empty, the run's rate stays.
	if s := m.Snapshot(at(4*time.Second + 150*time.Millisecond)); s.LinkMbps != 0 || s.RunMbps < 14.999 {
		t.Errorf("idle: LinkMbps %v RunMbps %v", s.LinkMbps, s.RunMbps)
	}
}

func TestReceivedFrameDoesNotAllocate(t *testing.T) {
	m := NewMeter(time.Second, t0)
	k := 0
	allocs := testing.AllocsPerRun(1000, func() {
		k++
		d := time.Duration(k) * 10 * time.Millisecond
		m.ReceivedFrame(1000, uint64(k), captured(d, 5*time.Millisecond), at(d))
	})
	if allocs > 0.01 { // records are appended once a second here: amortised
		t.Errorf("ReceivedFrame allocates %v per call", allocs)
	}
}

package stats

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

// t0 is the fake clock's origin; tests add offsets to it.
var t0 = time.Date(2026, 11, 25, 1, 15, 30, 0, time.UTC)

func at(d time.Duration) time.Time { return t0.Add(d) }

func TestReceivedClosesRecords(t *testing.T) {
	m := NewMeter(10*time.Second, t0)
	var got []Record
	// 10 frames a second for 25 s; sizes 1000, 1001, ... so averages are known.
	for k := 1; k <= 250; k++ {
		r, ok := m.Received(999+k, at(time.Duration(k)*100*time.Millisecond))
		if ok {
			got = append(got, r)
			if k != 100 && k != 200 {
				t.Errorf("record closed at frame %d, want at frames 100 and 200", k)
			}
		}
	}
	want := []Record{
		// frames 1..100 (sizes 1000..1099), closed by the frame at exactly 10 s
		{Frames: 100, Elapsed: 10 * time.Second, AvgSize: 1049.5},
		// frames 101..200 (sizes 1100..1199), window started at 10 s
		{Frames: 100, Elapsed: 10 * time.Second, AvgSize: 1149.5},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d records %v, want %v", len(got), got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("record %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	recs := m.Records()
	if len(recs) != 2 || recs[0] != want[0] || recs[1] != want[1] {
		t.Errorf("Records() = %v, want %v", recs, want)
	}
	if s := m.Snapshot(at(25 * time.Second)); s.Records != 2 {
		t.Errorf("Snapshot.Records = %d, want 2", s.Records)
	}
}

func TestReceivedWindowBoundary(t *testing.T) {
	m := NewMeter(10*time.Second, t0)
	if _, ok := m.Received(10, at(10*time.Second-1)); ok {
		t.Fatal("a frame 1 ns before the window ends closed it")
	}
	// A long gap: the next frame closes the window whatever the gap (the
	// post's "elapsed < 11" would never close it).
	r, ok := m.Received(30, at(42*time.Second))
	if !ok {
		t.Fatal("frame after the window did not close it")
	}
	if want := (Record{Frames: 2, Elapsed: 42 * time.Second, AvgSize: 20}); r != want {
		t.Errorf("record = %+v, want %+v", r, want)
	}
	// The next window starts at that frame, not at the old boundary.
	if _, ok := m.Received(1, at(51*time.Second)); ok {
		t.Error("window restarted at the wrong time: closed 9 s after the last record")
	}
	if _, ok := m.Received(1, at(52*time.Second)); !ok {
		t.Error("window not closed 10 s after the last record")
	}
}

func TestNewMeterDefaultWindow(t *testing.T) {
	for _, w := range []time.Duration{0, -time.Second} {
		m := NewMeter(w, t0)
		if m.Window() != DefaultWindow {
			t.Errorf("NewMeter(%v).Window() = %v, want %v", w, m.Window(), DefaultWindow)
		}
		if _, ok := m.Received(1, at(9*time.Second)); ok {
			t.Errorf("window %v: closed after 9 s", w)
		}
		if _, ok := m.Received(1, at(10*time.Second)); !ok {
			t.Errorf("window %v: not closed after 10 s", w)
		}
	}
}

func TestSnapshotFPSCraftedTimes(t *testing.T) {
	m := NewMeter(time.Hour, t0)
	add := func(n int, d time.Duration) {
		for range n {
			m.Received(100, at(d))
		}
	}
	add(5, 50*time.Millisecond)   // interval 0
	add(3, 950*time.Millisecond)  // interval 9
	add(7, 1050*time.Millisecond) // interval 10
	add(2, 1950*time.Millisecond) // interval 19
	tests := []struct {
		now  time.Duration
		want float64
	}{
		{0, 0},                      // nothing complete yet
		{999 * time.Millisecond, 5}, // complete intervals 0..8
		{time.Second, 8},            // complete 0..9
		{1099 * time.Millisecond, 8},
		{1100 * time.Millisecond, 3 + 7}, // complete 1..10
		{2 * time.Second, 7 + 2},         // complete 10..19
		{2050 * time.Millisecond, 7 + 2}, // same intervals
		{2100 * time.Millisecond, 2},     // complete 11..20
		{3 * time.Second, 0},             // complete 20..29
		{3 * time.Hour, 0},               // long after
	}
	for _, tt := range tests {
		if got := m.Snapshot(at(tt.now)).FPS; got != tt.want {
			t.Errorf("FPS at %v = %v, want %v", tt.now, got, tt.want)
		}
	}
}

func TestSnapshotSteadyRate(t *testing.T) {
	// 30 frames a second, at k/30 s: any full second holds exactly 30.
	m := NewMeter(time.Hour, t0)
	checks := map[int]bool{60: true, 105: true, 149: true} // read just after these frames
	for k := range 150 {
		now := time.Duration(k) * time.Second / 30
		m.Received(1, at(now))
		if checks[k] {
			if got := m.Snapshot(at(now)).FPS; got != 30 {
				t.Errorf("FPS at %v = %v, want 30", now, got)
			}
		}
	}
}

func TestSnapshotShownAndLatency(t *testing.T) {
	m := NewMeter(0, t0)
	m.Decoded(time.Time{}, at(100*time.Millisecond-4*time.Millisecond), at(100*time.Millisecond))
	m.Decoded(time.Time{}, at(200*time.Millisecond-9*time.Millisecond), at(200*time.Millisecond))
	m.Decoded(time.Time{}, at(1500*time.Millisecond-2*time.Millisecond), at(1500*time.Millisecond))
	m.Decoded(time.Time{}, at(1550*time.Millisecond-3*time.Millisecond), at(1550*time.Millisecond))

	s := m.Snapshot(at(1550 * time.Millisecond))
	// complete intervals 5..14 hold none of the decodes; 15 is being filled.
	if s.ShownFPS != 0 || s.Latency != 3*time.Millisecond || s.LatencyMax != 3*time.Millisecond {
		t.Errorf("at 1.55 s: ShownFPS %v Latency %v LatencyMax %v; want 0, 3ms, 3ms",
			s.ShownFPS, s.Latency, s.LatencyMax)
	}
	s = m.Snapshot(at(1100 * time.Millisecond))
	// complete intervals 1..10: the decodes at 0.1 and 0.2 s.
	if s.ShownFPS != 2 || s.LatencyMax != 9*time.Millisecond {
		t.Errorf("at 1.1 s: ShownFPS %v LatencyMax %v; want 2, 9ms", s.ShownFPS, s.LatencyMax)
	}
	s = m.Snapshot(at(2500 * time.Millisecond))
	if s.ShownFPS != 2 || s.LatencyMax != 3*time.Millisecond || s.Decoded != 4 {
		t.Errorf("at 2.5 s: ShownFPS %v LatencyMax %v Decoded %d; want 2, 3ms, 4",
			s.ShownFPS, s.LatencyMax, s.Decoded)
	}
}

func TestSnapshotCounters(t *testing.T) {
	m := NewMeter(0, t0)
	if s := m.Snapshot(t0); s.AvgSize != 0 || s.LastError != "" || s.Received != 0 {
		t.Errorf("empty meter snapshot = %+v", s)
	}
	m.Received(100, at(time.Millisecond))
	m.Received(300, at(2*time.Millisecond))
	m.Received(-5, at(3*time.Millisecond)) // counts as 0 bytes
	m.Dropped(2)
	m.Dropped(0)
	m.Dropped(-7)
	m.DecodeError(errors.New("first"))
	m.DecodeError(errors.New("jpeg: bad marker"))
	s := m.Snapshot(at(3 * time.Second))
	want := Snapshot{
		LastSize: 0, AvgSize: 400.0 / 3, Received: 3, Dropped: 2, Errors: 2,
		Bytes: 400, LastError: "jpeg: bad marker", Elapsed: 3 * time.Second,
		RunMbps: 1.2, // 300 bytes (the first frame's not counted) in 2 ms
	}
	if s != want {
		t.Errorf("snapshot = %+v\nwant       %+v", s, want)
	}
	m.DecodeError(nil)
	if s := m.Snapshot(t0); s.Errors != 3 || s.LastError != "" {
		t.Errorf("after nil error: Errors %d LastError %q", s.Errors, s.LastError)
	}
}

func TestDecodeErrorTruncated(t *testing.T) {
	m := NewMeter(0, t0)
	long := strings.Repeat("é", maxErrorLen) // 2 bytes each
	m.DecodeError(errors.New("x" + long))    // odd offset: the cut falls inside an "é"
	got := m.Snapshot(t0).LastError
	if len(got) > maxErrorLen || len(got) < maxErrorLen-1 {
		t.Errorf("kept %d bytes, want %d or %d", len(got), maxErrorLen-1, maxErrorLen)
	}
	if !strings.HasPrefix("x"+long, got) || !utf8.ValidString(got) {
		t.Errorf("truncated message is not a valid prefix: %q", got[len(got)-4:])
	}
}

func TestRecordsIsACopy(t *testing.T) {
	m := NewMeter(time.Second, t0)
	m.Received(10, at(time.Second))
	r := m.Records()
	r[0].Frames = 99
	if got := m.Records()[0].Frames; got != 1 {
		t.Errorf("Records()[0].Frames = %d after caller changed its copy, want 1", got)
	}
}

func TestRecordsBounded(t *testing.T) {
	m := NewMeter(time.Nanosecond, t0) // every frame closes a record
	n := maxRecords + 5
	for k := 1; k <= n; k++ {
		if _, ok := m.Received(1, at(time.Duration(k))); !ok {
			t.Fatalf("frame %d did not close a record", k)
		}
	}
	if got := len(m.Records()); got != maxRecords {
		t.Errorf("kept %d records, want %d", got, maxRecords)
	}
	if got := m.Snapshot(t0).Records; got != n {
		t.Errorf("Snapshot.Records = %d, want %d", got, n)
	}
	// The last record is kept even past maxRecords.
	if r, ok := m.LastRecord(); !ok || r.Elapsed != time.Nanosecond || r.Frames != 1 {
		t.Errorf("LastRecord = %+v, %v; want the record of frame %d", r, ok, n)
	}
}

func TestLastRecord(t *testing.T) {
	m := NewMeter(time.Second, t0)
	if _, ok := m.LastRecord(); ok {
		t.Fatal("a record before any window closed")
	}
	m.Received(10, at(500*time.Millisecond))
	m.Received(30, at(time.Second))
	m.Received(7, at(2500*time.Millisecond))
	want := Record{Frames: 1, Elapsed: 1500 * time.Millisecond, AvgSize: 7}
	if r, ok := m.LastRecord(); !ok || r != want {
		t.Errorf("LastRecord = %+v, %v; want %+v", r, ok, want)
	}
	allocs := testing.AllocsPerRun(100, func() { m.LastRecord() })
	if allocs != 0 {
		t.Errorf("LastRecord allocates %v", allocs)
	}
}

func TestReceivedDoesNotAllocate(t *testing.T) {
	m := NewMeter(time.Hour, t0)
	k := 0
	allocs := testing.AllocsPerRun(1000, func() {
		k++
		m.Received(65536, at(time.Duration(k)*time.Millisecond))
		m.Decoded(time.Time{}, at(time.Duration(k)*time.Millisecond-time.Millisecond), at(time.Duration(k)*time.Millisecond))
	})
	if allocs != 0 {
		t.Errorf("Received+Decoded allocate %v times per frame, want 0", allocs)
	}
}

func TestFloodOneMillionFrames(t *testing.T) {
	// 1,000,000 frames at 100,000 frames/s: 10 s, one record at 10 s.
	const n = 1_000_000
	const step = 10 * time.Microsecond
	var m *Meter
	// AllocsPerRun runs the func once to warm up, then once measured.
	allocs := testing.AllocsPerRun(1, func() {
		m = NewMeter(10*time.Second, t0)
		for k := 1; k <= n; k++ {
			m.Received(100, at(time.Duration(k)*step))
		}
	})
	// Only the Meter itself and its one record may allocate.
	if allocs > 2 {
		t.Errorf("flood of %d frames made %v allocations, want at most 2", n, allocs)
	}
	s := m.Snapshot(at(n * step))
	if s.FPS != 100_000 || s.Received != n || s.Records != 1 {
		t.Errorf("after flood: FPS %v Received %d Records %d; want 100000, %d, 1",
			s.FPS, s.Received, s.Records, n)
	}
}

func TestMeterConcurrentUse(t *testing.T) {
	m := NewMeter(time.Second, t0)
	const frames = 2000
	var wg sync.WaitGroup
	wg.Add(3)
	go func() { // reader
		defer wg.Done()
		for k := 1; k <= frames; k++ {
			m.Received(10, at(time.Duration(k)*time.Millisecond))
			if k%10 == 0 {
				m.Dropped(1)
			}
		}
	}()
	go func() { // decoder
		defer wg.Done()
		for k := 1; k <= frames; k++ {
			if k%100 == 0 {
				m.DecodeError(errors.New("bad frame"))
				continue
			}
			m.Decoded(time.Time{}, at(time.Duration(k)*time.Millisecond-time.Millisecond), at(time.Duration(k)*time.Millisecond))
		}
	}()
	go func() { // UI
		defer wg.Done()
		for k := 0; k < 200; k++ {
			_ = m.Snapshot(at(time.Duration(k) * 10 * time.Millisecond))
			_ = m.Records()
		}
	}()
	wg.Wait()
	s := m.Snapshot(at(frames * time.Millisecond))
	if s.Received != frames || s.Dropped != frames/10 || s.Errors != frames/100 ||
		s.Decoded != frames-frames/100 || s.Bytes != 10*frames || s.Records != 2 {
		t.Errorf("totals after concurrent use: %+v", s)
	}
}

func BenchmarkReceived(b *testing.B) {
	m := NewMeter(10*time.Second, t0)
	b.ReportAllocs()
	k := 0
	for b.Loop() {
		k++
		m.Received(65536, at(time.Duration(k)*10*time.Microsecond))
	}
}

func BenchmarkSnapshot(b *testing.B) {
	m := NewMeter(10*time.Second, t0)
	for k := range 1000 {
		m.Received(65536, at(time.Duration(k)*time.Millisecond))
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = m.Snapshot(at(time.Second))
	}
}

package receive

import (
	"net"
	"testing"
	"time"

	"github.com/vidstream/vidstream/app/stats"
	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/pixel"
	"github.com/vidstream/vidstream/wire/wiretest"
)

// aheadSender streams v2 JPEG frames on c as a sender whose clock is ahead
// of the viewer's by ahead: each frame captured 5 ms before it is sent,
// every time probe answered (when answer) on the sender's clock. It
// returns a function that stops it.
func aheadSender(t *testing.T, c net.Conn, ahead time.Duration, answer bool) (stop func()) {
	t.Helper()
	clock := func() time.Time { return time.Now().Add(ahead) }
	w, err := wire.NewWriter(c, wire.ProtoV2, wire.Hello{Layout: pixel.Layout{Format: pixel.FormatJPEG}, Name: "ahead", Clock: wire.ClockDrawn})
	if err != nil {
		t.Fatal(err)
	}
	w.StampSends(clock)
	probes := make(chan [2]int64, 16)
	go wire.ReadViewer(c, func(ns int64) { probes <- [2]int64{ns, clock().UnixNano()} })
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		jpg := wiretest.QuadrantsJPEG()
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for seq := uint64(0); ; seq++ {
			select {
			case <-done:
				w.Close()
				return
			case p := <-probes:
				if answer && w.WriteTimeReply(p[0], p[1]) != nil {
					return
				}
			case <-tick.C:
				if w.WriteFrame(jpg, seq, clock().Add(-5*time.Millisecond).UnixNano()) != nil {
					return
				}
			}
		}
	}()
	return func() { close(done); <-finished }
}

// aheadSession serves an aheadSender 3 s ahead (answering probes when
// answer) and returns the events and the session's snapshot once done
// says it is.
func aheadSession(t *testing.T, answer bool, done func(stats.Snapshot) bool) (*events, stats.Snapshot) {
	t.Helper()
	ev := newEvents(true)
	srv := serve(t, Config{}, ev)
	stop := aheadSender(t, dial(t, srv), 3*time.Second, answer)
	t.Cleanup(stop)
	s := wait(t, ev.started, "session start")
	var snap stats.Snapshot
	until(t, func() bool {
		snap = s.Meter.Snapshot(time.Now())
		return done(snap)
	})
	return ev, snap
}

// A live v2 session probes its sender's clock and measures the stages
// through the offset: a sender 3 s ahead reads as 3 s ahead (within half
// the round trip), its frames as 5 ms from capture to sent, and the
// network and total stages as what loopback takes, not 3 s.
func TestSessionMeasuresTheSendersClock(t *testing.T) {
	ev, snap := aheadSession(t, true, func(s stats.Snapshot) bool {
		return s.Clock.Samples >= probeBurst && s.Stages[stats.StageTotal].Frames > 10
	})
	est := snap.Clock
	if d := est.Offset - 3*time.Second; d > est.RTT/2 || d < -est.RTT/2 || est.RTT > 100*time.Millisecond {
		t.Errorf("clock estimate %+v: want 3s within half the round trip", est)
	}
	st := snap.Stages
	if c := st[stats.StageCapture]; c.P50 < 4900*time.Microsecond || c.P50 > 5300*time.Microsecond {
		t.Errorf("capture to sent %+v, want 5 ms", c)
	}
	for _, stage := range []stats.Stage{stats.StageNetwork, stats.StageTotal} {
		if got := st[stage]; got.Frames == 0 || got.P50 > 500*time.Millisecond {
			t.Errorf("%v %+v: want loopback's time, not the clocks' difference", stage, got)
		}
	}
	if !snap.ArrivalSynced || snap.ArrivalP50 > 500*time.Millisecond {
		t.Errorf("capture to arrival p50 %v (synced %v), want it through the offset", snap.ArrivalP50, snap.ArrivalSynced)
	}
	if f := ev.taken(); f == nil || f.Captured.IsZero() || time.Since(f.Captured) > time.Second {
		t.Errorf("frame's capture time on the viewer's clock: %+v", f)
	}
}

// A sender that does not answer probes (older ones) streams as before; the
// stages that need its clock stay unknown rather than made up.
func TestSessionWithoutClockReplies(t *testing.T) {
	_, snap := aheadSession(t, false, func(s stats.Snapshot) bool { return s.Clock.Probes >= 3 && s.Decoded > 10 })
	if snap.Clock.OK || snap.Stages[stats.StageNetwork].Frames != 0 || snap.Stages[stats.StageTotal].Frames != 0 {
		t.Errorf("without replies: clock %+v, stages %+v", snap.Clock, snap.Stages)
	}
	if snap.Stages[stats.StageCapture].Frames == 0 || snap.ArrivalSynced {
		t.Errorf("capture stage %+v, arrival synced %v", snap.Stages[stats.StageCapture], snap.ArrivalSynced)
	}
}

// The post's client.py never reads its socket: a seed stream is never
// probed.
func TestSeedSenderIsNotProbed(t *testing.T) {
	ev := newEvents(true)
	srv := serve(t, Config{}, ev)
	c := dial(t, srv)
	s := sendEach(t, c, ev, wiretest.QuadrantsJPEG(), wiretest.QuadrantsJPEG())
	time.Sleep(3 * probeBurstEvery)
	c.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
	var b [16]byte
	if n, err := c.Read(b[:]); n != 0 || err == nil {
		t.Errorf("the viewer sent %d bytes (% x) to a seed sender", n, b[:n])
	}
	if p := s.Meter.Snapshot(time.Now()).Clock.Probes; p != 0 {
		t.Errorf("%d probes to a seed sender", p)
	}
}

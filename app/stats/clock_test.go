package stats

import (
	"testing"
	"time"

	"github.com/vidstream/vidstream/wire"
)

// exchange runs one probe through a sender whose clock is ahead by ahead,
// with the given one-way delays and the sender's time to answer.
func exchange(c *Clock, t1 time.Time, ahead, out, back, answer time.Duration) bool {
	p := c.Probe(t1)
	t2 := t1.Add(out).Add(ahead)
	t3 := t2.Add(answer)
	t4 := t3.Add(-ahead).Add(back)
	return c.Reply(wire.TimeReply{Probe: p, Received: t2.UnixNano(), Replied: t3.UnixNano()}, t4)
}

func TestClockOffsetAndRoundTrip(t *testing.T) {
	var c Clock
	if e := c.Estimate(); e.OK {
		t.Fatalf("estimate %+v before any reply", e)
	}
	t0 := time.Unix(1_700_000_000, 0)
	// A sender 5 s ahead, 10 ms each way, 3 ms to answer: the round trip
	// leaves the answer out.
	if !exchange(&c, t0, 5*time.Second, 10*time.Millisecond, 10*time.Millisecond, 3*time.Millisecond) {
		t.Fatal("reply not taken")
	}
	e := c.Estimate()
	if !e.OK || e.Offset != 5*time.Second || e.RTT != 20*time.Millisecond || e.Samples != 1 || e.Probes != 1 {
		t.Fatalf("estimate %+v, want offset 5s, rtt 20ms", e)
	}
	// A reply that waited 80 ms behind frames on the way back: off by
	// 40 ms, but its round trip is longer, so the estimate keeps the first.
	exchange(&c, t0.Add(time.Second), 5*time.Second, 10*time.Millisecond, 90*time.Millisecond, 0)
	if e := c.Estimate(); e.Offset != 5*time.Second || e.RTT != 20*time.Millisecond || e.Samples != 2 {
		t.Errorf("after a slow reply: %+v", e)
	}
	// A faster exchange later wins: 2 ms each way, 1 ms asymmetry.
	exchange(&c, t0.Add(2*time.Second), 5*time.Second, 2*time.Millisecond, 4*time.Millisecond, 0)
	if e := c.Estimate(); e.Offset != 5*time.Second-time.Millisecond || e.RTT != 6*time.Millisecond {
		t.Errorf("after a fast reply: %+v, want offset 4.999s, rtt 6ms", e)
	}
	at, ok := c.Estimate().ToViewer(t0.Add(5 * time.Second).UnixNano())
	if !ok || !at.Equal(t0.Add(time.Millisecond)) {
		t.Errorf("ToViewer = %v %v, want %v", at, ok, t0.Add(time.Millisecond))
	}
	if _, ok := c.Estimate().ToViewer(0); ok {
		t.Error("ToViewer(0) is known")
	}
}

// The best sample is among the recent ones only: one from long ago (the
// link or the clocks have changed since) is forgotten.
func TestClockForgetsOldSamples(t *testing.T) {
	var c Clock
	t0 := time.Unix(1_700_000_000, 0)
	exchange(&c, t0, time.Second, time.Millisecond, time.Millisecond, 0)
	for i := range clockSamples {
		exchange(&c, t0.Add(time.Duration(i+1)*time.Second), 2*time.Second, 10*time.Millisecond, 10*time.Millisecond, 0)
	}
	if e := c.Estimate(); e.Offset != 2*time.Second || e.RTT != 20*time.Millisecond {
		t.Errorf("estimate %+v, want the recent samples' 2s", e)
	}
}

// Replies a Clock did not ask for, answered twice or impossible are not
// taken: a broken or hostile sender cannot move the offset with them.
func TestClockRejectsBadReplies(t *testing.T) {
	var c Clock
	t0 := time.Unix(1_700_000_000, 0)
	p := c.Probe(t0)
	ok := wire.TimeReply{Probe: p, Received: p + 1e6, Replied: p + 2e6}
	for _, tc := range []struct {
		name string
		r    wire.TimeReply
		at   time.Time
	}{
		{"not a probe sent", wire.TimeReply{Probe: p + 1, Received: p, Replied: p}, t0.Add(time.Millisecond)},
		{"zero probe", wire.TimeReply{}, t0},
		{"negative round trip", wire.TimeReply{Probe: p, Received: p, Replied: p + 5e6}, t0.Add(time.Millisecond)},
		{"round trip too long", ok, t0.Add(maxRTT + 3*time.Millisecond)},
	} {
		if c.Reply(tc.r, tc.at) {
			t.Errorf("%s: taken", tc.name)
		}
	}
	if !c.Reply(ok, t0.Add(3*time.Millisecond)) {
		t.Fatal("a good reply was not taken")
	}
	if c.Reply(ok, t0.Add(3*time.Millisecond)) {
		t.Error("a second reply to the same probe was taken")
	}
	if e := c.Estimate(); e.Samples != 1 || e.RTT != 2*time.Millisecond {
		t.Errorf("estimate %+v", e)
	}
}

// A probe that never got its reply stops waiting once clockProbes more
// have been sent.
func TestClockProbeSlotsAreReused(t *testing.T) {
	var c Clock
	t0 := time.Unix(1_700_000_000, 0)
	first := c.Probe(t0)
	for i := range clockProbes {
		c.Probe(t0.Add(time.Duration(i+1) * time.Millisecond))
	}
	if c.Reply(wire.TimeReply{Probe: first, Received: first, Replied: first}, t0.Add(time.Second)) {
		t.Error("a reply to a forgotten probe was taken")
	}
}

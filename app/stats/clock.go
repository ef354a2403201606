package stats

import (
	"sync"
	"time"

	"github.com/vidstream/vidstream/wire"
)

// Clock sync: a sender that answers time probes (PROTOCOL.md, "Timing")
// gives NTP-style samples of how far its clock is from the viewer's. The
// sample with the smallest round trip among the last clockSamples is the
// estimate: its offset is off by at most half its round trip.
const (
	// clockSamples is how many recent samples the estimate is the best of.
	clockSamples = 16
	// clockProbes is how many probes sent a reply may answer: one that
	// echoes a probe time not among the last clockProbes sent is ignored,
	// as is a second reply to the same probe.
	clockProbes = 16
	// maxRTT bounds a sample's round trip; a longer one (or a negative
	// one: clocks or a sender that lie) is ignored.
	maxRTT = 10 * time.Second
	// ClockGiveUp is how many probes a sender may leave unanswered, none
	// answered, before it counts as one that does not know them (an older
	// picam, another program): the viewer stops probing and says so.
	ClockGiveUp = 10
)

// ClockEstimate is what a Clock knows of the sender's clock.
type ClockEstimate struct {
	// Offset is the sender's clock minus the viewer's; a sender's time t
	// is t - Offset on the viewer's clock. Off by at most RTT/2.
	Offset time.Duration
	// RTT is the round trip of the sample Offset comes from.
	RTT time.Duration
	// Samples counts the replies taken so far; Probes the probes sent.
	Samples, Probes int64
	// OK is set once a reply has been taken: Offset and RTT hold.
	OK bool
}

// Clock estimates the offset of a sender's clock from the viewer's. Probe
// records each probe as it is sent, Reply takes the sender's answer. It is
// safe for concurrent use: probes go out on one goroutine, replies come in
// on the reader's, readouts read Estimate.
type Clock struct {
	mu      sync.Mutex
	probes  [clockProbes]int64 // times of the probes not yet answered, 0 for free slots
	next    int                // where the next probe goes in probes
	samples [clockSamples]sample
	n       int    // samples kept
	put     int    // where the next sample goes
	best    sample // of the samples kept, the one with the smallest round trip (Reply keeps it)
	taken   int64
	sent    int64
}

// sample is one probe's round trip: offset and RTT.
type sample struct{ offset, rtt time.Duration }

// Probe records a probe sent at t (the viewer's clock) and returns the
// time to put in it, ns since the Unix epoch.
func (c *Clock) Probe(t time.Time) int64 {
	ns := t.UnixNano()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.probes[c.next] = ns
	c.next = (c.next + 1) % clockProbes
	c.sent++
	return ns
}

// Reply takes the sender's reply r, which arrived at t (the viewer's
// clock), and reports whether it was used: a reply to a probe this Clock
// did not send (or answered already), or with an impossible round trip, is
// not.
func (c *Clock) Reply(r wire.TimeReply, t time.Time) bool {
	t4 := t.UnixNano()
	rtt := time.Duration((t4 - r.Probe) - (r.Replied - r.Received))
	if rtt < 0 || rtt > maxRTT || r.Probe == 0 {
		return false
	}
	offset := time.Duration(((r.Received - r.Probe) + (r.Replied - t4)) / 2)
	c.mu.Lock()
	defer c.mu.Unlock()
	i := c.probeIndex(r.Probe)
	if i < 0 {
		return false
	}
	c.probes[i] = 0
	c.samples[c.put] = sample{offset, rtt}
	c.put = (c.put + 1) % clockSamples
	c.n = min(c.n+1, clockSamples)
	c.taken++
	// The best of the samples kept, once a reply, not on every frame's
	// Estimate.
	c.best = c.samples[0]
	for _, s := range c.samples[1:c.n] {
		if s.rtt < c.best.rtt {
			c.best = s
		}
	}
	return true
}

// probeIndex is where probe ns waits for its reply, -1 if it does not.
func (c *Clock) probeIndex(ns int64) int {
	for i, p := range c.probes {
		if p == ns {
			return i
		}
	}
	return -1
}

// Estimate returns the best estimate so far.
func (c *Clock) Estimate() ClockEstimate {
	c.mu.Lock()
	defer c.mu.Unlock()
	return ClockEstimate{Offset: c.best.offset, RTT: c.best.rtt, Samples: c.taken, Probes: c.sent, OK: c.n > 0}
}

// Unanswered reports whether the sender has answered none of ClockGiveUp
// probes or more: it does not know them.
func (e ClockEstimate) Unanswered() bool { return !e.OK && e.Probes >= ClockGiveUp }

// ToViewer converts ns, a time on the sender's clock (ns since the Unix
// epoch; 0 unknown), to the viewer's clock. ok is false when ns is 0 or
// the offset is not known yet.
func (e ClockEstimate) ToViewer(ns int64) (t time.Time, ok bool) {
	if ns == 0 || !e.OK {
		return time.Time{}, false
	}
	return time.Unix(0, ns).Add(-e.Offset), true
}

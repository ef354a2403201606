package stats

import "time"

// link measures what the network and the sender did to a stream: the
// capture-to-arrival latency of frames that carry a capture time, the payload
// throughput, and the frames the sender dropped (gaps in its sequence
// numbers). A Meter holds one and calls it under its lock.
//
// Capture-to-arrival is the time a frame's last byte was read minus the
// capture time the sender stamped on it (v2's capture_ns), put on the
// viewer's clock through the offset time probes measured (Meter.Clock);
// before there is one (a sender that does not answer probes), the sender's
// clock is taken for the viewer's, meaningful only on the same machine or
// with clocks kept in sync (NTP, PTP). A frame stamped after its own arrival
// (the sender's clock ahead of the viewer's) is not put in the histogram,
// where it would pass for a fast frame: it is counted in ahead instead, so
// a readout can say the clocks disagree.
type link struct {
	arrival    histogram // capture-to-arrival over the session
	winArrival histogram // capture-to-arrival in the current record window
	ahead      int64     // frames stamped after their arrival

	bytes     ring      // payload bytes per interval, for the last second's throughput
	firstAt   time.Time // arrival of the first frame
	lastAt    time.Time // arrival of the last frame
	firstSize int       // payload bytes of the first frame

	haveSeq          bool
	lastSeq          uint64
	senderDropped    int64 // frames missing from the sequence numbers
	winSenderDropped int64 // of them, in the current record window
	restarts         int64 // sequence numbers that went back or repeated
	synced           bool  // the last capture time went through the clock offset
}

// frame counts one frame of size bytes that arrived at at (interval id;
// n frames so far, this one included). With hasSeq, seq is the sender's
// sequence number: a jump forward by k > 1 counts k-1 frames the sender
// dropped; a number that goes back or repeats is a restart of the sender's
// count, not a drop. captureNs is the sender's capture time, 0 when unknown.
// It returns the frame's capture-to-arrival latency, 0 without one.
func (l *link) frame(id int64, n int64, size int, seq uint64, hasSeq bool, captureNs int64, at time.Time) time.Duration {
	if n == 1 {
		l.firstAt, l.firstSize = at, size
	}
	l.lastAt = at
	l.bytes.addN(id, int64(size), 0)
	if hasSeq {
		switch {
		case !l.haveSeq:
		case seq > l.lastSeq:
			gap := int64(seq - l.lastSeq - 1)
			l.senderDropped += gap
			l.winSenderDropped += gap
		default:
			l.restarts++
		}
		l.haveSeq, l.lastSeq = true, seq
	}
	if captureNs == 0 {
		return 0
	}
	d := at.Sub(time.Unix(0, captureNs))
	if d < 0 {
		l.ahead++
		return 0
	}
	l.arrival.add(d)
	l.winArrival.add(d)
	return d
}

// closeWindow ends a record window: it fills r's link fields and starts the
// next window's counts.
func (l *link) closeWindow(r *Record) {
	h := &l.winArrival
	r.ArrivalFrames = int(h.n)
	r.ArrivalP50, r.ArrivalP99, r.ArrivalMax = h.quantile(0.50), h.quantile(0.99), h.max
	r.SenderDropped = l.winSenderDropped
	h.reset()
	l.winSenderDropped = 0
}

// snapshot fills s's link fields as of interval id, with bytes received in
// all.
func (l *link) snapshot(s *Snapshot, id int64, bytes int64) {
	b, _ := l.bytes.last(id)
	s.LinkMbps = mbps(b, time.Second)
	if d := l.lastAt.Sub(l.firstAt); d > 0 {
		s.RunMbps = mbps(bytes-int64(l.firstSize), d)
	}
	s.ArrivalFrames, s.ArrivalAhead = l.arrival.n, l.ahead
	s.ArrivalP50, s.ArrivalP99, s.ArrivalMaxAll = l.arrival.quantile(0.50), l.arrival.quantile(0.99), l.arrival.max
	s.SenderDropped, s.SenderRestarts = l.senderDropped, l.restarts
}

// mbps is n bytes in d as megabits (10^6 bits) per second; 0 when d <= 0.
func mbps(n int64, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) * 8 / d.Seconds() / 1e6
}

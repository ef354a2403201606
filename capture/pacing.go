package capture

// Pacing to the link. TCP finds a link's rate by sending faster until the
// bottleneck drops packets, and every lost packet of a frame costs a
// retransmission, a round trip at best and a 200 ms timeout at worst: the
// latency spikes of a slow Wi-Fi link. Measured through tbf at 5 Mbit/s
// (make link-test), BBR alone still lost 9% of the packets, the 720p MJPEG
// capture-to-arrival p99 816 ms; paced at 94% of the link, none and 308 ms.
// So once the connection loses packets while the link limits the stream
// (frames are dropped for it), picam caps its pacing rate
// (SO_MAX_PACING_RATE) just under the rate it got through (the largest of
// the last few seconds'), and
// probes upwards again slowly while nothing is lost, so that a link that
// gets faster is used.

// Steps of the pacer: a loss caps the rate at lossShare of what was
// delivered (and of the cap in force); clean intervals raise it by
// raisePercent every raiseEvery intervals up to lossShare of the rate of the
// last loss, and beyond it only after probeAfter clean intervals.
const (
	lossShare    = 95 // percent
	raisePercent = 5
	raiseEvery   = 2
	probeAfter   = 30
)

// pacer decides a connection's pacing cap from its TCP statistics once a
// status interval. It belongs to the status goroutine.
type pacer struct {
	cap     uint64 // bytes per second; 0: no cap
	ceil    uint64 // the delivery rate when packets were last lost
	retrans uint32 // the connection's retransmissions so far
	clean   int    // intervals in a row without a loss
	seen    bool
	recent  [rateWindow]uint64 // the last intervals' delivery rates
	n       int                // intervals seen
}

// rateWindow is how many intervals' delivery rates the pacer takes the
// largest of: one sample can catch the link idle between two frames and
// read low; the largest of a few is what the link carries.
const rateWindow = 5

// step takes the rate the connection delivered (bytes per second), its
// total retransmissions and whether the link limited the interval (the
// sender dropped frames for it), and returns the cap for the next interval
// and whether it changed. The rate it goes by is the largest of the last
// rateWindow. Only losses while the link limits the stream cap it: a stream
// under the link's rate (H.264 at its bitrate) is never held back, its
// keyframes' bursts included.
func (p *pacer) step(rate uint64, retrans uint32, limited bool) (uint64, bool) {
	if !p.seen {
		p.seen, p.retrans = true, retrans
		return p.cap, false
	}
	lost := retrans > p.retrans
	p.retrans = retrans
	p.recent[p.n%rateWindow] = rate
	p.n++
	for _, r := range p.recent {
		rate = max(rate, r)
	}
	old := p.cap
	switch {
	case lost && limited && rate > 0:
		p.clean, p.ceil = 0, rate
		c := rate * lossShare / 100
		if p.cap > 0 {
			c = min(c, p.cap*lossShare/100)
		}
		p.cap = c
	case lost:
		p.clean = 0
	case p.cap > 0:
		p.clean++
		limit := p.ceil * lossShare / 100
		if p.clean >= probeAfter {
			limit, p.clean = p.cap*(100+raisePercent)/100, 0 // probe past the old loss
			p.ceil = max(p.ceil, limit)
		}
		if p.clean%raiseEvery == 0 && p.cap < limit {
			p.cap = min(limit, p.cap*(100+raisePercent)/100)
		}
	}
	return p.cap, p.cap != old
}

// adaptPacing runs the pacer on the current TCP connection after a status
// interval in which the sender sent sentRate bytes per second and dropped
// frames or not; a new connection starts uncapped.
func (s *streamer) adaptPacing(sentRate uint64, dropping bool) {
	c := s.tcp.Load()
	if c != s.paceConn {
		s.pace, s.paceConn = pacer{}, c
		s.paced.Store(0)
	}
	if c == nil {
		return
	}
	rate, retrans, ok := linkStats(c)
	if !ok {
		return
	}
	// TCP's delivery rate can read low (a sample between two frames); what
	// the sender got through is a floor of what the link carries.
	if limit, changed := s.pace.step(max(rate, sentRate), retrans, dropping); changed {
		if setPacing(c, limit) == nil {
			s.paced.Store(limit)
		}
	}
}

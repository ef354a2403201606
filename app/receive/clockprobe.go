package receive

import (
	"context"
	"net"
	"time"

	"github.com/vidstream/vidstream/wire"
)

// Clock probes: a live v2 session asks its sender for the sender's clock
// (PROTOCOL.md, "Timing") on the connection it reads the stream from, so
// that its meter can put the sender's capture and sent times on the
// viewer's clock (stats.Clock keeps the best of the recent samples).
const (
	// probeBurst probes go probeBurstEvery apart from the start, for an
	// estimate within the first second; then one every probeEvery keeps it
	// fresh (a link's delay changes, clocks drift).
	probeBurst      = 5
	probeBurstEvery = 200 * time.Millisecond
	probeEvery      = 2 * time.Second
	// probeWriteTimeout bounds the write of one probe: a sender that does
	// not read its connection must not block the session's goroutine.
	probeWriteTimeout = time.Second
)

// probeClock sends time probes to w until ctx is done, a write fails, or
// the sender shows it does not answer them. It only writes; the replies
// come in on the stream, through the reader's OnTimeReply.
func (s *Session) probeClock(ctx context.Context, w net.Conn) {
	clock := s.Meter.Clock()
	t := time.NewTimer(0)
	defer t.Stop()
	for sent := 0; ; sent++ {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if clock.Estimate().Unanswered() {
			return // a sender that does not know probes (stats.ClockGiveUp)
		}
		w.SetWriteDeadline(time.Now().Add(probeWriteTimeout))
		if err := wire.WriteTimeProbe(w, clock.Probe(time.Now())); err != nil {
			return // the connection is going: the stream's reader will say why
		}
		next := probeEvery
		if sent < probeBurst-1 {
			next = probeBurstEvery
		}
		t.Reset(next)
	}
}

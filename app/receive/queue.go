package receive

import (
	"time"

	"github.com/vidstream/vidstream/wire/handoff"
)

// How frames of an Ordered codec (H.264) go to its one decoder, which needs
// every frame of a group in order: through a short queue, so that a
// decoder that is late for a moment (a keyframe that takes longer, the
// scheduler) loses nothing. A keyframe makes the frames queued before it
// unnecessary: they are dropped and it is decoded next (the screen catches
// up a group at a time). When the oldest queued frame arrived more than
// maxQueueLag before the newest, or the queue is full, the decoder has
// fallen behind the stream: the queue is dropped and so is every frame up
// to the next keyframe.
const (
	// queuePackets is the ordered queue's packets: up to queuePackets-2
	// pending, one being read into, one being decoded. At 30 fps, 10 are
	// over a quarter of a second.
	queuePackets = 10
	// maxQueueLag bounds the latency the queue adds: 150 ms, a few frames.
	maxQueueLag = 150 * time.Millisecond
)

// useQueue makes the session's reader and decoder meet in a queue of
// packets for an Ordered codec. The first packet, read before the codec was
// known and held by the reader, joins the queue when it is released.
func (s *Session) useQueue() {
	packets := make([]*packet, queuePackets-1)
	for i := range packets {
		packets[i] = newPacket()
	}
	s.queue = handoff.NewQueue(packets...)
	s.in = s.queue
}

// queuedPut returns how the reader hands packets to an Ordered codec's
// decoder (see queuePackets); keyframe tells a keyframe by its payload when
// its frame carries no flag.
func (s *Session) queuedPut(keyframe func([]byte) bool) func(*packet) {
	skipping := false
	return func(p *packet) {
		q := s.queue
		key := p.frame.Keyframe || keyframe(p.frame.Payload)
		switch {
		case key:
			s.Meter.Keyframe(p.frame.Seq)
			s.Meter.Dropped(q.Flush())
			skipping = false
		case skipping:
			q.Release(p)
			s.Meter.Dropped(1)
			return
		default:
			old, ok := q.Oldest()
			if q.Pending() >= queuePackets-2 || ok && p.received.Sub(old.received) > maxQueueLag {
				s.Meter.Dropped(q.Flush() + 1)
				q.Release(p)
				skipping = true
				return
			}
		}
		q.Put(p)
	}
}

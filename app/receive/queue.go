package receive

import (
	"github.com/vidstream/vidstream/wire/handoff"
)

// How frames of an Ordered codec (H.264) go to its one decoder, which needs
// every frame of a group in order: through a handoff.Queue, so that a
// decoder late for a moment (a keyframe that takes longer, the scheduler)
// loses nothing; its policy drops whole groups, up to the next keyframe,
// once the decoder falls behind, and lets a keyframe replace the frames
// queued before it (the screen catches up a group at a time).

// queuePackets is the ordered queue's packets: up to queuePackets-2
// pending, one being read into, one being decoded.
const queuePackets = 10

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
// decoder; keyframe tells a keyframe by its payload when its frame carries
// no flag.
func (s *Session) queuedPut(keyframe func([]byte) bool) func(*packet) {
	return func(p *packet) {
		key := p.frame.Keyframe || keyframe(p.frame.Payload)
		if key {
			s.Meter.Keyframe(p.frame.Seq)
		}
		taken, dropped, _ := s.queue.Offer(p, key, p.received)
		if !taken {
			s.queue.Release(p)
		}
		s.Meter.Dropped(dropped)
	}
}

package capture

import (
	"fmt"
	"time"
)

// How an interframe stream (H.264) is sent: through a handoff.Queue, whose
// policy keeps every frame later ones need, lets a keyframe replace the
// frames queued before it, and when the link falls behind drops up to the
// next keyframe, which picam then asks of the camera when it can make one.

// queueItems is the interframe queue's items: up to queueItems-2 pending,
// one being filled, one being sent. At 30 fps, 6 pending are 200 ms, more
// than handoff.MaxLag lets wait.
const queueItems = 8

// putOrdered queues frame f of an interframe stream for the send loop; it
// runs on the capture goroutine.
func (s *streamer) putOrdered(f Frame) {
	it, ok := s.queue.Get()
	if !ok { // cannot happen: the queue keeps one free for the producer
		s.dropped.Add(1)
		return
	}
	it.fill(f)
	taken, dropped, behind := s.queue.Offer(it, f.Keyframe, it.queued)
	if !taken {
		s.queue.Release(it)
	}
	s.dropped.Add(int64(dropped))
	if behind {
		if s.connected.Load() {
			s.log("the link is slower than the camera: dropping frames up to the next keyframe")
		}
		s.requestKeyframe()
	}
}

// startsAtKeyframe reports whether it may be sent on the current
// connection: anything but an interframe stream's frames before the
// connection's first keyframe, which are counted as dropped. It runs on
// the send goroutine.
func (s *streamer) startsAtKeyframe(it *streamItem) bool {
	if !s.needKey {
		return true
	}
	if !it.key {
		s.dropped.Add(1)
		return false
	}
	s.needKey = false
	if wait := time.Since(s.keyWait); wait >= 100*time.Millisecond {
		s.log(fmt.Sprintf("the viewer waited %v for a keyframe (the stream can only start at one)", wait.Round(100*time.Millisecond)))
	}
	return true
}

// requestKeyframe asks the source for a keyframe, when it can make one.
func (s *streamer) requestKeyframe() {
	if s.cfg.RequestKeyframe == nil {
		return
	}
	if err := s.cfg.RequestKeyframe(); err != nil {
		s.log(fmt.Sprintf("could not ask the camera for a keyframe: %v", err))
	}
}

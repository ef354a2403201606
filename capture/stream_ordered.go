package capture

import (
	"fmt"
	"time"
)

// How an interframe stream (H.264) is sent. Its frames cannot replace each
// other: each one needs the ones before it back to a keyframe. They wait in
// a short queue instead; a keyframe makes every frame queued before it
// unnecessary (newest wins, a group at a time), and when the oldest queued
// frame has waited longer than maxQueueLag, or the queue is full, the
// sender has fallen behind the link: the queue is dropped and so is every
// frame up to the next keyframe (asked of the camera when it can make one).
const (
	// queueItems is the interframe queue's items: up to queueItems-2
	// pending, one being filled, one being sent. At 30 fps, 8 are 200 ms.
	queueItems = 8
	// maxQueueLag is how long a frame may wait behind others before the
	// sender drops up to the next keyframe: long enough for a keyframe
	// several times a frame's size to go out (a 1080p IDR takes about
	// 60 ms at 20 Mbit/s), short enough to keep latency bounded.
	maxQueueLag = 150 * time.Millisecond
)

// putOrdered queues frame f of an interframe stream for the send loop; it
// runs on the capture goroutine, which owns s.skipping.
func (s *streamer) putOrdered(f Frame) {
	now := time.Now()
	switch {
	case f.Keyframe:
		s.dropped.Add(int64(s.queue.Flush()))
		s.skipping = false
	case s.skipping:
		s.dropped.Add(1)
		return
	default:
		if old, ok := s.queue.Oldest(); ok && now.Sub(old.queued) > maxQueueLag {
			s.fallBehind(fmt.Sprintf("a frame waited %v to be sent", now.Sub(old.queued).Round(time.Millisecond)))
			return
		}
	}
	it, ok := s.queue.Get()
	if !ok {
		s.fallBehind(fmt.Sprintf("%d frames were waiting to be sent", queueItems-2))
		return
	}
	it.fill(f)
	s.queue.Put(it)
}

// fallBehind drops the queued frames and the current one, skips to the
// next keyframe and asks the source for one.
func (s *streamer) fallBehind(why string) {
	s.dropped.Add(int64(s.queue.Flush()) + 1)
	s.skipping = true
	if s.connected.Load() {
		s.log(fmt.Sprintf("the link is slower than the camera (%s): dropping frames up to the next keyframe", why))
	}
	s.requestKeyframe()
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

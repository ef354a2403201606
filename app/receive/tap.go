package receive

import (
	"time"

	"github.com/vidstream/vidstream/wire"
)

// Tap is told of every frame a session reads, as received, before any
// decoding: the window's recorder uses it. It runs on the session's reader
// goroutine and must not block: f.Payload is valid only during the call,
// so a tap that keeps it copies it. keyframe says the frame decodes on its
// own: always for codecs whose frames are independent (JPEG, raw), the
// codec's test (or the sender's flag) for ordered ones such as H.264.
type Tap func(f wire.Frame, keyframe bool, received time.Time)

// SetTap puts t on the session's frames from the next one on; nil takes it
// off. Safe from any goroutine.
func (s *Session) SetTap(t Tap) {
	if t == nil {
		s.tap.Store(nil)
		return
	}
	s.tap.Store(&t)
}

// tapFrame tells the tap, if any, of frame f (the reader goroutine).
func (s *Session) tapFrame(f wire.Frame, received time.Time) {
	t := s.tap.Load()
	if t == nil {
		return
	}
	key := true
	s.mu.Lock()
	keyOf := s.keyOf
	s.mu.Unlock()
	if keyOf != nil {
		key = f.Keyframe || keyOf(f.Payload)
	}
	(*t)(f, key, received)
}

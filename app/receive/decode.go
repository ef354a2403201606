package receive

import (
	"fmt"
	"time"

	"github.com/vidstream/vidstream/wire"
)

// decodeLoop is one decode goroutine: it decodes the newest pending frame
// whenever there is one, and the last one pending when the reader stops.
// Several run at once when one core cannot keep up; each has its own
// decoder state.
func (s *Session) decodeLoop(done <-chan struct{}) {
	dec := s.cfg.Decoder // this goroutine's own copy
	for {
		if p, ok := s.in.Take(); ok {
			dec.Fit = s.fitSize()
			s.decode(&dec, p)
			continue
		}
		select {
		case <-s.in.Ready():
		case <-done:
			if p, ok := s.in.Take(); ok {
				s.decode(&dec, p)
			}
			return
		}
	}
}

// decode turns packet p into a frame for the screen. Frames that decoded
// out of order (an older one finishing after a newer one) are dropped: the
// screen only ever moves forward.
func (s *Session) decode(dec *wire.Decoder, p *packet) {
	defer s.in.Release(p)
	f, ok := s.out.Get()
	if !ok {
		return // unreachable: there is a frame for each decoder
	}
	img, layout, err := dec.RGBA(f.Image, p.frame.Payload, p.hello)
	if err != nil {
		s.out.Release(f)
		s.Meter.DecodeError(fmt.Errorf("frame %d: %w", p.frame.Seq, err))
		return
	}
	f.Image, f.Layout, f.Seq, f.Received = img, layout, p.frame.Seq, p.received
	f.Payload = f.Payload[:0]
	if layout.Format == wire.FormatJPEG {
		// Keep the JPEG's bytes for Save without copying them: the frame
		// takes the packet's buffer, the packet the frame's old one.
		spare := f.Payload
		if spare == nil {
			spare = make([]byte, 0, 64<<10)
		}
		f.Payload, p.buf = p.frame.Payload, spare
	}
	f.Ready = time.Now()
	s.Meter.Decoded(f.Ready, f.Ready.Sub(f.Received))

	s.order.Lock()
	if p.n < s.newest {
		s.order.Unlock()
		s.out.Release(f)
		s.Meter.Dropped(1)
		return
	}
	s.newest = p.n
	replaced := s.out.Put(f)
	s.order.Unlock()
	if replaced {
		s.Meter.Dropped(1)
	} else {
		s.handler.FrameReady(s)
	}
}

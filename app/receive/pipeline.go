package receive

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/vidstream/vidstream/app/stats"
	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/codec"
	"github.com/vidstream/vidstream/wire/pixel"
)

// The receive pipeline, the same for live streams and recordings: a reader
// takes frames off the stream into packets, a decoder turns a packet into a
// Frame (decode), and the Frame waits in the out hand-off for Take. Live,
// the reader and the decoders are goroutines joined by the in hand-off,
// where the newest packet wins; Lossless, the goroutine running the session
// reads and decodes each frame in turn.

// pipe runs the pipeline until the stream ends; see Run.
func (s *Session) pipe(ctx context.Context) error {
	r := s.reader()
	r.OnTimeReply(func(tr wire.TimeReply) { s.Meter.Clock().Reply(tr, time.Now()) })
	p, err := s.read(r, 1)
	if err != nil {
		return s.explain(err)
	}
	c, err := s.chooseCodec(r)
	if err != nil {
		s.in.Release(p)
		return err
	}
	if w, ok := s.src.(net.Conn); ok && s.mode == Live && r.Protocol() == wire.ProtoV2 {
		probing, stop := context.WithCancel(ctx)
		defer stop()
		go s.probeClock(probing, w)
	}
	if s.mode != Live {
		return s.lossless(ctx, r, c, p)
	}
	return s.live(r, c, p)
}

// read reads the n-th frame (counting from 1) into a free packet and counts
// it. Frames an MJPEG stream's splitter loses are counted as errors and
// skipped; they do not restart the frame timeout. The packet is the
// caller's, to hand on or release.
func (s *Session) read(r *wire.Reader, n uint64) (*packet, error) {
	p, ok := s.in.Get()
	if !ok {
		return nil, errors.New("receive: no free frame buffer") // unreachable: there is one for the reader
	}
	if s.conn != nil {
		// A whole frame must arrive in time: a sender that sends nothing,
		// a byte a second, or only frames the splitter loses, is cut off.
		if err := s.conn.SetReadDeadline(time.Now().Add(s.cfg.FrameTimeout)); err != nil {
			s.in.Release(p)
			return nil, fmt.Errorf("set read deadline: %w", err)
		}
	}
	for {
		f, err := r.Next(p.buf[:0])
		if err != nil && wire.Skippable(r, err) {
			s.Meter.DecodeError(err) // one frame lost; the stream goes on
			continue
		}
		if err != nil {
			s.in.Release(p)
			return nil, err
		}
		if s.pacer != nil {
			if err := s.pacer.wait(s.runCtx, f.CaptureTime); err != nil {
				s.in.Release(p)
				return nil, err
			}
		}
		now := time.Now()
		s.lastFrame.Store(now.UnixNano())
		p.buf, p.frame, p.received, p.n = f.Payload[:0], f, now, n
		tm := stats.Timing{CaptureNs: f.CaptureTime, SentNs: f.SentTime}
		rec, closed, captured := s.Meter.ReceivedTimed(len(f.Payload), f.Seq, tm, now)
		p.captured = captured
		s.tapFrame(f, now)
		if closed {
			s.handler.WindowClosed(s, s.Meter.Snapshot(now).Records-1, rec)
		}
		return p, nil
	}
}

// lossless decodes every frame, first p, in order on this goroutine until
// the stream ends or ctx is done (the handler may stop it after a frame).
func (s *Session) lossless(ctx context.Context, r *wire.Reader, c codec.Codec, p *packet) error {
	dec, err := c.NewDecoder()
	if err != nil {
		s.in.Release(p)
		return fmt.Errorf("%s: %w", s.Remote, err)
	}
	defer dec.Close()
	for n := uint64(2); ; n++ {
		if ctx.Err() != nil { // stopped, perhaps by the frame just read
			s.in.Release(p)
			return nil
		}
		s.decode(dec, p)
		if p, err = s.read(r, n); err != nil {
			return s.explain(err)
		}
	}
}

// live runs the decode goroutines and reads frames, first p, as fast as
// they come until the stream ends: the reader never waits for a decoder.
// A codec whose frames decode on their own gets s.decoders goroutines,
// showing frames in arrival order; an Ordered one gets one, given every
// frame in order, and after a drop only from the next keyframe on.
func (s *Session) live(r *wire.Reader, c codec.Codec, p *packet) error {
	n := s.decoders
	if c.Ordered {
		if c.Keyframe == nil { // it could never resume after a drop
			s.in.Release(p)
			return fmt.Errorf("stream from %s: codec %s has ordered frames but no keyframe test", s.Remote, c.Name)
		}
		n = 1
		s.useQueue()
	}
	decs := make([]codec.Decoder, 0, n)
	for range n {
		d, err := c.NewDecoder()
		if err != nil {
			for _, d := range decs {
				d.Close()
			}
			s.in.Release(p)
			return fmt.Errorf("stream from %s: %w", s.Remote, err)
		}
		decs = append(decs, d)
	}
	var wg sync.WaitGroup
	done := make(chan struct{})
	for _, d := range decs {
		wg.Go(func() {
			defer d.Close()
			s.decodeLoop(d, done)
		})
	}
	put := s.putNewest
	if c.Ordered {
		put = s.queuedPut(c.Keyframe)
	}
	var err error
	for n := uint64(2); err == nil; n++ {
		put(p)
		p, err = s.read(r, n)
	}
	close(done)
	wg.Wait()
	return s.explain(err)
}

// putNewest hands p to the decoders, replacing (and counting as dropped) a
// packet they have not taken yet.
func (s *Session) putNewest(p *packet) {
	if s.latest.Put(p) {
		s.Meter.Dropped(1)
	}
}

// decodeLoop is one decode goroutine: it decodes the newest pending frame
// whenever there is one, and the last one pending when the reader stops.
func (s *Session) decodeLoop(dec codec.Decoder, done <-chan struct{}) {
	for {
		if p, ok := s.in.Take(); ok {
			s.decode(dec, p)
			continue
		}
		select {
		case <-s.in.Ready():
		case <-done:
			if p, ok := s.in.Take(); ok {
				s.decode(dec, p)
			}
			return
		}
	}
}

// decode turns packet p into a frame for the screen and releases p. Frames
// that decoded out of order (an older one finishing after a newer one) are
// dropped: the screen only ever moves forward.
func (s *Session) decode(dec codec.Decoder, p *packet) {
	defer s.in.Release(p)
	f, ok := s.out.Get()
	if !ok {
		return // unreachable: there is a frame for each decoder
	}
	img, layout, err := dec.Decode(f.Image, p.frame.Payload, s.fitSize())
	if err != nil {
		s.out.Release(f)
		switch {
		case errors.Is(err, codec.ErrNoPicture): // a picture held back for reordering: it comes later
		case errors.Is(err, codec.ErrWaitingForKeyframe):
			s.Meter.Dropped(1) // after a loss or an error: not shown, not broken either
		default:
			s.Meter.DecodeError(fmt.Errorf("frame %d: %w", p.frame.Seq, err))
		}
		return
	}
	f.Image, f.Layout, f.Seq, f.Received, f.Captured = img, layout, p.frame.Seq, p.received, p.captured
	f.Payload = f.Payload[:0]
	if layout.Format == pixel.FormatJPEG {
		// Keep the JPEG's bytes for Save without copying them: the frame
		// takes the packet's buffer, the packet the frame's old one.
		spare := f.Payload
		if spare == nil {
			spare = make([]byte, 0, 64<<10)
		}
		f.Payload, p.buf = p.frame.Payload, spare
	}
	f.Ready = time.Now()
	s.Meter.Decoded(f.Captured, f.Received, f.Ready)
	s.mu.Lock()
	s.layout = layout
	s.mu.Unlock()

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

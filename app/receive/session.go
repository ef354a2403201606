package receive

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vidstream/vidstream/app/stats"
	"github.com/vidstream/vidstream/wire"
)

// Frame is a decoded frame ready to show. Frames belong to their Session:
// the one returned by Take stays valid, and unchanged, until the next Take.
type Frame struct {
	Image    *image.RGBA // tightly packed, Min at (0,0): Fyne's fast texture path
	Payload  []byte      // the original bytes of a JPEG frame, to save as is; empty for raw formats
	Layout   wire.Layout // what the payload was: format and size
	Seq      uint64      // the sender's sequence number
	Received time.Time   // when its last byte arrived
	Ready    time.Time   // when Image was ready to show
}

// packet is a frame as read off the wire, waiting for the decoder.
type packet struct {
	buf      []byte // owned by the packet, reused for every frame it carries
	frame    wire.Frame
	hello    *wire.Hello
	received time.Time
	n        uint64 // arrival order, from 1
}

// Session is one sender's connection, from accept to end of stream.
type Session struct {
	Remote  string       // the sender's address
	Started time.Time    // when it connected
	Meter   *stats.Meter // its live measurements and window records

	cfg     Config
	conn    net.Conn
	handler Handler

	in     *wire.Handoff[*packet] // reader -> decoders
	out    *wire.Handoff[*Frame]  // decoders -> screen
	takeMu sync.Mutex
	shown  *Frame // held by the consumer of Take

	decoders int          // decode goroutines
	fit      atomic.Int64 // on-screen size to decode JPEGs down to, packed by SetFit
	order    sync.Mutex   // keeps frames shown in arrival order
	newest   uint64       // arrival order of the newest frame put to out

	mu    sync.Mutex
	proto wire.Protocol
	hello *wire.Hello
}

func newSession(cfg Config, conn net.Conn, h Handler) *Session {
	now := time.Now()
	s := &Session{
		Remote:  conn.RemoteAddr().String(),
		Started: now,
		Meter:   stats.NewMeter(cfg.Window, now),
		cfg:     cfg,
		conn:    conn,
		handler: h,
	}
	// Of each: one being filled (by the reader, or by each decoder), one
	// pending, one held by the consumer.
	s.decoders = cfg.Decoders
	packets, frames := make([]*packet, s.decoders+2), make([]*Frame, s.decoders+2)
	for i := range packets {
		packets[i], frames[i] = newPacket(), &Frame{}
	}
	s.in, s.out = wire.NewHandoff(packets...), wire.NewHandoff(frames...)
	return s
}

func newPacket() *packet { return &packet{buf: make([]byte, 0, 64<<10)} }

// Take returns the newest decoded frame and whether it is new since the last
// call; with nothing new it returns the frame shown before (nil at first).
// The frame it returned before goes back to the decoders: a frame stays
// valid only until the next Take, so one consumer (the UI goroutine, or
// headless mode) should call it. Take is safe to call from any goroutine.
func (s *Session) Take() (*Frame, bool) {
	s.takeMu.Lock()
	defer s.takeMu.Unlock()
	f, ok := s.out.Take()
	if !ok {
		return s.shown, false
	}
	if s.shown != nil {
		s.out.Release(s.shown)
	}
	s.shown = f
	return f, true
}

// SetFit tells the decoders the size the picture is shown at, in pixels,
// so JPEGs decode scaled down to the smallest size that still fills it (see
// wire.Decoder.Fit). Zero means full size. Safe from any goroutine; it takes
// effect with the next frame.
func (s *Session) SetFit(p image.Point) {
	s.fit.Store(int64(uint32(p.X))<<32 | int64(uint32(p.Y)))
}

func (s *Session) fitSize() image.Point {
	v := s.fit.Load()
	return image.Pt(int(int32(v>>32)), int(int32(v)))
}

// Stream says which protocol the sender speaks and, for v2, its hello.
// Both are unknown (ProtoUnknown, nil) until the first frame has arrived.
func (s *Session) Stream() (wire.Protocol, *wire.Hello) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.proto, s.hello
}

// run reads and decodes until the stream ends or ctx is done, and returns
// why it ended: nil for the sender's end marker.
func (s *Session) run(ctx context.Context) error {
	stop := context.AfterFunc(ctx, func() { s.conn.Close() })
	defer stop()

	var wg sync.WaitGroup
	done := make(chan struct{})
	for range s.decoders {
		wg.Go(func() { s.decodeLoop(done) })
	}
	err := s.readLoop()
	close(done)
	wg.Wait()
	if ctx.Err() != nil {
		return fmt.Errorf("stopped: %w", ctx.Err())
	}
	return err
}

// readLoop takes frames off the connection as fast as they come; it never
// waits for the decoder.
func (s *Session) readLoop() error {
	r := wire.NewReader(bufio.NewReaderSize(s.conn, 64<<10), s.cfg.MaxFrame)
	for n := uint64(1); ; n++ {
		p, ok := s.in.Get()
		if !ok {
			return errors.New("receive: no free frame buffer") // unreachable with three packets
		}
		// The whole frame must arrive in time: a sender that sends nothing,
		// or a byte a second, is cut off.
		if err := s.conn.SetReadDeadline(time.Now().Add(s.cfg.FrameTimeout)); err != nil {
			s.in.Release(p)
			return fmt.Errorf("stream from %s: set read deadline: %w", s.Remote, err)
		}
		f, err := r.Next(p.buf[:0])
		if err != nil {
			s.in.Release(p)
			if wire.Skippable(r, err) {
				s.Meter.DecodeError(err) // one frame lost; the stream goes on
				continue
			}
			return s.explain(err)
		}
		now := time.Now()
		p.buf, p.frame, p.hello, p.received, p.n = f.Payload[:0], f, r.Hello(), now, n
		if n == 1 {
			s.mu.Lock()
			s.proto, s.hello = r.Protocol(), r.Hello()
			s.mu.Unlock()
		}
		if rec, closed := s.Meter.Received(len(f.Payload), now); closed {
			s.handler.WindowClosed(s, s.Meter.Snapshot(now).Records-1, rec)
		}
		if s.in.Put(p) {
			s.Meter.Dropped(1)
		}
	}
}

// explain turns the reader's error into the reason the session ended.
func (s *Session) explain(err error) error {
	switch {
	case errors.Is(err, io.EOF):
		return nil
	case errors.Is(err, os.ErrDeadlineExceeded):
		return fmt.Errorf("no whole frame from %s in %v: connection closed: %w", s.Remote, s.cfg.FrameTimeout, err)
	case errors.Is(err, wire.ErrNoEndMarker):
		return fmt.Errorf("%s closed the connection without the end-of-stream marker: %w", s.Remote, err)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%s dropped the connection in the middle of a frame: %w", s.Remote, err)
	default:
		return fmt.Errorf("stream from %s: %w", s.Remote, err)
	}
}

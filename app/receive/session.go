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
	"github.com/vidstream/vidstream/wire/codec"
	"github.com/vidstream/vidstream/wire/handoff"
	"github.com/vidstream/vidstream/wire/pixel"
)

// Mode says what a Session does with frames it cannot decode or show in
// time.
type Mode int

const (
	// Live is for cameras: the newest frame wins at every stage. A reader
	// goroutine takes frames off the stream as fast as they come, decode
	// goroutines turn the newest into pixels, and a frame not taken in time
	// is replaced by a newer one and counted as dropped.
	Live Mode = iota
	// Lossless is for recordings: every frame is read and decoded in order,
	// on the goroutine that runs the session, as fast as it can; none is
	// dropped before the Handler, which should take each one in FrameReady.
	Lossless
	// Paced plays a recording on a screen: as Lossless, but each frame
	// comes at its time in the recording (pace.go), and SetPaused pauses.
	Paced
)

// Frame is a decoded frame ready to show. Frames belong to their Session:
// the one returned by Take stays valid, and unchanged, until the next Take.
type Frame struct {
	Image    *image.RGBA  // tightly packed, Min at (0,0): Fyne's fast texture path
	Payload  []byte       // the original bytes of a JPEG frame, to save as is; empty for raw formats
	Layout   pixel.Layout // what the payload was: format and size
	Seq      uint64       // the sender's sequence number
	Captured time.Time    // when the camera captured it, on the viewer's clock; zero when unknown (no capture time, or the sender's clock not measured)
	Received time.Time    // when its last byte arrived
	Ready    time.Time    // when Image was ready to show
}

// packet is a frame as read off the wire, waiting for a decoder.
type packet struct {
	buf      []byte // owned by the packet, reused for every frame it carries
	frame    wire.Frame
	received time.Time
	captured time.Time // the frame's capture time on the viewer's clock, zero when unknown
	n        uint64    // arrival order, from 1
}

// conn is what a live session uses of a network connection: a read
// deadline per frame, and Close to end a blocked read when the session
// stops.
type conn interface {
	SetReadDeadline(time.Time) error
	Close() error
}

// Session is one stream, from its first byte to its end: a sender's
// connection, or a recording.
type Session struct {
	Remote  string       // the sender's address, or the recording's name
	Started time.Time    // when it began
	Meter   *stats.Meter // its live measurements and window records

	cfg     Config
	mode    Mode
	src     io.Reader
	conn    conn         // for live sessions over a connection; nil otherwise
	started *wire.Reader // the stream's reader, when the server read its start
	handler Handler
	pacer   *pacer          // Paced: holds frames back until their time
	runCtx  context.Context // Run's, for the pacer
	tap     atomic.Pointer[Tap]
	keyOf   func([]byte) bool // an Ordered codec's keyframe test, once the codec is known; nil otherwise

	lastFrame atomic.Int64          // when the last whole frame (or the start) came, Unix ns
	replaced  atomic.Pointer[error] // why a new sender took this session's place; nil while it has not
	peer      *Peer                 // the paired camera over TLS; nil for an unencrypted sender (or a recording)

	in     inHandoff                // reader -> decoders: newest (below), or an ordered codec's queue
	latest *handoff.Newest[*packet] // in, for codecs whose frames decode on their own
	queue  *handoff.Queue[*packet]  // in, for an Ordered codec (see queue.go)
	out    *handoff.Newest[*Frame]  // decoders -> screen
	takeMu sync.Mutex
	shown  *Frame // held by the consumer of Take

	decoders int          // decode goroutines for codecs whose frames decode on their own
	fit      atomic.Int64 // on-screen size to decode JPEGs down to, packed by SetFit
	order    sync.Mutex   // keeps frames shown in arrival order
	newest   uint64       // arrival order of the newest frame put to out

	mu     sync.Mutex
	proto  wire.Protocol
	hello  *wire.Hello
	codec  string
	layout pixel.Layout // of the newest frame decoded
}

// NewSession returns a session reading the stream r in mode m, named name
// (the sender's address, or a file's name), reporting to h. A live session
// over a connection (anything with SetReadDeadline and Close, as a net.Conn)
// cuts off a sender that takes longer than cfg.FrameTimeout for a frame,
// and closes it when Run's ctx is done. The session does not own r
// otherwise: the caller closes it after Run.
func NewSession(r io.Reader, name string, cfg Config, m Mode, h Handler) *Session {
	cfg = cfg.withDefaults()
	now := time.Now()
	s := &Session{
		Remote:  name,
		Started: now,
		Meter:   newMeter(cfg, now),
		cfg:     cfg,
		mode:    m,
		src:     r,
		handler: h,
	}
	if c, ok := r.(conn); ok && m == Live {
		s.conn = c
	}
	s.lastFrame.Store(now.UnixNano())
	// Of each: one being filled (by the reader, or by each decoder), one
	// pending, one held by the consumer.
	s.decoders = cfg.Decoders
	if m != Live {
		s.decoders = 1
	}
	if m == Paced {
		s.pacer = newPacer()
	}
	packets, frames := make([]*packet, s.decoders+2), make([]*Frame, s.decoders+2)
	for i := range packets {
		packets[i], frames[i] = newPacket(), &Frame{}
	}
	s.latest, s.out = handoff.New(packets...), handoff.New(frames...)
	s.in = s.latest
	return s
}

// inHandoff is how packets go from the reader to the decoders.
type inHandoff interface {
	Get() (*packet, bool)
	Release(*packet)
	Take() (*packet, bool)
	Ready() <-chan struct{}
}

// newStartedSession returns a live session of conn, whose stream start r
// has read.
func newStartedSession(conn net.Conn, r *wire.Reader, cfg Config, h Handler) *Session {
	s := NewSession(conn, conn.RemoteAddr().String(), cfg, Live, h)
	s.started = r
	s.proto, s.hello = r.Protocol(), r.Hello() // known from the start: a handler's SessionStarted can name the sender
	return s
}

func newPacket() *packet { return &packet{buf: make([]byte, 0, 64<<10)} }

// newMeter returns a session's meter: displayed when a screen shows the
// frames (Config.Displayed).
func newMeter(cfg Config, now time.Time) *stats.Meter {
	m := stats.NewMeter(cfg.Window, now)
	if cfg.Displayed {
		m.SetDisplayed()
	}
	return m
}

// idle reports whether no whole frame (nor the stream's start) came for
// the last after, at now.
func (s *Session) idle(now time.Time, after time.Duration) bool {
	return now.Sub(time.Unix(0, s.lastFrame.Load())) >= after
}

// replace ends the session because a new sender takes its place; Run then
// returns why (ErrReplaced or ErrDisplaced).
func (s *Session) replace(why error) {
	s.replaced.Store(&why)
	if s.conn != nil {
		s.conn.Close()
	}
}

// Replaced reports whether a new sender has taken the session's place
// (it was idle, or unencrypted and the newcomer paired): it ends with
// ErrReplaced or ErrDisplaced.
func (s *Session) Replaced() bool { return s.replaced.Load() != nil }

// Live reports whether the session is a live stream (a sender's connection
// or a camera URL), not a recording played.
func (s *Session) Live() bool { return s.mode == Live }

// Peer returns the paired camera of a session over TLS, nil for an
// unencrypted sender or a recording.
func (s *Session) Peer() *Peer { return s.peer }

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
// codec.Decoder). Zero means full size. Safe from any goroutine; it takes
// effect with the next frame.
func (s *Session) SetFit(p image.Point) {
	s.fit.Store(int64(uint32(p.X))<<32 | int64(uint32(p.Y)))
}

func (s *Session) fitSize() image.Point {
	v := s.fit.Load()
	return image.Pt(int(int32(v>>32)), int(int32(v)))
}

// Stream says which protocol the sender speaks and, for v2, its hello:
// for a sender's connection from the start (the server reads the stream's
// start first), for a recording once its first frame has arrived
// (ProtoUnknown, nil before).
func (s *Session) Stream() (wire.Protocol, *wire.Hello) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.proto, s.hello
}

// Layout is what the newest decoded frame was: format and size; the zero
// Layout before the first.
func (s *Session) Layout() pixel.Layout {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.layout
}

// Codec names what decodes the stream's frames (codec.Codec.Name), "" until
// the first frame has arrived.
func (s *Session) Codec() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.codec
}

// Run reads and decodes until the stream ends or ctx is done, and returns
// why it ended: nil for the stream's end (the sender's end marker, or the
// end of a recording that has none). It calls the Handler's FrameReady and
// WindowClosed, not SessionStarted or SessionEnded (the Server does).
func (s *Session) Run(ctx context.Context) error {
	if s.conn != nil {
		stop := context.AfterFunc(ctx, func() { s.conn.Close() })
		defer stop()
	}
	s.runCtx = ctx
	err := s.pipe(ctx)
	if ctx.Err() != nil {
		return fmt.Errorf("stopped: %w", ctx.Err())
	}
	return err
}

// bufferSize is how much a session reads ahead of the frame parser: a few
// TCP segments live, more from a file.
func (s *Session) bufferSize() int {
	if s.mode != Live {
		return 1 << 20
	}
	return liveBuffer
}

// explain turns the reader's error into the reason the session ended.
func (s *Session) explain(err error) error {
	switch {
	case errors.Is(err, io.EOF):
		return nil
	case s.replaced.Load() != nil:
		return *s.replaced.Load()
	case s.conn == nil:
		return err // a recording: the caller names it
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

// reader returns the frame reader of the session's stream.
func (s *Session) reader() *wire.Reader {
	if s.started != nil {
		return s.started
	}
	return wire.NewReader(bufio.NewReaderSize(s.src, s.bufferSize()), s.cfg.MaxFrame)
}

// chooseCodec picks the stream's codec once its first frame has been read.
func (s *Session) chooseCodec(r *wire.Reader) (codec.Codec, error) {
	forStream := s.cfg.codecFor
	if forStream == nil {
		forStream = codec.ForStream
	}
	c, err := forStream(r.Protocol(), r.Hello(), s.cfg.Decode)
	if err != nil {
		return c, fmt.Errorf("stream from %s: %w", s.Remote, err)
	}
	s.mu.Lock()
	s.proto, s.hello, s.codec = r.Protocol(), r.Hello(), c.Name
	if c.Ordered {
		s.keyOf = c.Keyframe
	}
	s.mu.Unlock()
	return c, nil
}

package capture

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vidstream/vidstream/wire/backoff"
	"github.com/vidstream/vidstream/wire/handoff"
	"github.com/vidstream/vidstream/wire/jpeg"

	"github.com/vidstream/vidstream/wire"
)

// Defaults of a StreamConfig.
const (
	// defaultMinBackoff is the first delay before dialing the viewer again.
	defaultMinBackoff = 250 * time.Millisecond
	// defaultMaxBackoff is the longest delay between two dial attempts.
	defaultMaxBackoff = 5 * time.Second
	// defaultWriteTimeout bounds the write of one frame to a connection
	// that supports write deadlines (a net.Conn).
	defaultWriteTimeout = 5 * time.Second
)

// stopGrace bounds each write once the stream is told to stop (ctx done):
// the frame in flight and the end marker.
const stopGrace = 2 * time.Second

// Dialer opens a connection to the viewer (or a file) for Stream, which owns
// what it returns from then on and closes it. A Dialer should return
// promptly once ctx is done.
type Dialer func(ctx context.Context) (io.WriteCloser, error)

// StreamConfig configures Stream. The zero value streams protocol seed until
// ctx is done, without reconnecting.
type StreamConfig struct {
	// Proto is wire.ProtoSeed, ProtoV2, ProtoMJPEG or ProtoH264;
	// ProtoUnknown (the zero value) means ProtoSeed.
	Proto wire.Protocol
	// Frames stops the stream after this many frames sent; 0 sends until
	// ctx is done or the source ends.
	Frames int
	// MinBackoff and MaxBackoff are the delays between dial attempts when
	// the viewer is not there, or drops the connection within MaxBackoff of
	// taking it (as a viewer that refuses a second camera does): MinBackoff
	// first, doubling up to MaxBackoff (0 means defaultMinBackoff,
	// defaultMaxBackoff).
	MinBackoff, MaxBackoff time.Duration
	// Reconnect retries failed dials and, after a write error, dials again
	// and starts a new stream. False (files, stdout) makes a dial or write
	// error end the stream.
	Reconnect bool
	// WriteTimeout bounds the write of each frame when the connection has
	// SetWriteDeadline (0 means defaultWriteTimeout); a viewer that stops
	// reading then counts as gone.
	WriteTimeout time.Duration
	// MaxFrame is the largest frame sent, in bytes (0 means
	// wire.DefaultMaxFrame, what a viewer accepts by default; at most
	// wire.MaxFrameLimit). A larger frame from the source ends the stream
	// with an error naming both sizes.
	MaxFrame int
	// Status, when set, is called about once a second and once at the end,
	// never concurrently.
	Status func(StreamStatus)
	// Quality, when set, is the source's JPEG quality, which Stream lowers
	// (down to MinQuality; 0 means DefaultMinQuality) while the link drops
	// more than a tenth of the camera's frames, and raises back towards
	// the quality it had at the start once the link has room again; each
	// change is logged and the status reports it. It needs Status (the
	// decisions are made once a status interval).
	Quality    QualityKnob
	MinQuality int
	// RequestKeyframe, when set, asks the source for a keyframe soon (a
	// V4L2 H.264 encoder can be); Stream calls it, from its own goroutines,
	// when a viewer connects to a stream whose frames depend on each other
	// and when it drops frames up to the next keyframe. It must be safe to
	// call while the source's Next runs.
	RequestKeyframe func() error
	// Log, when set, gets one-line messages about the connection ("no
	// viewer at HOST:PORT yet (connection refused); retrying in 1s",
	// "viewer went away (...); reconnecting") and about a frame cut off by
	// the end of the source's input, never concurrently.
	Log func(string)
}

// streamItem is one frame copied out of the source, owned by the hand-off.
type streamItem struct {
	data   []byte
	seq    uint64
	time   time.Time
	key    bool      // a keyframe of an interframe stream
	queued time.Time // when it was handed to the sender
}

// sendQueue is the hand-off the send loop takes frames from: a
// handoff.Newest, or for interframe streams a handoff.Queue.
type sendQueue interface {
	Ready() <-chan struct{}
	Take() (*streamItem, bool)
	Release(*streamItem)
}

// deadliner is a connection whose writes can be given a deadline.
type deadliner interface{ SetWriteDeadline(time.Time) error }

// errStop ends the send loop cleanly: ctx is done during a connect.
var errStop = errors.New("stop")

// streamer is one Stream's state. The counters are shared by the capture,
// send and status goroutines; conn and ww belong to the send goroutine, dl
// and stopping are guarded by mu.
type streamer struct {
	src      Source
	dial     Dialer
	cfg      StreamConfig
	hand     *handoff.Newest[*streamItem] // unless ordered
	queue    *handoff.Queue[*streamItem]  // when ordered
	out      sendQueue                    // hand or queue
	ordered  bool                         // the source's frames depend on earlier ones (H.264)
	needKey  bool                         // ordered, send side: this connection has had no keyframe yet
	keyWait  time.Time                    // when needKey was set
	quality  qualityLoop                  // with cfg.Quality, on the status goroutine
	tcp      atomic.Pointer[net.TCPConn]  // the current connection, when TCP, for the pacer
	pace     pacer                        // on the status goroutine, for paceConn
	paceConn *net.TCPConn
	paced    atomic.Uint64 // the pacing cap in force, bytes per second; 0 none
	capDone  chan struct{}
	capErr   error // set before capDone is closed
	interval time.Duration

	sent, bytes, dropped, reconnects atomic.Int64
	connected                        atomic.Bool

	conn     io.WriteCloser
	ww       *wire.Writer
	lost     bool            // a connection was lost: the next one is a reconnect
	connAt   time.Time       // when the current (or last) connection was made
	redial   backoff.Backoff // the waits between dials
	sentHere int64           // frames written on the current connection
	replies  chan string     // v2: the viewer's refusal, if it sends one, then closed
	probes   chan probe      // v2 over a network: the viewer's time probes to answer; nil otherwise
	refusal  string          // why the viewer refused the last connection, "" if it did not

	mu       sync.Mutex
	dl       deadliner
	stopping bool

	logMu sync.Mutex
}

// Stream sends src's frames to the connection dial opens, in cfg.Proto,
// newest frame first: one goroutine reads src continuously into a
// handoff.Newest of three reused buffers while another writes the newest
// frame; a frame replaced before it was sent, or captured while no viewer is
// connected, is dropped and counted, never queued. src stays open across
// reconnections (each connection gets a new stream: v2 a new hello). Each
// frame's Data is copied out of src's buffer before Next is called again, so
// the Source keeps ownership of its buffers as the Source contract says.
//
// Stream stops when ctx is done or cfg.Frames frames are sent: it writes the
// end marker to the current connection, if any, closes it and returns a nil
// error. When src.Next returns io.EOF it sends the pending frame, the end
// marker, and returns nil. When src's input ends in the middle of a frame
// (src.Next returns an error wrapping io.ErrUnexpectedEOF, as a
// ReaderSource does) it does the same, drops and counts the partial frame,
// logs it, and returns an error wrapping ErrInputCut and src's error. Any
// other error from src ends the stream without the end marker and is
// returned wrapped, as are dial and write errors without cfg.Reconnect, and
// a failed end marker. Stream returns after src.Next has returned (it
// cancels the ctx given to Next); it does not close src. The returned status
// is the final one.
func Stream(ctx context.Context, src Source, dial Dialer, cfg StreamConfig) (StreamStatus, error) {
	return newStreamer(src, dial, cfg, time.Second).run(ctx)
}

// newStreamer fills in cfg's defaults; interval is the status period.
func newStreamer(src Source, dial Dialer, cfg StreamConfig, interval time.Duration) *streamer {
	if cfg.MinBackoff <= 0 {
		cfg.MinBackoff = defaultMinBackoff
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = defaultMaxBackoff
	}
	cfg.MaxBackoff = max(cfg.MaxBackoff, cfg.MinBackoff)
	if cfg.WriteTimeout <= 0 {
		cfg.WriteTimeout = defaultWriteTimeout
	}
	if cfg.MaxFrame <= 0 {
		cfg.MaxFrame = wire.DefaultMaxFrame
	}
	cfg.MaxFrame = min(cfg.MaxFrame, wire.MaxFrameLimit)
	if cfg.MinQuality <= 0 {
		cfg.MinQuality = DefaultMinQuality
	}
	s := &streamer{
		src: src, dial: dial, cfg: cfg, interval: interval,
		redial:  backoff.Backoff{Min: cfg.MinBackoff, Max: cfg.MaxBackoff},
		capDone: make(chan struct{}),
	}
	if cfg.Quality != nil {
		top := cfg.Quality.Quality()
		s.quality = qualityLoop{min: min(cfg.MinQuality, top), max: top}
	}
	if src != nil && src.Hello().Layout.Format.Interframe() {
		s.ordered = true
		items := make([]*streamItem, queueItems)
		for i := range items {
			items[i] = new(streamItem)
		}
		s.queue = handoff.NewQueue(items...)
		s.out = s.queue
	} else {
		s.hand = handoff.New(new(streamItem), new(streamItem), new(streamItem))
		s.out = s.hand
	}
	return s
}

// run is Stream: it checks the configuration, starts the capture and status
// goroutines, sends until the stream ends, and waits for both to finish.
func (s *streamer) run(ctx context.Context) (StreamStatus, error) {
	if s.cfg.Frames < 0 {
		return StreamStatus{}, fmt.Errorf("capture: stream: negative frame count %d", s.cfg.Frames)
	}
	if s.src == nil || s.dial == nil {
		return StreamStatus{}, errors.New("capture: stream: no source or no dialer")
	}
	if _, err := newWriter(io.Discard, s.cfg.Proto, s.src.Hello()); err != nil {
		return StreamStatus{}, fmt.Errorf("capture: stream: %w", err)
	}
	start := time.Now()
	capCtx, cancelCapture := context.WithCancel(ctx)
	defer cancelCapture()
	go s.capture(capCtx)
	stopStatus := s.startStatus()
	stopDeadline := context.AfterFunc(ctx, s.stop)

	err := s.send(ctx)
	if errors.Is(err, errStop) {
		err = nil
	}
	stopDeadline()
	cancelCapture()
	<-s.capDone
	s.dropPending() // put after the sender stopped: never sent
	stopStatus()
	final := s.status(time.Since(start), s.sent.Load(), s.bytes.Load())
	if s.cfg.Status != nil {
		s.cfg.Status(final)
	}
	return final, err
}

// capture copies src's frames into the hand-off until src fails or ctx is
// done, then records why in capErr and closes capDone.
func (s *streamer) capture(ctx context.Context) {
	defer close(s.capDone)
	for n := 0; ; n++ {
		f, err := s.src.Next(ctx)
		if err == nil && ctx.Err() != nil {
			s.dropped.Add(1) // taken from the source, never sent
			err = ctx.Err()  // a source that ignores ctx still stops here
		}
		switch {
		case err != nil:
			s.capErr = fmt.Errorf("capture: stream: reading frame %d from the source: %w", n, err)
			return
		case len(f.Data) == 0:
			s.capErr = fmt.Errorf("capture: stream: frame %d (seq %d) is empty", n, f.Seq)
			return
		case len(f.Data) > s.cfg.MaxFrame:
			s.capErr = fmt.Errorf("capture: stream: frame %d (seq %d) is %d bytes, over the wire cap of %d bytes",
				n, f.Seq, len(f.Data), s.cfg.MaxFrame)
			return
		case s.cfg.Proto == wire.ProtoMJPEG && !jpeg.IsJPEG(f.Data):
			s.capErr = fmt.Errorf("capture: stream: frame %d (seq %d) is not a JPEG: protocol mjpeg carries JPEGs only", n, f.Seq)
			return
		}
		if s.ordered {
			s.putOrdered(f)
			continue
		}
		it, ok := s.hand.Get()
		if !ok { // cannot happen with three items; never block the camera
			s.dropped.Add(1)
			continue
		}
		it.fill(f)
		if s.hand.Put(it) {
			s.dropped.Add(1)
		}
	}
}

// fill copies f into it.
func (it *streamItem) fill(f Frame) {
	it.data = append(it.data[:0], f.Data...)
	it.seq, it.time, it.key, it.queued = f.Seq, f.Time, f.Keyframe, time.Now()
}

// send writes the newest frames until the stream ends; see Stream.
func (s *streamer) send(ctx context.Context) error {
	defer s.closeConn()
	for {
		if s.cfg.Frames > 0 && s.sent.Load() >= int64(s.cfg.Frames) {
			return s.finish()
		}
		if s.conn == nil {
			if err := s.connect(ctx); err != nil {
				return s.ended(err)
			}
		}
		select {
		case <-ctx.Done():
			s.dropPending()
			return s.finish()
		case <-s.capDone:
			if ctx.Err() != nil { // stopped: Next returned ctx's error
				s.dropPending()
				return s.finish()
			}
			return s.endOfSource(ctx)
		case p := <-s.probes:
			retry := s.cfg.Reconnect && ctx.Err() == nil
			err := s.answer(ctx, p, retry)
			if err == nil {
				err = s.answerProbes(ctx, retry)
			}
			if err != nil && (!retry || ctx.Err() != nil) {
				return err
			}
		case <-s.out.Ready():
			for s.conn != nil && (s.cfg.Frames == 0 || s.sent.Load() < int64(s.cfg.Frames)) {
				retry := s.cfg.Reconnect && ctx.Err() == nil
				if err := s.answerProbes(ctx, retry); err != nil {
					if !retry || ctx.Err() != nil {
						return err
					}
					break
				}
				it, ok := s.out.Take()
				if !ok {
					break
				}
				var err error
				if s.startsAtKeyframe(it) {
					err = s.write(ctx, it, retry)
				}
				s.out.Release(it)
				if err != nil && (!retry || ctx.Err() != nil) {
					return err
				}
			}
		}
	}
}

// write sends one frame on the current connection. A failed write drops the
// connection (and the frame), is logged when retry says a reconnection
// follows, and is returned wrapped.
func (s *streamer) write(ctx context.Context, it *streamItem, retry bool) error {
	s.setDeadline()
	var ts int64
	if !it.time.IsZero() {
		ts = it.time.UnixNano()
	}
	var err error
	if s.ordered {
		var flags wire.FrameFlags
		if it.key {
			flags = wire.FlagKeyframe
		}
		err = s.ww.WriteFrameFlags(it.data, it.seq, ts, flags)
	} else {
		err = s.ww.WriteFrame(it.data, it.seq, ts)
	}
	if err != nil {
		s.dropped.Add(1)
		return s.lose(ctx, err, retry, fmt.Sprintf("writing frame (seq %d, %d bytes)", it.seq, len(it.data)))
	}
	s.sentHere++
	s.sent.Add(1)
	s.bytes.Add(int64(len(it.data)))
	return nil
}

// lose drops the connection after a failed write (what: of what), logs it
// when retry says a reconnection follows, and returns the error wrapped.
func (s *streamer) lose(ctx context.Context, err error, retry bool, what string) error {
	s.closeConn()
	s.lost = true
	if s.refusal != "" {
		// The viewer did not take the stream: what went into the
		// connection was not delivered.
		s.sent.Add(-s.sentHere)
		s.dropped.Add(s.sentHere)
	} else if retry && ctx.Err() == nil {
		s.log(fmt.Sprintf("viewer went away (%v); reconnecting", cause(err)))
	}
	return fmt.Errorf("capture: stream: %s: %w", what, err)
}

// dropPending discards the pending frames, if any, and counts them.
func (s *streamer) dropPending() {
	if s.ordered {
		if n := s.queue.Flush(); n > 0 {
			s.dropped.Add(int64(n)) // the next connection starts at a keyframe
		}
		return
	}
	if it, ok := s.hand.Take(); ok {
		s.hand.Release(it)
		s.dropped.Add(1)
	}
}

// log passes msg to cfg.Log, one call at a time.
func (s *streamer) log(msg string) {
	if s.cfg.Log == nil {
		return
	}
	s.logMu.Lock()
	defer s.logMu.Unlock()
	s.cfg.Log(msg)
}

package receive

// Who may hold the viewer. Up to Config.Cameras cameras stream at once
// (one unless the caller asks for more), and a sender must earn its place:
//
//   - A connection has startTimeout (2 s) to show a valid stream start (the
//     seed protocol's first length word, v2's magic and hello, an MJPEG
//     SOI); until then it is no session and holds nothing but a goroutine
//     and a few KB, and at most maxPending (64) wait so at once.
//   - A new sender with a valid start gets a place while there is one;
//     when every place is taken, it replaces a session that is idle: no
//     whole frame for idleAfter (2 s). A camera sends several frames a
//     second (the blog post's slowest setting, the still port, gave 2), so
//     a real stream is never idle; a silent or trickling sender (one 5-byte
//     frame every 9 s kept the viewer before) is, and cannot keep a camera
//     out. When nobody else wants in, FrameTimeout (10 s) still ends it.
//   - Otherwise the newcomer is refused; a v2 sender is told why before
//     the connection closes (wire.WriteRefusal).
//   - Accepts are rate-limited (acceptRate a second, in bursts of
//     acceptBurst) and refusals reported to the Handler at most every
//     refuseEvery, so that a flood of connections costs the streaming
//     camera and the window next to nothing.

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/pairing"
)

// Admission defaults.
const (
	defaultStartTimeout = 2 * time.Second
	defaultIdleAfter    = 2 * time.Second
	defaultAcceptRate   = 200 // accepts a second
	acceptBurst         = 50
	defaultMaxPending   = 64
	refuseEvery         = 250 * time.Millisecond
	// liveBuffer is the read buffer of a live connection: the stream's
	// headers go through it; payloads larger than it are read straight
	// into their frame buffers.
	liveBuffer = 4 << 10
	// refusalTimeout bounds writing a refusal to a sender.
	refusalTimeout = 200 * time.Millisecond
)

// ErrReplaced ends a session that was idle when a new sender came with a
// valid stream: the new one takes its place.
var ErrReplaced = errors.New("replaced by a new camera: it sent no whole frame for 2 seconds")

// ErrDisplaced ends an unencrypted session whose place a paired camera
// took: paired cameras come first. It is an ErrReplaced.
var ErrDisplaced error = displacedError{}

type displacedError struct{}

func (displacedError) Error() string {
	return "replaced by a paired camera: unencrypted streams give way to paired ones"
}

func (displacedError) Is(target error) bool { return target == ErrReplaced }

// ErrNoStart is why a connection is dropped that showed no valid stream
// start in time.
var ErrNoStart = errors.New("no stream start")

// errCrowded is why a connection is refused when too many are waiting to
// show their stream start.
var errCrowded = errors.New("too many connections are waiting to start a stream")

// admission is how a Server admits senders; zero fields take the defaults.
// Tests shorten the times.
type admission struct {
	startTimeout, idleAfter time.Duration
	askTimeout              time.Duration // secure.go's
	acceptRate              float64
	maxPending              int
}

// admission returns c's admission rules with the defaults filled in.
func (c Config) admission() admission {
	a := c.admit
	if a.startTimeout <= 0 {
		a.startTimeout = defaultStartTimeout
	}
	if a.idleAfter <= 0 {
		a.idleAfter = defaultIdleAfter
	}
	if a.acceptRate <= 0 {
		a.acceptRate = defaultAcceptRate
	}
	if a.askTimeout <= 0 {
		a.askTimeout = defaultAskTimeout
	}
	if a.maxPending <= 0 {
		a.maxPending = defaultMaxPending
	}
	return a
}

// admit reads conn's stream start and gives it the viewer, the place of an
// idle session, or a refusal. It runs on its own goroutine, and so does the
// session it starts.
func (s *Server) admit(ctx context.Context, conn net.Conn, h Handler, refused *refusals) {
	remote := conn.RemoteAddr().String()
	cfg := s.config()
	rules := cfg.admission()
	var once sync.Once
	release := func() { once.Do(func() { s.pending.add(-1) }) }
	defer release()
	conn.SetReadDeadline(time.Now().Add(rules.startTimeout))
	raw := conn // under TLS, once the handshake is done
	stop := context.AfterFunc(ctx, func() { raw.Close() })
	br := bufio.NewReaderSize(conn, liveBuffer)
	var peer *Peer
	if isTLS(br) {
		tc, p, err := s.secure(ctx, conn, br, h, release)
		if err != nil {
			stop()
			conn.Close()
			if ctx.Err() == nil {
				refused.add(remote, err)
			}
			return
		}
		conn, peer = tc, p
		conn.SetDeadline(time.Now().Add(rules.startTimeout))
		br = bufio.NewReaderSize(conn, liveBuffer)
	}
	r := wire.NewReader(br, cfg.MaxFrame)
	err := r.Start()
	stop()
	release()
	if err != nil || ctx.Err() != nil {
		conn.Close()
		if ctx.Err() == nil {
			refused.add(remote, fmt.Errorf("%w in %v: %w", ErrNoStart, rules.startTimeout, err))
		}
		return
	}
	if peer == nil && cfg.RefusePlain {
		if r.Protocol() == wire.ProtoV2 {
			refuseV2(conn, ErrPlainRefused)
		}
		conn.Close()
		refused.add(remote, ErrPlainRefused)
		return
	}
	conn.SetWriteDeadline(time.Time{})
	sess, full := s.claim(conn, r, h, rules.idleAfter, peer)
	if sess == nil {
		if r.Protocol() == wire.ProtoV2 {
			refuseV2(conn, full)
		}
		conn.Close()
		refused.add(remote, full)
		return
	}
	defer conn.Close()
	h.SessionStarted(sess)
	err = sess.Run(ctx)
	s.release(sess)
	h.SessionEnded(sess, err)
}

// isTLS reports whether the connection read through br starts with a TLS
// ClientHello. It waits for more than the first byte only when that byte
// is a TLS record's (0x16), so other senders start as before.
func isTLS(br *bufio.Reader) bool {
	if b, err := br.Peek(1); err != nil || b[0] != 0x16 {
		return false
	}
	first, _ := br.Peek(pairing.SniffLen) // fewer bytes: no TLS client
	return pairing.IsTLSClientHello(first)
}

// refuseV2 tells a v2 sender why it is refused, and lets the reason reach
// it: the connection is shut for writing and what the sender still sends is
// read and dropped for a moment, as closing a socket with unread bytes
// resets it, and a reset can destroy the reason before the sender reads it.
func refuseV2(conn net.Conn, why error) {
	conn.SetDeadline(time.Now().Add(refusalTimeout))
	if wire.WriteRefusal(conn, why.Error()) != nil {
		return
	}
	if cw, ok := conn.(interface{ CloseWrite() error }); ok { // TCP, TLS
		cw.CloseWrite()
	}
	io.Copy(io.Discard, io.LimitReader(conn, 1<<20))
}

// claim makes a session of conn, whose stream r has started, when there is
// a place for it: a free one, or that of the oldest idle session (no whole
// frame for idleAfter), which it ends with ErrReplaced.
// Paired cameras come first: an unpaired sender (peer nil: unencrypted)
// never takes a paired camera's place, even an idle one, and a paired one
// takes the place of the oldest unencrypted stream when no session is
// idle, ending it with ErrDisplaced. Without a place it returns why the
// sender is refused.
func (s *Server) claim(conn net.Conn, r *wire.Reader, h Handler, idleAfter time.Duration, peer *Peer) (sess *Session, full error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	take := func(i int, why error) (*Session, error) {
		sess := newStartedSession(conn, r, s.cfg, h)
		sess.peer = peer
		if i >= 0 {
			s.active[i].replace(why)
			s.active = slices.Delete(s.active, i, i+1)
		}
		s.active = append(s.active, sess)
		return sess, nil
	}
	if len(s.active) < s.cfg.Cameras {
		return take(-1, nil)
	}
	now := time.Now()
	for i, a := range s.active {
		if a.idle(now, idleAfter) && (peer != nil || a.peer == nil) {
			return take(i, ErrReplaced)
		}
	}
	if peer != nil {
		if i := slices.IndexFunc(s.active, func(a *Session) bool { return a.peer == nil }); i >= 0 {
			return take(i, ErrDisplaced)
		}
	}
	return nil, fullError{s.cfg.Cameras}
}

// release gives up sess's place, if it still has one.
func (s *Server) release(sess *Session) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if i := slices.Index(s.active, sess); i >= 0 {
		s.active = slices.Delete(s.active, i, i+1)
	}
}

// counter counts up to a bound, from any goroutine.
type counter struct{ n atomic.Int64 }

// tryAdd adds one unless the count is at max already.
func (c *counter) tryAdd(max int) bool {
	if c.n.Add(1) > int64(max) {
		c.n.Add(-1)
		return false
	}
	return true
}

func (c *counter) add(d int64) { c.n.Add(d) }

// refusals reports refused connections to a Handler, at most one call every
// refuseEvery: the ones in between are counted into the next call's error.
type refusals struct {
	h      Handler
	mu     sync.Mutex
	last   time.Time
	unsaid int
}

// add reports a refusal of remote for err, or counts it for the next report.
func (r *refusals) add(remote string, err error) {
	r.mu.Lock()
	now := time.Now()
	if now.Sub(r.last) < refuseEvery {
		r.unsaid++
		r.mu.Unlock()
		return
	}
	more := r.unsaid
	r.last, r.unsaid = now, 0
	r.mu.Unlock()
	if more > 0 {
		err = fmt.Errorf("%w (and %d more connections refused just before)", err, more)
	}
	r.h.Refused(remote, err)
}

// limiter spaces out events: at most rate a second, in bursts of burst.
// It belongs to one goroutine.
type limiter struct {
	every  time.Duration
	burst  int
	tokens float64
	last   time.Time
}

func newLimiter(rate float64, burst int) *limiter {
	return &limiter{every: time.Duration(float64(time.Second) / rate), burst: burst, tokens: float64(burst), last: time.Now()}
}

// wait takes a token, waiting for one when there is none; it returns
// ctx.Err() when ctx is done first.
func (l *limiter) wait(ctx context.Context) error {
	now := time.Now()
	l.tokens = min(float64(l.burst), l.tokens+float64(now.Sub(l.last))/float64(l.every))
	l.last = now
	if l.tokens >= 1 {
		l.tokens--
		return nil
	}
	d := time.Duration((1 - l.tokens) * float64(l.every))
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
	}
	l.last = time.Now()
	l.tokens = 0
	return nil
}

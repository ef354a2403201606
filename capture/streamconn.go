package capture

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/vidstream/vidstream/wire"
)

// connect dials until it gets a connection, backing off between attempts
// when cfg.Reconnect (dropping the frames captured meanwhile). A connection
// lost soon after it was made (a viewer that refuses it: within
// MaxBackoff) is dialed again only after the next wait, so that such a
// viewer is not hammered; after one that lasted, the first dial is at once
// and the waits start again from MinBackoff. It returns errStop when ctx is
// done, and the source's error or end if it comes first.
func (s *streamer) connect(ctx context.Context) error {
	if s.lost && time.Since(s.connAt) < s.cfg.MaxBackoff {
		d := s.redial.Next()
		if s.refusal != "" {
			s.log(fmt.Sprintf("the viewer is busy with another camera (it says: %s); trying again in %v", s.refusal, d))
		}
		if err := s.wait(ctx, d); err != nil {
			return err
		}
	} else {
		s.redial.Reset()
	}
	for attempt := 1; ; attempt++ {
		conn, err := s.dial(ctx)
		if err == nil && conn == nil { // a broken Dialer: retrying will not help
			return errors.New("capture: stream: the dialer returned no connection and no error")
		}
		if err == nil {
			if err := s.setConn(conn); err != nil {
				return err
			}
			s.connAt = time.Now()
			if s.lost {
				s.reconnects.Add(1)
				s.log("reconnected to the viewer")
			} else if attempt > 1 {
				s.log("connected to the viewer")
			}
			return nil
		}
		if ctx.Err() != nil {
			return errStop
		}
		if !s.cfg.Reconnect {
			return fmt.Errorf("capture: stream: connecting: %w", err)
		}
		delay := s.redial.Next()
		s.log(fmt.Sprintf("%v; retrying in %v", err, delay))
		if err := s.wait(ctx, delay); err != nil {
			return err
		}
	}
}

// wait sleeps for d while disconnected, dropping the frames that arrive.
func (s *streamer) wait(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			return nil
		case <-ctx.Done():
			return errStop
		case <-s.out.Ready():
			s.dropPending()
		case <-s.capDone:
			if ctx.Err() != nil {
				return errStop
			}
			s.dropPending()
			if errors.Is(s.capErr, io.EOF) {
				s.log("the source ended while no viewer was connected")
				return errStop
			}
			return s.capErr
		}
	}
}

// finish ends the stream on the current connection, if any: end marker and
// close.
func (s *streamer) finish() error {
	if s.conn == nil {
		return nil
	}
	s.setDeadline()
	err := s.ww.Close()
	cerr := s.closeConn()
	if s.refusal != "" {
		return nil // the viewer refused the stream: there is none to end
	}
	switch {
	case err != nil:
		return fmt.Errorf("capture: stream: writing the end marker: %w", err)
	case cerr != nil:
		return fmt.Errorf("capture: stream: closing the connection: %w", cerr)
	}
	return nil
}

// newWriter returns the stream writer of protocol p (ProtoUnknown, the zero
// value, is the blog post's seed protocol) over w, announcing h.
func newWriter(w io.Writer, p wire.Protocol, h wire.Hello) (*wire.Writer, error) {
	if p == wire.ProtoUnknown {
		p = wire.ProtoSeed
	}
	ww, err := wire.NewWriter(w, p, h)
	if err != nil {
		return nil, fmt.Errorf("the source's stream: %w", err)
	}
	return ww, nil
}

// setConn makes conn the current connection, with a new stream writer
// announcing the source's hello; a hello the writer refuses closes conn.
func (s *streamer) setConn(conn io.WriteCloser) error {
	ww, err := newWriter(conn, s.cfg.Proto, s.src.Hello())
	if err != nil {
		conn.Close()
		return fmt.Errorf("capture: stream: %w", err)
	}
	s.conn, s.ww, s.sentHere, s.refusal = conn, ww, 0, ""
	if s.ordered {
		// A new viewer can only start at a keyframe.
		s.needKey, s.keyWait = true, time.Now()
		s.requestKeyframe()
	}
	if r, ok := conn.(net.Conn); ok && s.cfg.Proto == wire.ProtoV2 {
		// A v2 viewer that will not show the stream says why on the
		// connection before it closes it; one that measures latency by
		// stage sends time probes, answered between frames (send), and
		// is told when each frame left (Sent messages).
		ww.StampSends(time.Now)
		replies := make(chan string, 1)
		probes := make(chan probe, maxProbes)
		s.replies, s.probes = replies, probes
		go func() {
			defer close(replies)
			reason, err := wire.ReadViewer(r, func(ns int64) {
				select {
				case probes <- probe{sent: ns, arrived: time.Now().UnixNano()}:
				default: // probes come every 2 s: a full queue means a viewer gone wild
				}
			})
			if err == nil {
				replies <- reason
				conn.Close() // so that the write in progress fails at once
			}
		}()
	}
	if tc := tcpOf(conn); tc != nil {
		s.tcp.Store(tc)
	}
	d, _ := conn.(deadliner)
	s.mu.Lock()
	s.dl = d
	s.mu.Unlock()
	s.connected.Store(true)
	return nil
}

// tcpOf returns the TCP connection under conn (itself, or the one a TLS
// connection runs on), nil for anything else.
func tcpOf(conn io.WriteCloser) *net.TCPConn {
	if tc, ok := conn.(interface{ NetConn() net.Conn }); ok {
		conn = tc.NetConn()
	}
	tc, _ := conn.(*net.TCPConn)
	return tc
}

// closeConn closes the current connection, if any.
func (s *streamer) closeConn() error {
	if s.conn == nil {
		return nil
	}
	s.mu.Lock()
	s.dl = nil
	s.mu.Unlock()
	s.connected.Store(false)
	s.tcp.Store(nil)
	err := s.conn.Close()
	if s.replies != nil { // the reader ends with the connection
		for reason := range s.replies {
			s.refusal = reason
		}
		s.replies = nil
	}
	s.conn, s.ww, s.probes = nil, nil, nil
	return err
}

// probe is a viewer's time probe: its time, and when it arrived (ns since
// the Unix epoch, the viewer's clock and ours).
type probe struct{ sent, arrived int64 }

// maxProbes bounds the probes waiting for an answer.
const maxProbes = 4

// answerProbes answers the time probes that have arrived, between two
// frames. A failed write drops the connection as a failed frame does.
func (s *streamer) answerProbes(ctx context.Context, retry bool) error {
	for s.conn != nil {
		select {
		case p := <-s.probes:
			if err := s.answer(ctx, p, retry); err != nil {
				return err
			}
		default:
			return nil
		}
	}
	return nil
}

// answer writes the reply to probe p on the current connection.
func (s *streamer) answer(ctx context.Context, p probe, retry bool) error {
	s.setDeadline()
	if err := s.ww.WriteTimeReply(p.sent, p.arrived); err != nil {
		return s.lose(ctx, err, retry, "writing a time reply")
	}
	return nil
}

// setDeadline gives the next write its deadline: WriteTimeout, or stopGrace
// once stopping.
func (s *streamer) setDeadline() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dl == nil {
		return
	}
	d := s.cfg.WriteTimeout
	if s.stopping {
		d = min(d, stopGrace)
	}
	s.dl.SetWriteDeadline(time.Now().Add(d)) // unsupported (a plain file): no deadline
}

// stop shortens the deadline of a write in flight once ctx is done.
func (s *streamer) stop() {
	s.mu.Lock()
	s.stopping = true
	s.mu.Unlock()
	s.setDeadline()
}

// TCPDialer returns a Dialer of the viewer at addr (host:port) over TCP,
// giving up an attempt after timeout (0: only when ctx is done). Its
// connections keep at most about UnsentLimit bytes unsent in the kernel and,
// on Linux where it is available, use BBR congestion control.
// Its errors are *dialError.
func TCPDialer(addr string, timeout time.Duration) Dialer {
	return func(ctx context.Context) (io.WriteCloser, error) {
		return dialTCP(ctx, addr, timeout)
	}
}

// dialTCP makes one connection to the viewer at addr, as TCPDialer's.
func dialTCP(ctx context.Context, addr string, timeout time.Duration) (net.Conn, error) {
	d := net.Dialer{Timeout: timeout}
	c, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, &dialError{Addr: addr, Err: err}
	}
	if err := limitUnsent(c); err != nil {
		c.Close()
		return nil, &dialError{Addr: addr, Err: err}
	}
	preferCongestion(c.(*net.TCPConn)) // best effort: the default otherwise
	return c, nil
}

// dialError is a failed attempt to connect to the viewer at Addr.
type dialError struct {
	// Addr is the viewer's host:port.
	Addr string
	// Err is the dialer's error.
	Err error
}

// Error says "no viewer at ADDR yet (connection refused)" when nothing
// listens there, else why ADDR could not be reached.
func (e *dialError) Error() string {
	if errors.Is(e.Err, syscall.ECONNREFUSED) {
		return fmt.Sprintf("no viewer at %s yet (connection refused)", e.Addr)
	}
	return fmt.Sprintf("cannot reach the viewer at %s (%v)", e.Addr, cause(e.Err))
}

// Unwrap returns the dial error.
func (e *dialError) Unwrap() error { return e.Err }

// cause returns the innermost error of err's chain, the short reason
// ("connection reset by peer", "i/o timeout").
func cause(err error) error {
	for {
		u := errors.Unwrap(err)
		if u == nil {
			return err
		}
		err = u
	}
}

// Once returns a Dialer that hands out w on its first call and fails on
// every later one: for a stream to a file or stdout, which no reconnection
// can reopen. Stream owns w once it is handed out, and closes it.
func Once(w io.WriteCloser) Dialer {
	var used atomic.Bool
	return func(context.Context) (io.WriteCloser, error) {
		if used.Swap(true) {
			return nil, errors.New("the output was already used")
		}
		return w, nil
	}
}

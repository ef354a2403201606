package pull

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// Guards bound the reads of a stream's connection in time: each read by the
// idle timeout, and all of them by the caller's read deadline. A TCP
// stream's guard sets the connection's deadline (connGuard); an HTTP
// body has none, so its guard cancels the request when a read waits too
// long (bodyGuard), which ends the stream.

// ErrIdle is what the error of a read that got no byte for the Dialer's
// IdleTimeout wraps: the server stopped sending. It is not
// os.ErrDeadlineExceeded, which a deadline set by SetReadDeadline gives.
var ErrIdle = errors.New("the camera stopped sending")

// guard is a stream's connection, its reads bounded in time.
type guard interface {
	io.Reader
	setReadDeadline(t time.Time) error
	close() error
	received() int64 // bytes read so far
}

// idleError is the error of a read that waited idle long.
func idleError(name string, idle time.Duration) error {
	return fmt.Errorf("pull: %s sent nothing for %v: %w", name, idle, ErrIdle)
}

// earliest returns the earlier of two deadlines, the zero time meaning
// none.
func earliest(a, b time.Time) time.Time {
	switch {
	case a.IsZero():
		return b
	case b.IsZero() || a.Before(b):
		return a
	}
	return b
}

// connGuard is a TCP stream's connection.
type connGuard struct {
	c    net.Conn
	name string
	idle time.Duration // <= 0: none
	n    atomic.Int64

	mu       sync.Mutex
	deadline time.Time // the caller's
	idleAt   time.Time // while a read waits, its idle limit
	reading  bool
}

// Read reads from the connection, its deadline the earlier of the
// caller's and the idle limit.
func (g *connGuard) Read(p []byte) (int, error) {
	g.mu.Lock()
	g.idleAt = time.Time{}
	if g.idle > 0 {
		g.idleAt = time.Now().Add(g.idle)
	}
	g.reading = true
	err := g.c.SetReadDeadline(earliest(g.idleAt, g.deadline))
	g.mu.Unlock()
	n, rerr := 0, err
	if err == nil {
		n, rerr = g.c.Read(p)
	}
	g.n.Add(int64(n))
	g.mu.Lock()
	g.reading = false
	callers := !g.deadline.IsZero() && !time.Now().Before(g.deadline)
	g.mu.Unlock()
	switch {
	case rerr == nil || rerr == io.EOF:
		return n, rerr
	case errors.Is(rerr, os.ErrDeadlineExceeded) && !callers && g.idle > 0:
		return n, idleError(g.name, g.idle)
	}
	return n, fmt.Errorf("pull: reading %s: %w", g.name, rerr)
}

// setReadDeadline sets the caller's deadline, for a read waiting now too.
func (g *connGuard) setReadDeadline(t time.Time) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.deadline = t
	if !g.reading {
		return nil // the next Read sets it
	}
	return g.c.SetReadDeadline(earliest(g.idleAt, t))
}

func (g *connGuard) close() error    { return g.c.Close() }
func (g *connGuard) received() int64 { return g.n.Load() }

// bodyGuard is an HTTP stream's reply body. A timer, armed while a read
// waits, cancels the request when the read's idle limit or the caller's
// deadline passes: that read and every later one fail with why. A read
// begun past the deadline ends the stream too: the multipart reader above
// cannot resume a part it was cut in.
type bodyGuard struct {
	body   io.ReadCloser
	cancel context.CancelCauseFunc // the request's
	name   string
	idle   time.Duration // <= 0: none
	n      atomic.Int64

	mu       sync.Mutex
	deadline time.Time // the caller's
	idleAt   time.Time // while a read waits, its idle limit
	reading  bool
	timer    *time.Timer // runs fire; made by the first arm
	why      error       // set when the timer ended the stream
	closed   bool
}

// Read reads from the body, within the idle limit and the deadline.
func (g *bodyGuard) Read(p []byte) (int, error) {
	g.mu.Lock()
	switch {
	case g.why != nil:
		g.mu.Unlock()
		return 0, g.why
	case g.closed:
		g.mu.Unlock()
		return 0, g.closedError()
	}
	now := time.Now()
	if !g.deadline.IsZero() && !now.Before(g.deadline) {
		g.why = g.deadlineError() // the multipart reader's state is lost with it: the stream ends
		g.mu.Unlock()
		g.cancel(g.why)
		return 0, g.why
	}
	g.reading = true
	g.idleAt = time.Time{}
	if g.idle > 0 {
		g.idleAt = now.Add(g.idle)
	}
	g.arm(now)
	g.mu.Unlock()

	n, err := g.body.Read(p)
	g.n.Add(int64(n))

	g.mu.Lock()
	g.reading = false
	if g.timer != nil {
		g.timer.Stop()
	}
	why, closed := g.why, g.closed
	g.mu.Unlock()
	switch {
	case err == nil || err == io.EOF:
		return n, err // if the timer fired as the read returned, the next one says so
	case why != nil:
		return n, why
	case closed:
		return n, g.closedError()
	}
	return n, fmt.Errorf("pull: reading %s: %w", g.name, err)
}

// arm sets the timer for the waiting read's earlier limit. g.mu is held.
func (g *bodyGuard) arm(now time.Time) {
	at := earliest(g.idleAt, g.deadline)
	switch {
	case at.IsZero():
		if g.timer != nil {
			g.timer.Stop()
		}
	case g.timer == nil:
		g.timer = time.AfterFunc(at.Sub(now), g.fire)
	default:
		g.timer.Reset(at.Sub(now))
	}
}

// fire ends the stream if a read still waits past one of its limits.
func (g *bodyGuard) fire() {
	g.mu.Lock()
	if !g.reading || g.why != nil || g.closed {
		g.mu.Unlock()
		return // too late: the read returned, or the stream has ended
	}
	now := time.Now()
	switch {
	case !g.deadline.IsZero() && !now.Before(g.deadline):
		g.why = g.deadlineError()
	case !g.idleAt.IsZero() && !now.Before(g.idleAt):
		g.why = idleError(g.name, g.idle)
	default:
		g.mu.Unlock()
		return // a limit moved later: armed again for it
	}
	why := g.why
	g.mu.Unlock()
	g.cancel(why)
}

// deadlineError is the error of a read past the caller's deadline.
func (g *bodyGuard) deadlineError() error {
	return fmt.Errorf("pull: reading %s: %w", g.name, os.ErrDeadlineExceeded)
}

// closedError is the error of a read of a closed stream.
func (g *bodyGuard) closedError() error {
	return fmt.Errorf("pull: reading %s: %w", g.name, net.ErrClosed)
}

// setReadDeadline sets the caller's deadline, for a read waiting now too.
func (g *bodyGuard) setReadDeadline(t time.Time) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return g.closedError()
	}
	g.deadline = t
	if g.reading {
		g.arm(time.Now())
	}
	return nil
}

// close cancels the request, which ends a waiting read, and closes the
// body.
func (g *bodyGuard) close() error {
	g.mu.Lock()
	if g.closed {
		g.mu.Unlock()
		return nil
	}
	g.closed = true
	if g.timer != nil {
		g.timer.Stop()
	}
	g.mu.Unlock()
	g.cancel(g.closedError())
	return g.body.Close()
}

func (g *bodyGuard) received() int64 { return g.n.Load() }

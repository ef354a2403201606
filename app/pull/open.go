package pull

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/vidstream/vidstream/wire"
)

// Defaults of a Dialer's zero fields.
const (
	// DefaultDialTimeout bounds connecting and, over HTTP, the reply's
	// headers.
	DefaultDialTimeout = 5 * time.Second
	// DefaultIdleTimeout is how long a read may get no byte: as long as a
	// live session waits for a whole frame (receive.DefaultFrameTimeout).
	DefaultIdleTimeout = 10 * time.Second
)

// Dialer opens camera streams. The zero Dialer takes the defaults; a
// Dialer is not changed by Open, so one may serve several goroutines.
type Dialer struct {
	// MaxPart caps an HTTP part's declared Content-Length: a longer part
	// is read and dropped, never held, and counted (Stats.Oversize). It
	// also caps a part without a Content-Length, which is an error past
	// it. Give it the wire.Reader's cap (receive.Config.MaxFrame): 0 means
	// wire.DefaultMaxFrame, and over wire.MaxFrameLimit it is clamped.
	MaxPart int
	// DialTimeout bounds connecting (and, for https, the TLS handshake)
	// and, over HTTP, waiting for the reply's headers; 0 means
	// DefaultDialTimeout.
	DialTimeout time.Duration
	// IdleTimeout is how long one read may wait for a byte before it fails
	// with an error wrapping ErrIdle; 0 means DefaultIdleTimeout, and a
	// negative value none. A server that trickles bytes is not idle: a
	// session's frame timeout (SetReadDeadline) catches it.
	IdleTimeout time.Duration
	// TLSConfig is for https; nil verifies the server against the
	// system's roots (a camera with a self-signed certificate needs its
	// own RootCAs).
	TLSConfig *tls.Config
}

// Open opens t with the zero Dialer's defaults; see Dialer.Open.
func Open(ctx context.Context, t Target) (*Stream, error) {
	var d Dialer
	return d.Open(ctx, t)
}

// Open makes one connection to t and returns its stream: for tcp:// once
// connected; for http(s):// once the reply's headers have come and say it
// is a multipart stream (for a reply that says application/octet-stream,
// or nothing, once its first line has shown a boundary). ctx bounds the
// opening only, as a net.Dialer's: cancelling it later does not end the
// stream (Close does). The caller owns the Stream and closes it.
//
// Its errors say what failed: the connection (refused, no such host, no
// answer within DialTimeout), an HTTP status (a *StatusError: a 401 says
// the user name or password is wrong, or that the URL needs them), or a
// reply that is no MJPEG stream (a web page, a single picture, a multipart
// reply without a boundary).
func (d Dialer) Open(ctx context.Context, t Target) (*Stream, error) {
	if !t.valid() {
		return nil, errors.New("pull: no target to open: make one with Parse")
	}
	if t.scheme == "tcp" {
		return d.openTCP(ctx, t)
	}
	return d.openHTTP(ctx, t)
}

// openTCP connects to a raw stream.
func (d Dialer) openTCP(ctx context.Context, t Target) (*Stream, error) {
	nd := net.Dialer{Timeout: d.dialTimeout()}
	c, err := nd.DialContext(ctx, "tcp", t.addr)
	if err != nil {
		return nil, fmt.Errorf("pull: cannot connect to %s: %w", t, opReason(err))
	}
	g := &connGuard{c: c, name: t.display, idle: d.idleTimeout()}
	return &Stream{target: t, src: g, g: g}, nil
}

// opReason is the reason in a net.OpError, which repeats the address the
// caller's message names already.
func opReason(err error) error {
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Err != nil {
		return oe.Err
	}
	return err
}

func (d Dialer) maxPart() int {
	n := d.MaxPart
	if n <= 0 {
		n = wire.DefaultMaxFrame
	}
	return min(n, wire.MaxFrameLimit)
}

func (d Dialer) dialTimeout() time.Duration {
	if d.DialTimeout <= 0 {
		return DefaultDialTimeout
	}
	return d.DialTimeout
}

// idleTimeout is the idle limit of one read; 0 means none.
func (d Dialer) idleTimeout() time.Duration {
	switch {
	case d.IdleTimeout == 0:
		return DefaultIdleTimeout
	case d.IdleTimeout < 0:
		return 0
	}
	return d.IdleTimeout
}

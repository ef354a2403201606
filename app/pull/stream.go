package pull

import (
	"io"
	"sync/atomic"
	"time"
)

// Stream is one open connection to a camera's stream, read as the bytes a
// wire.Reader reads: for tcp:// the connection's bytes, for http(s):// the
// JPEG parts' bodies one after the other. It has what receive.Session
// takes of a connection, SetReadDeadline and Close, so a Live session times
// its frames and closes it when its run ends. Read belongs to one goroutine
// at a time; Close, SetReadDeadline and Stats are safe from any.
type Stream struct {
	target    Target
	src       io.Reader // what Read reads: the guard, or the multipart reader over it
	g         guard
	parts     *multipartReader // http(s); nil for tcp
	delivered atomic.Int64
}

// Read reads the stream's next bytes into p, which it keeps nothing of. It
// returns io.EOF when the server ended the stream cleanly, an error
// wrapping ErrIdle when a read got no byte for the Dialer's IdleTimeout,
// and one wrapping os.ErrDeadlineExceeded past SetReadDeadline's deadline.
func (s *Stream) Read(p []byte) (int, error) {
	n, err := s.src.Read(p)
	s.delivered.Add(int64(n))
	return n, err
}

// Close closes the connection; a Read waiting on it returns. It may be
// called more than once, from any goroutine.
func (s *Stream) Close() error { return s.g.close() }

// SetReadDeadline sets when a Read waiting then, or begun after, fails with
// an error wrapping os.ErrDeadlineExceeded; the zero time means never (the
// idle timeout still holds). As with a net.Conn, a TCP stream reads on
// once a later deadline is set; for an HTTP stream a deadline that passes
// ends the stream (the request is cancelled, every later Read fails), as a
// session's frame timeout would anyway.
func (s *Stream) SetReadDeadline(t time.Time) error { return s.g.setReadDeadline(t) }

// Target returns what the stream was opened from.
func (s *Stream) Target() Target { return s.target }

// Stats counts what a Stream has read so far.
type Stats struct {
	Received  int64 // bytes read off the connection (an HTTP reply's body, not its headers)
	Delivered int64 // bytes Read returned: frames' bytes
	// For an HTTP stream, its parts: those passed on (begun), and those
	// dropped (not a JPEG, or over the Dialer's MaxPart: Oversize) with
	// their bytes. Zero for tcp.
	Parts, Skipped, Oversize, SkippedBytes int64
}

// Stats returns the stream's counts.
func (s *Stream) Stats() Stats {
	st := Stats{Received: s.g.received(), Delivered: s.delivered.Load()}
	if m := s.parts; m != nil {
		st.Parts, st.Skipped = m.counts.parts.Load(), m.counts.skipped.Load()
		st.Oversize, st.SkippedBytes = m.counts.oversize.Load(), m.counts.skippedBytes.Load()
	}
	return st
}

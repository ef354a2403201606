package receive

import (
	"context"
	"errors"
	"fmt"
	"net"
	"runtime"
	"sync"
	"syscall"
	"time"

	"github.com/vidstream/vidstream/app/stats"
	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/backoff"
	"github.com/vidstream/vidstream/wire/codec"
)

// DefaultFrameTimeout is how long a sender may take to send a whole frame
// (or, between frames, to start the next) before it is cut off: it frees the
// listener from senders that send nothing, or one byte a second.
const DefaultFrameTimeout = 10 * time.Second

// MaxDecoders bounds the decode goroutines of a session: each holds a frame
// buffer and an image, so more cost memory.
const MaxDecoders = 8

// MaxCameras bounds the cameras a Server lets stream at once: each costs
// its decoders, buffers and a place on screen.
const MaxCameras = 16

// ErrBusy is why a sender is refused while as many cameras stream as the
// viewer shows at once (Config.Cameras); the error it is refused with says
// how many.
var ErrBusy = errors.New("another camera is already streaming")

// fullError is ErrBusy for a viewer that shows several cameras at once.
type fullError struct{ cameras int }

func (e fullError) Error() string {
	if e.cameras <= 1 {
		return ErrBusy.Error()
	}
	return fmt.Sprintf("the viewer already shows %d cameras, as many as its settings allow", e.cameras)
}

func (e fullError) Is(target error) bool { return target == ErrBusy }

// Config sets up a Server and its sessions. Zero values take the defaults.
type Config struct {
	Addr         string        // listen address; "" → ":1308" (wire.DefaultPort)
	MaxFrame     int           // cap on one frame's length; 0 → wire.DefaultMaxFrame
	Decode       codec.Options // how payloads become pixels (raw frame size, YUV in colour, pixel cap, memory budget: nil → one shared by the process, see memory.go)
	Window       time.Duration // measurement window of the records; 0 → stats.DefaultWindow
	FrameTimeout time.Duration // 0 → DefaultFrameTimeout
	Decoders     int           // decode goroutines per live session; 0 → one per core, at most 4; at most MaxDecoders
	Cameras      int           // senders that stream at once, each its own session; 0 → 1; at most MaxCameras
	// Displayed: a screen paints the frames and reports each one to the
	// session's meter (stats.Meter.SetDisplayed), the window; headless
	// mode leaves it false.
	Displayed bool
	// Trust lets cameras stream over TLS and pairs with them (secure.go);
	// nil takes unencrypted senders only.
	Trust *Trust
	// RefusePlain refuses unencrypted senders (the post's client.py,
	// picam -plain); by default they are shown, marked as unencrypted
	// (Session.Peer is nil).
	RefusePlain bool

	// codecFor picks a stream's codec; nil is codec.ForStream. Tests set it.
	codecFor func(wire.Protocol, *wire.Hello, codec.Options) (codec.Codec, error)
	// admit says how senders are admitted (admit.go); tests shorten it.
	admit admission
}

func (c Config) withDefaults() Config {
	if c.Addr == "" {
		c.Addr = ListenAddr(wire.DefaultPort)
	}
	if c.FrameTimeout <= 0 {
		c.FrameTimeout = DefaultFrameTimeout
	}
	if c.Decoders <= 0 {
		c.Decoders = min(runtime.GOMAXPROCS(0), 4)
	}
	c.Decoders = min(c.Decoders, MaxDecoders)
	c.Cameras = min(max(c.Cameras, 1), MaxCameras)
	if c.Decode.Budget == nil {
		c.Decode.Budget = sharedBudget
	}
	return c
}

// Handler is told what happens to a Server's sessions. Its methods are called
// from the server's goroutines and must return quickly.
type Handler interface {
	// SessionStarted: a sender connected.
	SessionStarted(s *Session)
	// FrameReady: a decoded frame waits in s.Take. It is called again only
	// after Take has taken that frame, so at most one call is outstanding.
	FrameReady(s *Session)
	// WindowClosed: a measurement window ended with record r, the i-th.
	WindowClosed(s *Session, i int, r stats.Record)
	// SessionEnded: the stream ended; err is nil for the sender's end marker.
	SessionEnded(s *Session, err error)
	// Refused: a sender was turned away, and why.
	Refused(remote string, err error)
}

// Server listens for senders and runs a session for each, up to
// Config.Cameras at once.
type Server struct {
	cfg     Config
	ln      net.Listener
	pending counter // connections showing their stream start

	mu     sync.Mutex
	active []*Session              // streaming now, oldest first
	asks   map[string]*PairRequest // open pairing questions, by camera name
}

// Listen binds the listening socket at once, so a port in use is reported
// before anything else happens.
func Listen(cfg Config) (*Server, error) {
	cfg = cfg.withDefaults()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	return &Server{cfg: cfg, ln: ln}, nil
}

// Addr is the address the server listens on.
func (s *Server) Addr() net.Addr { return s.ln.Addr() }

// Serve accepts senders until ctx is done, then closes the listener, ends the
// running sessions and returns once they have. Who may hold the viewer is
// admit.go's.
func (s *Server) Serve(ctx context.Context, h Handler) error {
	var wg sync.WaitGroup
	defer wg.Wait()
	stop := context.AfterFunc(ctx, func() { s.ln.Close() })
	defer stop()
	defer s.ln.Close()
	wait := backoff.Backoff{Min: 5 * time.Millisecond, Max: time.Second}
	rate := newLimiter(s.cfg.admission().acceptRate, acceptBurst)
	refusals := &refusals{h: h}
	for {
		if err := rate.wait(ctx); err != nil {
			return nil
		}
		conn, err := s.ln.Accept()
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			if !retryable(err) {
				return fmt.Errorf("accept on %s: %w", s.ln.Addr(), err)
			}
			// Out of descriptors, or a connection aborted before it was
			// accepted: wait a little and go on listening, as net/http does.
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(wait.Next()):
			}
			continue
		}
		wait.Reset()
		if !s.pending.tryAdd(s.cfg.admission().maxPending) {
			refusals.add(conn.RemoteAddr().String(), errCrowded)
			conn.Close()
			continue
		}
		wg.Go(func() { s.admit(ctx, conn, h, refusals) })
	}
}

// Reconfigure changes how the next session decodes and measures, and who
// may stream (Trust, RefusePlain); the listen address stays. The running session keeps the settings it began with.
func (s *Server) Reconfigure(cfg Config) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cfg.Addr = s.cfg.Addr
	s.cfg = cfg.withDefaults()
}

// config returns the server's configuration as it is now.
func (s *Server) config() Config {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cfg
}

// retryable reports whether an Accept error is passing: a timeout, too many
// open files, or a connection aborted before it was accepted.
func retryable(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout() ||
		errors.Is(err, syscall.EMFILE) || errors.Is(err, syscall.ENFILE) || errors.Is(err, syscall.ECONNABORTED)
}

// Close stops accepting; Serve returns.
func (s *Server) Close() error { return s.ln.Close() }

package capture

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/backoff"
)

// Defaults of a ReopenConfig.
const (
	// defaultReopenMinBackoff is the first delay before opening a lost camera again.
	defaultReopenMinBackoff = 500 * time.Millisecond
	// defaultReopenMaxBackoff is the longest delay between two attempts.
	defaultReopenMaxBackoff = 5 * time.Second
)

// ReopenConfig configures Reopen.
type ReopenConfig struct {
	// MinBackoff and MaxBackoff are the delays between attempts to open the
	// camera again: MinBackoff first, doubling up to MaxBackoff (0 means
	// defaultReopenMinBackoff, defaultReopenMaxBackoff).
	MinBackoff, MaxBackoff time.Duration
	// Log, when set, gets one-line messages: the camera lost and why, the
	// first failed attempt to open it again, the camera back. It is called
	// from the goroutine calling Next.
	Log func(string)
}

// IdleCloser is a Source with a more thorough Close for when none of its
// frames is in use. CloseIdle is Close, called only from the goroutine that
// calls Next, once it has called Next again since the last frame: no
// Frame.Data from the Source is being read any more (a V4L2 camera then
// unmaps its buffers outright rather than leaving memory mapped for a
// racing reader). Reopen closes a lost camera with CloseIdle when it is an
// IdleCloser, with Close otherwise.
type IdleCloser interface {
	Source
	CloseIdle() error
}

// reopener is the Source Reopen returns. cur and closed are guarded by mu;
// seq, backoff and wait belong to the goroutine calling Next.
type reopener struct {
	open  func() (Source, error)
	cfg   ReopenConfig
	hello wire.Hello

	mu     sync.Mutex
	cur    Source // nil while the camera is lost
	closed bool
	done   chan struct{} // closed by Close

	seq     uint64
	backoff backoff.Backoff // hands out the waits between attempts to open
	wait    time.Duration   // before the next attempt to open: 0 (at once) while a frame came since the last
}

// Reopen returns a Source that reads src and, when src fails while
// streaming (a camera unplugged, or stalled: any error but io.EOF, and
// ErrClosed or ctx's error when those are the reason), closes it (see
// IdleCloser) and calls open, with backoff, until it returns a camera with
// the same layout; then it goes on from there, so the stream to the viewer
// survives the camera. A camera back with a different layout ends Next with
// an error. Frames are numbered anew, without a gap. Hello is src's. Reopen
// owns src from now on: Close closes whichever camera is open.
func Reopen(src Source, open func() (Source, error), cfg ReopenConfig) Source {
	if cfg.MinBackoff <= 0 {
		cfg.MinBackoff = defaultReopenMinBackoff
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = defaultReopenMaxBackoff
	}
	cfg.MaxBackoff = max(cfg.MaxBackoff, cfg.MinBackoff)
	return &reopener{open: open, cfg: cfg, hello: src.Hello(), cur: src, done: make(chan struct{}),
		backoff: backoff.Backoff{Min: cfg.MinBackoff, Max: cfg.MaxBackoff}}
}

// Hello describes the stream: the first camera's hello.
func (r *reopener) Hello() wire.Hello { return r.hello }

// Next returns the camera's next frame, reopening the camera first when it
// was lost. It returns ctx.Err() when ctx is done and ErrClosed after Close.
func (r *reopener) Next(ctx context.Context) (Frame, error) {
	for {
		src, err := r.current()
		if err != nil {
			return Frame{}, err
		}
		if src == nil {
			if err := r.reopen(ctx); err != nil {
				return Frame{}, err
			}
			continue
		}
		f, err := src.Next(ctx)
		switch {
		case err == nil:
			f.Seq = r.seq
			r.seq++
			r.wait = 0 // the camera works: a later loss reopens at once
			r.backoff.Reset()
			return f, nil
		case errors.Is(err, io.EOF):
			return Frame{}, err
		case ctx.Err() != nil:
			return Frame{}, ctx.Err()
		case r.isClosed():
			return Frame{}, ErrClosed
		}
		r.logf("camera lost: %v; opening it again", err)
		if err := r.drop(src); err != nil {
			r.logf("closing the lost camera: %v", err)
		}
	}
}

// current returns the open camera, nil when it is lost, or ErrClosed.
func (r *reopener) current() (Source, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil, ErrClosed
	}
	return r.cur, nil
}

func (r *reopener) isClosed() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.closed
}

// drop closes the lost camera src. It runs on the goroutine calling Next,
// which has called Next again since the last frame: nothing reads src's
// frames any more.
func (r *reopener) drop(src Source) error {
	r.mu.Lock()
	if r.cur == src {
		r.cur = nil
	}
	r.mu.Unlock()
	if c, ok := src.(IdleCloser); ok {
		return c.CloseIdle()
	}
	return src.Close()
}

// reopen opens the camera again until it is back (r.cur set), ctx is done,
// r is closed, or it comes back different. The first attempt after a camera
// that delivered frames is at once; then the waits double from MinBackoff
// to MaxBackoff, and keep growing across losses while a reopened camera
// fails before its first frame.
func (r *reopener) reopen(ctx context.Context) error {
	start := time.Now()
	for attempt := 1; ; attempt++ {
		if r.wait > 0 {
			t := time.NewTimer(r.wait)
			select {
			case <-ctx.Done():
				t.Stop()
				return ctx.Err()
			case <-r.done:
				t.Stop()
				return ErrClosed
			case <-t.C:
			}
		}
		r.wait = r.backoff.Next()
		src, err := r.open()
		if err == nil {
			return r.adopt(src, attempt, time.Since(start))
		}
		if attempt == 1 {
			r.logf("camera not back yet (%v); trying again every %v at most", err, r.cfg.MaxBackoff)
		}
	}
}

// adopt makes the reopened src the camera, if it streams the same layout
// and r is still open.
func (r *reopener) adopt(src Source, attempt int, after time.Duration) error {
	if got, want := src.Hello().Layout, r.hello.Layout; got != want {
		return errors.Join(fmt.Errorf("capture: the camera came back with %v, not the %v it streamed", got, want), src.Close())
	}
	r.mu.Lock()
	if r.closed { // Close came while src was being opened
		r.mu.Unlock()
		if err := src.Close(); err != nil {
			r.logf("closing the camera opened during Close: %v", err)
		}
		return ErrClosed // as the Source contract says, unwrapped
	}
	r.cur = src
	r.mu.Unlock()
	r.logf("camera back after %d attempt(s), %v", attempt, after.Round(time.Millisecond))
	return nil
}

// Close closes the camera and ends a waiting Next. It is safe to call more
// than once and from any goroutine.
func (r *reopener) Close() error {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return nil
	}
	r.closed = true
	close(r.done)
	src := r.cur
	r.cur = nil
	r.mu.Unlock()
	if src == nil {
		return nil
	}
	return src.Close()
}

func (r *reopener) logf(format string, args ...any) {
	if r.cfg.Log != nil {
		r.cfg.Log(fmt.Sprintf(format, args...))
	}
}

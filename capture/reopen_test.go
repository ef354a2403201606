package capture

import (
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/pixel"
)

// scriptSource returns its frames, then err (or blocks until ctx is done or
// it is closed, when err is nil).
type scriptSource struct {
	hello  wire.Hello
	frames []string
	err    error

	mu     sync.Mutex
	closes int
	closed chan struct{}
}

func newScript(l pixel.Layout, err error, frames ...string) *scriptSource {
	return &scriptSource{hello: wire.Hello{Layout: l}, frames: frames, err: err, closed: make(chan struct{})}
}

func (s *scriptSource) Hello() wire.Hello { return s.hello }

func (s *scriptSource) Next(ctx context.Context) (Frame, error) {
	s.mu.Lock()
	if s.closes > 0 {
		s.mu.Unlock()
		return Frame{}, ErrClosed
	}
	if len(s.frames) > 0 {
		f := s.frames[0]
		s.frames = s.frames[1:]
		s.mu.Unlock()
		return Frame{Data: []byte(f), Seq: 100}, nil // Seq: the source's own count, replaced
	}
	s.mu.Unlock()
	if s.err != nil {
		return Frame{}, s.err
	}
	select {
	case <-ctx.Done():
		return Frame{}, ctx.Err()
	case <-s.closed:
		return Frame{}, ErrClosed
	}
}

func (s *scriptSource) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closes++; s.closes == 1 {
		close(s.closed)
	}
	return nil
}

func (s *scriptSource) closeCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closes
}

// errStalled is how a stalled camera fails (v4l2.errCameraStalled, say).
var errStalled = errors.New("the camera stopped delivering frames")

var reopenLayout = pixel.Layout{Format: pixel.FormatJPEG, Width: 640, Height: 480}

// opener returns an open func that fails fails times, then returns next.
func opener(fails int, next ...Source) (func() (Source, error), *int) {
	calls := 0
	return func() (Source, error) {
		calls++
		if calls <= fails {
			return nil, errors.New("no camera at /dev/video0")
		}
		if len(next) == 0 {
			return nil, errors.New("no more cameras")
		}
		s := next[0]
		next = next[1:]
		return s, nil
	}, &calls
}

func quick(logs *[]string) ReopenConfig {
	return ReopenConfig{MinBackoff: time.Millisecond, MaxBackoff: 4 * time.Millisecond,
		Log: func(s string) { *logs = append(*logs, s) }}
}

func TestReopenSurvivesALostCamera(t *testing.T) {
	unplugged := errors.New("camera /dev/video0: the camera failed or was unplugged")
	first := newScript(reopenLayout, unplugged, "a", "b")
	second := newScript(reopenLayout, io.EOF, "c", "d")
	open, calls := opener(3, second)
	var logs []string
	r := Reopen(first, open, quick(&logs))
	if r.Hello().Layout != reopenLayout {
		t.Fatalf("hello %v", r.Hello())
	}
	var got []string
	for i := uint64(0); ; i++ {
		f, err := r.Next(context.Background())
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("frame %d: %v", i, err)
		}
		if f.Seq != i {
			t.Errorf("frame %q has seq %d, want %d", f.Data, f.Seq, i)
		}
		got = append(got, string(f.Data))
	}
	if strings.Join(got, "") != "abcd" || *calls != 4 || first.closeCount() != 1 || second.closeCount() != 0 {
		t.Fatalf("frames %q, %d opens, closes %d and %d; want abcd, 4, 1, 0", got, *calls, first.closeCount(), second.closeCount())
	}
	want := []string{"camera lost: " + unplugged.Error() + "; opening it again",
		"camera not back yet (no camera at /dev/video0); trying again every 4ms at most",
		"camera back after 4 attempt(s)"}
	if len(logs) != len(want) {
		t.Fatalf("logs %q, want %q", logs, want)
	}
	for i := range want {
		if !strings.HasPrefix(logs[i], want[i]) {
			t.Errorf("log %d: %q, want %q", i, logs[i], want[i])
		}
	}
	if err := r.Close(); err != nil || second.closeCount() != 1 {
		t.Fatalf("Close: %v, the new camera closed %d times", err, second.closeCount())
	}
	if _, err := r.Next(context.Background()); err != ErrClosed {
		t.Fatalf("Next after Close: %v", err)
	}
}

func TestReopenRefusesADifferentCamera(t *testing.T) {
	other := newScript(pixel.Layout{Format: pixel.FormatJPEG, Width: 320, Height: 240}, nil)
	open, _ := opener(0, other)
	var logs []string
	r := Reopen(newScript(reopenLayout, errStalled), open, quick(&logs))
	defer r.Close()
	_, err := r.Next(context.Background())
	if err == nil || !strings.Contains(err.Error(), "came back with jpeg 320x240") || other.closeCount() != 1 {
		t.Fatalf("Next: %v (other closed %d times), want an error naming the new layout", err, other.closeCount())
	}
}

func TestReopenStops(t *testing.T) {
	t.Run("close while reopening", func(t *testing.T) {
		open, _ := opener(1 << 30)
		r := Reopen(newScript(reopenLayout, errStalled), open, ReopenConfig{MinBackoff: time.Hour})
		errc := make(chan error, 1)
		go func() { _, err := r.Next(context.Background()); errc <- err }()
		time.Sleep(20 * time.Millisecond)
		r.Close()
		select {
		case err := <-errc:
			if err != ErrClosed {
				t.Fatalf("Next: %v, want ErrClosed", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("Close did not end a Next waiting to reopen the camera")
		}
	})
	t.Run("ctx while reopening", func(t *testing.T) {
		open, _ := opener(1 << 30)
		r := Reopen(newScript(reopenLayout, errStalled), open, ReopenConfig{MinBackoff: time.Hour})
		defer r.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		defer cancel()
		if _, err := r.Next(ctx); err != context.DeadlineExceeded {
			t.Fatalf("Next: %v, want the deadline", err)
		}
	})
	t.Run("close while streaming", func(t *testing.T) {
		src := newScript(reopenLayout, nil) // blocks in Next
		open, calls := opener(0)
		r := Reopen(src, open, ReopenConfig{})
		errc := make(chan error, 1)
		go func() { _, err := r.Next(context.Background()); errc <- err }()
		time.Sleep(20 * time.Millisecond)
		r.Close()
		if err := <-errc; err != ErrClosed || *calls != 0 || src.closeCount() != 1 {
			t.Fatalf("Next: %v after %d opens, source closed %d times; want ErrClosed, 0, 1", err, *calls, src.closeCount())
		}
	})
}

// TestReopenBacksOffAFailingCamera: a camera that opens but fails before its
// first frame is not opened again in a tight loop; the waits keep doubling
// across losses up to MaxBackoff.
func TestReopenBacksOffAFailingCamera(t *testing.T) {
	const n = 6
	var opens []time.Time
	enough := make(chan struct{})
	open := func() (Source, error) { // called on the Next goroutine only
		if opens = append(opens, time.Now()); len(opens) == n {
			close(enough)
		}
		return newScript(reopenLayout, syscall.EIO), nil
	}
	r := Reopen(newScript(reopenLayout, syscall.EIO, "a"), open, ReopenConfig{MinBackoff: 10 * time.Millisecond, MaxBackoff: 40 * time.Millisecond})
	if f, err := r.Next(context.Background()); err != nil || string(f.Data) != "a" {
		t.Fatalf("first frame: %q, %v", f.Data, err)
	}
	lost := time.Now()
	errc := make(chan error, 1)
	go func() { _, err := r.Next(context.Background()); errc <- err }()
	<-enough
	r.Close()
	if err := <-errc; err != ErrClosed {
		t.Fatalf("Next: %v", err)
	}
	// At once after the loss, then at least 10, 20, 40, 40, 40 ms apart.
	want := []time.Duration{0, 10, 20, 40, 40, 40}
	for i, at := range opens[:n] {
		prev := lost
		if i > 0 {
			prev = opens[i-1]
		}
		if gap := at.Sub(prev); gap < want[i]*time.Millisecond {
			t.Errorf("open %d came %v after the one before, want at least %v", i+1, gap, want[i]*time.Millisecond)
		}
	}
}

// idleScript is a scriptSource that is an IdleCloser.
type idleScript struct {
	*scriptSource
	idle int // CloseIdle calls
}

func (s *idleScript) CloseIdle() error {
	s.idle++
	return s.Close()
}

// TestReopenClosesALostCameraIdle: a lost camera that is an IdleCloser is
// closed with CloseIdle, on the goroutine calling Next; the camera that
// replaces it is closed by Close with Close.
func TestReopenClosesALostCameraIdle(t *testing.T) {
	first := &idleScript{scriptSource: newScript(reopenLayout, syscall.ENODEV, "a")}
	second := &idleScript{scriptSource: newScript(reopenLayout, nil, "b")}
	open, _ := opener(0, second)
	r := Reopen(first, open, ReopenConfig{MinBackoff: time.Millisecond})
	for _, want := range []string{"a", "b"} {
		if f, err := r.Next(context.Background()); err != nil || string(f.Data) != want {
			t.Fatalf("Next: %q, %v; want %q", f.Data, err, want)
		}
	}
	if first.idle != 1 || first.closeCount() != 1 {
		t.Fatalf("lost camera: %d CloseIdle, %d closes; want 1 and 1", first.idle, first.closeCount())
	}
	if err := r.Close(); err != nil || second.idle != 0 || second.closeCount() != 1 {
		t.Fatalf("Close: %v; the camera then: %d CloseIdle, %d closes; want 0 and 1", err, second.idle, second.closeCount())
	}
}

// TestReopenCloseDuringOpen: Close while the camera is being opened again
// makes Next return ErrClosed itself, and the camera opened then is closed.
func TestReopenCloseDuringOpen(t *testing.T) {
	back := newScript(reopenLayout, nil)
	opening := make(chan struct{})
	closed := make(chan struct{})
	open := func() (Source, error) {
		close(opening)
		<-closed // Close runs now, while this open is in flight
		return back, nil
	}
	r := Reopen(newScript(reopenLayout, errStalled), open, ReopenConfig{})
	errc := make(chan error, 1)
	go func() { _, err := r.Next(context.Background()); errc <- err }()
	<-opening
	r.Close()
	close(closed)
	if err := <-errc; err != ErrClosed || back.closeCount() != 1 {
		t.Fatalf("Next: %v, the camera opened during Close closed %d times; want ErrClosed and 1", err, back.closeCount())
	}
}

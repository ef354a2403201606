package v4l2

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/vidstream/vidstream/capture"
)

func TestCancelAndClose(t *testing.T) {
	f := newFakeCam(64)
	s := openFake(t, f, Config{})
	f.push(t, jpegOf(1), time.Time{}, false)
	if _, err := s.Next(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	res := nextAsync(s, ctx)
	waitBlocked(t, f, res)
	cancel()
	if r := <-res; !errors.Is(r.err, context.Canceled) {
		t.Fatalf("Next after cancel: %v, want context.Canceled", r.err)
	}
	if _, err := s.Next(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Next on a cancelled ctx: %v", err)
	}
	res = nextAsync(s, context.Background())
	waitBlocked(t, f, res)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if r := <-res; !errors.Is(r.err, capture.ErrClosed) {
		t.Fatalf("Next blocked across Close: %v, want capture.ErrClosed", r.err)
	}
	if _, err := s.Next(context.Background()); !errors.Is(err, capture.ErrClosed) {
		t.Errorf("Next after Close: %v, want capture.ErrClosed", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	f.check(t, true)
}

func TestCloseGivesHeldBufferBack(t *testing.T) {
	f := newFakeCam(64)
	s := openFake(t, f, Config{})
	f.push(t, jpegOf(1), time.Time{}, false)
	if _, err := s.Next(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	f.check(t, true) // the fake faults a stop with the frame's buffer still out
}

func TestDriverErrors(t *testing.T) {
	f := newFakeCam(64)
	s := openFake(t, f, Config{})
	f.push(t, jpegOf(1), time.Time{}, false)
	if _, err := s.Next(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.errAt["dequeue"] = syscall.ENODEV
	if _, err := s.Next(context.Background()); err == nil || !errors.Is(err, syscall.ENODEV) ||
		!strings.HasPrefix(err.Error(), "camera /dev/video0: waiting for a frame:") {
		t.Fatalf("Next with the camera gone: %v", err)
	}
	f.errAt["dequeue"] = nil
	f.push(t, jpegOf(2), time.Time{}, false)
	f.errAt["release"] = syscall.EINVAL
	if _, err := s.Next(context.Background()); err != nil {
		t.Fatalf("Next holding nothing: %v", err)
	}
	if _, err := s.Next(context.Background()); err == nil || !strings.Contains(err.Error(), "giving buffer") {
		t.Fatalf("Next with release failing: %v", err)
	}
	f.errAt["release"] = nil
	s.Close()
	f.check(t, true)
}

// TestCloseWhileStreaming runs Next in a loop against Close from
// another goroutine (run with -race). The loop does not read the frames'
// Data: Close may invalidate it at any moment.
func TestCloseWhileStreaming(t *testing.T) {
	f := newFakeCam(64)
	f.auto = &fakeFill{data: jpegOf(3)}
	s := openFake(t, f, Config{})
	done := make(chan error, 1)
	got := make(chan struct{}, 1)
	go func() {
		for {
			if _, err := s.Next(context.Background()); err != nil {
				done <- err
				return
			}
			select {
			case got <- struct{}{}:
			default:
			}
		}
	}()
	<-got
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; !errors.Is(err, capture.ErrClosed) {
		t.Fatalf("the loop ended with %v, want capture.ErrClosed", err)
	}
	if st := s.Stats(); st.Frames == 0 || st.Skipped != 0 {
		t.Errorf("stats %+v, want frames and none skipped", st)
	}
	f.check(t, true)
}

func TestStall(t *testing.T) {
	for _, tc := range []struct {
		fps  float64
		want time.Duration
	}{{0, 5 * time.Second}, {30, 5 * time.Second}, {0.5, 6 * time.Second}, {0.1, 30 * time.Second}} {
		if got := stallAfter(tc.fps); got != tc.want {
			t.Errorf("stallAfter(%v) = %v, want %v", tc.fps, got, tc.want)
		}
	}
	f := newFakeCam(64)
	s := openFake(t, f, Config{})
	defer s.Close()
	if s.stall != stallMin {
		t.Fatalf("stall after %v at the fake's unknown rate, want %v", s.stall, stallMin)
	}
	s.stall = 50 * time.Millisecond
	start := time.Now()
	_, err := s.Next(context.Background())
	if !errors.Is(err, errCameraStalled) || !strings.Contains(err.Error(), "camera /dev/video0: no frame for 50ms") {
		t.Fatalf("Next with no frame coming: %v, want errCameraStalled after 50ms", err)
	}
	if d := time.Since(start); d < s.stall {
		t.Fatalf("gave up after %v, before the stall time", d)
	}
	f.push(t, jpegOf(3), time.Time{}, false) // the camera recovers: the source goes on
	if fr, err := s.Next(context.Background()); err != nil || !bytes.Equal(fr.Data, jpegOf(3)) {
		t.Fatalf("Next after a stall: %v, %v", fr.Data, err)
	}
	// The caller's own deadline is the caller's error, not a stall.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if _, err := s.Next(ctx); !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, errCameraStalled) {
		t.Fatalf("Next past the caller's deadline: %v", err)
	}
}

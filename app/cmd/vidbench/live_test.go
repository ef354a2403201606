package main

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/vidstream/vidstream/capture"
	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/pixel"
)

func TestPacedSourceCycles(t *testing.T) {
	frames := [][]byte{[]byte("a"), []byte("bb"), []byte("ccc")}
	hello := wire.Hello{Version: wire.Version, Layout: pixel.Layout{Format: pixel.FormatJPEG, Width: 16, Height: 16}}
	s := newPacedSource(frames, hello, 0)
	if s.Hello() != hello {
		t.Errorf("hello %+v, want %+v", s.Hello(), hello)
	}
	for i, want := range []string{"a", "bb", "ccc", "a", "bb"} {
		f, err := s.Next(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if string(f.Data) != want || f.Seq != uint64(i) || f.Time.IsZero() {
			t.Errorf("frame %d: %q seq %d time %v, want %q seq %d", i, f.Data, f.Seq, f.Time, want, i)
		}
	}
	s.Close()
	s.Close()
	if _, err := s.Next(t.Context()); !errors.Is(err, capture.ErrClosed) {
		t.Errorf("after Close: %v, want capture.ErrClosed", err)
	}
	if _, err := newPacedSource(nil, hello, 0).Next(t.Context()); err == nil {
		t.Error("a source without frames gave a frame")
	}
}

func TestPacedSourceWaitEndsOnCancelAndClose(t *testing.T) {
	frames := [][]byte{[]byte("a")}
	s := newPacedSource(frames, wire.Hello{}, 0.001) // one frame every 1000 s
	if _, err := s.Next(t.Context()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := s.Next(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled wait: %v, want context.Canceled", err)
	}
	go s.Close()
	if _, err := s.Next(t.Context()); !errors.Is(err, capture.ErrClosed) {
		t.Errorf("closed wait: %v, want capture.ErrClosed", err)
	}
}

func TestDialRetryingWaitsForTheListener(t *testing.T) {
	addr, err := freeLoopbackAddr()
	if err != nil {
		t.Fatal(err)
	}
	accepted := make(chan error, 1)
	go func() {
		time.Sleep(5 * dialRetry) // a child slow to listen
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			accepted <- err
			return
		}
		defer ln.Close()
		c, err := ln.Accept()
		if err == nil {
			c.Close()
		}
		accepted <- err
	}()
	conn, err := dialRetrying(t.Context(), addr, nil, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	conn.Close()
	if err := <-accepted; err != nil {
		t.Fatal(err)
	}
}

func TestDialRetryingGivesUp(t *testing.T) {
	addr, err := freeLoopbackAddr() // nothing listens there
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dialRetrying(t.Context(), addr, nil, 5*dialRetry); err == nil || !strings.Contains(err.Error(), "did not listen on "+addr) {
		t.Errorf("error %v, want one saying nothing listened on %s in time", err, addr)
	}
	exited := make(chan struct{})
	close(exited)
	if _, err := dialRetrying(t.Context(), addr, exited, time.Minute); err == nil || !strings.Contains(err.Error(), "ended before listening") {
		t.Errorf("error %v, want one saying the child ended", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := dialRetrying(ctx, addr, nil, time.Minute); !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
}

func TestLiveRunWithFakeVidstream(t *testing.T) {
	exe := fakeBinary(t, "vidstream")
	f, err := record(t.Context(), t.TempDir(), streamSpec{W: 32, H: 32, Format: pixel.FormatJPEG, Frames: 3})
	if err != nil {
		t.Fatal(err)
	}
	got, err := liveRun(t.Context(), exe, f, 200, 50*time.Millisecond) // 10 frames, cycling through 3
	if err != nil {
		t.Fatal(err)
	}
	if want := (liveResult{P50: 0.125, P99: 2.5, Sent: 10}); got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestLiveRunFailures(t *testing.T) {
	f, err := record(t.Context(), t.TempDir(), streamSpec{W: 32, H: 32, Format: pixel.FormatJPEG, Frames: 1})
	if err != nil {
		t.Fatal(err)
	}
	exe := fakeBinary(t, "child") // exits at once without listening
	t.Setenv("FAKE_STDERR", "no listener here\n")
	_, err = liveRun(t.Context(), exe, f, 100, 10*time.Millisecond)
	if err == nil || !strings.Contains(err.Error(), "ended before listening") || !strings.Contains(err.Error(), "no listener here") {
		t.Errorf("error %v, want one saying vidstream did not listen, quoting its stderr", err)
	}
	if _, err := liveRun(t.Context(), "/nonexistent/vidstream", f, 100, 10*time.Millisecond); err == nil {
		t.Error("no error for a missing binary")
	}
}

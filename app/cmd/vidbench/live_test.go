package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/vidstream/vidstream/capture"
	"github.com/vidstream/vidstream/wire"
)

func TestPacedSourceCycles(t *testing.T) {
	frames := [][]byte{[]byte("a"), []byte("bb"), []byte("ccc")}
	hello := wire.Hello{Version: wire.Version, Layout: wire.Layout{Format: wire.FormatJPEG, Width: 16, Height: 16}}
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

func TestAddrWatcher(t *testing.T) {
	w := newAddrWatcher()
	for _, chunk := range []string{"2026/01/02 03:04:05 Fyne error\n2026/01/02 03:04:05 Waiting for a ca", "mera on 127.0.0.1:4", "321\nmore\n"} {
		if n, err := w.Write([]byte(chunk)); n != len(chunk) || err != nil {
			t.Fatalf("Write = %d, %v", n, err)
		}
	}
	w.Close()
	if got := <-w.addr; got != "127.0.0.1:4321" {
		t.Errorf("address %q, want 127.0.0.1:4321", got)
	}
	if !bytes.HasSuffix(w.buf.Bytes(), []byte("321\nmore\n")) {
		t.Errorf("kept %q, want every byte", w.buf.Bytes())
	}

	long := newAddrWatcher()
	long.Write([]byte(strings.Repeat("x", maxLine) + " Waiting for a camera on 127.0.0.1:1\n"))
	long.Write([]byte("Waiting for a camera on 127.0.0.1:2\n"))
	if got := <-long.addr; got != "127.0.0.1:2" {
		t.Errorf("address %q, want the one from the line of normal length", got)
	}

	none := newAddrWatcher()
	none.Write([]byte("listen on 127.0.0.1:0: address in use\n"))
	none.Close()
	if got := <-none.addr; got != "" {
		t.Errorf("address %q from a child that never listened", got)
	}
}

func TestLiveRunWithFakeVidstream(t *testing.T) {
	exe := fakeBinary(t, "vidstream")
	f, err := record(t.Context(), t.TempDir(), streamSpec{W: 32, H: 32, Format: wire.FormatJPEG, Frames: 3})
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
	f, err := record(t.Context(), t.TempDir(), streamSpec{W: 32, H: 32, Format: wire.FormatJPEG, Frames: 1})
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

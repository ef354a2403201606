package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os/exec"
	"path/filepath"
	"sync"
	"time"

	"github.com/vidstream/vidstream/capture"
	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/pixel"
)

// pacedSource is a capture.Source that sends recorded frames at a camera's
// pace: frame k not before start + k*period, over and over. Frame data is
// owned by the source and must not be modified.
type pacedSource struct {
	frames [][]byte
	hello  wire.Hello
	period time.Duration // 0: unpaced

	start     time.Time
	seq       uint64
	closeOnce sync.Once
	closed    chan struct{}
}

// newPacedSource returns a source cycling through frames (not copied; the
// caller must not modify them while it runs) at fps frames per second.
func newPacedSource(frames [][]byte, hello wire.Hello, fps float64) *pacedSource {
	s := &pacedSource{frames: frames, hello: hello, closed: make(chan struct{})}
	if fps > 0 {
		s.period = time.Duration(float64(time.Second) / fps)
	}
	return s
}

// Next waits for the next frame's slot and returns it, stamped with the
// current time.
func (s *pacedSource) Next(ctx context.Context) (capture.Frame, error) {
	if len(s.frames) == 0 {
		return capture.Frame{}, errors.New("paced source: no frames")
	}
	now := time.Now()
	if s.seq == 0 {
		s.start = now
	}
	if d := s.start.Add(time.Duration(s.seq) * s.period).Sub(now); d > 0 {
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return capture.Frame{}, ctx.Err()
		case <-s.closed:
			t.Stop()
			return capture.Frame{}, capture.ErrClosed
		}
		now = time.Now()
	}
	select {
	case <-s.closed:
		return capture.Frame{}, capture.ErrClosed
	default:
	}
	f := capture.Frame{Data: s.frames[s.seq%uint64(len(s.frames))], Seq: s.seq, Time: now}
	s.seq++
	return f, nil
}

// Hello is the hello the source was made with.
func (s *pacedSource) Hello() wire.Hello { return s.hello }

// Close ends a waiting Next; later ones return capture.ErrClosed.
func (s *pacedSource) Close() error {
	s.closeOnce.Do(func() { close(s.closed) })
	return nil
}

// liveResult is a live loopback run: the viewer-added latency and the
// viewer's counts.
type liveResult struct {
	P50, P99      float64 // ms, frame fully received -> RGBA ready
	Sent, Dropped int64   // frames written by the sender and received; of those, dropped by the viewer
}

// listenTimeout bounds the wait for vidstream to listen.
const listenTimeout = 30 * time.Second

// dialRetry is the pause between two attempts to connect to a vidstream
// that is not listening yet.
const dialRetry = 10 * time.Millisecond

// liveRun starts `vidstream -headless -listen 127.0.0.1:PORT` on a free
// port, streams f's frames to it over loopback in the seed protocol at fps
// for d, and reads its figures from its -stats JSON once the stream has
// ended.
func liveRun(ctx context.Context, vidstream string, f streamFile, fps float64, d time.Duration) (liveResult, error) {
	name := f.Spec.Name()
	n := max(int(fps*d.Seconds()), 1)
	frames, err := readFrames(f, n)
	if err != nil {
		return liveResult{}, fmt.Errorf("live run of %s: %w", name, err)
	}
	addr, err := freeLoopbackAddr()
	if err != nil {
		return liveResult{}, fmt.Errorf("live run of %s: %w", name, err)
	}
	statsPath, remove, err := newStatsPath()
	if err != nil {
		return liveResult{}, fmt.Errorf("live run of %s: %w", name, err)
	}
	defer remove()

	ctx, cancel := context.WithTimeout(ctx, d+childTimeout)
	defer cancel()
	// Its keys go beside the stats file, removed with it.
	args := []string{"-headless", "-listen", addr, "-size", f.Spec.Size(), "-stats", statsPath, "-keys", filepath.Join(filepath.Dir(statsPath), "keys")}
	cmd := exec.CommandContext(ctx, vidstream, args...)
	stderr := newTailBuffer(maxOutput)
	cmd.Stderr = stderr
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Start(); err != nil {
		return liveResult{}, fmt.Errorf("live run of %s: starting %s: %w", name, vidstream, err)
	}
	exited := make(chan struct{})
	var waitErr error
	go func() {
		waitErr = cmd.Wait()
		close(exited)
	}()

	sendErr := func() error {
		conn, err := dialRetrying(ctx, addr, exited, listenTimeout)
		if err != nil {
			return err
		}
		defer conn.Close() // for a Stream that fails before taking it; Stream closes it otherwise
		hello := wire.Hello{Version: wire.Version, Layout: pixel.PicameraLayout(f.Spec.Format, f.Spec.W, f.Spec.H),
			FPS: fps, Name: "vidbench"}
		src := newPacedSource(frames, hello, fps)
		defer src.Close()
		return feed(ctx, conn, src, n, f.Spec.proto())
	}()
	if sendErr != nil {
		cancel() // stop vidstream, which may still wait for a stream
	}
	<-exited
	if err := errors.Join(sendErr, waitErr); err != nil {
		return liveResult{}, fmt.Errorf("live run of %s (%s): %w%s", name,
			commandString(vidstream, args), err, stderrTail(stderr.Bytes()))
	}
	st, err := readStats(statsPath)
	if err != nil {
		return liveResult{}, fmt.Errorf("live run of %s: %w", name, err)
	}
	if st.Frames != int64(n) || st.Errors != 0 {
		return liveResult{}, fmt.Errorf("live run of %s: %d frames sent, vidstream received %d with %d errors",
			name, n, st.Frames, st.Errors)
	}
	return liveResult{P50: st.LatencyP50Ms, P99: st.LatencyP99Ms, Sent: st.Frames, Dropped: st.Dropped}, nil
}

// freeLoopbackAddr returns 127.0.0.1:PORT with a port that was free a
// moment ago: the system's choice for a listener, closed at once.
func freeLoopbackAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("choosing a port for vidstream: %w", err)
	}
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		return "", fmt.Errorf("choosing a port for vidstream: %w", err)
	}
	return addr, nil
}

// dialRetrying connects to addr, where a child just started is to listen,
// trying again every dialRetry until it answers. It gives up when timeout
// passes, when exited is closed (the child ended) or when ctx is done.
func dialRetrying(ctx context.Context, addr string, exited <-chan struct{}, timeout time.Duration) (net.Conn, error) {
	ctx, cancel := context.WithTimeoutCause(ctx, timeout,
		fmt.Errorf("vidstream did not listen on %s within %v", addr, timeout))
	defer cancel()
	var d net.Dialer
	for {
		conn, err := d.DialContext(ctx, "tcp", addr)
		if err == nil {
			return conn, nil
		}
		t := time.NewTimer(dialRetry)
		select {
		case <-t.C:
		case <-exited:
			t.Stop()
			return nil, errors.New("vidstream ended before listening")
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("%w (last attempt: %w)", context.Cause(ctx), err)
		}
	}
}

// feed writes n frames of src to w in the seed protocol (H.264: raw), each as soon as
// src gives it, then the end marker. It is the benchmark's load, not a
// sender for cameras: unlike capture.Stream it never skips a frame, so a
// viewer slower than the pace gets the whole surplus to drop, which is what
// the overload run measures.
func feed(ctx context.Context, w io.Writer, src capture.Source, n int, p wire.Protocol) error {
	if p != wire.ProtoH264 { // H.264 goes raw (the viewer reads Annex-B too); the rest in the seed framing
		p = wire.ProtoSeed
	}
	ww, err := wire.NewWriter(w, p, src.Hello())
	if err != nil {
		return fmt.Errorf("feeding the viewer: %w", err)
	}
	for i := range n {
		f, err := src.Next(ctx)
		if err != nil {
			return fmt.Errorf("feeding the viewer: frame %d: %w", i, err)
		}
		if err := ww.WriteFrame(f.Data, f.Seq, f.Time.UnixNano()); err != nil {
			return fmt.Errorf("feeding the viewer: frame %d: %w", i, err)
		}
	}
	return ww.Close()
}

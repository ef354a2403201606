package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os/exec"
	"sync"
	"time"

	"github.com/vidstream/vidstream/capture"
	"github.com/vidstream/vidstream/wire"
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
	Sent, Dropped int64
}

// listenTimeout bounds the wait for vidstream to listen.
const listenTimeout = 30 * time.Second

// liveRun starts `vidstream -headless -listen 127.0.0.1:0`, streams f's
// frames to it over loopback in the seed protocol at fps for d, and reads
// the latency it logs once the stream has ended.
func liveRun(ctx context.Context, vidstream string, f streamFile, fps float64, d time.Duration) (liveResult, error) {
	n := max(int(fps*d.Seconds()), 1)
	frames, err := readFrames(f, n)
	if err != nil {
		return liveResult{}, fmt.Errorf("live run of %s: %w", f.Spec.Name(), err)
	}
	ctx, cancel := context.WithTimeout(ctx, d+childTimeout)
	defer cancel()
	args := []string{"-headless", "-listen", "127.0.0.1:0", "-size", f.Spec.Size()}
	cmd := exec.CommandContext(ctx, vidstream, args...)
	stdout := newTailBuffer(maxOutput)
	cmd.Stdout = stdout
	cmd.WaitDelay = 5 * time.Second
	watch := newAddrWatcher()
	cmd.Stderr = watch
	if err := cmd.Start(); err != nil {
		return liveResult{}, fmt.Errorf("live run of %s: starting %s: %w", f.Spec.Name(), vidstream, err)
	}
	exited := make(chan error, 1)
	go func() {
		err := cmd.Wait()
		watch.Close()
		exited <- err
	}()

	sendErr := func() error {
		var addr string
		select {
		case addr = <-watch.addr:
		case <-time.After(listenTimeout):
			return fmt.Errorf("vidstream did not say where it listens within %v", listenTimeout)
		}
		if addr == "" {
			return errors.New("vidstream ended before listening")
		}
		conn, err := (&net.Dialer{Timeout: 5 * time.Second}).DialContext(ctx, "tcp", addr)
		if err != nil {
			return err
		}
		defer conn.Close()
		hello := wire.Hello{Version: wire.Version, Layout: wire.PicameraLayout(f.Spec.Format, f.Spec.W, f.Spec.H),
			FPS: fps, Name: "vidbench"}
		src := newPacedSource(frames, hello, fps)
		defer src.Close()
		_, err = capture.Send(ctx, conn, src, capture.SendConfig{Proto: capture.ProtoSeed, Frames: n})
		return err
	}()
	if sendErr != nil {
		cancel() // stop vidstream, which may still wait for a stream
	}
	waitErr := <-exited
	errText := watch.buf.Bytes()
	if err := errors.Join(sendErr, waitErr); err != nil {
		return liveResult{}, fmt.Errorf("live run of %s (%s): %w%s", f.Spec.Name(),
			commandString(vidstream, args), err, stderrTail(errText))
	}
	lat, err := parseLatency(errText)
	if err != nil {
		return liveResult{}, fmt.Errorf("live run of %s: vidstream's stderr: %w", f.Spec.Name(), err)
	}
	tl, err := parseTotal(stdout.Bytes())
	if err != nil {
		return liveResult{}, fmt.Errorf("live run of %s: vidstream's stdout: %w", f.Spec.Name(), err)
	}
	if tl.Frames != int64(n) || tl.Errors != 0 {
		return liveResult{}, fmt.Errorf("live run of %s: %d frames sent, vidstream received %d with %d errors",
			f.Spec.Name(), n, tl.Frames, tl.Errors)
	}
	return liveResult{P50: lat.P50, P99: lat.P99, Sent: tl.Frames, Dropped: tl.Dropped}, nil
}

// addrWatcher is a child's stderr: it keeps every byte and sends, once,
// the address from the first "Waiting for a camera on" line. Call Close
// after the child has been waited for: it sends "" if no address came.
type addrWatcher struct {
	buf  *tailBuffer // all of stderr, or its last maxOutput bytes
	line []byte      // the line being written, until the address is found
	long bool        // the line is over maxLine: it is skipped
	addr chan string
	sent bool
}

func newAddrWatcher() *addrWatcher {
	return &addrWatcher{buf: newTailBuffer(maxOutput), addr: make(chan string, 1)}
}

// Write keeps p and looks for the address in the complete lines so far.
func (w *addrWatcher) Write(p []byte) (int, error) {
	w.buf.Write(p)
	for rest := p; !w.sent && len(rest) > 0; {
		nl := bytes.IndexByte(rest, '\n')
		if nl < 0 {
			w.add(rest)
			break
		}
		w.add(rest[:nl])
		if a, ok := parseWaiting(string(w.line)); ok && !w.long {
			w.addr <- a
			w.sent = true
		}
		w.line, w.long, rest = w.line[:0], false, rest[nl+1:]
	}
	return len(p), nil
}

// add appends b to the current line, unless that makes it too long.
func (w *addrWatcher) add(b []byte) {
	if w.long || len(w.line)+len(b) > maxLine {
		w.long = true
		return
	}
	w.line = append(w.line, b...)
}

// maxLine bounds a line addrWatcher looks at; longer ones are cut.
const maxLine = 4096

// Close sends "" when no address was seen.
func (w *addrWatcher) Close() {
	if !w.sent {
		w.sent = true
		w.addr <- ""
	}
}

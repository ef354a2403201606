package receive

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vidstream/vidstream/wire/pixel"
	"github.com/vidstream/vidstream/wire/wiretest"

	"github.com/vidstream/vidstream/app/stats"
	"github.com/vidstream/vidstream/wire"
)

// events is a Handler that records what happened, for tests.
type events struct {
	take    bool // take frames as they come, like a screen
	mu      sync.Mutex
	started chan *Session
	ended   chan error
	refused chan error
	records chan stats.Record
	last    *Frame
	ready   int
}

func newEvents(take bool) *events {
	return &events{take: take, started: make(chan *Session, 8), ended: make(chan error, 8),
		refused: make(chan error, 8), records: make(chan stats.Record, 64)}
}

func (e *events) SessionStarted(s *Session) { e.started <- s }
func (e *events) FrameReady(s *Session) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.ready++
	if e.take {
		f, ok := s.Take()
		if !ok {
			panic("FrameReady with nothing to take")
		}
		e.last = f
	}
}

// taken is the last frame taken, if the events take them.
func (e *events) taken() *Frame {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.last == nil {
		return nil
	}
	f := *e.last
	return &f
}

func (e *events) WindowClosed(_ *Session, _ int, r stats.Record) { e.records <- r }
func (e *events) SessionEnded(_ *Session, err error)             { e.ended <- err }
func (e *events) Refused(_ string, err error)                    { e.refused <- err }

func wait[T any](t *testing.T, c chan T, what string) T {
	t.Helper()
	select {
	case v := <-c:
		return v
	case <-time.After(10 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
		panic("unreachable")
	}
}

// serve starts a server on a loopback port and stops it when the test ends.
func serve(t *testing.T, cfg Config, h Handler) *Server {
	t.Helper()
	cfg.Addr = "127.0.0.1:0"
	srv, err := Listen(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- srv.Serve(ctx, h) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return srv
}

func dial(t *testing.T, srv *Server) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", srv.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func seedFrame(p []byte) []byte {
	return append(binary.LittleEndian.AppendUint32(nil, uint32(len(p))), p...)
}

// sendEach sends each payload as a seed frame on c, one at a time (each
// decoded, or failed, before the next, so that newest-wins drops none), and
// returns the session ev saw start.
func sendEach(t *testing.T, c net.Conn, ev *events, payloads ...[]byte) *Session {
	t.Helper()
	var s *Session
	for i, p := range payloads {
		c.Write(seedFrame(p))
		if s == nil {
			s = wait(t, ev.started, "session start")
		}
		until(t, func() bool {
			snap := s.Meter.Snapshot(time.Now())
			return snap.Decoded+snap.Errors == int64(i+1)
		})
	}
	return s
}

// until polls cond until it holds, failing the test after 10 s.
func until(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("timed out waiting for a condition")
		}
	}
}

func near(a, b uint8) bool { d := int(a) - int(b); return d > -8 && d < 8 }

func TestSeedStreamIsShownAndEndsCleanly(t *testing.T) {
	ev := newEvents(true)
	srv := serve(t, Config{}, ev)
	c := dial(t, srv)

	red := wiretest.JPEG(t, wiretest.Solid(64, 48, color.RGBA{255, 0, 0, 255}), 95)
	blue := wiretest.JPEG(t, wiretest.Solid(64, 48, color.RGBA{0, 0, 255, 255}), 95)
	var stream []byte
	for range 5 {
		stream = append(stream, seedFrame(red)...)
	}
	stream = append(stream, seedFrame(blue)...)
	stream = append(stream, 0, 0, 0, 0)
	if _, err := c.Write(stream); err != nil {
		t.Fatal(err)
	}
	s := wait(t, ev.started, "session start")
	if err := wait(t, ev.ended, "session end"); err != nil {
		t.Fatalf("clean end marker gave %v", err)
	}
	snap := s.Meter.Snapshot(time.Now())
	if snap.Received != 6 || snap.Bytes != int64(5*len(red)+len(blue)) {
		t.Fatalf("received %d frames, %d bytes; want 6, %d", snap.Received, snap.Bytes, 5*len(red)+len(blue))
	}
	if snap.Decoded+snap.Dropped < 6 || snap.Decoded == 0 || snap.Errors != 0 {
		t.Fatalf("decoded %d dropped %d errors %d", snap.Decoded, snap.Dropped, snap.Errors)
	}
	f := ev.last
	if f == nil {
		t.Fatal("no frame shown")
	}
	// The last frame is the blue one: newest wins, and the final frame is
	// always decoded.
	px := f.Image.RGBAAt(10, 10)
	if !near(px.R, 0) || !near(px.B, 255) {
		t.Fatalf("last frame pixel %v, want blue", px)
	}
	if f.Image.Stride != 4*64 || f.Image.Rect != image.Rect(0, 0, 64, 48) {
		t.Fatalf("frame image not tightly packed: stride %d rect %v", f.Image.Stride, f.Image.Rect)
	}
	if !bytes.Equal(f.Payload, blue) || f.Layout.Format != pixel.FormatJPEG || f.Layout.Width != 64 {
		t.Fatalf("frame keeps payload %d bytes, layout %v", len(f.Payload), f.Layout)
	}
	if p, h := s.Stream(); p != wire.ProtoSeed || h != nil {
		t.Fatalf("stream = %v %v, want seed without hello", p, h)
	}
}

func TestV2StreamCarriesHello(t *testing.T) {
	ev := newEvents(true)
	srv := serve(t, Config{}, ev)
	c := dial(t, srv)
	l := pixel.PicameraLayout(pixel.FormatGray, 32, 16)
	w, err := wire.NewWriter(c, wire.ProtoV2, wire.Hello{Version: wire.Version, Layout: l, FPS: 30, Name: "pi"})
	if err != nil {
		t.Fatal(err)
	}
	frame := bytes.Repeat([]byte{200}, l.Size())
	for i := range 3 {
		if err := w.WriteFrame(frame, uint64(i+7), time.Now().UnixNano()); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	s := wait(t, ev.started, "session start")
	if err := wait(t, ev.ended, "session end"); err != nil {
		t.Fatal(err)
	}
	p, h := s.Stream()
	if p != wire.ProtoV2 || h == nil || h.Name != "pi" || h.Layout != l {
		t.Fatalf("stream = %v %+v", p, h)
	}
	if ev.last.Seq != 9 || ev.last.Image.RGBAAt(3, 3) != (color.RGBA{200, 200, 200, 255}) || len(ev.last.Payload) != 0 {
		t.Fatalf("last frame seq %d pixel %v payload %d", ev.last.Seq, ev.last.Image.RGBAAt(3, 3), len(ev.last.Payload))
	}
}

func TestBrokenStreamsEndTheSessionAndTheNextSenderIsServed(t *testing.T) {
	good := wiretest.JPEG(t, wiretest.Solid(16, 16, color.RGBA{0, 255, 0, 255}), 95)
	cases := []struct {
		name           string
		bytes          []byte
		want           error
		text           string
		refusedAtStart bool // no valid stream start: refused, no session
	}{
		{"cut mid-frame", append(binary.LittleEndian.AppendUint32(nil, 1000), good[:100]...), io.ErrUnexpectedEOF, "middle of a frame", false},
		{"closed without marker", seedFrame(good), wire.ErrNoEndMarker, "without the end-of-stream marker", false},
		{"length over the cap", binary.LittleEndian.AppendUint32(nil, 1<<30), nil, "1073741824", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ev := newEvents(true)
			srv := serve(t, Config{MaxFrame: 1 << 20}, ev)
			c := dial(t, srv)
			c.Write(tc.bytes)
			c.(*net.TCPConn).CloseWrite()
			if !tc.refusedAtStart {
				wait(t, ev.started, "session start")
			}
			var err error
			if tc.refusedAtStart {
				err = wait(t, ev.refused, "refusal")
			} else {
				err = wait(t, ev.ended, "session end")
			}
			if err == nil || !strings.Contains(err.Error(), tc.text) {
				t.Fatalf("end error %v, want one saying %q", err, tc.text)
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Fatalf("end error %v does not wrap %v", err, tc.want)
			}
			var tooLarge *wire.FrameTooLargeError
			if tc.want == nil && !errors.As(err, &tooLarge) {
				t.Fatalf("end error %v is not a FrameTooLargeError", err)
			}
			// The listener is free again.
			c2 := dial(t, srv)
			c2.Write(append(seedFrame(good), 0, 0, 0, 0))
			wait(t, ev.started, "second session")
			if err := wait(t, ev.ended, "second session end"); err != nil {
				t.Fatalf("second sender: %v", err)
			}
		})
	}
}

func TestSilentSenderIsCutOff(t *testing.T) {
	ev := newEvents(true)
	srv := serve(t, Config{admit: admission{startTimeout: 100 * time.Millisecond}}, ev)
	dial(t, srv) // connects and sends nothing
	err := wait(t, ev.refused, "refusal")
	if !errors.Is(err, os.ErrDeadlineExceeded) || !strings.Contains(err.Error(), "no stream start") {
		t.Fatalf("silent sender refused with %v", err)
	}
	select {
	case s := <-ev.started:
		t.Fatalf("a silent sender got a session: %v", s.Remote)
	default:
	}
}

func TestTricklingSenderIsCutOffAndTheNextIsServed(t *testing.T) {
	ev := newEvents(true)
	srv := serve(t, Config{FrameTimeout: 300 * time.Millisecond}, ev)
	c := dial(t, srv)
	c.Write([]byte{0xE8, 0x03, 0, 0})
	wait(t, ev.started, "session start")
	// A frame of 1000 bytes, one byte every 20 ms: each read is quick, the
	// frame never completes in time.
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		for range 1000 {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
			if _, err := c.Write([]byte{0}); err != nil {
				return
			}
		}
	}()
	err := wait(t, ev.ended, "session end")
	if !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("trickling sender ended with %v", err)
	}
	c2 := dial(t, srv)
	c2.Write(append(seedFrame(wiretest.JPEG(t, wiretest.Solid(8, 8, color.RGBA{A: 255}), 95)), 0, 0, 0, 0))
	wait(t, ev.started, "next session")
	if err := wait(t, ev.ended, "next session end"); err != nil {
		t.Fatal(err)
	}
}

// An MJPEG sender whose every frame is lost (each cut short by the next)
// has them counted, and is cut off like a silent one: lost frames do not
// restart the frame timeout.
func TestSenderOfOnlyLostFramesIsCutOff(t *testing.T) {
	ev := newEvents(true)
	srv := serve(t, Config{FrameTimeout: 300 * time.Millisecond}, ev)
	c := dial(t, srv)
	half := wiretest.CameraJPEG(t, 64, 48)
	half = half[:len(half)/2]
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		for {
			if _, err := c.Write(half); err != nil {
				return
			}
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	s := wait(t, ev.started, "session start")
	err := wait(t, ev.ended, "session end")
	if !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("a sender of only lost frames ended with %v, want the frame timeout", err)
	}
	if snap := s.Meter.Snapshot(time.Now()); snap.Errors == 0 || snap.Decoded != 0 {
		t.Fatalf("errors %d, decoded %d: the lost frames must be counted", snap.Errors, snap.Decoded)
	}
}

func TestSecondSenderIsRefused(t *testing.T) {
	ev := newEvents(true)
	srv := serve(t, Config{}, ev)
	first := dial(t, srv)
	first.Write(seedFrame([]byte("a frame")))
	wait(t, ev.started, "session start")
	second := dial(t, srv)
	second.Write(seedFrame([]byte("another")))
	if err := wait(t, ev.refused, "refusal"); !errors.Is(err, ErrBusy) {
		t.Fatalf("refused with %v", err)
	}
	second.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := second.Read(make([]byte, 1)); err != io.EOF {
		t.Fatalf("refused connection read: %v, want EOF (closed)", err)
	}
	first.Write([]byte{0, 0, 0, 0})
	if err := wait(t, ev.ended, "first session end"); err != nil {
		t.Fatal(err)
	}
}

func TestPortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, err = Listen(Config{Addr: ln.Addr().String()})
	if err == nil || !strings.Contains(err.Error(), "listen on "+ln.Addr().String()) {
		t.Fatalf("Listen on a used port: %v", err)
	}
}

func TestBadFramesAreCountedAndTheStreamGoesOn(t *testing.T) {
	ev := newEvents(true)
	srv := serve(t, Config{}, ev)
	c := dial(t, srv)
	good := wiretest.JPEG(t, wiretest.Solid(16, 16, color.RGBA{0, 255, 0, 255}), 95)
	s := sendEach(t, c, ev, []byte("garbage that is no image"), good[:len(good)/2], good)
	c.Write([]byte{0, 0, 0, 0})
	if err := wait(t, ev.ended, "session end"); err != nil {
		t.Fatal(err)
	}
	snap := s.Meter.Snapshot(time.Now())
	if snap.Errors != 2 || snap.Decoded != 1 || snap.LastError == "" {
		t.Fatalf("errors %d decoded %d last %q; want 2, 1 and a message", snap.Errors, snap.Decoded, snap.LastError)
	}
}

func TestSlowScreenDropsFramesAndNeverQueues(t *testing.T) {
	ev := newEvents(false) // a screen that never takes a frame
	srv := serve(t, Config{}, ev)
	c := dial(t, srv)
	frame := seedFrame(wiretest.JPEG(t, wiretest.Solid(32, 32, color.RGBA{255, 255, 0, 255}), 95))
	const n = 50
	for range n {
		c.Write(frame)
	}
	c.Write([]byte{0, 0, 0, 0})
	s := wait(t, ev.started, "session start")
	if err := wait(t, ev.ended, "session end"); err != nil {
		t.Fatal(err)
	}
	snap := s.Meter.Snapshot(time.Now())
	// Every frame but the one left waiting for the screen was dropped:
	// replaced before decoding, or decoded and replaced before being shown.
	if snap.Received != n || snap.Dropped != n-1 || snap.Errors != 0 {
		t.Fatalf("received %d dropped %d errors %d; want %d, %d, 0", snap.Received, snap.Dropped, snap.Errors, n, n-1)
	}
	ev.mu.Lock()
	ready := ev.ready
	ev.mu.Unlock()
	if ready != 1 {
		t.Fatalf("FrameReady called %d times with no Take between; want 1", ready)
	}
	if f, ok := s.Take(); !ok || f.Image.RGBAAt(1, 1).B > 16 {
		t.Fatalf("the waiting frame: %v %v", f, ok)
	}
}

func TestOversizeMJPEGFrameIsSkippedAndTheStreamGoesOn(t *testing.T) {
	ev := newEvents(true)
	small := wiretest.JPEG(t, wiretest.Solid(16, 16, color.RGBA{0, 255, 0, 255}), 95)
	big := wiretest.JPEG(t, wiretest.Solid(256, 256, color.RGBA{255, 0, 0, 255}), 95)
	srv := serve(t, Config{MaxFrame: len(small) + 100}, ev)
	c := dial(t, srv)
	var stream []byte
	stream = append(stream, small...)
	stream = append(stream, big...) // over the cap: passed over
	stream = append(stream, small...)
	c.Write(stream)
	c.(*net.TCPConn).CloseWrite() // plain JPEGs end with the connection
	s := wait(t, ev.started, "session start")
	if err := wait(t, ev.ended, "session end"); err != nil {
		t.Fatalf("end %v, want a clean end after the last whole JPEG", err)
	}
	snap := s.Meter.Snapshot(time.Now())
	if snap.Received != 2 || snap.Errors != 1 || !strings.Contains(snap.LastError, "over the cap") {
		t.Fatalf("received %d, errors %d (%q): want the 2 small frames and the big one counted", snap.Received, snap.Errors, snap.LastError)
	}
	if p, _ := s.Stream(); p != wire.ProtoMJPEG {
		t.Fatalf("protocol %v, want mjpeg", p)
	}
}

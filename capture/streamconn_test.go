package capture

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/wiretest"
)

// logChan collects Stream's log messages.
func logChan() (chan string, func(string)) {
	c := make(chan string, 1000)
	return c, func(s string) {
		select {
		case c <- s:
		default:
		}
	}
}

// waitLog returns the first message containing want.
func waitLog(t *testing.T, logs chan string, want string) string {
	t.Helper()
	timeout := time.After(streamSafety)
	for {
		select {
		case m := <-logs:
			if strings.Contains(m, want) {
				return m
			}
		case <-timeout:
			t.Fatalf("no log message with %q", want)
		}
	}
}

// listenAt returns a loopback listener on addr ("127.0.0.1:0": any port).
func listenAt(t *testing.T, addr string) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	return ln
}

// acceptConn accepts one connection, closed at the end of the test.
func acceptConn(t *testing.T, ln net.Listener) net.Conn {
	t.Helper()
	ln.(*net.TCPListener).SetDeadline(time.Now().Add(streamSafety))
	c, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(streamSafety))
	return c
}

// readFrames reads n frames from r and returns the last one's number.
func readFrames(t *testing.T, r *wire.Reader, n int) uint64 {
	t.Helper()
	var last uint64
	for i := range n {
		f, err := r.Next(nil)
		if err != nil {
			t.Fatalf("frame %d: %v", i, err)
		}
		last = frameSeq(f.Payload)
	}
	return last
}

// streamResult is what a Stream goroutine returned.
type streamResult struct {
	st  StreamStatus
	err error
}

// goStream runs Stream in a goroutine; wait returns its result.
func goStream(t *testing.T, ctx context.Context, src Source, dial Dialer, cfg StreamConfig) (wait func() streamResult) {
	t.Helper()
	done := make(chan streamResult, 1)
	go func() {
		st, err := Stream(ctx, src, dial, cfg)
		done <- streamResult{st, err}
	}()
	return func() streamResult {
		select {
		case r := <-done:
			return r
		case <-time.After(streamSafety):
			t.Fatal("Stream did not return")
			return streamResult{}
		}
	}
}

func TestStreamReconnects(t *testing.T) {
	ln := listenAt(t, "127.0.0.1:0")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logs, logf := logChan()
	src := &seqSource{size: 5000, period: time.Millisecond}
	wait := goStream(t, ctx, src, TCPDialer(ln.Addr().String(), time.Second), StreamConfig{
		Proto: wire.ProtoV2, Reconnect: true, MinBackoff: 10 * time.Millisecond, Log: logf,
	})

	c1 := acceptConn(t, ln)
	r1 := wire.NewReader(c1, 0)
	last1 := readFrames(t, r1, 5)
	c1.Close() // the viewer goes away mid-stream

	r2 := wire.NewReader(acceptConn(t, ln), 0)
	if last2 := readFrames(t, r2, 5); last2 <= last1 {
		t.Errorf("frame %d on the new connection, not newer than %d", last2, last1)
	}
	if h := r2.Hello(); h == nil || h.Name != "seq" {
		t.Errorf("new connection's hello %+v", h)
	}
	waitLog(t, logs, "viewer went away")
	waitLog(t, logs, "reconnected")
	cancel()
	wiretest.ReadToEnd(t, r2.Next)
	res := wait()
	if res.err != nil || res.st.Reconnects != 1 || res.st.Sent < 10 || res.st.Connected {
		t.Errorf("Stream: %+v, %v; want nil, 1 reconnect, >= 10 sent, disconnected", res.st, res.err)
	}
	if res.st.Sent+res.st.Dropped != src.produced() {
		t.Errorf("status %+v does not account for %d frames produced", res.st, src.produced())
	}
}

func TestStreamRetriesUntilViewer(t *testing.T) {
	ln := listenAt(t, "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close() // nobody listens there now
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logs, logf := logChan()
	wait := goStream(t, ctx, &seqSource{size: 100, period: time.Millisecond}, TCPDialer(addr, time.Second), StreamConfig{
		Proto: wire.ProtoSeed, Reconnect: true, MinBackoff: 5 * time.Millisecond, MaxBackoff: 20 * time.Millisecond, Log: logf,
	})
	waitLog(t, logs, "no viewer at "+addr+" yet (connection refused); retrying in 5ms")
	waitLog(t, logs, "retrying in 10ms") // backs off
	r := wire.NewReader(acceptConn(t, listenAt(t, addr)), 0)
	readFrames(t, r, 3)
	waitLog(t, logs, "connected to the viewer")
	cancel()
	n := wiretest.ReadToEnd(t, r.Next)
	if res := wait(); res.err != nil || res.st.Reconnects != 0 || res.st.Sent != int64(3+n) {
		t.Errorf("Stream: %+v, %v; want nil, 0 reconnects, %d sent", res.st, res.err, 3+n)
	}
}

// While no viewer is there, frames are dropped, not kept: the first frame
// sent is the newest when the connection is made.
func TestStreamDropsWhileDisconnected(t *testing.T) {
	src := &seqSource{size: 100} // as fast as it goes while the dials fail
	var conn nopCloser
	dials := 0
	dial := func(ctx context.Context) (io.WriteCloser, error) {
		dials++
		src.waitCalls(10*dials + 2) // frame 10*dials is pending
		if dials <= 3 {
			return nil, errors.New("not yet")
		}
		return &conn, nil
	}
	st, err := Stream(context.Background(), src, dial, StreamConfig{
		Proto: wire.ProtoSeed, Reconnect: true, Frames: 1, MinBackoff: time.Microsecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	n, first, rerr := readStream(t, wire.ProtoSeed, conn.Bytes())
	if n != 1 || rerr != io.EOF || first < 40 || st.Dropped < 40 {
		t.Errorf("sent frame %d (%d frames, %v), dropped %d; want frame 40 or newer, >= 40 dropped", first, n, rerr, st.Dropped)
	}
}

func TestStreamEndsOnCancel(t *testing.T) {
	for _, proto := range []wire.Protocol{wire.ProtoSeed, wire.ProtoV2} {
		t.Run(proto.String(), func(t *testing.T) {
			ln := listenAt(t, "127.0.0.1:0")
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			wait := goStream(t, ctx, &seqSource{size: 1000, period: time.Millisecond},
				TCPDialer(ln.Addr().String(), time.Second), StreamConfig{Proto: proto, Reconnect: true})
			r := wire.NewReader(acceptConn(t, ln), 0)
			readFrames(t, r, 3)
			cancel()
			n := wiretest.ReadToEnd(t, r.Next)
			if res := wait(); res.err != nil || res.st.Sent != int64(3+n) {
				t.Errorf("Stream: %+v, %v; want nil and %d sent", res.st, res.err, 3+n)
			}
		})
	}
}

// A viewer that accepts and never reads is cut off by the write deadline.
// The deadline is per frame, so it must also be long enough for the second
// viewer, which does read, to take a whole 1 MiB frame on a loaded machine
// (50 ms was not, once, in CI).
func TestStreamWriteDeadline(t *testing.T) {
	for _, reconnect := range []bool{false, true} {
		t.Run(map[bool]string{false: "fail", true: "reconnect"}[reconnect], func(t *testing.T) {
			ln := listenAt(t, "127.0.0.1:0")
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			logs, logf := logChan()
			wait := goStream(t, ctx, &seqSource{size: 1 << 20}, TCPDialer(ln.Addr().String(), time.Second), StreamConfig{
				Proto: wire.ProtoSeed, Reconnect: reconnect, WriteTimeout: 500 * time.Millisecond, Log: logf,
			})
			acceptConn(t, ln).(*net.TCPConn).SetReadBuffer(4096) // and never read
			if reconnect {
				waitLog(t, logs, "viewer went away (i/o timeout); reconnecting")
				r := wire.NewReader(acceptConn(t, ln), 0)
				readFrames(t, r, 1)
				cancel()
				wiretest.ReadToEnd(t, r.Next)
				if res := wait(); res.err != nil || res.st.Reconnects != 1 {
					t.Errorf("Stream: %+v, %v; want nil and 1 reconnect", res.st, res.err)
				}
				return
			}
			if res := wait(); !errors.Is(res.err, os.ErrDeadlineExceeded) {
				t.Errorf("Stream: %v, want a write deadline error", res.err)
			}
		})
	}
}

func TestDialError(t *testing.T) {
	ln := listenAt(t, "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	_, err := TCPDialer(addr, time.Second)(context.Background())
	var de *dialError
	if !errors.As(err, &de) || err.Error() != "no viewer at "+addr+" yet (connection refused)" {
		t.Errorf("refused dial: %v", err)
	}
	err = &dialError{Addr: "pi:1308", Err: &net.OpError{Op: "dial", Net: "tcp", Err: os.ErrDeadlineExceeded}}
	if want := "cannot reach the viewer at pi:1308 (i/o timeout)"; err.Error() != want {
		t.Errorf("timeout: %q, want %q", err, want)
	}
	if !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Error("dialError does not unwrap")
	}
}

// A viewer that takes the connection and drops it at once (one that refuses
// a second camera) is dialed again only after the backoff's waits, not at
// once in a loop. The gaps between dials are checked from below only: load
// can only lengthen them.
func TestStreamBacksOffAViewerThatDropsIt(t *testing.T) {
	ln := listenAt(t, "127.0.0.1:0")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	const lo, hi = 40 * time.Millisecond, 160 * time.Millisecond
	wait := goStream(t, ctx, &seqSource{size: 1000, period: time.Millisecond}, TCPDialer(ln.Addr().String(), time.Second),
		StreamConfig{Proto: wire.ProtoSeed, Reconnect: true, MinBackoff: lo, MaxBackoff: hi})
	var at []time.Time
	for range 5 {
		c := acceptConn(t, ln)
		at = append(at, time.Now())
		c.(*net.TCPConn).SetLinger(0)
		c.Close() // reset: the next write fails
	}
	r := wire.NewReader(acceptConn(t, ln), 0) // a viewer that takes the stream
	at = append(at, time.Now())
	readFrames(t, r, 1)
	cancel()
	wiretest.ReadToEnd(t, r.Next)
	// (A dial may itself see the reset and fail: it is waited for the same.)
	if res := wait(); res.err != nil || res.st.Reconnects < 1 {
		t.Fatalf("Stream: %+v, %v; want reconnects and a clean end", res.st, res.err)
	}
	// Dial k+1 waits lo, 2lo, hi, hi, hi; the tolerance covers timer slack
	// on the accepting side.
	want := []time.Duration{lo, 2 * lo, hi, hi, hi}
	for i, w := range want {
		if gap := at[i+1].Sub(at[i]); gap < w-10*time.Millisecond {
			t.Errorf("dial %d came %v after the one before, want at least %v", i+2, gap, w)
		}
	}
}

func TestOnce(t *testing.T) {
	var w nopCloser
	dial := Once(&w)
	if c, err := dial(context.Background()); err != nil || c != &w {
		t.Fatalf("first dial: %v, %v", c, err)
	}
	if c, err := dial(context.Background()); err == nil || c != nil {
		t.Fatalf("second dial: %v, %v; want an error", c, err)
	}
}

// A v2 viewer busy with another camera says so; Stream logs why, waits
// before trying again, and counts nothing it wrote into the refused
// connection as sent.
func TestStreamHearsTheViewerIsBusy(t *testing.T) {
	ln := listenAt(t, "127.0.0.1:0")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logs, logf := logChan()
	wait := goStream(t, ctx, &seqSource{size: 1000, period: time.Millisecond}, TCPDialer(ln.Addr().String(), time.Second),
		StreamConfig{Proto: wire.ProtoV2, Reconnect: true, MinBackoff: 50 * time.Millisecond, MaxBackoff: 200 * time.Millisecond, Log: logf})
	for range 2 {
		c := acceptConn(t, ln)
		r := wire.NewReader(c, 0)
		if err := r.Start(); err != nil {
			t.Fatal(err)
		}
		wire.WriteRefusal(c, "another camera is already streaming")
		c.(*net.TCPConn).CloseWrite()
		c.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
		io.Copy(io.Discard, c)
		c.Close()
	}
	waitLog(t, logs, "the viewer is busy with another camera (it says: another camera is already streaming); trying again in 50ms")
	waitLog(t, logs, "trying again in 100ms")
	r := wire.NewReader(acceptConn(t, ln), 0)
	readFrames(t, r, 3)
	cancel()
	n := wiretest.ReadToEnd(t, r.Next)
	res := wait()
	if res.err != nil || res.st.Sent != int64(3+n) {
		t.Errorf("Stream: %+v, %v; want nil and only the %d frames the third viewer took counted as sent", res.st, res.err, 3+n)
	}
}

// Over TCP in v2, Stream tells the viewer when each frame left and answers
// its time probes between frames: the probe's time echoed, stamped with its
// arrival and the reply's departure on the sender's clock (here the same
// machine's, so every time falls between the probe's and the reply's).
func TestStreamAnswersTimeProbes(t *testing.T) {
	ln := listenAt(t, "127.0.0.1:0")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	wait := goStream(t, ctx, &seqSource{size: 1000, period: 2 * time.Millisecond}, TCPDialer(ln.Addr().String(), time.Second),
		StreamConfig{Proto: wire.ProtoV2, Reconnect: true})
	c := acceptConn(t, ln)
	r := wire.NewReader(c, 0)
	replies := make(chan wire.TimeReply, 8)
	arrived := make(chan int64, 8)
	r.OnTimeReply(func(tr wire.TimeReply) { replies <- tr; arrived <- time.Now().UnixNano() })
	var probes []int64
	for i := range 5 {
		f, err := r.Next(nil)
		if err != nil {
			t.Fatal(err)
		}
		if f.SentTime < f.CaptureTime || f.SentTime > time.Now().UnixNano() {
			t.Errorf("frame %d: sent %d, captured %d", f.Seq, f.SentTime, f.CaptureTime)
		}
		if i < 3 {
			p := time.Now().UnixNano()
			probes = append(probes, p)
			if err := wire.WriteTimeProbe(c, p); err != nil {
				t.Fatal(err)
			}
		}
	}
	for len(replies) < len(probes) {
		if _, err := r.Next(nil); err != nil {
			t.Fatal(err)
		}
	}
	for i, p := range probes {
		tr, t4 := <-replies, <-arrived
		if tr.Probe != p || !(p <= tr.Received && tr.Received <= tr.Replied && tr.Replied <= t4) {
			t.Errorf("reply %d: %+v for probe %d, arrived %d", i, tr, p, t4)
		}
	}
	cancel()
	wiretest.ReadToEnd(t, r.Next)
	if res := wait(); res.err != nil {
		t.Errorf("Stream: %v", res.err)
	}
}

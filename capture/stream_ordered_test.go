package capture

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/pixel"
)

// readOrdered reads n frames of an H.264 stream from the stream's
// connection, stalling for stall after the first, and checks what an
// interframe stream's viewer needs: the first frame is a keyframe, every
// frame carries the keyframe flag its source gave it (every gop-th), and
// every gap in seq ends at a keyframe (whole groups dropped, never a frame
// that later ones need). It returns the frames dropped in gaps.
func readOrdered(t *testing.T, r *wire.Reader, n, gop int, stall time.Duration) (gaps int) {
	t.Helper()
	var last uint64
	for i := range n {
		f, err := r.Next(nil)
		if err != nil {
			t.Fatalf("frame %d: %v", i, err)
		}
		wantKey := f.Seq%uint64(gop) == 0
		if f.Keyframe != wantKey {
			t.Fatalf("frame seq %d: keyframe flag %v, want %v", f.Seq, f.Keyframe, wantKey)
		}
		if i == 0 && !f.Keyframe {
			t.Fatalf("the stream starts at seq %d, not at a keyframe", f.Seq)
		}
		if i > 0 && f.Seq != last+1 {
			if !f.Keyframe {
				t.Fatalf("frames %d..%d were dropped and seq %d, which needs them, was sent", last+1, f.Seq-1, f.Seq)
			}
			gaps += int(f.Seq - last - 1)
		}
		if len(f.Payload) == 0 || f.Payload[0] != byte(f.Seq) {
			t.Fatalf("frame seq %d has the payload of another", f.Seq)
		}
		last = f.Seq
		if i == 0 {
			time.Sleep(stall)
		}
	}
	return gaps
}

// streamOrdered streams src to a loopback listener with a small receive
// buffer and returns the reader of the connection, the stream's final
// status (once cancel is called) and how often a keyframe was requested.
func streamOrdered(t *testing.T, src Source) (*wire.Reader, func() StreamStatus, *atomic.Int32) {
	t.Helper()
	ln := smallReceiveBuffer(t)
	ctx, cancel := context.WithTimeout(context.Background(), streamSafety)
	var asked atomic.Int32
	done := make(chan StreamStatus, 1)
	go func() {
		st, _ := Stream(ctx, src, TCPDialer(ln.Addr().String(), time.Second), StreamConfig{
			Proto:           wire.ProtoV2,
			RequestKeyframe: func() error { asked.Add(1); return nil },
		})
		done <- st
	}()
	c := acceptConn(t, ln)
	r := wire.NewReader(c, wire.DefaultMaxFrame)
	return r, func() StreamStatus { cancel(); return <-done }, &asked
}

func TestInterframeStreamKeepsEveryFrameALaterOneNeeds(t *testing.T) {
	const gop = 10
	r, stop, asked := streamOrdered(t, newPacedSource(4<<10, 30, pixel.FormatH264, gop))
	if gaps := readOrdered(t, r, 40, gop, 0); gaps != 0 {
		t.Errorf("a reader keeping up lost %d frames", gaps)
	}
	st := stop()
	if asked.Load() < 1 {
		t.Error("no keyframe asked for when the viewer connected")
	}
	if h := r.Hello(); h == nil || h.Layout.Format != pixel.FormatH264 {
		t.Errorf("hello %+v", r.Hello())
	}
	t.Logf("%+v", st)
}

func TestInterframeStreamDropsWholeGroupsBehindASlowViewer(t *testing.T) {
	const gop = 10
	r, stop, asked := streamOrdered(t, newPacedSource(31<<10, 30, pixel.FormatH264, gop))
	gaps := readOrdered(t, r, 30, gop, time.Second)
	st := stop()
	// A second's stall at 30 fps: frames dropped up to a keyframe, not
	// queued (the queue holds at most 150 ms).
	if gaps < 15 {
		t.Errorf("only %d frames were dropped over a 1 s stall at 30 fps: they were queued", gaps)
	}
	if asked.Load() < 2 {
		t.Errorf("keyframes asked for %d times, want at connect and when dropping", asked.Load())
	}
	if st.Dropped < int64(gaps) {
		t.Errorf("sender counted %d dropped, the viewer saw %d missing", st.Dropped, gaps)
	}
}

func TestInterframeStreamStartsANewViewerAtAKeyframe(t *testing.T) {
	const gop = 30 // a keyframe a second: the viewer comes 0.3-0.4 s in
	ln := smallReceiveBuffer(t)
	addr := ln.Addr().String()
	ln.Close() // no viewer yet: the stream starts mid-group when it comes
	src := newPacedSource(2<<10, 30, pixel.FormatH264, gop)
	ctx, cancel := context.WithTimeout(context.Background(), streamSafety)
	defer cancel()
	logs, logf := logChan()
	go Stream(ctx, src, TCPDialer(addr, time.Second), StreamConfig{Proto: wire.ProtoV2, Reconnect: true,
		MinBackoff: 170 * time.Millisecond, MaxBackoff: 170 * time.Millisecond, Log: logf})
	time.Sleep(300 * time.Millisecond)
	ln2 := listenAt(t, addr)
	r := wire.NewReader(acceptConn(t, ln2), wire.DefaultMaxFrame)
	readOrdered(t, r, 20, gop, 0)
	waitLog(t, logs, "for a keyframe")
}

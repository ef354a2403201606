package capture

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/vidstream/vidstream/wire/jpeg"
	"github.com/vidstream/vidstream/wire/pixel"
	"github.com/vidstream/vidstream/wire/wiretest"

	"github.com/vidstream/vidstream/wire"
)

// fakeSource returns frame i with payload "frame-i" padded with dots to 10+i bytes,
// seq 100+i and time base+i ms. After stopAfter frames (when > 0) it calls
// cancel and returns ctx.Err() (with ignoreCtx, it goes on making frames).
type fakeSource struct {
	n         int
	stopAfter int
	cancel    context.CancelFunc
	ignoreCtx bool
	hello     wire.Hello
	buf       []byte
}

var base = time.Unix(1_700_000_000, 0)

func (s *fakeSource) payload(i int) []byte {
	p := []byte(fmt.Sprintf("frame-%d", i))
	for len(p) < 10+i {
		p = append(p, '.')
	}
	return p
}

func (s *fakeSource) Next(ctx context.Context) (Frame, error) {
	if !s.ignoreCtx {
		if err := ctx.Err(); err != nil {
			return Frame{}, err
		}
	}
	if s.stopAfter > 0 && s.n == s.stopAfter {
		s.cancel()
		if !s.ignoreCtx {
			return Frame{}, ctx.Err()
		}
	}
	i := s.n
	s.n++
	s.buf = append(s.buf[:0], s.payload(i)...)
	return Frame{Data: s.buf, Seq: uint64(100 + i), Time: base.Add(time.Duration(i) * time.Millisecond)}, nil
}

func (s *fakeSource) Hello() wire.Hello {
	if s.hello.Layout.Format == pixel.FormatUnknown {
		return wire.Hello{Version: wire.Version, Layout: pixel.Layout{Format: pixel.FormatJPEG}, FPS: 25, Name: "fake"}
	}
	return s.hello
}

func (s *fakeSource) Close() error { return nil }

var errBoom = errors.New("boom")

// failWriter accepts ok writes, then fails.
type failWriter struct {
	ok  int
	buf bytes.Buffer
}

func (w *failWriter) Write(p []byte) (int, error) {
	if w.ok == 0 {
		return 0, errBoom
	}
	w.ok--
	return w.buf.Write(p)
}

// TestStreamCarriesFrames checks what each protocol carries of the frames
// that are sent (newest-wins may drop some in between): a frame's payload as
// the source made it, and in v2 its sequence number and capture time after
// the source's hello.
func TestStreamCarriesFrames(t *testing.T) {
	for _, proto := range []wire.Protocol{wire.ProtoSeed, wire.ProtoUnknown, wire.ProtoV2} {
		src := &fakeSource{}
		var conn nopCloser
		st, err := Stream(context.Background(), src, once(&conn), StreamConfig{Proto: proto, Frames: 4})
		if err != nil {
			t.Fatalf("%v: %v", proto, err)
		}
		r := wire.NewReader(bytes.NewReader(conn.Bytes()), 0)
		for k := range 4 {
			f, err := r.Next(nil)
			if err != nil {
				t.Fatalf("%v: frame %d: %v", proto, k, err)
			}
			var i int
			if _, err := fmt.Sscanf(string(f.Payload), "frame-%d", &i); err != nil || !bytes.Equal(f.Payload, src.payload(i)) {
				t.Fatalf("%v: frame %d payload %q", proto, k, f.Payload)
			}
			if proto == wire.ProtoV2 && (f.Seq != uint64(100+i) || f.CaptureTime != base.Add(time.Duration(i)*time.Millisecond).UnixNano()) {
				t.Errorf("v2: frame %d: seq %d, capture time %d", i, f.Seq, f.CaptureTime)
			}
		}
		if _, err := r.Next(nil); err != io.EOF {
			t.Errorf("%v: after 4 frames: %v, want the end marker", proto, err)
		}
		wantProto := proto
		if proto == wire.ProtoUnknown {
			wantProto = wire.ProtoSeed // the zero value is the post's protocol
		}
		if r.Protocol() != wantProto {
			t.Errorf("%v: protocol %v, want %v", proto, r.Protocol(), wantProto)
		}
		if proto == wire.ProtoV2 {
			if h := r.Hello(); h == nil || *h != src.Hello() {
				t.Errorf("hello %+v, want %+v", h, src.Hello())
			}
		}
		if st.Sent != 4 || st.Sent+st.Dropped != int64(src.n) {
			t.Errorf("%v: status %+v for %d frames made", proto, st, src.n)
		}
	}
}

func TestStreamTestSource(t *testing.T) {
	// Raw frames in the seed protocol: exactly the frames and the end marker.
	src, err := NewTestSource(320, 240, pixel.FormatI420, 0)
	if err != nil {
		t.Fatal(err)
	}
	var seed nopCloser
	if st, err := Stream(context.Background(), src, once(&seed), StreamConfig{Proto: wire.ProtoSeed, Frames: 5}); err != nil || st.Sent != 5 {
		t.Fatalf("seed: %+v, %v", st, err)
	}
	if seed.Len() != 5*(4+115200)+4 || !bytes.HasSuffix(seed.Bytes(), []byte{0, 0, 0, 0}) {
		t.Errorf("seed stream of %d bytes, want 5 frames of 115200 and the end marker", seed.Len())
	}
	if n := wiretest.ReadToEnd(t, wire.NewReader(bytes.NewReader(seed.Bytes()), 0).Next); n != 5 {
		t.Errorf("seed stream: %d frames", n)
	}
	// JPEG frames in v2: the test pattern's hello, frames in order.
	src, err = NewTestSource(64, 48, pixel.FormatJPEG, 0)
	if err != nil {
		t.Fatal(err)
	}
	var v2 nopCloser
	if _, err := Stream(context.Background(), src, once(&v2), StreamConfig{Proto: wire.ProtoV2, Frames: 3}); err != nil {
		t.Fatal(err)
	}
	r := wire.NewReader(bytes.NewReader(v2.Bytes()), 0)
	var last int64
	var lastSeq uint64
	for i := range 3 {
		f, err := r.Next(nil)
		if err != nil {
			t.Fatal(err)
		}
		if (i > 0 && f.Seq <= lastSeq) || f.CaptureTime < last || f.CaptureTime == 0 || !jpeg.IsJPEG(f.Payload) {
			t.Errorf("frame %d: seq %d, capture time %d (previous %d, %d)", i, f.Seq, f.CaptureTime, lastSeq, last)
		}
		last, lastSeq = f.CaptureTime, f.Seq
	}
	if _, err := r.Next(nil); err != io.EOF {
		t.Errorf("end: %v", err)
	}
	if h := r.Hello(); h == nil || h.Layout.Format != pixel.FormatJPEG || h.Layout.Width != 64 || h.Name != DefaultTestName {
		t.Errorf("hello %+v", h)
	}
}

func TestStreamAlreadyCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var seed, v2 nopCloser
	if _, err := Stream(ctx, &fakeSource{}, once(&seed), StreamConfig{Proto: wire.ProtoSeed}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(seed.Bytes(), []byte{0, 0, 0, 0}) {
		t.Errorf("seed stream % x, want just the end marker", seed.Bytes())
	}
	if _, err := Stream(ctx, &fakeSource{}, once(&v2), StreamConfig{Proto: wire.ProtoV2}); err != nil {
		t.Fatal(err)
	}
	r := wire.NewReader(bytes.NewReader(v2.Bytes()), 0)
	if _, err := r.Next(nil); err != io.EOF || r.Hello() == nil {
		t.Errorf("v2 stream: %v, hello %v; want io.EOF after a hello", err, r.Hello())
	}
}

// failConn is failWriter as a connection.
type failConn struct{ failWriter }

func (*failConn) Close() error { return nil }

func TestStreamWriteError(t *testing.T) {
	for _, proto := range []wire.Protocol{wire.ProtoSeed, wire.ProtoV2} {
		t.Run(proto.String(), func(t *testing.T) {
			w := &failConn{failWriter{ok: 2}}
			st, err := Stream(context.Background(), &fakeSource{}, once(w), StreamConfig{Proto: proto, Frames: 10})
			if !errors.Is(err, errBoom) {
				t.Fatalf("Stream: %v, want an error wrapping %v", err, errBoom)
			}
			if !strings.Contains(err.Error(), "writing frame") {
				t.Errorf("error %q does not say what failed", err)
			}
			if st.Sent > 2 {
				t.Errorf("status %+v after a failed write", st)
			}
			// What got through is a stream cut short, without the end marker.
			r := wire.NewReader(&w.buf, 0)
			for {
				if _, err := r.Next(nil); err != nil {
					if err == io.EOF {
						t.Error("end marker written after a failed write")
					}
					break
				}
			}
		})
	}
}

// TestStreamCancelWritesEndMarker: cancelled mid-stream, Stream ends the
// stream with the end marker and returns nil, also over a source that
// ignores its ctx and keeps making frames.
func TestStreamCancelWritesEndMarker(t *testing.T) {
	for _, ignore := range []bool{false, true} {
		ctx, cancel := context.WithCancel(context.Background())
		src := &fakeSource{stopAfter: 2, cancel: cancel, ignoreCtx: ignore}
		var conn nopCloser
		res := goStream(t, ctx, src, once(&conn), StreamConfig{Proto: wire.ProtoSeed})()
		cancel()
		if res.err != nil {
			t.Fatalf("ignore ctx %v: Stream after cancel: %v, want nil", ignore, res.err)
		}
		n := wiretest.ReadToEnd(t, wire.NewReader(bytes.NewReader(conn.Bytes()), 0).Next)
		if int64(n) != res.st.Sent || n > 3 {
			t.Errorf("ignore ctx %v: %d frames then the end marker, %+v", ignore, n, res.st)
		}
	}
}

package capture

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/vidstream/vidstream/wire"
)

// fakeSource returns frame i with payload "frame-i" padded to 10+i bytes,
// seq 100+i and time base+i ms. After stopAfter frames (when > 0) it calls
// cancel and returns ctx.Err(); fail, when set, is returned at frame failAt.
type fakeSource struct {
	n         int
	stopAfter int
	cancel    context.CancelFunc
	failAt    int
	fail      error
	ignoreCtx bool
	hello     wire.Hello
	buf       []byte
}

var base = time.Unix(1_700_000_000, 0)

func (s *fakeSource) payload(i int) []byte {
	p := []byte(fmt.Sprintf("frame-%d", i))
	for len(p) < 10+i {
		p = append(p, byte(i))
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
		return Frame{}, ctx.Err()
	}
	if s.fail != nil && s.n == s.failAt {
		return Frame{}, s.fail
	}
	i := s.n
	s.n++
	s.buf = append(s.buf[:0], s.payload(i)...)
	return Frame{Data: s.buf, Seq: uint64(100 + i), Time: base.Add(time.Duration(i) * time.Millisecond)}, nil
}

func (s *fakeSource) Hello() wire.Hello {
	if s.hello.Layout.Format == wire.FormatUnknown {
		return wire.Hello{Version: wire.Version, Layout: wire.Layout{Format: wire.FormatJPEG}, FPS: 25, Name: "fake"}
	}
	return s.hello
}

func (s *fakeSource) Close() error { return nil }

// seedBytes is the exact seed stream of frames 0..n-1 of a fakeSource.
func seedBytes(n int) []byte {
	var s fakeSource
	var b []byte
	for i := range n {
		p := s.payload(i)
		b = binary.LittleEndian.AppendUint32(b, uint32(len(p)))
		b = append(b, p...)
	}
	return append(b, 0, 0, 0, 0)
}

func TestSendSeedBytes(t *testing.T) {
	for _, proto := range []string{ProtoSeed, ""} {
		var buf bytes.Buffer
		st, err := Send(context.Background(), &buf, &fakeSource{}, SendConfig{Proto: proto, Frames: 3})
		if err != nil {
			t.Fatal(err)
		}
		if want := seedBytes(3); !bytes.Equal(buf.Bytes(), want) {
			t.Errorf("proto %q: stream\n% x\nwant\n% x", proto, buf.Bytes(), want)
		}
		if !bytes.HasSuffix(buf.Bytes(), []byte{0, 0, 0, 0}) {
			t.Error("stream does not end with 4 zero bytes")
		}
		if st != (SendStats{Frames: 3, Bytes: 10 + 11 + 12}) {
			t.Errorf("stats %+v", st)
		}
	}
}

func TestSendSeedDecodes(t *testing.T) {
	src, err := NewTestSource(320, 240, wire.FormatI420, 0)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	st, err := Send(context.Background(), &buf, src, SendConfig{Proto: ProtoSeed, Frames: 5})
	if err != nil {
		t.Fatal(err)
	}
	if st.Frames != 5 || st.Bytes != 5*115200 || buf.Len() != 5*(4+115200)+4 {
		t.Errorf("stats %+v, stream %d bytes", st, buf.Len())
	}
	if tail := buf.Bytes()[buf.Len()-4:]; !bytes.Equal(tail, []byte{0, 0, 0, 0}) {
		t.Errorf("tail % x, want 00 00 00 00", tail)
	}
	r := wire.NewReader(&buf, 0)
	for i := range 5 {
		f, err := r.Next(nil)
		if err != nil {
			t.Fatalf("frame %d: %v", i, err)
		}
		if len(f.Payload) != 115200 {
			t.Errorf("frame %d: %d bytes", i, len(f.Payload))
		}
	}
	if _, err := r.Next(nil); err != io.EOF {
		t.Errorf("after 5 frames: %v, want io.EOF", err)
	}
	if r.Protocol() != wire.ProtoSeed {
		t.Errorf("protocol %v", r.Protocol())
	}
}

func TestSendV2(t *testing.T) {
	src := &fakeSource{}
	var buf bytes.Buffer
	if _, err := Send(context.Background(), &buf, src, SendConfig{Proto: ProtoV2, Frames: 4}); err != nil {
		t.Fatal(err)
	}
	r := wire.NewReader(&buf, 0)
	for i := range 4 {
		f, err := r.Next(nil)
		if err != nil {
			t.Fatalf("frame %d: %v", i, err)
		}
		if f.Seq != uint64(100+i) || f.CaptureTime != base.Add(time.Duration(i)*time.Millisecond).UnixNano() {
			t.Errorf("frame %d: seq %d, capture time %d", i, f.Seq, f.CaptureTime)
		}
		if !bytes.Equal(f.Payload, src.payload(i)) {
			t.Errorf("frame %d payload %q", i, f.Payload)
		}
	}
	if _, err := r.Next(nil); err != io.EOF {
		t.Errorf("after 4 frames: %v, want io.EOF", err)
	}
	if h := r.Hello(); h == nil || *h != src.Hello() {
		t.Errorf("hello %+v, want %+v", h, src.Hello())
	}
}

func TestSendV2TestSource(t *testing.T) {
	src, err := NewTestSource(64, 48, wire.FormatJPEG, 0)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := Send(context.Background(), &buf, src, SendConfig{Proto: ProtoV2, Frames: 3}); err != nil {
		t.Fatal(err)
	}
	r := wire.NewReader(&buf, 0)
	var last int64
	for i := range 3 {
		f, err := r.Next(nil)
		if err != nil {
			t.Fatal(err)
		}
		if f.Seq != uint64(i) || f.CaptureTime < last || f.CaptureTime == 0 || !wire.IsJPEG(f.Payload) {
			t.Errorf("frame %d: seq %d, capture time %d (previous %d)", i, f.Seq, f.CaptureTime, last)
		}
		last = f.CaptureTime
	}
	if _, err := r.Next(nil); err != io.EOF {
		t.Errorf("end: %v", err)
	}
	if h := r.Hello(); h == nil || h.Layout.Format != wire.FormatJPEG || h.Layout.Width != 64 || h.Name != DefaultTestName {
		t.Errorf("hello %+v", h)
	}
}

func TestSendCancelWritesEndMarker(t *testing.T) {
	tests := []struct {
		name      string
		ignoreCtx bool
	}{
		{"source returns ctx.Err", false},
		{"source ignores ctx", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			src := &fakeSource{stopAfter: 2, cancel: cancel, ignoreCtx: tc.ignoreCtx}
			var buf bytes.Buffer
			st, err := Send(ctx, &buf, src, SendConfig{Proto: ProtoSeed})
			if err != nil {
				t.Fatalf("Send after cancel: %v, want nil", err)
			}
			if st.Frames != 2 || !bytes.Equal(buf.Bytes(), seedBytes(2)) {
				t.Errorf("stats %+v, stream % x", st, buf.Bytes())
			}
		})
	}
}

func TestSendAlreadyCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var seed, v2 bytes.Buffer
	if _, err := Send(ctx, &seed, &fakeSource{}, SendConfig{Proto: ProtoSeed}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(seed.Bytes(), []byte{0, 0, 0, 0}) {
		t.Errorf("seed stream % x, want just the end marker", seed.Bytes())
	}
	if _, err := Send(ctx, &v2, &fakeSource{}, SendConfig{Proto: ProtoV2}); err != nil {
		t.Fatal(err)
	}
	r := wire.NewReader(&v2, 0)
	if _, err := r.Next(nil); err != io.EOF || r.Hello() == nil {
		t.Errorf("v2 stream: %v, hello %v; want io.EOF after a hello", err, r.Hello())
	}
}

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

func TestSendWriteError(t *testing.T) {
	for _, proto := range []string{ProtoSeed, ProtoV2} {
		t.Run(proto, func(t *testing.T) {
			w := &failWriter{ok: 2}
			st, err := Send(context.Background(), w, &fakeSource{}, SendConfig{Proto: proto, Frames: 10})
			if !errors.Is(err, errBoom) {
				t.Fatalf("Send: %v, want an error wrapping %v", err, errBoom)
			}
			if !strings.Contains(err.Error(), "writing frame") {
				t.Errorf("error %q does not say what failed", err)
			}
			if st.Frames >= 10 || st.Frames > 2 {
				t.Errorf("stats %+v after a failed write", st)
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

func TestSendSourceError(t *testing.T) {
	errGone := errors.New("camera gone")
	var buf bytes.Buffer
	st, err := Send(context.Background(), &buf, &fakeSource{failAt: 2, fail: errGone}, SendConfig{Proto: ProtoSeed})
	if !errors.Is(err, errGone) {
		t.Fatalf("Send: %v, want an error wrapping %v", err, errGone)
	}
	if st.Frames != 2 {
		t.Errorf("stats %+v", st)
	}
	want := seedBytes(2)
	if !bytes.Equal(buf.Bytes(), want[:len(want)-4]) {
		t.Errorf("stream % x, want 2 frames and no end marker", buf.Bytes())
	}
}

func TestSendConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		cfg  SendConfig
		src  Source
	}{
		{"unknown proto", SendConfig{Proto: "v3"}, &fakeSource{}},
		{"negative frames", SendConfig{Frames: -1}, &fakeSource{}},
		{"invalid hello", SendConfig{Proto: ProtoV2}, &fakeSource{hello: wire.Hello{Layout: wire.Layout{Format: wire.FormatI420, Width: 0}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if _, err := Send(context.Background(), &buf, tc.src, tc.cfg); err == nil {
				t.Error("Send succeeded")
			}
			if buf.Len() != 0 {
				t.Errorf("wrote % x", buf.Bytes())
			}
		})
	}
}

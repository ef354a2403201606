package capture

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vidstream/vidstream/wire/jpeg"
	"github.com/vidstream/vidstream/wire/pixel"

	"github.com/vidstream/vidstream/wire"
)

// streamSafety bounds how long a stream test waits for anything; it guards
// against deadlock and is no assertion about speed.
const streamSafety = 20 * time.Second

// seqSource yields frames of size bytes: FF D8 FF E0 (so they pass as JPEGs),
// the frame number as a little-endian uint64, filler and FF D9. After limit
// frames (when > 0) it returns end (io.EOF when nil). Each Next first waits
// period (when > 0). Data is one reused buffer, as a camera's would be.
type seqSource struct {
	size   int
	limit  int
	end    error
	period time.Duration

	mu    sync.Mutex
	cond  *sync.Cond
	calls int  // Next calls so far
	ended bool // Next has returned end
	buf   []byte
}

func (s *seqSource) init() {
	if s.cond == nil {
		s.cond = sync.NewCond(&s.mu)
	}
}

func (s *seqSource) Next(ctx context.Context) (Frame, error) {
	if s.period > 0 {
		t := time.NewTimer(s.period)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
		}
	}
	if err := ctx.Err(); err != nil {
		return Frame{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.init()
	n := s.calls
	s.calls++
	s.cond.Broadcast()
	if s.limit > 0 && n >= s.limit {
		s.ended = true
		if s.end != nil {
			return Frame{}, s.end
		}
		return Frame{}, io.EOF
	}
	if len(s.buf) != s.size {
		s.buf = make([]byte, s.size)
		copy(s.buf, []byte{0xFF, 0xD8, 0xFF, 0xE0})
		s.buf[s.size-2], s.buf[s.size-1] = 0xFF, 0xD9
	}
	binary.LittleEndian.PutUint64(s.buf[4:], uint64(n))
	return Frame{Data: s.buf, Seq: uint64(n), Time: time.Unix(0, int64(n+1))}, nil
}

// waitCalls blocks until Next has been called n times or the source ended.
func (s *seqSource) waitCalls(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.init()
	for s.calls < n && !s.ended {
		s.cond.Wait()
	}
}

// produced returns the frames handed out so far.
func (s *seqSource) produced() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.limit > 0 {
		return int64(min(s.calls, s.limit))
	}
	return int64(s.calls)
}

func (s *seqSource) Hello() wire.Hello {
	return wire.Hello{Version: wire.Version, Layout: pixel.Layout{Format: pixel.FormatJPEG, Width: 64, Height: 48}, Name: "seq"}
}

func (s *seqSource) Close() error { return nil }

// frameSeq returns the frame number a seqSource wrote into payload p.
func frameSeq(p []byte) uint64 { return binary.LittleEndian.Uint64(p[4:]) }

// slowWriter is a seed-stream connection 10x (lag) slower than its source:
// each frame write records the frame's number, then returns only once the
// source has produced lag more frames.
type slowWriter struct {
	src    *seqSource
	lag    int
	seqs   []uint64
	ended  bool
	closed bool
}

func (w *slowWriter) Write(p []byte) (int, error) {
	if bytes.Equal(p, []byte{0, 0, 0, 0}) {
		w.ended = true
		return len(p), nil
	}
	seq := frameSeq(p[4:])
	w.seqs = append(w.seqs, seq)
	w.src.waitCalls(int(seq) + w.lag + 2) // frame seq+lag is then pending
	return len(p), nil
}

func (w *slowWriter) Close() error { w.closed = true; return nil }

// once returns a Dialer that hands out c.
func once(c io.WriteCloser) Dialer {
	return func(context.Context) (io.WriteCloser, error) { return c, nil }
}

// nopCloser is a bytes.Buffer connection.
type nopCloser struct{ bytes.Buffer }

func (*nopCloser) Close() error { return nil }

func TestStreamNewestWins(t *testing.T) {
	const size, limit, lag = 100_000, 300, 10
	src := &seqSource{size: size, limit: limit}
	w := &slowWriter{src: src, lag: lag}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	st, err := Stream(context.Background(), src, once(w), StreamConfig{Proto: wire.ProtoSeed})
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if !w.ended || !w.closed {
		t.Errorf("end marker written %v, connection closed %v", w.ended, w.closed)
	}
	// Every frame sent after one took lag frames to write is at least lag
	// newer: the frames in between were dropped, not queued.
	for i := 1; i < len(w.seqs)-1; i++ {
		if w.seqs[i] < w.seqs[i-1]+lag {
			t.Fatalf("frame %d sent after %d: not the newest (sent %v)", w.seqs[i], w.seqs[i-1], w.seqs)
		}
	}
	// (On a busy machine the source may run to its end before the sender
	// first takes a frame: then the only frame sent is the last one.)
	if n := len(w.seqs); n < 1 || w.seqs[n-1] != limit-1 {
		t.Errorf("sent %v; want the source's last frame %d sent at its end", w.seqs, limit-1)
	}
	if st.Sent != int64(len(w.seqs)) || st.Dropped == 0 || st.Sent+st.Dropped != limit {
		t.Errorf("status %+v: want sent %d, dropped > 0, sent+dropped = %d", st, len(w.seqs), limit)
	}
	// 300 frames of 100 kB went through: a queue would allocate ~30 MB.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 20*size {
		t.Errorf("allocated %d bytes streaming %d frames of %d bytes: not bounded", alloc, limit, size)
	}
}

func TestStreamEnds(t *testing.T) {
	camErr := errors.New("camera unplugged")
	cutErr := fmt.Errorf("frame 3 cut off after 10 of 64 bytes: %w", io.ErrUnexpectedEOF)
	tests := []struct {
		name      string
		proto     wire.Protocol
		frames    int   // StreamConfig.Frames
		limit     int   // source frames before end
		end       error // source end
		wantErr   error
		wantFrame int // frames the viewer gets: exactly, or at most with wantErr
	}{
		{"frames seed", wire.ProtoSeed, 5, 0, nil, nil, 5},
		{"frames v2", wire.ProtoV2, 5, 0, nil, nil, 5},
		{"frames mjpeg", wire.ProtoMJPEG, 5, 0, nil, nil, 5},
		{"source eof", wire.ProtoV2, 0, 7, nil, nil, -1},
		{"source error", wire.ProtoSeed, 0, 3, camErr, camErr, 3},
		// The input ends inside frame 3: frames 0-2 as at io.EOF, then the
		// end marker; Stream says the input was cut.
		{"source cut seed", wire.ProtoSeed, 0, 3, cutErr, ErrInputCut, -1},
		{"source cut v2", wire.ProtoV2, 0, 3, cutErr, ErrInputCut, -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := &seqSource{size: 64, limit: tc.limit, end: tc.end}
			var conn nopCloser
			st, err := Stream(context.Background(), src, once(&conn), StreamConfig{Proto: tc.proto, Frames: tc.frames})
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("Stream: %v, want %v", err, tc.wantErr)
			}
			got, last, rerr := readStream(t, tc.proto, conn.Bytes())
			cut := errors.Is(tc.end, io.ErrUnexpectedEOF)
			switch {
			case cut && !errors.Is(err, cutErr):
				t.Errorf("Stream: %v, want the source's error wrapped too", err)
			case tc.wantErr != nil && !cut:
				if !errors.Is(rerr, wire.ErrNoEndMarker) || got > tc.wantFrame {
					t.Errorf("after a source error: %d frames then %v; want the stream cut without the end marker", got, rerr)
				}
			case rerr != io.EOF:
				t.Errorf("%d frames then %v, want the end marker", got, rerr)
			case tc.wantFrame >= 0 && (got != tc.wantFrame || st.Sent != int64(got)):
				t.Errorf("%d frames read, %d sent; want %d", got, st.Sent, tc.wantFrame)
			case tc.wantFrame < 0 && last != uint64(tc.limit-1):
				t.Errorf("last frame %d; want the source's last, %d", last, tc.limit-1)
			}
			produced := src.produced()
			if cut {
				produced++ // the partial frame, dropped
			}
			if st.Sent+st.Dropped != produced {
				t.Errorf("status %+v does not account for %d frames produced", st, produced)
			}
		})
	}
}

// readStream reads a whole stream of seqSource frames: the frame count, the
// last frame's number, and the error that ended it (io.EOF at the end
// marker; for mjpeg, io.EOF at the end of the bytes).
func readStream(t *testing.T, proto wire.Protocol, b []byte) (n int, last uint64, err error) {
	t.Helper()
	if proto == wire.ProtoMJPEG {
		for len(b) > 0 {
			end := -1
			if len(b) > 12 { // the marker, then the frame number
				end = bytes.Index(b[12:], []byte{0xFF, 0xD9})
			}
			if !jpeg.IsJPEG(b) || end < 0 {
				return n, last, errors.New("not a JPEG")
			}
			last, n, b = frameSeq(b), n+1, b[12+end+2:]
		}
		return n, last, io.EOF
	}
	r := wire.NewReader(bytes.NewReader(b), 0)
	for {
		f, err := r.Next(nil)
		if err != nil {
			return n, last, err
		}
		if want := wire.ProtoSeed; proto == wire.ProtoV2 {
			want = wire.ProtoV2
			if r.Protocol() != want {
				t.Errorf("protocol %v, want %v", r.Protocol(), want)
			}
		}
		last, n = frameSeq(f.Payload), n+1
	}
}

func TestStreamRefuses(t *testing.T) {
	tests := []struct {
		name string
		cfg  StreamConfig
		size int
		dial Dialer
		want string
	}{
		{"negative frames", StreamConfig{Frames: -1}, 64, once(&nopCloser{}), "negative frame count"},
		{"bad proto", StreamConfig{Proto: wire.Protocol(99)}, 64, once(&nopCloser{}), "cannot write protocol unknown"},
		{"over the cap", StreamConfig{MaxFrame: 1000}, 2000, once(&nopCloser{}), "is 2000 bytes, over the wire cap of 1000 bytes"},
		{"dial without reconnect", StreamConfig{}, 64, func(context.Context) (io.WriteCloser, error) {
			return nil, errors.New("disk full")
		}, "connecting: disk full"},
		{"nil connection", StreamConfig{Reconnect: true}, 64, func(context.Context) (io.WriteCloser, error) {
			return nil, nil
		}, "the dialer returned no connection"},
		{"mjpeg of non-JPEGs", StreamConfig{Proto: wire.ProtoMJPEG}, 0, once(&nopCloser{}), "frame 0 (seq 100) is not a JPEG"},
		{"invalid hello", StreamConfig{Proto: wire.ProtoV2}, -1, once(&nopCloser{}), "layout"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var src Source = &seqSource{size: tc.size}
			switch tc.size {
			case 0:
				src = &fakeSource{} // "frame-0", ... announced as JPEG
			case -1:
				src = &fakeSource{hello: wire.Hello{Layout: pixel.Layout{Format: pixel.FormatI420, Width: 0}}}
			}
			_, err := Stream(context.Background(), src, tc.dial, tc.cfg)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Stream: %v, want an error with %q", err, tc.want)
			}
		})
	}
}

func TestStreamStatus(t *testing.T) {
	src := &seqSource{size: 100, limit: 50, period: 100 * time.Microsecond}
	var got []StreamStatus
	var conn nopCloser
	s := newStreamer(src, once(&conn), StreamConfig{Status: func(st StreamStatus) { got = append(got, st) }}, time.Millisecond)
	final, err := s.run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) == 0 || got[len(got)-1] != final {
		t.Fatalf("status calls %+v do not end with the final status %+v", got, final)
	}
	if final.Sent+final.Dropped != 50 || final.BytesPerFrame != 100 || final.FPS <= 0 || final.Connected {
		t.Errorf("final status %+v", final)
	}
	for i := 1; i < len(got); i++ {
		if got[i].Sent < got[i-1].Sent || got[i].Dropped < got[i-1].Dropped {
			t.Errorf("status went back: %+v after %+v", got[i], got[i-1])
		}
	}
}

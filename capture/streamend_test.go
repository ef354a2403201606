package capture

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/vidstream/vidstream/wire/pixel"

	"github.com/vidstream/vidstream/wire"
)

// TestStreamInputCut: a ReaderSource whose input ends in the middle of a
// frame, streamed as picam -source stdin streams it to a viewer on a real
// loopback connection. The viewer gets every whole frame written before the
// cut, then the end marker and nothing more; the partial frame is dropped,
// counted and logged, and Stream says the input was cut. Each frame is
// written once the viewer has the one before, as a camera would, so none is
// dropped for coming too fast.
func TestStreamInputCut(t *testing.T) {
	jpegs := [][]byte{stdinJPEG(t, 32, 16, 0), stdinJPEG(t, 32, 16, 1), stdinJPEG(t, 32, 16, 2)}
	yuv := ReaderConfig{Format: pixel.FormatI420, Width: 64, Height: 48}
	i420 := i420Frames(3, pixel.RpicamI420Layout(64, 48).Size())
	tests := []struct {
		name    string
		cfg     ReaderConfig
		proto   wire.Protocol
		frames  [][]byte
		partial []byte // written after the frames, then the input ends
	}{
		{"jpeg seed", ReaderConfig{Format: pixel.FormatJPEG}, wire.ProtoSeed, jpegs, jpegs[0][:len(jpegs[0])/2]},
		{"jpeg v2", ReaderConfig{Format: pixel.FormatJPEG}, wire.ProtoV2, jpegs, jpegs[1][:3]},
		{"yuv seed", yuv, wire.ProtoSeed, i420, i420[0][:1000]},
		{"yuv v2", yuv, wire.ProtoV2, i420, i420[0][:len(i420[0])-1]},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ln := listenAt(t, "127.0.0.1:0")
			pr, pw := io.Pipe()
			defer pw.Close()
			src, err := NewReaderSource(pr, tc.cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer src.Close()
			logs, logf := logChan()
			wait := goStream(t, context.Background(), src, TCPDialer(ln.Addr().String(), time.Second),
				StreamConfig{Proto: tc.proto, Reconnect: true, Log: logf})
			conn := acceptConn(t, ln)

			var wireBytes bytes.Buffer
			r := wire.NewReader(io.TeeReader(conn, &wireBytes), 0)
			for i, f := range tc.frames {
				if _, err := pw.Write(f); err != nil {
					t.Fatal(err)
				}
				got, err := r.Next(nil)
				if err != nil {
					t.Fatalf("frame %d: %v", i, err)
				}
				if !bytes.Equal(got.Payload, f) {
					t.Fatalf("frame %d: %d bytes, not the %d written", i, len(got.Payload), len(f))
				}
			}
			pw.Write(tc.partial)
			pw.Close() // the camera's program dies in the middle of a frame
			if _, err := r.Next(nil); err != io.EOF {
				t.Errorf("after %d frames and a cut: %v, want io.EOF at the end marker", len(tc.frames), err)
			}
			rest, err := io.ReadAll(conn)
			if err != nil || len(rest) != 0 {
				t.Errorf("after the end marker: % x, %v; want the connection closed", rest, err)
			}
			checkWireEnd(t, tc.proto, wireBytes.Bytes(), tc.frames)

			res := wait()
			if !errors.Is(res.err, ErrInputCut) || !errors.Is(res.err, io.ErrUnexpectedEOF) {
				t.Errorf("Stream: %v, want ErrInputCut and the source's io.ErrUnexpectedEOF", res.err)
			}
			if n := int64(len(tc.frames)); res.st.Sent != n || res.st.Dropped != 1 {
				t.Errorf("status %+v: want sent %d, dropped 1 (the partial frame)", res.st, n)
			}
			waitLog(t, logs, "dropped a partial frame: the source's input ended in the middle of it")
		})
	}
}

// checkWireEnd checks the bytes of a stream of frames on the wire: in seed,
// exactly each frame's length and payload, then the zero length; in v2, the
// end message last.
func checkWireEnd(t *testing.T, proto wire.Protocol, b []byte, frames [][]byte) {
	t.Helper()
	if proto == wire.ProtoV2 {
		if end := []byte{3, 0, 0, 0, 0}; !bytes.HasSuffix(b, end) {
			t.Errorf("v2 stream ends % x, want the end message % x", b[max(0, len(b)-8):], end)
		}
		return
	}
	var want []byte
	for _, f := range frames {
		want = binary.LittleEndian.AppendUint32(want, uint32(len(f)))
		want = append(want, f...)
	}
	want = append(want, 0, 0, 0, 0)
	if !bytes.Equal(b, want) {
		t.Errorf("seed stream: %d bytes ending % x; want %d bytes: the frames, then 00000000",
			len(b), b[max(0, len(b)-8):], len(want))
	}
}

// TestStreamInputCutNoViewer: when the input is cut while no viewer is
// connected, there is no stream to end, and Stream still says the input was
// cut and counts the partial frame.
func TestStreamInputCutNoViewer(t *testing.T) {
	src := &seqSource{size: 64, limit: 2, end: io.ErrUnexpectedEOF}
	noViewer := func(context.Context) (io.WriteCloser, error) { return nil, errors.New("connection refused") }
	logs, logf := logChan()
	st, err := Stream(context.Background(), src, noViewer,
		StreamConfig{Reconnect: true, MinBackoff: time.Millisecond, Log: logf})
	if !errors.Is(err, ErrInputCut) {
		t.Errorf("Stream: %v, want ErrInputCut", err)
	}
	if st.Sent != 0 || st.Dropped != src.produced()+1 {
		t.Errorf("status %+v: want the %d frames and the partial one dropped", st, src.produced())
	}
	waitLog(t, logs, "dropped a partial frame")
}

package wire

import (
	"bytes"
	"encoding/hex"
	"errors"
	"io"
	"net"
	"strings"
	"testing"

	"github.com/vidstream/vidstream/wire/pixel"
)

func TestSeedWriterBytes(t *testing.T) {
	var buf bytes.Buffer
	w := newSeedWriter(&buf)
	for _, p := range []string{"abc", "\xff\xd8\xff"} {
		if err := w.WriteFrame([]byte(p), 99, 12345); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	// The post's client: struct.pack('<L', len) + payload per frame, struct.pack('<L', 0) at the end.
	const want = "03000000616263" + "03000000ffd8ff" + "00000000"
	if got := hex.EncodeToString(buf.Bytes()); got != want {
		t.Errorf("seed bytes %s, want %s", got, want)
	}
}

// countingWriter records each Write call.
type countingWriter struct {
	writes [][]byte
	fail   error
}

func (c *countingWriter) Write(p []byte) (int, error) {
	if c.fail != nil {
		return 0, c.fail
	}
	c.writes = append(c.writes, bytes.Clone(p))
	return len(p), nil
}

func TestWriterOneWritePerFrame(t *testing.T) {
	hello := Hello{Layout: pixel.Layout{Format: pixel.FormatJPEG}, Name: "pi"}
	for _, tc := range []struct {
		name string
		mk   func(io.Writer) *Writer
		head int // bytes before the first payload in the first write
	}{
		{"seed", newSeedWriter, 4},
		{"v2", func(w io.Writer) *Writer { return newV2Writer(w, hello) }, 4 + 5 + 29 + 5 + 16},
	} {
		var c countingWriter
		w := tc.mk(&c)
		for i := range 3 {
			if err := w.WriteFrame(seqBytes(1000+i), uint64(i), 0); err != nil {
				t.Fatal(err)
			}
			if len(c.writes) != i+1 {
				t.Fatalf("%s: %d write calls after %d frames", tc.name, len(c.writes), i+1)
			}
		}
		if len(c.writes[0]) != tc.head+1000 || !bytes.Equal(c.writes[0][tc.head:], seqBytes(1000)) {
			t.Errorf("%s: first write is %d bytes, want %d ending in the payload", tc.name, len(c.writes[0]), tc.head+1000)
		}
		if err := w.Close(); err != nil || len(c.writes) != 4 {
			t.Errorf("%s: Close: %v, %d writes", tc.name, err, len(c.writes))
		}
	}
}

func TestWriterRefusesAndCloses(t *testing.T) {
	var buf bytes.Buffer
	w := newSeedWriter(&buf)
	if err := w.WriteFrame(nil, 0, 0); err == nil {
		t.Error("empty frame accepted")
	}
	if buf.Len() != 0 {
		t.Errorf("a refused frame wrote %d bytes", buf.Len())
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil || buf.Len() != 4 {
		t.Errorf("second Close: %v, %d bytes written, want 4", err, buf.Len())
	}
	if err := w.WriteFrame([]byte{1}, 0, 0); !errors.Is(err, errWriterClosed) {
		t.Errorf("WriteFrame after Close: %v", err)
	}
	if err := checkPayloadLen(MaxFrameLimit); err != nil {
		t.Errorf("MaxFrameLimit refused: %v", err)
	}
	if err := checkPayloadLen(MaxFrameLimit + 1); err == nil {
		t.Error("MaxFrameLimit+1 accepted")
	}
}

func TestWriterStickyError(t *testing.T) {
	boom := errors.New("boom")
	w := newV2Writer(&countingWriter{fail: boom}, Hello{Layout: pixel.Layout{Format: pixel.FormatJPEG}})
	err := w.WriteFrame([]byte{1}, 0, 0)
	if !errors.Is(err, boom) {
		t.Fatalf("error %v, want boom", err)
	}
	if again := w.WriteFrame([]byte{1}, 1, 0); again != err {
		t.Errorf("second error %v", again)
	}
	if again := w.Close(); again != err {
		t.Errorf("Close error %v", again)
	}
}

func TestV2WriterBadHello(t *testing.T) {
	var c countingWriter
	w := newV2Writer(&c, Hello{Layout: pixel.Layout{Format: pixel.FormatJPEG}, Name: strings.Repeat("n", 256)})
	if err := w.WriteFrame([]byte{1}, 0, 0); err == nil || !strings.Contains(err.Error(), "name") {
		t.Errorf("WriteFrame: %v", err)
	}
	if err := w.Close(); err == nil {
		t.Error("Close accepted a bad hello")
	}
	if len(c.writes) != 0 {
		t.Errorf("%d writes for a bad hello", len(c.writes))
	}
}

func TestV2WriterHelloAtClose(t *testing.T) {
	var buf bytes.Buffer
	h := Hello{Version: 2, Layout: pixel.Layout{Format: pixel.FormatRGB24, Width: 320, Height: 240, Stride: 960, Rows: 240}, FPS: 19, Name: "cam"}
	if err := newV2Writer(&buf, h).Close(); err != nil {
		t.Fatal(err)
	}
	r := NewReader(&buf, 0)
	if _, err := r.Next(nil); err != io.EOF {
		t.Fatalf("Next: %v, want io.EOF", err)
	}
	if got := r.Hello(); got == nil || *got != h {
		t.Errorf("Hello = %+v, want %+v", got, h)
	}
}

// roundTripFrames are written and read back by the round-trip tests.
var roundTripFrames = [][]byte{{0x42}, seqBytes(67621), seqBytes(1<<20 + 3), seqBytes(5)}

// writeAll writes roundTripFrames (seq 10+i, time 1e18+i) and closes w.
func writeAll(w *Writer) error {
	for i, p := range roundTripFrames {
		if err := w.WriteFrame(p, uint64(10+i), 1e18+int64(i)); err != nil {
			return err
		}
	}
	return w.Close()
}

// readAll reads r to its end and checks the frames against roundTripFrames.
func readAll(t *testing.T, r *Reader, v2 bool) {
	t.Helper()
	var buf []byte
	for i, want := range roundTripFrames {
		f, err := r.Next(buf)
		if err != nil {
			t.Fatalf("frame %d: %v", i, err)
		}
		seq, ts := uint64(i), int64(0)
		if v2 {
			seq, ts = uint64(10+i), 1e18+int64(i)
		}
		if !bytes.Equal(f.Payload, want) || f.Seq != seq || f.CaptureTime != ts {
			t.Fatalf("frame %d: %d bytes seq %d time %d; want %d bytes seq %d time %d",
				i, len(f.Payload), f.Seq, f.CaptureTime, len(want), seq, ts)
		}
		buf = f.Payload
	}
	if _, err := r.Next(buf); err != io.EOF {
		t.Fatalf("end: %v, want io.EOF", err)
	}
}

var rtHello = Hello{Version: 2, Layout: pixel.Layout{Format: pixel.FormatJPEG}, FPS: 28, Name: "rt"}

func TestRoundTripBuffer(t *testing.T) {
	for _, v2 := range []bool{false, true} {
		var buf bytes.Buffer
		w := newSeedWriter(&buf)
		if v2 {
			w = newV2Writer(&buf, rtHello)
		}
		if err := writeAll(w); err != nil {
			t.Fatal(err)
		}
		n := int64(buf.Len())
		if w.BytesWritten() != n {
			t.Errorf("BytesWritten %d, buffer has %d", w.BytesWritten(), n)
		}
		r := NewReader(&buf, 0)
		readAll(t, r, v2)
		if r.BytesRead() != n {
			t.Errorf("BytesRead %d, want %d", r.BytesRead(), n)
		}
	}
}

func TestRoundTripTCP(t *testing.T) {
	for _, v2 := range []bool{false, true} {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() {
			conn, err := net.Dial("tcp", ln.Addr().String())
			if err != nil {
				done <- err
				return
			}
			defer conn.Close()
			w := newSeedWriter(conn)
			if v2 {
				w = newV2Writer(conn, rtHello)
			}
			if !w.writev {
				done <- errors.New("a TCP connection should be written with writev")
				return
			}
			done <- writeAll(w)
		}()
		conn, err := ln.Accept()
		ln.Close()
		if err != nil {
			t.Fatal(err)
		}
		r := NewReader(conn, 0)
		readAll(t, r, v2)
		conn.Close()
		if err := <-done; err != nil {
			t.Fatalf("writer: %v", err)
		}
		if got := r.Hello(); v2 && (got == nil || *got != rtHello) {
			t.Errorf("Hello = %+v", got)
		}
	}
}

func TestWriterAllocs(t *testing.T) {
	p := seqBytes(67621)
	for _, w := range []*Writer{newSeedWriter(io.Discard), newV2Writer(io.Discard, rtHello)} {
		if err := w.WriteFrame(p, 0, 0); err != nil { // grows the copy buffer once
			t.Fatal(err)
		}
		if allocs := testing.AllocsPerRun(100, func() { w.WriteFrame(p, 1, 2) }); allocs != 0 {
			t.Errorf("%v: %v allocations per frame, want 0", w.proto, allocs)
		}
	}
}

func TestMJPEGWriterConcatenatesJPEGs(t *testing.T) {
	a := []byte{0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 0xFF, 0xD9}
	b := []byte{0xFF, 0xD8, 0xFF, 0xDB, 3, 0xFF, 0xD9}
	var out bytes.Buffer
	w := newMJPEGWriter(&out)
	for i, p := range [][]byte{a, b} {
		if err := w.WriteFrame(p, uint64(i), 0); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.WriteFrame([]byte("not a jpeg"), 2, 0); err == nil {
		t.Fatal("an MJPEG writer took a payload that is not a JPEG")
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if want := append(append([]byte(nil), a...), b...); !bytes.Equal(out.Bytes(), want) {
		t.Fatalf("MJPEG stream % x, want % x (no framing, no end marker)", out.Bytes(), want)
	}
}

func TestNewWriter(t *testing.T) {
	jpegHello := Hello{Layout: pixel.Layout{Format: pixel.FormatJPEG}, Name: "pi"}
	rawHello := Hello{Layout: pixel.PicameraLayout(pixel.FormatI420, 64, 48)}
	for _, tc := range []struct {
		proto Protocol
		hello Hello
		want  []byte // the stream of one frame "ab" (seq 7, time 9) and Close
	}{
		{ProtoSeed, rawHello, []byte{2, 0, 0, 0, 'a', 'b', 0, 0, 0, 0}},
		{ProtoMJPEG, jpegHello, []byte{0xFF, 0xD8, 0xFF, 'a', 'b'}},
		{ProtoV2, jpegHello, nil},
	} {
		var b bytes.Buffer
		w, err := NewWriter(&b, tc.proto, tc.hello)
		if err != nil {
			t.Fatalf("%v: %v", tc.proto, err)
		}
		payload := []byte("ab")
		if tc.proto == ProtoMJPEG {
			payload = []byte{0xFF, 0xD8, 0xFF, 'a', 'b'}
		}
		if err := w.WriteFrame(payload, 7, 9); err != nil {
			t.Fatalf("%v: %v", tc.proto, err)
		}
		if err := w.Close(); err != nil {
			t.Fatalf("%v: Close: %v", tc.proto, err)
		}
		if tc.want == nil { // v2: read it back
			r := NewReader(&b, 0)
			f, err := r.Next(nil)
			if err != nil || string(f.Payload) != "ab" || f.Seq != 7 || f.CaptureTime != 9 || r.Hello().Name != "pi" {
				t.Errorf("v2: read back %q seq %d time %d, %v", f.Payload, f.Seq, f.CaptureTime, err)
			}
			if _, err := r.Next(nil); err != io.EOF {
				t.Errorf("v2: the stream ends with %v, want the end message", err)
			}
			continue
		}
		if !bytes.Equal(b.Bytes(), tc.want) {
			t.Errorf("%v: wrote % x, want % x", tc.proto, b.Bytes(), tc.want)
		}
	}
	for _, tc := range []struct {
		name  string
		proto Protocol
		hello Hello
		want  string
	}{
		{"v2 bad hello", ProtoV2, Hello{Layout: pixel.Layout{Format: pixel.FormatRGB24}}, "layout"},
		{"mjpeg of raw frames", ProtoMJPEG, rawHello, "carries JPEG frames only, not yuv"},
		{"unknown protocol", ProtoUnknown, jpegHello, "cannot write protocol unknown"},
	} {
		if w, err := NewWriter(io.Discard, tc.proto, tc.hello); w != nil || err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, %v; want an error containing %q", tc.name, w, err, tc.want)
		}
	}
}

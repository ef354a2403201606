package wire

import (
	"bytes"
	"encoding/hex"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/vidstream/vidstream/wire/pixel"
)

// goldenTimed was built with Python's struct module, independently of this
// package: a hello whose clock source is "drawn" (3), a time reply, a Sent
// message and the frame it is about, a Sent message about another seq than
// the frame after it, a Sent message with a longer body before a flagged
// frame, then End:
//
//	body = struct.pack('<H4sIIIII B', 2, b'JPEG', 0, 0, 0, 0, 30000, 2) + b'pi' + bytes([3])
//	s = b'VSv2' + struct.pack('<BI', 1, len(body)) + body
//	s += struct.pack('<BIqqq', 6, 24, 1000, 2000, 2500)
//	s += struct.pack('<BIQq', 5, 16, 7, 1700000000200000000)
//	s += struct.pack('<BIQq', 2, 16+3, 7, 1700000000100000000) + b'abc'
//	s += struct.pack('<BIQq', 5, 16, 9, 1700000000300000000)
//	s += struct.pack('<BIQq', 2, 16+1, 8, 1700000000250000000) + b'd'
//	s += struct.pack('<BIQq', 5, 18, 10, 1700000000400000000) + b'zz'
//	s += struct.pack('<BIQqI', 4, 20+1, 10, 1700000000350000000, 1) + b'e'
//	s += struct.pack('<BI', 3, 0)
const goldenTimed = "56537632" + "011e000000" + "02004a5045470000000000000000000000000000000030750000027069" + "03" +
	"0618000000" + "e803000000000000" + "d007000000000000" + "c409000000000000" +
	"0510000000" + "0700000000000000" + "00c21542fe9c9717" +
	"0213000000" + "0700000000000000" + "00e11f3cfe9c9717" + "616263" +
	"0510000000" + "0900000000000000" + "00a30b48fe9c9717" +
	"0211000000" + "0800000000000000" + "80b21045fe9c9717" + "64" +
	"0512000000" + "0a00000000000000" + "0084014efe9c9717" + "7a7a" +
	"0415000000" + "0a00000000000000" + "8093064bfe9c9717" + "01000000" + "65" +
	"0300000000"

// goldenProbe is a time probe at 1,700,000,000,123,456,789 ns:
// struct.pack('<BIq', 17, 8, 1700000000123456789).
const goldenProbe = "1108000000" + "15cd853dfe9c9717"

var timedHello = Hello{Version: 2, Layout: pixel.Layout{Format: pixel.FormatJPEG}, FPS: 30, Name: "pi", Clock: ClockDrawn}

func TestTimedGoldenRead(t *testing.T) {
	raw, _ := hex.DecodeString(goldenTimed)
	r := NewReader(bytes.NewReader(raw), 0)
	var replies []TimeReply
	r.OnTimeReply(func(tr TimeReply) { replies = append(replies, tr) })
	want := []Frame{
		{Payload: []byte("abc"), Seq: 7, CaptureTime: 1700000000100000000, SentTime: 1700000000200000000},
		{Payload: []byte("d"), Seq: 8, CaptureTime: 1700000000250000000},
		{Payload: []byte("e"), Seq: 10, CaptureTime: 1700000000350000000, SentTime: 1700000000400000000, Keyframe: true},
	}
	for i, w := range want {
		f, err := r.Next(nil)
		if err != nil {
			t.Fatalf("frame %d: %v", i, err)
		}
		if !bytes.Equal(f.Payload, w.Payload) || f.Seq != w.Seq || f.CaptureTime != w.CaptureTime ||
			f.SentTime != w.SentTime || f.Keyframe != w.Keyframe {
			t.Errorf("frame %d: %+v, want %+v", i, f, w)
		}
		if i == 0 && len(replies) != 1 {
			t.Errorf("%d replies by the first frame, want 1", len(replies))
		}
	}
	if _, err := r.Next(nil); err != io.EOF {
		t.Errorf("at the end: %v, want io.EOF", err)
	}
	if h := r.Hello(); h == nil || *h != timedHello {
		t.Errorf("hello %+v, want %+v", h, timedHello)
	}
	if len(replies) != 1 || replies[0] != (TimeReply{Probe: 1000, Received: 2000, Replied: 2500}) {
		t.Errorf("replies %+v", replies)
	}
	if r.BytesRead() != int64(len(raw)) {
		t.Errorf("BytesRead %d, want %d", r.BytesRead(), len(raw))
	}
}

// A reader that ignores the timing messages (as one that predates them
// does: they are of types it does not know) still reads the frames.
func TestTimedStreamWithoutTiming(t *testing.T) {
	raw, _ := hex.DecodeString(goldenTimed)
	r := NewReader(bytes.NewReader(raw), 0)
	n := 0
	for {
		_, err := r.Next(nil)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 3 {
		t.Errorf("%d frames, want 3", n)
	}
}

// fixedClock returns the times ts one after another.
func fixedClock(ts ...int64) func() time.Time {
	return func() time.Time {
		t := ts[0]
		ts = ts[1:]
		return time.Unix(0, t)
	}
}

func TestTimedGoldenWrite(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewWriter(&buf, ProtoV2, timedHello)
	if err != nil {
		t.Fatal(err)
	}
	w.StampSends(fixedClock(2500, 1700000000200000000, 1700000000400000000))
	if err := w.WriteTimeReply(1000, 2000); err != nil {
		t.Fatal(err)
	}
	if err := w.WriteFrame([]byte("abc"), 7, 1700000000100000000); err != nil {
		t.Fatal(err)
	}
	w.StampSends(nil)
	if err := w.WriteFrame([]byte("d"), 8, 1700000000250000000); err != nil {
		t.Fatal(err)
	}
	w.StampSends(fixedClock(1700000000400000000))
	if err := w.WriteFrameFlags([]byte("e"), 10, 1700000000350000000, FlagKeyframe); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	// The golden stream, less what a writer never writes: the Sent
	// message about seq 9 and the longer Sent body.
	want := strings.Replace(goldenTimed, "0510000000"+"0900000000000000"+"00a30b48fe9c9717", "", 1)
	want = strings.Replace(want, "0512000000"+"0a00000000000000"+"0084014efe9c9717"+"7a7a", "0510000000"+"0a00000000000000"+"0084014efe9c9717", 1)
	if got := hex.EncodeToString(buf.Bytes()); got != want {
		t.Errorf("bytes:\n got %s\nwant %s", got, want)
	}
}

func TestTimeProbeGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteTimeProbe(&buf, 1700000000123456789); err != nil {
		t.Fatal(err)
	}
	if got := hex.EncodeToString(buf.Bytes()); got != goldenProbe {
		t.Errorf("probe % x, want %s", buf.Bytes(), goldenProbe)
	}
	// The sender's side: probes among other messages, then a refusal.
	buf.Write([]byte{99, 2, 0, 0, 0, 'x', 'y'})
	buf.Write([]byte{msgTimeProbe, 4, 0, 0, 0, 1, 2, 3, 4}) // too short to be a probe: skipped
	WriteTimeProbe(&buf, 42)
	WriteRefusal(&buf, "busy")
	var probes []int64
	reason, err := ReadViewer(&buf, func(ns int64) { probes = append(probes, ns) })
	if err != nil || reason != "busy" {
		t.Fatalf("ReadViewer = %q, %v", reason, err)
	}
	if len(probes) != 2 || probes[0] != 1700000000123456789 || probes[1] != 42 {
		t.Errorf("probes %v", probes)
	}
}

func TestTimingErrors(t *testing.T) {
	for _, tc := range []struct {
		name, part string
		msgs       [][]byte
	}{
		{"short sent", "at least 16", [][]byte{msg(msgSent, seqBytes(15))}},
		{"short reply", "at least 24", [][]byte{msg(msgTimeReply, seqBytes(23))}},
		{"cut sent", "unexpected EOF", [][]byte{msg(msgSent, seqBytes(16))[:12]}},
	} {
		r := NewReader(bytes.NewReader(v2Stream(tc.msgs...)), 0)
		if _, err := r.Next(nil); err == nil || !strings.Contains(err.Error(), tc.part) {
			t.Errorf("%s: %v, want an error saying %q", tc.name, err, tc.part)
		}
	}
}

// Timing messages do not reach other protocols: a seed writer ignores
// StampSends and WriteTimeReply.
func TestTimingOnlyInV2(t *testing.T) {
	var buf bytes.Buffer
	w, _ := NewWriter(&buf, ProtoSeed, Hello{})
	w.StampSends(time.Now)
	if err := w.WriteTimeReply(1, 2); err != nil {
		t.Fatal(err)
	}
	if err := w.WriteFrame([]byte("abc"), 0, 0); err != nil {
		t.Fatal(err)
	}
	if got := hex.EncodeToString(buf.Bytes()); got != "03000000616263" {
		t.Errorf("seed bytes %s", got)
	}
}

package wire

import (
	"bytes"
	"encoding/hex"
	"io"
	"testing"

	"github.com/vidstream/vidstream/wire/pixel"
)

// goldenFlagged is an H.264 stream of three flagged frames (a keyframe,
// one that is not, one with every other flag bit set), built with Python's
// struct module, independently of this package:
//
//	body = struct.pack('<H4sIIIII B', 2, b'H264', 1920, 1080, 0, 0, 30000, 2) + b'pi'
//	s = b'VSv2' + struct.pack('<BI', 1, len(body)) + body
//	s += struct.pack('<BIQqI', 4, 20+8, 3, 1700000000000000001, 1) + bytes([0,0,0,1,0x65,0x88,0x84,0x00])
//	s += struct.pack('<BIQqI', 4, 20+6, 4, 1700000000033333334, 0) + bytes([0,0,1,0x41,0x9a,0x02])
//	s += struct.pack('<BIQqI', 4, 20+3, 5, 0, 0xfffffffe) + bytes([0,0,1])
//	s += struct.pack('<BI', 3, 0)
const goldenFlagged = "56537632011d0000000200483236348007000038040000000000000000000030750000027069" +
	"041c000000030000000000000001002a36fe9c97170100000000000001658884" + "00" +
	"041a000000040000000000000056a02638fe9c971700000000000001419a02" +
	"041700000005000000000000000000000000000000feffffff000001" +
	"0300000000"

var flaggedHello = Hello{Version: 2, Layout: pixel.Layout{Format: pixel.FormatH264, Width: 1920, Height: 1080}, FPS: 30, Name: "pi"}

// flaggedFrames are goldenFlagged's frames as a Reader returns them, with
// the flags they were written with.
var flaggedFrames = []struct {
	f     Frame
	flags FrameFlags
}{
	{Frame{Payload: []byte{0, 0, 0, 1, 0x65, 0x88, 0x84, 0}, Seq: 3, CaptureTime: 1700000000000000001, Keyframe: true}, FlagKeyframe},
	{Frame{Payload: []byte{0, 0, 1, 0x41, 0x9a, 0x02}, Seq: 4, CaptureTime: 1700000000033333334}, 0},
	{Frame{Payload: []byte{0, 0, 1}, Seq: 5}, 0xfffffffe}, // unknown flags are ignored
}

func TestV2FlaggedFramesGolden(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewWriter(&buf, ProtoV2, flaggedHello)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range flaggedFrames {
		if err := w.WriteFrameFlags(c.f.Payload, c.f.Seq, c.f.CaptureTime, c.flags); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if got := hex.EncodeToString(buf.Bytes()); got != goldenFlagged {
		t.Errorf("bytes:\n got %s\nwant %s", got, goldenFlagged)
	}

	raw, _ := hex.DecodeString(goldenFlagged)
	r := NewReader(bytes.NewReader(raw), 0)
	for i, c := range flaggedFrames {
		f, err := r.Next(nil)
		if err != nil {
			t.Fatalf("frame %d: %v", i, err)
		}
		if !bytes.Equal(f.Payload, c.f.Payload) || f.Seq != c.f.Seq || f.CaptureTime != c.f.CaptureTime || f.Keyframe != c.f.Keyframe {
			t.Errorf("frame %d = %+v, want %+v", i, f, c.f)
		}
	}
	if h := r.Hello(); h == nil || *h != flaggedHello {
		t.Errorf("hello = %+v", r.Hello())
	}
	if _, err := r.Next(nil); err != io.EOF {
		t.Errorf("end: %v, want io.EOF", err)
	}
}

func TestV2FlaggedFrameErrors(t *testing.T) {
	head := []byte(magic)
	head = append(head, msg(msgHello, helloBody(2, "H264", 0, 0, 0, 0, 0, ""))...)
	for _, tc := range []struct {
		name string
		body []byte
	}{
		{"no payload", make([]byte, 20)},
		{"shorter than its header", make([]byte, 17)},
	} {
		r := NewReader(bytes.NewReader(append(append([]byte{}, head...), msg(msgFlaggedFrame, tc.body)...)), 0)
		if _, err := r.Next(nil); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
	// Over the cap: refused from the declared length, nothing allocated.
	big := append(append([]byte{}, head...), msgFlaggedFrame, 0xff, 0xff, 0xff, 0x7f)
	r := NewReader(bytes.NewReader(big), 1000)
	if _, err := r.Next(nil); err == nil {
		t.Error("a flagged frame over the cap was read")
	}
}

func TestFlagsDroppedBySeed(t *testing.T) {
	var a, b bytes.Buffer
	wa, _ := NewWriter(&a, ProtoSeed, Hello{})
	wb, _ := NewWriter(&b, ProtoSeed, Hello{})
	wa.WriteFrame([]byte{1, 2, 3}, 1, 2)
	wb.WriteFrameFlags([]byte{1, 2, 3}, 1, 2, FlagKeyframe)
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Errorf("seed with flags %x, without %x", b.Bytes(), a.Bytes())
	}
}

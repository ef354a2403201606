package wire

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/vidstream/vidstream/wire/pixel"
)

// goldenV2 was built with Python's struct module, independently of this
// package:
//
//	body = struct.pack('<H4sIIIII B', 2, b'I420', 4, 2, 4, 2, 29970, 2) + b'pi'
//	s = b'VSv2' + struct.pack('<BI', 1, len(body)) + body
//	s += struct.pack('<BIQq', 2, 16+12, 7, 1700000000123456789) + bytes(range(12))
//	s += struct.pack('<BI', 3, 0)
const goldenV2 = "56537632" + // magic
	"011d000000" + "0200" + "49343230" + "04000000" + "02000000" + "04000000" + "02000000" + "12750000" + "02" + "7069" +
	"021c000000" + "0700000000000000" + "15cd853dfe9c9717" + "000102030405060708090a0b" +
	"0300000000"

var goldenHello = Hello{Version: 2, Layout: pixel.Layout{Format: pixel.FormatI420, Width: 4, Height: 2, Stride: 4, Rows: 2}, FPS: 29.97, Name: "pi"}

func TestV2GoldenWrite(t *testing.T) {
	var buf bytes.Buffer
	w := newV2Writer(&buf, goldenHello)
	if err := w.WriteFrame(seqBytes(12), 7, 1700000000123456789); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if got := hex.EncodeToString(buf.Bytes()); got != goldenV2 {
		t.Errorf("v2 bytes:\n got %s\nwant %s", got, goldenV2)
	}
	if w.BytesWritten() != int64(len(goldenV2)/2) {
		t.Errorf("BytesWritten = %d, want %d", w.BytesWritten(), len(goldenV2)/2)
	}
}

func TestV2GoldenRead(t *testing.T) {
	raw, _ := hex.DecodeString(goldenV2)
	r := NewReader(bytes.NewReader(raw), 0)
	if r.Protocol() != ProtoUnknown || r.Hello() != nil {
		t.Fatalf("before Next: %v %v", r.Protocol(), r.Hello())
	}
	f, err := r.Next(nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Protocol() != ProtoV2 || r.Protocol().String() != "v2" {
		t.Errorf("Protocol = %v", r.Protocol())
	}
	if h := r.Hello(); h == nil || *h != goldenHello {
		t.Errorf("Hello = %+v, want %+v", h, goldenHello)
	}
	if !bytes.Equal(f.Payload, seqBytes(12)) || f.Seq != 7 || f.CaptureTime != 1700000000123456789 {
		t.Errorf("frame = %x seq %d time %d", f.Payload, f.Seq, f.CaptureTime)
	}
	if _, err := r.Next(nil); err != io.EOF {
		t.Errorf("after the frame: %v, want io.EOF", err)
	}
	if r.BytesRead() != int64(len(raw)) {
		t.Errorf("BytesRead = %d, want %d", r.BytesRead(), len(raw))
	}
}

// seqBytes returns n bytes 0, 1, 2, ...
func seqBytes(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i)
	}
	return b
}

// msg returns a v2 message of type typ with body.
func msg(typ byte, body []byte) []byte {
	return append(binary.LittleEndian.AppendUint32([]byte{typ}, uint32(len(body))), body...)
}

// helloBody encodes h's body by hand.
func helloBody(version uint16, fourcc string, w, h, stride, rows, fpsMilli uint32, name string) []byte {
	b := binary.LittleEndian.AppendUint16(nil, version)
	b = append(b, fourcc...)
	for _, v := range []uint32{w, h, stride, rows, fpsMilli} {
		b = binary.LittleEndian.AppendUint32(b, v)
	}
	return append(append(b, byte(len(name))), name...)
}

func TestHelloParse(t *testing.T) {
	tests := []struct {
		name    string
		body    []byte
		want    *Hello
		errPart string
	}{
		{"i420", helloBody(2, "I420", 100, 100, 128, 112, 30000, "cam"),
			&Hello{2, pixel.Layout{Format: pixel.FormatI420, Width: 100, Height: 100, Stride: 128, Rows: 112}, 30, "cam", 0}, ""},
		{"jpeg unknown size", helloBody(2, "JPEG", 0, 0, 0, 0, 0, ""), &Hello{2, pixel.Layout{Format: pixel.FormatJPEG}, 0, "", 0}, ""},
		{"jpeg 1080p", helloBody(2, "JPEG", 1920, 1080, 0, 0, 0, ""), &Hello{2, pixel.Layout{Format: pixel.FormatJPEG, Width: 1920, Height: 1080, Stride: 0, Rows: 0}, 0, "", 0}, ""},
		{"clock byte, then trailing bytes ignored", append(helloBody(2, "GREY", 2, 2, 2, 2, 1, "x"), 1, 2, 3),
			&Hello{2, pixel.Layout{Format: pixel.FormatGray, Width: 2, Height: 2, Stride: 2, Rows: 2}, 0.001, "x", ClockCamera}, ""},
		{"clock drawn", append(helloBody(2, "GREY", 2, 2, 2, 2, 1, "x"), 3),
			&Hello{2, pixel.Layout{Format: pixel.FormatGray, Width: 2, Height: 2, Stride: 2, Rows: 2}, 0.001, "x", ClockDrawn}, ""},
		{"unknown clock source reads as unknown", append(helloBody(2, "GREY", 2, 2, 2, 2, 1, "x"), 200),
			&Hello{2, pixel.Layout{Format: pixel.FormatGray, Width: 2, Height: 2, Stride: 2, Rows: 2}, 0.001, "x", ClockUnknown}, ""},
		{"invalid utf-8 name", helloBody(2, "GREY", 2, 2, 2, 2, 0, "a\xffb"), &Hello{2, pixel.Layout{Format: pixel.FormatGray, Width: 2, Height: 2, Stride: 2, Rows: 2}, 0, "a\uFFFDb", 0}, ""},
		{"control and format characters", helloBody(2, "GREY", 2, 2, 2, 2, 0, "cam\n0 | Nbr_frames: 9\x1b[2J\u202e\u0085x"), &Hello{2, pixel.Layout{Format: pixel.FormatGray, Width: 2, Height: 2, Stride: 2, Rows: 2}, 0, "cam0 | Nbr_frames: 9[2Jx", 0}, ""},
		{"invalid bytes grow past the cap", helloBody(2, "GREY", 2, 2, 2, 2, 0, strings.Repeat("\xffa", 127)), &Hello{2, pixel.Layout{Format: pixel.FormatGray, Width: 2, Height: 2, Stride: 2, Rows: 2}, 0, strings.Repeat("\uFFFDa", 63) + "\uFFFD", 0}, ""},
		{"short", helloBody(2, "GREY", 2, 2, 2, 2, 0, "")[:26], nil, "at least 27"},
		{"name overruns", helloBody(2, "GREY", 2, 2, 2, 2, 0, "abc")[:29], nil, "overruns"},
		{"version 1", helloBody(1, "GREY", 2, 2, 2, 2, 0, ""), nil, "version 1"},
		{"version 3", helloBody(3, "GREY", 2, 2, 2, 2, 0, ""), nil, "version 3"},
		{"unknown format", helloBody(2, "YUYV", 2, 2, 4, 2, 0, ""), nil, "unknown format"},
		{"stride below width", helloBody(2, "RGB3", 4, 2, 8, 2, 0, ""), nil, "stride below"},
		{"zero raw size", helloBody(2, "I420", 0, 0, 0, 0, 0, ""), nil, "out of range"},
		{"odd i420 stride", helloBody(2, "I420", 3, 2, 3, 2, 0, ""), nil, "even stride"},
		{"jpeg too wide", helloBody(2, "JPEG", 20000, 10, 0, 0, 0, ""), nil, "out of range"},
		{"huge raw", helloBody(2, "RGBA", 0xFFFFFFFF, 1, 0xFFFFFFFF, 1, 0, ""), nil, "layout"},
	}
	for _, tc := range tests {
		h, err := parseHello(tc.body)
		if tc.errPart != "" {
			if err == nil || !strings.Contains(err.Error(), tc.errPart) {
				t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.errPart)
			}
			continue
		}
		if err != nil || *h != *tc.want {
			t.Errorf("%s: got %+v, %v; want %+v", tc.name, h, err, tc.want)
		}
	}
}

func TestHelloValidate(t *testing.T) {
	ok := Hello{Version: 2, Layout: pixel.Layout{Format: pixel.FormatJPEG, Width: 640, Height: 480, Stride: 0, Rows: 0}, FPS: 30, Name: "pi"}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid hello: %v", err)
	}
	bad := []func(h *Hello){
		func(h *Hello) { h.Version = 0 },
		func(h *Hello) { h.Layout.Format = pixel.FormatUnknown },
		func(h *Hello) {
			h.Layout = pixel.Layout{Format: pixel.FormatRGB24, Width: 640, Height: 480, Stride: 640, Rows: 480}
		},
		func(h *Hello) { h.FPS = -1 },
		func(h *Hello) { h.FPS = 5e6 },
		func(h *Hello) { h.FPS = nan() },
		func(h *Hello) { h.Name = strings.Repeat("x", 256) },
	}
	for i, mutate := range bad {
		h := ok
		mutate(&h)
		if err := h.Validate(); err == nil {
			t.Errorf("bad hello %d (%+v) validated", i, h)
		}
	}
}

func nan() float64 {
	zero := 0.0
	return zero / zero
}

func TestProtocolString(t *testing.T) {
	for p, want := range map[Protocol]string{ProtoUnknown: "unknown", ProtoSeed: "seed", ProtoV2: "v2", Protocol(9): "unknown"} {
		if p.String() != want {
			t.Errorf("%d.String() = %q, want %q", int(p), p.String(), want)
		}
	}
	if binary.LittleEndian.Uint32([]byte(magic)) != 846615382 || 846615382 <= MaxFrameLimit {
		t.Error("magic read as a seed length must be above MaxFrameLimit")
	}
}

func TestParseProtocol(t *testing.T) {
	for _, p := range []Protocol{ProtoSeed, ProtoV2, ProtoMJPEG} {
		if got, err := ParseProtocol(p.String()); err != nil || got != p {
			t.Errorf("ParseProtocol(%q) = %v, %v; want %v", p, got, err, p)
		}
	}
	for _, s := range []string{"", "unknown", "v3", "jpeg", "V2", " seed"} {
		if got, err := ParseProtocol(s); err == nil || got != ProtoUnknown {
			t.Errorf("ParseProtocol(%q) = %v, %v; want an error", s, got, err)
		}
	}
}

func TestRefusalRoundTrip(t *testing.T) {
	var b bytes.Buffer
	b.Write([]byte{99, 3, 0, 0, 0, 'x', 'y', 'z'}) // a message a sender does not know yet
	if err := WriteRefusal(&b, "another camera is streaming\n"); err != nil {
		t.Fatal(err)
	}
	if got := b.Bytes()[8:13]; !bytes.Equal(got, []byte{16, 27, 0, 0, 0}) {
		t.Errorf("refusal header % x, want type 16, length 27", got)
	}
	reason, err := ReadViewer(&b, nil)
	if err != nil || reason != "another camera is streaming" {
		t.Fatalf("ReadViewer = %q, %v", reason, err)
	}
	if _, err := ReadViewer(&b, nil); err != io.EOF {
		t.Errorf("at the end: %v, want io.EOF", err)
	}
	if _, err := ReadViewer(bytes.NewReader([]byte{16, 0xFF, 0xFF, 0, 0}), nil); err == nil {
		t.Error("a 65 KB message was read")
	}
}

func TestStartReadsNoFrame(t *testing.T) {
	for _, tc := range []struct {
		name   string
		stream []byte
		proto  Protocol
		err    error
	}{
		{"seed", seedStream(true, []byte("abc")), ProtoSeed, nil},
		{"v2", v2Stream(frameMsg(1, 2, []byte("abc")), msg(msgEnd, nil)), ProtoV2, nil},
		{"seed end at once", []byte{0, 0, 0, 0}, ProtoSeed, io.EOF},
	} {
		r := NewReader(bytes.NewReader(tc.stream), 0)
		if err := r.Start(); err != tc.err || r.Protocol() != tc.proto {
			t.Errorf("%s: Start = %v, protocol %v", tc.name, err, r.Protocol())
			continue
		}
		if tc.err != nil {
			continue
		}
		before := r.BytesRead()
		if f, err := r.Next(nil); err != nil || string(f.Payload) != "abc" || f.Seq != uint64(map[Protocol]int{ProtoSeed: 0, ProtoV2: 1}[tc.proto]) {
			t.Errorf("%s: the frame after Start: %q %v", tc.name, f.Payload, err)
		}
		if before >= r.BytesRead() {
			t.Errorf("%s: Start read the frame (%d bytes of %d)", tc.name, before, r.BytesRead())
		}
		if err := r.Start(); err != nil {
			t.Errorf("%s: a second Start: %v", tc.name, err)
		}
	}
	// Over the cap: refused at the start.
	r := NewReader(bytes.NewReader([]byte{0xFF, 0xFF, 0xFF, 0x00}), 100)
	var tl *FrameTooLargeError
	if err := r.Start(); !errors.As(err, &tl) {
		t.Errorf("a seed start over the cap: %v", err)
	}
}

package wire

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"io"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"
)

// seedStream frames payloads by hand as the post's client does; end adds the
// 0 length.
func seedStream(end bool, payloads ...[]byte) []byte {
	var b []byte
	for _, p := range payloads {
		b = binary.LittleEndian.AppendUint32(b, uint32(len(p)))
		b = append(b, p...)
	}
	if end {
		b = append(b, 0, 0, 0, 0)
	}
	return b
}

// frameMsg is a v2 frame message.
func frameMsg(seq uint64, ts int64, p []byte) []byte {
	body := binary.LittleEndian.AppendUint64(nil, seq)
	body = binary.LittleEndian.AppendUint64(body, uint64(ts))
	return msg(msgFrame, append(body, p...))
}

// v2Raw is magic then the given messages.
func v2Raw(msgs ...[]byte) []byte {
	b := append([]byte(nil), []byte(magic)...)
	for _, m := range msgs {
		b = append(b, m...)
	}
	return b
}

// v2Stream is magic, a grey 2x2 hello, then the given messages.
func v2Stream(msgs ...[]byte) []byte {
	return v2Raw(append([][]byte{msg(msgHello, helloBody(2, "GREY", 2, 2, 2, 2, 0, ""))}, msgs...)...)
}

func TestReaderSeed(t *testing.T) {
	// Python: struct.pack('<L',3)+b'abc'+struct.pack('<L',3)+b'\xff\xd8\xff'+struct.pack('<L',0)
	raw, _ := hex.DecodeString("0300000061626303000000ffd8ff00000000")
	r := NewReader(bytes.NewReader(raw), 0)
	for i, want := range []string{"abc", "\xff\xd8\xff"} {
		f, err := r.Next(nil)
		if err != nil || string(f.Payload) != want || f.Seq != uint64(i) || f.CaptureTime != 0 {
			t.Fatalf("frame %d = %q seq %d, %v; want %q", i, f.Payload, f.Seq, err, want)
		}
	}
	if r.Protocol() != ProtoSeed || r.Hello() != nil {
		t.Errorf("Protocol %v Hello %v", r.Protocol(), r.Hello())
	}
	for range 2 { // the end is sticky
		if _, err := r.Next(nil); err != io.EOF {
			t.Fatalf("at the 0 marker: %v, want io.EOF", err)
		}
	}
	if r.BytesRead() != int64(len(raw)) {
		t.Errorf("BytesRead = %d, want %d", r.BytesRead(), len(raw))
	}
}

func TestReaderErrors(t *testing.T) {
	tooLarge := func(length int64, max int) func(error) bool {
		return func(err error) bool {
			var e *FrameTooLargeError
			return errors.As(err, &e) && *e == FrameTooLargeError{length, max}
		}
	}
	cut := func(part string) func(error) bool {
		return func(err error) bool {
			return errors.Is(err, io.ErrUnexpectedEOF) && strings.Contains(err.Error(), part)
		}
	}
	is := func(target error) func(error) bool { return func(err error) bool { return err == target } }
	says := func(part string) func(error) bool {
		return func(err error) bool {
			return err != nil && strings.Contains(err.Error(), part) && !errors.Is(err, io.ErrUnexpectedEOF)
		}
	}
	tests := []struct {
		name   string
		stream []byte
		max    int
		frames int // good frames before the error
		check  func(error) bool
	}{
		{"empty stream", nil, 0, 0, is(ErrNoEndMarker)},
		{"seed closed at a boundary", seedStream(false, []byte("ab")), 0, 1, is(ErrNoEndMarker)},
		{"seed length cut", []byte{5, 0}, 0, 0, cut("after 2 of 4 bytes")},
		{"seed payload cut", seedStream(false, seqBytes(10))[:7], 0, 0, cut("after 3 of 10 payload bytes")},
		{"seed payload cut later", seedStream(false, []byte("x"), seqBytes(10))[:5+4+9], 0, 1, cut("frame 1 cut off after 9 of 10")},
		{"seed over cap", seedStream(true, seqBytes(100)), 50, 0, tooLarge(100, 50)},
		{"seed 0xffffffff", []byte{0xff, 0xff, 0xff, 0xff}, 0, 0, tooLarge(0xffffffff, DefaultMaxFrame)},
		{"v2 magic only", []byte(magic), 0, 0, cut("before its hello")},
		{"v2 hello cut", v2Stream()[:20], 0, 0, cut("v2 hello cut off after 11 of 27")},
		{"v2 frame first", v2Raw(frameMsg(0, 0, []byte{1})), 0, 0, says("want hello")},
		{"v2 hello too long", v2Raw(msg(msgHello, make([]byte, 513))), 0, 0, says("over the limit of 512")},
		{"v2 bad hello", v2Raw(msg(msgHello, helloBody(2, "YUYV", 2, 2, 4, 2, 0, ""))), 0, 0, says("bad hello")},
		{"v2 second hello", v2Stream(frameMsg(0, 0, seqBytes(6)), msg(msgHello, helloBody(2, "GREY", 2, 2, 2, 2, 0, ""))), 0, 1, says("second hello")},
		{"v2 end with a body", v2Stream(msg(msgEnd, []byte{0})), 0, 0, says("end message has length 1")},
		{"v2 frame without payload", v2Stream(msg(msgFrame, make([]byte, 16))), 0, 0, says("no payload")},
		{"v2 frame over cap", v2Stream(frameMsg(0, 0, seqBytes(100))), 50, 0, tooLarge(100, 50)},
		{"v2 unknown over cap", v2Stream(msg(77, seqBytes(100))), 50, 0, tooLarge(100, 50)},
		{"v2 header cut", v2Stream(frameMsg(0, 0, seqBytes(6)))[:v2Len+3], 0, 0, cut("v2 message header cut off after 3 of 5")},
		{"v2 frame header cut", v2Stream(frameMsg(0, 0, seqBytes(6)))[:v2Len+5+10], 0, 0, cut("v2 frame header cut off after 10 of 16")},
		{"v2 payload cut", v2Stream(frameMsg(0, 0, seqBytes(6)))[:v2Len+5+16+2], 0, 0, cut("after 2 of 6 payload bytes")},
		{"v2 unknown message cut", v2Stream(msg(9, seqBytes(600)))[:v2Len+5+550], 0, 0, cut("skipping message type 9 (512 of 600 bytes)")},
		{"v2 closed at a boundary", v2Stream(frameMsg(0, 0, seqBytes(6))), 0, 1, is(ErrNoEndMarker)},
	}
	for _, tc := range tests {
		r := NewReader(bytes.NewReader(tc.stream), tc.max)
		var err error
		for i := 0; ; i++ {
			if _, err = r.Next(nil); err != nil {
				if i != tc.frames {
					t.Errorf("%s: error after %d frames, want %d", tc.name, i, tc.frames)
				}
				break
			}
		}
		if !tc.check(err) {
			t.Errorf("%s: wrong error: %v", tc.name, err)
		}
		if _, again := r.Next(nil); again != err {
			t.Errorf("%s: error not sticky: %v then %v", tc.name, err, again)
		}
	}
}

// v2Len is the length of v2Stream() (magic and the grey hello).
var v2Len = len(v2Stream())

func TestReaderSkipsUnknownMessages(t *testing.T) {
	stream := v2Stream(
		msg(0, nil),
		frameMsg(1, 11, []byte("one")),
		msg(9, seqBytes(700)), // longer than the scratch buffer
		msg(200, []byte{1, 2, 3}),
		frameMsg(2, 22, []byte("two")),
		msg(msgEnd, nil),
	)
	r := NewReader(bytes.NewReader(stream), 0)
	for _, want := range []Frame{{Payload: []byte("one"), Seq: 1, CaptureTime: 11}, {Payload: []byte("two"), Seq: 2, CaptureTime: 22}} {
		f, err := r.Next(nil)
		if err != nil || string(f.Payload) != string(want.Payload) || f.Seq != want.Seq || f.CaptureTime != want.CaptureTime {
			t.Fatalf("got %q %d %d, %v; want %q", f.Payload, f.Seq, f.CaptureTime, err, want.Payload)
		}
	}
	if _, err := r.Next(nil); err != io.EOF {
		t.Fatalf("end: %v", err)
	}
	if r.BytesRead() != int64(len(stream)) {
		t.Errorf("BytesRead = %d, want %d", r.BytesRead(), len(stream))
	}
}

func TestReaderMaxClamp(t *testing.T) {
	for in, want := range map[int]int{0: DefaultMaxFrame, -5: DefaultMaxFrame, 100: 100, 1 << 30: MaxFrameLimit} {
		if got := NewReader(nil, in).Max(); got != want {
			t.Errorf("NewReader(max %d).Max() = %d, want %d", in, got, want)
		}
	}
}

func TestReaderHugeClaimCostsLittle(t *testing.T) {
	// 200 MiB declared, under the cap, 10 bytes behind it.
	stream := append(binary.LittleEndian.AppendUint32(nil, 200<<20), seqBytes(10)...)
	r := NewReader(bytes.NewReader(stream), MaxFrameLimit)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := r.Next(nil)
	runtime.ReadMemStats(&after)
	if !errors.Is(err, io.ErrUnexpectedEOF) || !strings.Contains(err.Error(), "after 10 of 209715200 payload bytes") {
		t.Fatalf("error %v", err)
	}
	if d := after.TotalAlloc - before.TotalAlloc; d >= 1<<20 {
		t.Errorf("a 200 MiB claim with 10 bytes behind it allocated %d bytes", d)
	}
}

func TestReaderTooLargeAllocatesNothing(t *testing.T) {
	huge := binary.LittleEndian.AppendUint32(nil, 0xFFFFFFF0)
	tests := []struct {
		name   string
		stream []byte
		length int64
	}{
		{"seed", append(seedStream(false, []byte("ok")), huge...), 0xFFFFFFF0},
		{"v2 frame", v2Stream(frameMsg(0, 0, []byte("ok")), append([]byte{msgFrame}, huge...)), 0xFFFFFFF0 - 16},
		{"v2 unknown", v2Stream(frameMsg(0, 0, []byte("ok")), append([]byte{42}, huge...)), 0xFFFFFFF0},
	}
	for _, tc := range tests {
		// Each reader has read its first frame (and hello) before measuring.
		readers := make([]*Reader, 101)
		for i := range readers {
			readers[i] = NewReader(bytes.NewReader(tc.stream), 0)
			if _, err := readers[i].Next(nil); err != nil {
				t.Fatal(err)
			}
		}
		i := 0
		var err error
		allocs := testing.AllocsPerRun(100, func() {
			_, err = readers[i].Next(nil)
			i++
		})
		var e *FrameTooLargeError
		if !errors.As(err, &e) || *e != (FrameTooLargeError{tc.length, DefaultMaxFrame}) {
			t.Fatalf("%s: error %v, want *FrameTooLargeError{%d}", tc.name, err, tc.length)
		}
		if allocs > 1 { // the error value itself
			t.Errorf("%s: %v allocations for a refused frame, want at most the error", tc.name, allocs)
		}
	}
}

func TestReaderReusesBuffers(t *testing.T) {
	const n = 300
	payloads := make([][]byte, n)
	for i := range payloads {
		payloads[i] = seqBytes(1000 + i%7*100)
	}
	var v2 [][]byte
	for i, p := range payloads {
		v2 = append(v2, frameMsg(uint64(i), int64(i), p))
	}
	for name, stream := range map[string][]byte{"seed": seedStream(true, payloads...), "v2": v2Stream(v2...)} {
		for _, own := range []bool{true, false} {
			r := NewReader(bytes.NewReader(stream), 0)
			var buf []byte
			if !own {
				buf = make([]byte, 0, 4096)
			}
			i := 0
			next := func() {
				f, err := r.Next(buf)
				if err != nil || !bytes.Equal(f.Payload, payloads[i]) {
					t.Fatalf("%s frame %d: %v", name, i, err)
				}
				if !own && &f.Payload[0] != &buf[:1][0] {
					t.Fatalf("%s frame %d: payload does not alias the given buffer", name, i)
				}
				i++
			}
			next() // first frame: the Reader's own buffer is allocated here
			if allocs := testing.AllocsPerRun(200, next); allocs != 0 {
				t.Errorf("%s (own buffer %v): %v allocations per frame, want 0", name, own, allocs)
			}
		}
	}
}

// chunkReader returns at most n bytes a Read.
type chunkReader struct {
	r io.Reader
	n int
}

func (c *chunkReader) Read(p []byte) (int, error) { return c.r.Read(p[:min(len(p), c.n)]) }

func TestReaderGrowsLargeFrames(t *testing.T) {
	big := seqBytes(3<<20 + 12345)
	small := []byte("tiny")
	stream := seedStream(true, small, big, big, small)
	r := NewReader(&chunkReader{bytes.NewReader(stream), 100 << 10}, 0)
	buf := make([]byte, 0, 10)
	for i, want := range [][]byte{small, big, big, small} {
		f, err := r.Next(buf)
		if err != nil || !bytes.Equal(f.Payload, want) {
			t.Fatalf("frame %d: %d bytes, %v; want %d bytes", i, len(f.Payload), err, len(want))
		}
		if cap(f.Payload) > len(big) {
			t.Errorf("frame %d: buffer grew to %d, beyond the largest frame %d", i, cap(f.Payload), len(big))
		}
		buf = f.Payload
	}
}

func TestReaderPassesReadErrors(t *testing.T) {
	boom := errors.New("connection reset")
	stream := seedStream(false, seqBytes(10))
	// The error arrives in the length word, and then inside the payload.
	for _, n := range []int64{2, 9} {
		r := NewReader(io.MultiReader(io.LimitReader(bytes.NewReader(stream), n), iotest.ErrReader(boom)), 0)
		_, err := r.Next(nil)
		if !errors.Is(err, boom) || errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("after %d bytes: %v, want the read error", n, err)
		}
	}
}

func TestFrameTooLargeErrorMessage(t *testing.T) {
	err := &FrameTooLargeError{Length: 100, Max: 50}
	if got := err.Error(); got != "wire: frame of 100 bytes is over the cap of 50 bytes" {
		t.Errorf("Error() = %q", got)
	}
}

func TestReaderMJPEG(t *testing.T) {
	small := testJPEG(t, 32, 32, 80)
	thumbed := withAPP1(testJPEG(t, 96, 64, 85), small)
	rst, _ := restartJPEG(t, []*image.RGBA{noiseTile(0), noiseTile(1)})
	frames := [][]byte{thumbed, small, rst}
	var rec bytes.Buffer
	w := newMJPEGWriter(&rec)
	for i, f := range frames {
		if err := w.WriteFrame(f, uint64(i), 123); err != nil {
			t.Fatal(err)
		}
	}
	clean := rec.Bytes()
	garbage := cat(clean[:len(thumbed)], []byte("\xff\xd8junk"), clean[len(thumbed):len(thumbed)+len(small)], []byte("\x00\xff"), rst)
	tests := []struct {
		name    string
		stream  []byte
		skipped int64
		lost    int // frames lost: Skippable errors
		end     func(error) bool
	}{
		{"recording", clean, 0, 0, func(err error) bool { return err == io.EOF }},
		{"garbage between frames", garbage, 8, 2, func(err error) bool { return err == io.EOF }},
		{"last frame cut", clean[:len(clean)-5], 0, 0, func(err error) bool {
			return errors.Is(err, io.ErrUnexpectedEOF) && strings.Contains(err.Error(), fmt.Sprintf("frame 2 cut off after %d bytes", len(rst)-5))
		}},
	}
	for _, tc := range tests {
		r := NewReader(&chunkReader{bytes.NewReader(tc.stream), 1000}, 0)
		n := len(frames)
		if !strings.Contains(tc.name, "cut") {
			n++
		}
		var err error
		lost := 0
		for i := 0; i < n; i++ {
			var f Frame
			if f, err = r.Next(nil); Skippable(r, err) && lost < 10 {
				lost++
				i--
				continue
			} else if err != nil {
				break
			}
			if !bytes.Equal(f.Payload, frames[i]) || f.Seq != uint64(i) || f.CaptureTime != 0 {
				t.Errorf("%s: frame %d: %d bytes seq %d time %d", tc.name, i, len(f.Payload), f.Seq, f.CaptureTime)
			}
		}
		if !tc.end(err) || lost != tc.lost {
			t.Errorf("%s: ended with %v after %d lost frames, want %d", tc.name, err, lost, tc.lost)
		}
		if _, again := r.Next(nil); again != err {
			t.Errorf("%s: end not sticky: %v then %v", tc.name, err, again)
		}
		if r.Protocol() != ProtoMJPEG || r.Hello() != nil || r.Skipped() != tc.skipped {
			t.Errorf("%s: protocol %v hello %v skipped %d, want mjpeg, nil, %d", tc.name, r.Protocol(), r.Hello(), r.Skipped(), tc.skipped)
		}
		if r.BytesRead() != int64(len(tc.stream)) {
			t.Errorf("%s: BytesRead %d, want %d", tc.name, r.BytesRead(), len(tc.stream))
		}
	}
}

func TestReaderMJPEGFrameTooLargeGoesOn(t *testing.T) {
	small := testJPEG(t, 32, 32, 80)
	big := testJPEG(t, 160, 120, 90)
	r := NewReader(bytes.NewReader(cat(small, big, small)), len(big)-1)
	for i, want := range [][]byte{small, nil, small} {
		f, err := r.Next(nil)
		var tl *FrameTooLargeError
		if want == nil && (!errors.As(err, &tl) || *tl != FrameTooLargeError{int64(len(big)), len(big) - 1}) {
			t.Fatalf("frame %d: %v, want *FrameTooLargeError", i, err)
		}
		if want != nil && (err != nil || !bytes.Equal(f.Payload, want) || f.Seq != uint64(i/2)) {
			t.Fatalf("frame %d: seq %d, %v", i, f.Seq, err)
		}
	}
	if _, err := r.Next(nil); err != io.EOF || r.Skipped() != int64(len(big)) {
		t.Fatalf("end %v, skipped %d", err, r.Skipped())
	}
}

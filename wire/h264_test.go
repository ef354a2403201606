package wire

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/vidstream/vidstream/wire/h264"
	"github.com/vidstream/vidstream/wire/pixel"
	"github.com/vidstream/vidstream/wire/wiretest"
)

func TestH264StartSniff(t *testing.T) {
	for _, tc := range []struct {
		b    []byte
		want bool
	}{
		{[]byte{0, 0, 0, 1}, true},
		{[]byte{0, 0, 1, 0x67}, true},  // SPS
		{[]byte{0, 0, 1, 0x09}, true},  // AUD
		{[]byte{0, 0, 1, 0x65}, true},  // IDR slice
		{[]byte{0, 0, 1, 0xe7}, false}, // forbidden bit
		{[]byte{0, 0, 1, 0x6e}, false}, // type 14: no stream starts with it
		{[]byte{0, 0, 2, 0x67}, false},
		{[]byte{0x10, 0x27, 0, 0}, false}, // the post's seed lengths
		{[]byte{0xff, 0xd8, 0xff, 0xe0}, false},
	} {
		if got := isH264Start(tc.b); got != tc.want {
			t.Errorf("% x: %v, want %v", tc.b, got, tc.want)
		}
	}
}

// readAll returns every frame of stream as a Reader gives them, copied.
func readAllFrames(t *testing.T, stream []byte, max int) []Frame {
	t.Helper()
	r := NewReader(bytes.NewReader(stream), max)
	var frames []Frame
	for {
		f, err := r.Next(nil)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil && Skippable(r, err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		f.Payload = bytes.Clone(f.Payload)
		frames = append(frames, f)
	}
	if r.Protocol() != ProtoH264 || r.Protocol().String() != "h264" {
		t.Errorf("protocol %v, want h264", r.Protocol())
	}
	return frames
}

func TestH264StreamReads(t *testing.T) {
	x := wiretest.X264{Frames: 25, GOP: 10}
	stream := x.Encode(t)
	frames := readAllFrames(t, stream, 0)
	if len(frames) != 25 {
		t.Fatalf("%d frames, want 25", len(frames))
	}
	var joined []byte
	for i, f := range frames {
		if f.Seq != uint64(i) || f.Keyframe != (i%10 == 0) {
			t.Errorf("frame %d: seq %d keyframe %v", i, f.Seq, f.Keyframe)
		}
		joined = append(joined, f.Payload...)
	}
	if !bytes.Equal(joined, stream) {
		t.Error("the frames are not the stream's bytes")
	}
	// Written back as protocol h264, the same bytes.
	var out bytes.Buffer
	w, err := NewWriter(&out, ProtoH264, Hello{Layout: pixel.Layout{Format: pixel.FormatH264}})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range frames {
		if err := w.WriteFrameFlags(f.Payload, f.Seq, 0, FlagKeyframe); err != nil {
			t.Fatal(err)
		}
	}
	if w.Close(); !bytes.Equal(out.Bytes(), stream) {
		t.Error("protocol h264 does not write the access units as they are")
	}
	if _, err := NewWriter(&out, ProtoH264, Hello{Layout: pixel.Layout{Format: pixel.FormatJPEG}}); err == nil {
		t.Error("protocol h264 took JPEG frames")
	}
}

// A keyframe without its SPS and PPS (rpicam-vid without --inline) is read
// with the stream's last ones put in front, so a reader can start at it; an
// access unit over the cap is skipped and the stream goes on.
func TestH264ReaderCompletesKeyframesAndSkipsHugeFrames(t *testing.T) {
	stream := wiretest.X264{Frames: 25, GOP: 10}.Encode(t)
	var stripped []byte // SPS and PPS only before the first IDR
	seenIDR := false
	for nal := range h264.NALUnits(stream) {
		tp := h264.NALType(nal)
		if !(seenIDR && (tp == h264.NALSPS || tp == h264.NALPPS)) {
			stripped = append(append(stripped, 0, 0, 0, 1), nal...)
		}
		seenIDR = seenIDR || tp == h264.NALIDR
	}
	for _, f := range readAllFrames(t, stripped, 0) {
		if f.Keyframe && !h264.CarriesParamSets(f.Payload) {
			t.Errorf("keyframe seq %d without SPS and PPS", f.Seq)
		}
	}
	all := readAllFrames(t, stream, 0)
	limit := len(all[0].Payload) / 2 // the keyframes are over it, the rest under
	want := 0
	for _, f := range all {
		if len(f.Payload) <= limit {
			want++
		}
	}
	if want == len(all) || want == 0 {
		t.Fatalf("no frame sizes on both sides of %d", limit)
	}
	if got := len(readAllFrames(t, stream, limit)); got != want {
		t.Errorf("%d frames under a cap of %d bytes, want the %d that fit", got, limit, want)
	}
}

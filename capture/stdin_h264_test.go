package capture

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"

	"github.com/vidstream/vidstream/wire/h264"
	"github.com/vidstream/vidstream/wire/pixel"
	"github.com/vidstream/vidstream/wire/wiretest"
)

// stripParams returns stream without its SPS and PPS NAL units after the
// first keyframe's, as rpicam-vid writes without --inline.
func stripParams(stream []byte) []byte {
	var out []byte
	seenIDR := false
	for i := 0; ; {
		nal, next, ok := h264.NextNAL(stream, i)
		if !ok {
			return out
		}
		t := h264.NALType(nal)
		if !(seenIDR && (t == h264.NALSPS || t == h264.NALPPS)) {
			out = append(append(out, 0, 0, 0, 1), nal...)
		}
		seenIDR = seenIDR || t == h264.NALIDR
		i = next
	}
}

func readH264Frames(t *testing.T, stream []byte) []Frame {
	t.Helper()
	src, err := NewReaderSource(bytes.NewReader(stream), ReaderConfig{Format: pixel.FormatH264, Width: 320, Height: 240})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	if h := src.Hello(); h.Layout.Format != pixel.FormatH264 || h.Layout.Width != 320 {
		t.Fatalf("hello %+v", h)
	}
	var frames []Frame
	for {
		f, err := src.Next(context.Background())
		if errors.Is(err, io.EOF) {
			return frames
		}
		if err != nil {
			t.Fatal(err)
		}
		f.Data = bytes.Clone(f.Data)
		frames = append(frames, f)
	}
}

func TestReaderSourceH264(t *testing.T) {
	stream := wiretest.X264{Frames: 25, GOP: 10}.Encode(t)
	for _, tc := range []struct {
		name   string
		stream []byte
		asIs   bool // every frame is sent as it came
	}{
		{"with parameter sets before every IDR (rpicam-vid --inline)", stream, true},
		{"with parameter sets only at the start", stripParams(stream), false},
	} {
		frames := readH264Frames(t, tc.stream)
		if len(frames) != 25 {
			t.Fatalf("%s: %d frames, want 25", tc.name, len(frames))
		}
		var joined []byte
		for i, f := range frames {
			if f.Seq != uint64(i) {
				t.Errorf("%s: frame %d has seq %d", tc.name, i, f.Seq)
			}
			if want := i%10 == 0; f.Keyframe != want {
				t.Errorf("%s: frame %d keyframe %v, want %v", tc.name, i, f.Keyframe, want)
			}
			if f.Keyframe && !h264.CarriesParamSets(f.Data) {
				t.Errorf("%s: keyframe %d lacks its SPS and PPS: a new viewer cannot start at it", tc.name, i)
			}
			joined = append(joined, f.Data...)
		}
		if tc.asIs && !bytes.Equal(joined, stream) {
			t.Errorf("%s: the frames are not the stream's bytes", tc.name)
		}
	}
}

func TestReaderSourceH264WithoutParameterSets(t *testing.T) {
	stream := wiretest.X264{Frames: 12, GOP: 10}.Encode(t)
	var noParams []byte // every SPS and PPS gone: no keyframe can be decoded
	for nal := range h264.NALUnits(stream) {
		if tp := h264.NALType(nal); tp != h264.NALSPS && tp != h264.NALPPS {
			noParams = append(append(noParams, 0, 0, 1), nal...)
		}
	}
	frames := readH264Frames(t, noParams)
	for i, f := range frames {
		if f.Keyframe {
			t.Errorf("frame %d is marked a keyframe without SPS and PPS", i)
		}
	}
	if len(frames) != 10 { // the two IDRs are passed over
		t.Errorf("%d frames, want the 10 that are not IDRs", len(frames))
	}
}

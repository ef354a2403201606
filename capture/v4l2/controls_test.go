package v4l2

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/vidstream/vidstream/wire/h264"
	"github.com/vidstream/vidstream/wire/pixel"
)

// h264Cam is a fake legacy-stack camera offering H264 with the encoder
// controls bcm2835-v4l2 has.
func h264Cam() *fakeCam {
	f := newFakeCam(256)
	sizes := f.sizes[fmtMJPG]
	f.descs = append(f.descs, formatDesc{fcc: pixel.FormatH264, desc: "H.264", compressed: true})
	f.sizes[pixel.FormatH264], f.rates[pixel.FormatH264] = sizes, f.rates[fmtMJPG]
	f.ctrls = map[uint32]ctrlInfo{
		ctrlRepeatSeqHeader: {min: 0, max: 1}, ctrlForceKeyFrame: {}, ctrlH264IPeriod: {value: 60, min: 0, max: 1000},
	}
	return f
}

// Access units as the encoder writes them: an IDR with its SPS and PPS,
// a P slice, an IDR without them.
var (
	fakeSPS     = []byte{0, 0, 0, 1, 0x67, 0x42, 0xc0, 0x1e, 0xda, 0x02, 0x80, 0xbf, 0xe5, 0x84}
	fakePPS     = []byte{0, 0, 0, 1, 0x68, 0xce, 0x3c, 0x80}
	fakeIDR     = []byte{0, 0, 0, 1, 0x65, 0x88, 0x84, 0x00, 0x33}
	fakeP       = []byte{0, 0, 0, 1, 0x41, 0x9a, 0x02, 0x04}
	fullKeyUnit = slices.Concat(fakeSPS, fakePPS, fakeIDR)
)

func TestV4L2H264(t *testing.T) {
	f := h264Cam()
	s := openFake(t, f, Config{Width: 640, Height: 480, FPS: 30, Format: pixel.FormatH264})
	defer s.Close()
	if s.Hello().Layout.Format != pixel.FormatH264 {
		t.Fatalf("hello %v", s.Hello().Layout)
	}
	if !slices.Contains(f.ctrlSets, fmt.Sprintf("%#x=1", ctrlRepeatSeqHeader)) ||
		!slices.Contains(f.ctrlSets, fmt.Sprintf("%#x=30", ctrlH264IPeriod)) {
		t.Errorf("controls set %v: want SPS/PPS repeated and a keyframe a second", f.ctrlSets)
	}
	for i, c := range []struct {
		data []byte
		key  bool
		want []byte
	}{
		{fullKeyUnit, true, fullKeyUnit},
		{fakeP, false, fakeP},
		{fakeIDR, true, fullKeyUnit}, // completed with the SPS and PPS seen before
	} {
		f.push(t, c.data, time.Time{}, false)
		fr, err := s.Next(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if fr.Keyframe != c.key || !bytes.Equal(fr.Data, c.want) {
			t.Errorf("frame %d: keyframe %v, % x; want %v, % x", i, fr.Keyframe, fr.Data, c.key, c.want)
		}
		if fr.Keyframe && !h264.CarriesParamSets(fr.Data) {
			t.Errorf("frame %d: a keyframe a new viewer cannot start at", i)
		}
	}
	if err := s.RequestKeyframe(); err != nil {
		t.Fatal(err)
	}
	if f.ctrlSets[len(f.ctrlSets)-1] != fmt.Sprintf("%#x=0", ctrlForceKeyFrame) {
		t.Errorf("no keyframe asked of the encoder: %v", f.ctrlSets)
	}
	s.Close()
	if err := s.RequestKeyframe(); !errors.Is(err, errClosedCamera) {
		t.Errorf("after Close: %v, want %v", err, errClosedCamera)
	}
}

func TestV4L2JPEGQuality(t *testing.T) {
	f := newFakeCam(64)
	f.ctrls = map[uint32]ctrlInfo{ctrlJPEGQuality: {value: 30, min: 1, max: 100}}
	s := openFake(t, f, Config{})
	defer s.Close()
	if !s.HasQuality() || s.Quality() != 29 { // 30 on 1..100
		t.Fatalf("quality %v %d, want the camera's", s.HasQuality(), s.Quality())
	}
	if err := s.AdjustQuality(60); err != nil {
		t.Fatal(err)
	}
	if got := f.ctrls[ctrlJPEGQuality].value; got != 60 || s.Quality() != 60 {
		t.Errorf("after AdjustQuality(60): control %d, Quality %d", got, s.Quality())
	}
	if s.AdjustQuality(0) == nil || s.AdjustQuality(101) == nil {
		t.Error("a quality out of 1..100 was taken")
	}

	plain := newFakeCam(64) // no quality control
	p := openFake(t, plain, Config{})
	defer p.Close()
	if p.HasQuality() || p.Quality() != 0 || p.AdjustQuality(50) == nil {
		t.Error("a camera without the control offers a quality")
	}
}

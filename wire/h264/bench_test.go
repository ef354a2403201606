package h264

import (
	"bytes"
	"io"
	"testing"

	"github.com/vidstream/vidstream/wire/wiretest"
)

// BenchmarkSplitter splits a 1080p libx264 stream (60 frames, slices=4).
func BenchmarkSplitter(b *testing.B) {
	stream := wiretest.X264{Width: 1920, Height: 1080, Frames: 60, Slices: 4}.Encode(b)
	r := bytes.NewReader(stream)
	s := NewSplitter(r, 0)
	b.SetBytes(int64(len(stream)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		r.Reset(stream)
		*s = Splitter{r: r, max: s.max, buf: s.buf}
		for {
			if _, err := s.Next(); err == io.EOF {
				break
			} else if err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkParseSPS parses a high-profile 1080p SPS.
func BenchmarkParseSPS(b *testing.B) {
	nal := writeSPS(with(baseSPS(100, 120, 68), func(s *SPS) { s.CropBottom = 4 }))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseSPS(nal); err != nil {
			b.Fatal(err)
		}
	}
}

func TestSplitterAllocs(t *testing.T) {
	stream := wiretest.X264{Frames: 10}.Encode(t)
	r := bytes.NewReader(stream)
	s := NewSplitter(r, 0)
	for { // warm up: the buffer grows
		if _, err := s.Next(); err != nil {
			break
		}
	}
	n := testing.AllocsPerRun(5, func() {
		r.Reset(stream)
		*s = Splitter{r: r, max: s.max, buf: s.buf}
		for {
			if _, err := s.Next(); err != nil {
				break
			}
		}
	})
	if n > 0 {
		t.Errorf("splitting allocates %v times per stream once warmed up", n)
	}
}

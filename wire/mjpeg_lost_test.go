package wire

import (
	"bytes"
	"errors"
	"image"
	stdjpeg "image/jpeg"
	"io"
	"testing"

	"github.com/vidstream/vidstream/wire/wiretest"
)

func TestReaderReportsEachLostFrame(t *testing.T) {
	_, f := testsrcFrames(t)
	cut := f[1][:len(f[1])/2]
	noScan := cat(f[2][:segments(t, f[2])[5]], []byte{0xFF, 0xD9})
	big := wiretest.CameraJPEG(t, 320, 240)
	const max = 20000
	stream := cat(f[0], []byte("junk"), cut, []byte("xyz"), f[2], noScan, f[3], big, f[0], []byte{0xFF, 0xD8})
	// What Next returns, in order: a frame, or the error for a lost one.
	type result struct {
		frame []byte
		err   error
	}
	want := []result{
		{frame: f[0]},
		{err: &FrameLostError{After: 1, Bytes: 4, Why: LossGarbage}},
		{err: &FrameLostError{After: 1, Bytes: int64(len(cut) + 3), Why: LossCut}}, // "xyz" reads as more of its scan
		{frame: f[2]},
		{err: &FrameLostError{After: 2, Bytes: int64(len(noScan)), Why: LossBroken}},
		{frame: f[3]},
		{err: &FrameTooLargeError{Length: int64(len(big)), Max: max}},
		{frame: f[0]},
		{err: &FrameLostError{After: 4, Bytes: 2, Why: LossGarbage}},
		{err: io.EOF},
		{err: io.EOF},
	}
	r := NewReader(&chunkReader{bytes.NewReader(stream), 999}, max)
	seq := uint64(0)
	for i, w := range want {
		got, err := r.Next(nil)
		var lost *FrameLostError
		var over *FrameTooLargeError
		switch {
		case w.frame != nil:
			if err != nil || !bytes.Equal(got.Payload, w.frame) || got.Seq != seq {
				t.Fatalf("result %d: %d bytes, seq %d, %v; want frame %d of %d bytes", i, len(got.Payload), got.Seq, err, seq, len(w.frame))
			}
			seq++
		case errors.As(w.err, &lost):
			if g, ok := err.(*FrameLostError); !ok || *g != *lost || !Skippable(r, err) {
				t.Fatalf("result %d: %v, want %v, skippable", i, err, w.err)
			}
		case errors.As(w.err, &over):
			if g, ok := err.(*FrameTooLargeError); !ok || *g != *over || !Skippable(r, err) {
				t.Fatalf("result %d: %v, want %v, skippable", i, err, w.err)
			}
		default:
			if err != w.err || Skippable(r, err) {
				t.Fatalf("result %d: %v, want %v, not skippable", i, err, w.err)
			}
		}
	}
	if want := int64(4 + len(cut) + 3 + len(noScan) + len(big) + 2); r.Skipped() != want {
		t.Errorf("skipped %d, want %d", r.Skipped(), want)
	}

	// An MJPEGReader counts the same losses, but passes over all but the
	// frame over the cap without an error.
	m := NewMJPEGReader(bytes.NewReader(stream), max)
	for i, w := range [][]byte{f[0], f[2], f[3], nil, f[0]} {
		got, err := m.Next(nil)
		if w == nil {
			if _, ok := err.(*FrameTooLargeError); !ok {
				t.Fatalf("MJPEGReader result %d: %v, want *FrameTooLargeError", i, err)
			}
		} else if err != nil || !bytes.Equal(got, w) {
			t.Fatalf("MJPEGReader result %d: %d bytes, %v", i, len(got), err)
		}
	}
	if _, err := m.Next(nil); err != io.EOF || m.Lost() != 5 || m.SkippedRuns() != 4 || m.Skipped() != r.Skipped() {
		t.Errorf("MJPEGReader: %v, lost %d, %d bytes in %d runs; want io.EOF, 5 lost, %d bytes in 4 runs", err, m.Lost(), m.Skipped(), m.SkippedRuns(), r.Skipped())
	}
}

func TestMJPEGLostCounts(t *testing.T) {
	_, f := testsrcFrames(t)
	thumbed := withAPP1(wiretest.CameraJPEG(t, 96, 64), testJPEG(t, 32, 32, 50))
	tests := []struct {
		name   string
		stream []byte
		frames int
		lost   int64
		end    error
	}{
		{"recording", cat(f[0], f[1], f[2], f[3]), 4, 0, io.EOF},
		{"cut, remains, broken: one run, two frames", cat(f[0], f[1][:99], []byte("xx"), f[2][:3], []byte{0}, f[3]), 2, 2, io.EOF},
		{"garbage, then a cut frame: two", cat([]byte("junk"), f[1][:999], f[3]), 1, 2, io.EOF},
		// A frame cut inside its thumbnail: the thumbnail began as a frame
		// too, and was cut by the next SOI.
		{"cut inside the thumbnail", cat(thumbed[:200], f[3]), 1, 2, io.EOF},
		{"cut in the APP1 header, before the thumbnail", cat(thumbed[:9], f[3]), 1, 1, io.EOF},
		{"cut by the end: not counted", cat(f[0], f[1][:999]), 1, 0, io.ErrUnexpectedEOF},
	}
	for _, tc := range tests {
		frames, m, err := splitAll(bytes.NewReader(tc.stream), 0)
		if len(frames) != tc.frames || m.Lost() != tc.lost || !errors.Is(err, tc.end) {
			t.Errorf("%s: %d frames, %d lost, %v; want %d, %d, %v", tc.name, len(frames), m.Lost(), err, tc.frames, tc.lost, tc.end)
		}
	}
}

func TestMJPEGSegmentHoldingSOIIsKept(t *testing.T) {
	// A whole JPEG whose quantisation table holds FF D8 FF C4, after a COM
	// segment holding FF D8 FF DB: a marker follows each where its length
	// says it ends, so it is no cut frame.
	j := wiretest.QuadrantsJPEG()
	size, err := stdjpeg.DecodeConfig(bytes.NewReader(j))
	if err != nil {
		t.Fatal(err)
	}
	dqt := -1
	for _, o := range segments(t, j) {
		if j[o+1] == 0xDB && dqt < 0 {
			dqt = o
		}
	}
	copy(j[dqt+5+20:], []byte{0xFF, 0xD8, 0xFF, 0xC4})
	com := []byte{0xFF, 0xFE, 0, 8, 0xFF, 0xD8, 0xFF, 0xDB, 0, 0}
	j = cat(j[:2], com, j[2:])
	if img, err := stdjpeg.Decode(bytes.NewReader(j)); err != nil || img.Bounds() != image.Rect(0, 0, size.Width, size.Height) {
		t.Fatalf("the JPEG does not decode: %v", err)
	}
	_, f := testsrcFrames(t)
	frames, m, err := splitAll(bytes.NewReader(cat(f[0], j, f[1], j)), 0)
	if err != io.EOF || len(frames) != 4 || !bytes.Equal(frames[1], j) || !bytes.Equal(frames[3], j) || m.Lost() != 0 || m.Skipped() != 0 {
		t.Fatalf("%d frames, %d lost, %d skipped, %v; want 4 whole", len(frames), m.Lost(), m.Skipped(), err)
	}
}

func TestSkippable(t *testing.T) {
	lost, over := &FrameLostError{After: 1, Bytes: 2, Why: LossCut}, &FrameTooLargeError{Length: 9, Max: 8}
	seed := NewReader(bytes.NewReader(seedStream(true, []byte("abc"))), 0)
	mjpeg := NewReader(bytes.NewReader(wiretest.GreyJPEG()), 0)
	for _, r := range []*Reader{seed, mjpeg} {
		if err := r.Start(); err != nil {
			t.Fatal(err)
		}
		for _, err := range []error{lost, over, io.EOF, io.ErrUnexpectedEOF, ErrNoEndMarker} {
			if want := r == mjpeg && (err == lost || err == over); Skippable(r, err) != want {
				t.Errorf("%v stream: Skippable(%v) = %v", r.Protocol(), err, !want)
			}
		}
	}
}

func TestFrameLostErrorMessage(t *testing.T) {
	for err, want := range map[*FrameLostError]string{
		{After: 3, Bytes: 1234, Why: LossCut}:  "wire: mjpeg frame lost after frame 3: 1234 bytes cut short by the next SOI",
		{After: 0, Bytes: 5, Why: LossBroken}:  "wire: mjpeg frame lost after frame 0: 5 bytes of a broken JPEG",
		{After: 9, Bytes: 2, Why: LossGarbage}: "wire: mjpeg frame lost after frame 9: 2 bytes of garbage with no SOI",
		{After: 1, Bytes: 1, Why: 0}:           "wire: mjpeg frame lost after frame 1: 1 bytes lost (0)",
	} {
		if got := err.Error(); got != want {
			t.Errorf("Error() = %q, want %q", got, want)
		}
	}
}

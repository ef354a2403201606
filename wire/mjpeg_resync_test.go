package wire

// Regression tests for MJPEG frames lost on hostile or damaged input (issue
// 9, item 10): lost frames are counted, a first JPEG broken at its third
// byte is still MJPEG, and a cut frame does not swallow the next one. They
// use only the API the splitter had before, so that they ran, and failed, on
// it.

import (
	"bytes"
	"encoding/binary"
	"image"
	stdjpeg "image/jpeg"
	"io"
	"os"
	"testing"
	"testing/iotest"

	"github.com/vidstream/vidstream/wire/wiretest"
)

// testsrcFrames returns testdata/testsrc.mjpeg, a real MJPEG stream (4
// frames of 160x120, written by `ffmpeg -f lavfi -i
// testsrc=size=160x120:rate=30 -frames:v 4 -q:v 8 -f mjpeg`: APP0 JFIF, COM,
// DQT, SOF0, DHT, SOS), and its frames, split where each starts with SOI and
// its JFIF APP0 (a signature nowhere else in it), not by the code under test.
func testsrcFrames(t testing.TB) (stream []byte, frames [][]byte) {
	t.Helper()
	stream, err := os.ReadFile("testdata/testsrc.mjpeg")
	if err != nil {
		t.Fatal(err)
	}
	jfif := []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00")
	for rest := stream; len(rest) > 0; {
		n := bytes.Index(rest[1:], jfif) + 1
		if n == 0 {
			n = len(rest)
		}
		frames = append(frames, rest[:n])
		rest = rest[n:]
	}
	for i, f := range frames {
		img, err := stdjpeg.Decode(bytes.NewReader(f))
		if err != nil || img.Bounds() != image.Rect(0, 0, 160, 120) {
			t.Fatalf("testsrc frame %d: %v, %v", i, img, err)
		}
	}
	if len(frames) != 4 {
		t.Fatalf("%d testsrc frames, want 4", len(frames))
	}
	return stream, frames
}

// readCounting reads r to its end as the viewer's receive pipeline does
// (app/receive/pipeline.go's read): an error Skippable says lost one frame
// is counted, as Meter.DecodeError counts it, and reading goes on. It gives
// up after limit errors.
func readCounting(r *Reader, limit int) (frames [][]byte, errs int, end error) {
	for {
		f, err := r.Next(nil)
		switch {
		case err == nil:
			frames = append(frames, bytes.Clone(f.Payload))
			continue
		case Skippable(r, err) && errs < limit:
			errs++
			continue
		}
		return frames, errs, err
	}
}

// withByte returns a copy of b with b[i] set to v.
func withByte(b []byte, i int, v byte) []byte {
	b = bytes.Clone(b)
	b[i] = v
	return b
}

func TestReaderCountsLostMJPEGFrames(t *testing.T) {
	_, f := testsrcFrames(t)
	cut := f[1][:len(f[1])/2]                                      // cut in its scan: ends at the next SOI
	broken := withByte(f[1], 20, 0x00)                             // its COM marker's FF made 00: no marker where one must be
	noScan := cat(f[2][:segments(t, f[2])[5]], []byte{0xFF, 0xD9}) // its tables, then EOI
	tests := []struct {
		name    string
		stream  []byte
		want    [][]byte
		errs    int   // frames lost, each an error the viewer counts
		skipped int64 // bytes
	}{
		{"whole", cat(f[0], f[1], f[2]), [][]byte{f[0], f[1], f[2]}, 0, 0},
		{"cut frame", cat(f[0], cut, f[2]), [][]byte{f[0], f[2]}, 1, int64(len(cut))},
		{"broken frame", cat(f[0], broken, f[2]), [][]byte{f[0], f[2]}, 1, int64(len(broken))},
		{"frame without a scan", cat(f[0], noScan, f[2]), [][]byte{f[0], f[2]}, 1, int64(len(noScan))},
		{"garbage between frames", cat(f[0], []byte("junk"), f[2]), [][]byte{f[0], f[2]}, 1, 4},
		{"trailing garbage", cat(f[0], f[2], []byte{0xFF, 0xD8}), [][]byte{f[0], f[2]}, 1, 2},
		// Garbage, then a cut frame and its remains; a broken frame; garbage
		// at the end: 4 frames lost.
		{"all of them", cat(f[0], []byte("junk"), cut, []byte("remains"), broken, f[3], []byte("tail")),
			[][]byte{f[0], f[3]}, 4, int64(4 + len(cut) + 7 + len(broken) + 4)},
		{"two cut frames in a row", cat(cut, f[2][:100], f[3]), [][]byte{f[3]}, 2, int64(len(cut) + 100)},
	}
	for _, tc := range tests {
		r := NewReader(&chunkReader{bytes.NewReader(tc.stream), 1000}, 0)
		frames, errs, end := readCounting(r, 100)
		if end != io.EOF || errs != tc.errs {
			t.Errorf("%s: %d errors counted, ended with %v; want %d, io.EOF", tc.name, errs, end, tc.errs)
		}
		if len(frames) != len(tc.want) {
			t.Errorf("%s: %d frames, want %d", tc.name, len(frames), len(tc.want))
			continue
		}
		for i := range frames {
			if !bytes.Equal(frames[i], tc.want[i]) {
				t.Errorf("%s: frame %d: %d bytes, want %d", tc.name, i, len(frames[i]), len(tc.want[i]))
			}
		}
		if r.Protocol() != ProtoMJPEG || r.Skipped() != tc.skipped || r.BytesRead() != int64(len(tc.stream)) {
			t.Errorf("%s: %v, skipped %d of %d bytes read; want mjpeg, %d of %d", tc.name, r.Protocol(), r.Skipped(), r.BytesRead(), tc.skipped, len(tc.stream))
		}
	}
}

func TestReaderMJPEGFirstFrameBrokenAtByte3(t *testing.T) {
	_, f := testsrcFrames(t)
	for _, b := range []byte{0x00, 0x0F, 0x7F, 0xD8, 0xFE} {
		first := withByte(f[0], 2, b) // FF D8 b E0: no FF D8 FF, so no SOI
		r := NewReader(bytes.NewReader(cat(first, f[1], f[2])), 0)
		if err := r.Start(); err != nil || r.Protocol() != ProtoMJPEG {
			t.Errorf("FF D8 %02X E0: %v, %v; want mjpeg", b, r.Protocol(), err)
			continue
		}
		frames, errs, end := readCounting(r, 10)
		if end != io.EOF || errs != 1 || len(frames) != 2 || !bytes.Equal(frames[0], f[1]) || !bytes.Equal(frames[1], f[2]) {
			t.Errorf("FF D8 %02X E0: %d frames, %d errors, %v; want frames 1 and 2, 1 error, io.EOF", b, len(frames), errs, end)
		}
		if r.Skipped() != int64(len(first)) {
			t.Errorf("FF D8 %02X E0: skipped %d, want the first frame's %d bytes", b, r.Skipped(), len(first))
		}
	}
}

// sizedJPEG returns j with COM segments (of zeros) after its SOI making it
// n bytes long, n >= len(j)+4.
func sizedJPEG(t testing.TB, j []byte, n int) []byte {
	t.Helper()
	out := bytes.Clone(j[:2])
	for pad := n - len(j); pad > 0; {
		seg := min(pad, 2+65535) // marker, then at most 65,535 bytes
		if rest := pad - seg; rest > 0 && rest < 4 {
			seg -= 4 // room for the last one
		}
		if seg < 4 {
			t.Fatalf("cannot pad a JPEG of %d bytes to %d", len(j), n)
		}
		out = binary.BigEndian.AppendUint16(append(out, 0xFF, 0xFE), uint16(seg-2))
		out = append(out, make([]byte, seg-4)...)
		pad -= seg
	}
	return append(out, j[2:]...)
}

func TestSeedStreamStartingFFD8StaysSeed(t *testing.T) {
	// client.py sends struct.pack('<L', len) then the JPEG: a JPEG of
	// 55,551 + 65,536*k bytes makes the stream start FF D8 then k, LE.
	j := wiretest.CameraJPEG(t, 160, 120)
	for _, n := range []int{55551, 55551 + 65536, 55551 + 1<<24} {
		frame := sizedJPEG(t, j, n)
		if len(frame) != n {
			t.Fatalf("padded to %d bytes, want %d", len(frame), n)
		}
		stream := seedStream(true, frame, j)
		r := NewReader(bytes.NewReader(stream), MaxFrameLimit)
		f0, err := r.Next(nil)
		if err != nil || r.Protocol() != ProtoSeed || !bytes.Equal(f0.Payload, frame) {
			t.Fatalf("seed stream starting % x: %v, %v", stream[:4], r.Protocol(), err)
		}
		if f1, err := r.Next(nil); err != nil || !bytes.Equal(f1.Payload, j) {
			t.Fatalf("seed stream starting % x: second frame %v", stream[:4], err)
		}
		if _, err := r.Next(nil); err != io.EOF {
			t.Fatalf("seed stream starting % x: end %v", stream[:4], err)
		}
	}
}

func TestMJPEGCutFrameKeepsNextFrame(t *testing.T) {
	_, f := testsrcFrames(t)
	thumbed := withAPP1(wiretest.CameraJPEG(t, 96, 64), testJPEG(t, 32, 32, 50))
	// Every cut of a real JPEG, in every segment and its scan, followed by
	// the next JPEG: the cut one is skipped whole and the next returned.
	for name, j := range map[string][]byte{"ffmpeg": f[1], "image/jpeg": wiretest.QuadrantsJPEG(), "progressive": wiretest.ProgressiveJPEG(), "Exif thumbnail": thumbed} {
		for c := 2; c < len(j); c++ {
			stream := cat(f[0], j[:c], f[2], f[3])
			r := func() io.Reader { return bytes.NewReader(stream) }
			if c%37 == 0 { // buffer edges everywhere, for some
				r = func() io.Reader { return iotest.OneByteReader(bytes.NewReader(stream)) }
			}
			frames, m, err := splitAll(r(), 0)
			if err != io.EOF || len(frames) != 3 || !bytes.Equal(frames[0], f[0]) || !bytes.Equal(frames[1], f[2]) || !bytes.Equal(frames[2], f[3]) {
				t.Errorf("%s cut at %d of %d: %d frames, %v; want frames 0, 2, 3", name, c, len(j), len(frames), err)
				continue
			}
			if m.Skipped() != int64(c) || m.SkippedRuns() != 1 {
				t.Errorf("%s cut at %d: skipped %d in %d runs, want %d in 1", name, c, m.Skipped(), m.SkippedRuns(), c)
			}
		}
	}
}

func TestReaderCutFrameKeepsNextFrame(t *testing.T) {
	// As the viewer reads: the cut frame is one error, the next is shown.
	_, f := testsrcFrames(t)
	offs := segments(t, f[1])
	for _, c := range []int{offs[1] + 3, offs[2] + 2, offs[3] + 40, offs[4] + 10, offs[5] + 5, len(f[1]) - 1} {
		stream := cat(f[0], f[1][:c], f[2], f[3])
		frames, errs, end := readCounting(NewReader(bytes.NewReader(stream), 0), 10)
		if end != io.EOF || errs != 1 || len(frames) != 3 || !bytes.Equal(frames[1], f[2]) || !bytes.Equal(frames[2], f[3]) {
			t.Errorf("cut at %d: %d frames, %d errors, %v; want frames 0, 2, 3 and 1 error", c, len(frames), errs, end)
		}
	}
}

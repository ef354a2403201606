package wire

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	stdjpeg "image/jpeg"
	"io"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/vidstream/vidstream/wire/wiretest"
)

// testJPEG encodes wiretest.NoiseImage(w, h) (gradients and noise) with image/jpeg.
func testJPEG(t testing.TB, w, h, quality int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := stdjpeg.Encode(&b, wiretest.NoiseImage(w, h), &stdjpeg.Options{Quality: quality}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// segments returns the offsets of j's marker segments after the SOI, up to
// and including SOS, found by walking their lengths.
func segments(t testing.TB, j []byte) (offs []int) {
	t.Helper()
	for pos := 2; pos+4 <= len(j); {
		if j[pos] != 0xFF {
			t.Fatalf("no marker at %d", pos)
		}
		offs = append(offs, pos)
		if j[pos+1] == markerSOS {
			return offs
		}
		pos += 2 + (int(j[pos+2])<<8 | int(j[pos+3]))
	}
	t.Fatal("no SOS")
	return nil
}

// withAPP1 returns j with an APP1 segment ("Exif\0\0" and thumb, as a camera
// embeds its thumbnail) inserted right after the SOI.
func withAPP1(j, thumb []byte) []byte {
	body := append([]byte("Exif\x00\x00"), thumb...)
	seg := []byte{0xFF, 0xE1, byte((len(body) + 2) >> 8), byte(len(body) + 2)}
	out := append([]byte{0xFF, 0xD8}, seg...)
	out = append(out, body...)
	return append(out, j[2:]...)
}

// restartJPEG returns a JPEG of the 16x16 tiles side by side, one MCU each
// (4:2:0), with a restart interval of 1 MCU, so the scan has an RST marker
// between tiles. It is built from image/jpeg's encodings of each tile: they
// share quantisation and Huffman tables, and each tile's scan data starts
// with DC predictions of 0 and ends padded with 1 bits, exactly what a
// restart interval needs. It also returns each tile's encoding.
func restartJPEG(t testing.TB, tiles []*image.RGBA) (all []byte, each [][]byte) {
	t.Helper()
	var head []byte
	for i, tile := range tiles {
		var b bytes.Buffer
		if err := stdjpeg.Encode(&b, tile, &stdjpeg.Options{Quality: 95}); err != nil {
			t.Fatal(err)
		}
		j := b.Bytes()
		each = append(each, j)
		offs := segments(t, j)
		sos := offs[len(offs)-1]
		data := j[sos+2+(int(j[sos+2])<<8|int(j[sos+3])) : len(j)-2]
		if i == 0 {
			head = bytes.Clone(j[:sos])
			for _, o := range offs[:len(offs)-1] {
				if head[o+1] == 0xC0 { // SOF0: the width is at +7
					head[o+7], head[o+8] = byte(16*len(tiles)>>8), byte(16*len(tiles))
				}
			}
			head = append(head, 0xFF, 0xDD, 0, 4, 0, 1) // DRI: restart every MCU
			all = append(head, j[sos:len(j)-len(data)-2]...)
		} else {
			all = append(all, 0xFF, byte(0xD0+(i-1)%8))
		}
		all = append(all, data...)
	}
	return append(all, 0xFF, 0xD9), each
}

// noiseTile is a 16x16 tile of benchImage's noise, varied by k.
func noiseTile(k int) *image.RGBA {
	src := wiretest.NoiseImage(16*(k+1), 16)
	return src.SubImage(image.Rect(16*k, 0, 16*k+16, 16)).(*image.RGBA)
}

func TestRestartJPEGIsReal(t *testing.T) {
	tiles := []*image.RGBA{noiseTile(0), noiseTile(1), noiseTile(2), noiseTile(3), noiseTile(4), noiseTile(5), noiseTile(6), noiseTile(7), noiseTile(8), noiseTile(9)}
	all, each := restartJPEG(t, tiles)
	if !bytes.Contains(all, []byte{0xFF, 0x00}) || !bytes.Contains(all, []byte{0xFF, 0xD7}) || !bytes.Contains(all, []byte{0xFF, 0xD0}) {
		t.Fatal("the restart JPEG has no FF 00 stuffing, or no RST0 and RST7 markers")
	}
	img, err := stdjpeg.Decode(bytes.NewReader(all))
	if err != nil {
		t.Fatal(err)
	}
	yc := img.(*image.YCbCr)
	for i, j := range each {
		tile, err := stdjpeg.Decode(bytes.NewReader(j))
		if err != nil {
			t.Fatal(err)
		}
		tc := tile.(*image.YCbCr)
		for y := range 16 {
			for x := range 16 {
				if a, b := yc.Y[yc.YOffset(16*i+x, y)], tc.Y[tc.YOffset(x, y)]; a != b {
					t.Fatalf("tile %d luma (%d,%d) = %d, alone %d", i, x, y, a, b)
				}
				if a, b := yc.Cr[yc.COffset(16*i+x, y)], tc.Cr[tc.COffset(x, y)]; a != b {
					t.Fatalf("tile %d Cr (%d,%d) = %d, alone %d", i, x, y, a, b)
				}
			}
		}
	}
}

// splitAll reads r to its end with a fresh MJPEGReader, cloning each frame.
func splitAll(r io.Reader, max int) (frames [][]byte, m *MJPEGReader, err error) {
	m = NewMJPEGReader(r, max)
	for {
		f, err := m.Next(nil)
		if err != nil {
			return frames, m, err
		}
		frames = append(frames, bytes.Clone(f))
	}
}

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

func TestMJPEGReaderSplits(t *testing.T) {
	small := testJPEG(t, 64, 48, 80)
	big := testJPEG(t, 320, 240, 90)
	thumbed := withAPP1(big, small) // the thumbnail's FF D9 is inside APP1
	rst, _ := restartJPEG(t, []*image.RGBA{noiseTile(0), noiseTile(1), noiseTile(2)})
	// Hand-built structure: fill bytes before markers, a restart marker and
	// stuffing in the scan, and two scans (progressive) with a DHT between.
	twoScans := []byte{0xFF, 0xD8, 0xFF, 0xFF, 0xDB, 0, 3, 7,
		0xFF, 0xDA, 0, 2, 1, 0xFF, 0, 2, 0xFF, 0xD3, 0xFF, 0xFF, 0xFF, 0xC4, 0, 2,
		0xFF, 0xDA, 0, 3, 9, 0xFF, 0, 0xFF, 0xD9}
	noScan := []byte{0xFF, 0xD8, 0xFF, 0xDB, 0, 2, 0xFF, 0xD9} // tables only: skipped
	// (A frame cut inside a segment would swallow the next frame's start:
	// segment lengths are trusted, as they must be for embedded thumbnails.)
	cutAt := segments(t, small)[1]
	tests := []struct {
		name    string
		stream  []byte
		want    [][]byte
		skipped int64
		runs    int
	}{
		{"empty", nil, nil, 0, 0},
		{"one", small, [][]byte{small}, 0, 0},
		{"back to back", cat(small, big, small), [][]byte{small, big, small}, 0, 0},
		{"thumbnail in APP1", cat(thumbed, small, thumbed), [][]byte{thumbed, small, thumbed}, 0, 0},
		{"restart markers", cat(rst, rst), [][]byte{rst, rst}, 0, 0},
		{"fill bytes, two scans", cat(twoScans, small), [][]byte{twoScans, small}, 0, 0},
		{"garbage everywhere", cat([]byte("junk"), small, []byte{0xFF, 0xD8, 0xFF}[:2], []byte{0xFF, 0xFF, 0}, big, []byte("tail!")),
			[][]byte{small, big}, 4 + 5 + 5, 3},
		{"trailing garbage shorter than a marker", cat(small, []byte{0xFF, 0xD8}), [][]byte{small}, 2, 1},
		{"cut by a new SOI", cat(big[:len(big)/2], small), [][]byte{small}, int64(len(big) / 2), 1},
		{"cut between segments", cat(small[:cutAt], big), [][]byte{big}, int64(cutAt), 1},
		{"cut, then garbage: one run", cat(small, big[:len(big)/2], []byte("xyz"), small), [][]byte{small, small}, int64(len(big)/2 + 3), 1},
		{"no scan", cat(noScan, small), [][]byte{small}, int64(len(noScan)), 1},
		{"broken segment", cat([]byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 1}, small), [][]byte{small}, 6, 1},
		{"not a marker after SOI", cat([]byte{0xFF, 0xD8, 0xFF, 0x00, 0xAA}, small), [][]byte{small}, 5, 1},
	}
	for _, tc := range tests {
		// Whole, one byte a read, and in 7-byte reads: buffer edges fall everywhere.
		readers := map[string]func() io.Reader{
			"whole":    func() io.Reader { return bytes.NewReader(tc.stream) },
			"one byte": func() io.Reader { return iotest.OneByteReader(bytes.NewReader(tc.stream)) },
			"7 bytes":  func() io.Reader { return &chunkReader{bytes.NewReader(tc.stream), 7} },
		}
		for how, r := range readers {
			frames, m, err := splitAll(r(), 0)
			if err != io.EOF {
				t.Errorf("%s (%s): ended with %v, want io.EOF", tc.name, how, err)
			}
			if len(frames) != len(tc.want) {
				t.Errorf("%s (%s): %d frames, want %d", tc.name, how, len(frames), len(tc.want))
				continue
			}
			for i := range frames {
				if !bytes.Equal(frames[i], tc.want[i]) {
					t.Errorf("%s (%s): frame %d differs (%d bytes, want %d)", tc.name, how, i, len(frames[i]), len(tc.want[i]))
				}
			}
			if m.Skipped() != tc.skipped || m.SkippedRuns() != tc.runs {
				t.Errorf("%s (%s): skipped %d bytes in %d runs, want %d in %d", tc.name, how, m.Skipped(), m.SkippedRuns(), tc.skipped, tc.runs)
			}
			if m.consumed != int64(len(tc.stream)) {
				t.Errorf("%s (%s): consumed %d of %d bytes", tc.name, how, m.consumed, len(tc.stream))
			}
		}
	}
}

func TestMJPEGProtocolExample(t *testing.T) {
	// The example in PROTOCOL.md.
	stream, _ := hex.DecodeString("ffd8ffdb00030affda00020102ffd9" + "6a756e6b" + "ffd8ffda000201ff00ffd002ffd9")
	frames, m, err := splitAll(bytes.NewReader(stream), 0)
	want := []string{"ffd8ffdb00030affda00020102ffd9", "ffd8ffda000201ff00ffd002ffd9"}
	if err != io.EOF || len(frames) != 2 || hex.EncodeToString(frames[0]) != want[0] || hex.EncodeToString(frames[1]) != want[1] {
		t.Fatalf("frames %x, %v", frames, err)
	}
	if m.Skipped() != 4 || m.SkippedRuns() != 1 {
		t.Errorf("skipped %d in %d runs, want 4 in 1", m.Skipped(), m.SkippedRuns())
	}
}

func TestMJPEGReaderFramesDecode(t *testing.T) {
	thumb := testJPEG(t, 32, 32, 50)
	framed := withAPP1(testJPEG(t, 96, 64, 85), thumb)
	rst, _ := restartJPEG(t, []*image.RGBA{noiseTile(3), noiseTile(4)})
	frames, _, err := splitAll(bytes.NewReader(cat(framed, []byte("??"), rst)), 0)
	if err != io.EOF || len(frames) != 2 {
		t.Fatalf("%d frames, %v", len(frames), err)
	}
	for i, want := range []image.Point{{96, 64}, {32, 16}} {
		img, err := stdjpeg.Decode(bytes.NewReader(frames[i]))
		if err != nil || img.Bounds().Size() != want {
			t.Errorf("frame %d: %v, %v; want %v", i, img.Bounds(), err, want)
		}
	}
}

func TestMJPEGReaderEndsMidFrame(t *testing.T) {
	small := testJPEG(t, 64, 48, 80)
	thumbed := withAPP1(small, testJPEG(t, 16, 16, 50))
	for _, cut := range []int{3, 4, 10, 25, len(thumbed) / 2, len(thumbed) - 2, len(thumbed) - 1} {
		stream := cat(small, thumbed[:cut])
		frames, m, err := splitAll(bytes.NewReader(stream), 0)
		if len(frames) != 1 || !bytes.Equal(frames[0], small) {
			t.Errorf("cut at %d: %d frames before the error", cut, len(frames))
		}
		want := fmt.Sprintf("mjpeg frame 1 cut off after %d bytes", cut)
		if !errors.Is(err, io.ErrUnexpectedEOF) || !strings.Contains(err.Error(), want) {
			t.Errorf("cut at %d: %v, want %q wrapping io.ErrUnexpectedEOF", cut, err, want)
		}
		if _, again := m.Next(nil); again != err {
			t.Errorf("cut at %d: not sticky: %v", cut, again)
		}
		if m.consumed != int64(len(stream)) {
			t.Errorf("cut at %d: consumed %d of %d", cut, m.consumed, len(stream))
		}
	}
}

func TestMJPEGReaderFrameTooLarge(t *testing.T) {
	small := testJPEG(t, 32, 32, 80)
	big := testJPEG(t, 320, 240, 90)
	max := len(big) - 1
	m := NewMJPEGReader(bytes.NewReader(cat(small, big, []byte("zz"), small, big[:len(big)/2], big)), max)
	check := func(want []byte, wantErr error) {
		t.Helper()
		f, err := m.Next(nil)
		if wantErr == nil {
			if err != nil || !bytes.Equal(f, want) {
				t.Fatalf("got %d bytes, %v; want %d bytes", len(f), err, len(want))
			}
			return
		}
		var tl *FrameTooLargeError
		if !errors.As(err, &tl) || *tl != *wantErr.(*FrameTooLargeError) {
			t.Fatalf("got %v, want %v", err, wantErr)
		}
	}
	check(small, nil)
	check(nil, &FrameTooLargeError{Length: int64(len(big)), Max: max})
	check(small, nil) // the stream goes on after the garbage
	// A cut frame and then one over the cap: one run of skipped bytes.
	check(nil, &FrameTooLargeError{Length: int64(len(big)), Max: max})
	if _, err := m.Next(nil); err != io.EOF {
		t.Fatalf("end: %v", err)
	}
	if want := int64(len(big) + 2 + len(big)/2 + len(big)); m.Skipped() != want || m.SkippedRuns() != 2 {
		t.Errorf("skipped %d in %d runs, want %d in 2", m.Skipped(), m.SkippedRuns(), want)
	}
	if cap(m.own) > max || cap(m.own) < len(small) {
		t.Errorf("buffer grew to %d (cap %d)", cap(m.own), max)
	}
}

func TestMJPEGReaderBoundedMemory(t *testing.T) {
	// A scan that never ends: 8 MiB of entropy data with no marker.
	stream := cat([]byte{0xFF, 0xD8, 0xFF, 0xDA, 0, 2}, make([]byte, 8<<20))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, m, err := splitAll(bytes.NewReader(stream), 1<<20)
	runtime.ReadMemStats(&after)
	if !errors.Is(err, io.ErrUnexpectedEOF) || !strings.Contains(err.Error(), fmt.Sprintf("after %d bytes, over the cap of %d", len(stream), 1<<20)) {
		t.Fatalf("error %v", err)
	}
	if d := after.TotalAlloc - before.TotalAlloc; d > 3<<20 {
		t.Errorf("allocated %d bytes for a 1 MiB cap", d)
	}
	if cap(m.own) > 1<<20 {
		t.Errorf("buffer of %d bytes for a 1 MiB cap", cap(m.own))
	}
}

func TestMJPEGReaderReturnsWithoutReadingAhead(t *testing.T) {
	// A live camera: a frame, then nothing yet. Next must not wait for more.
	blocked := errors.New("would block")
	small := testJPEG(t, 32, 32, 80)
	m := NewMJPEGReader(io.MultiReader(bytes.NewReader(small), iotest.ErrReader(blocked)), 0)
	if f, err := m.Next(nil); err != nil || !bytes.Equal(f, small) {
		t.Fatalf("frame: %v", err)
	}
	_, err := m.Next(nil)
	if !errors.Is(err, blocked) || errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("after the frame: %v, want the read error", err)
	}
	// Inside a frame, a read error is passed on as itself.
	m = NewMJPEGReader(io.MultiReader(bytes.NewReader(small[:40]), iotest.ErrReader(blocked)), 0)
	if _, err := m.Next(nil); !errors.Is(err, blocked) || !strings.Contains(err.Error(), "40 bytes in") {
		t.Fatalf("inside a frame: %v", err)
	}
}

func TestMJPEGReaderBuffers(t *testing.T) {
	frames := [][]byte{testJPEG(t, 64, 48, 80), testJPEG(t, 48, 64, 70), testJPEG(t, 80, 80, 60)}
	stream := cat(frames[0], frames[1], frames[2], []byte("junk"))
	for _, own := range []bool{true, false} {
		m := NewMJPEGReader(bytes.NewReader(bytes.Repeat(stream, 110)), 0)
		var buf []byte
		if !own {
			buf = make([]byte, 0, 64<<10)
		}
		i := 0
		next := func() {
			f, err := m.Next(buf)
			if err != nil || !bytes.Equal(f, frames[i%3]) {
				t.Fatalf("frame %d: %v", i, err)
			}
			if !own && &f[0] != &buf[:1][0] {
				t.Fatalf("frame %d does not alias the given buffer", i)
			}
			i++
		}
		next() // the first frame allocates the reader's own buffer
		if allocs := testing.AllocsPerRun(300, next); allocs != 0 {
			t.Errorf("own buffer %v: %v allocations per frame, want 0", own, allocs)
		}
		if m.SkippedRuns() != (i-1)/3 {
			t.Errorf("own buffer %v: %d garbage runs after %d frames", own, m.SkippedRuns(), i)
		}
	}
}

func TestMJPEGReaderMaxClamp(t *testing.T) {
	for in, want := range map[int]int{0: DefaultMaxFrame, -1: DefaultMaxFrame, 100: 100, 1 << 30: MaxFrameLimit} {
		if got := NewMJPEGReader(nil, in).Max(); got != want {
			t.Errorf("NewMJPEGReader(max %d).Max() = %d, want %d", in, got, want)
		}
	}
}

func BenchmarkMJPEGReader(b *testing.B) {
	for _, size := range []image.Point{{320, 240}, {1920, 1080}} {
		j := testJPEG(b, size.X, size.Y, 85)
		b.Run(fmt.Sprintf("%dx%d-%dKB", size.X, size.Y, len(j)>>10), func(b *testing.B) {
			m := NewMJPEGReader(&loopReader{data: cat(j, j, j, j)}, 0)
			b.SetBytes(int64(len(j)))
			b.ReportAllocs()
			var buf []byte
			for b.Loop() {
				f, err := m.Next(buf)
				if err != nil || len(f) != len(j) {
					b.Fatal(len(f), err)
				}
				buf = f
			}
		})
	}
}

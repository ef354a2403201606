package capture

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	stdjpeg "image/jpeg"
	"io"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/vidstream/vidstream/wire/pixel"
	"github.com/vidstream/vidstream/wire/wiretest"

	"github.com/vidstream/vidstream/wire"
)

var _ Source = (*ReaderSource)(nil)

// stdinJPEG returns a w x h JPEG whose picture depends on k.
func stdinJPEG(t testing.TB, w, h, k int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetRGBA(x, y, color.RGBA{uint8(x*7 + k*40), uint8(y*5 + x*y), uint8(k * 90), 255})
		}
	}
	var b bytes.Buffer
	if err := stdjpeg.Encode(&b, img, &stdjpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// i420Frames returns n frames of size bytes, frame k filled with k+1, k+2, ...
func i420Frames(n, size int) [][]byte {
	frames := make([][]byte, n)
	for k := range frames {
		frames[k] = make([]byte, size)
		for i := range frames[k] {
			frames[k][i] = byte(k + 1 + i)
		}
	}
	return frames
}

// readAll takes frames from src until an error, checking Seq and Time order.
func readAll(t *testing.T, src *ReaderSource) ([][]byte, error) {
	t.Helper()
	var frames [][]byte
	var last Frame
	for {
		f, err := src.Next(context.Background())
		if err != nil {
			return frames, err
		}
		if f.Seq != uint64(len(frames)) || f.Time.IsZero() || f.Time.Before(last.Time) {
			t.Errorf("frame %d: seq %d time %v after %v", len(frames), f.Seq, f.Time, last.Time)
		}
		frames = append(frames, bytes.Clone(f.Data))
		last = f
	}
}

func TestReaderSourceJPEG(t *testing.T) {
	a, b, c := stdinJPEG(t, 64, 48, 0), stdinJPEG(t, 64, 48, 1), stdinJPEG(t, 32, 32, 2)
	big := stdinJPEG(t, 200, 150, 3)
	join := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	tests := []struct {
		name     string
		stream   []byte
		max      int
		want     [][]byte
		end      string // "" for io.EOF, else part of an io.ErrUnexpectedEOF error
		skipped  int64
		runs     int
		tooLarge int
	}{
		{"back to back", join(a, b, c), 0, [][]byte{a, b, c}, "", 0, 0, 0},
		{"garbage between frames", join([]byte("hello"), a, []byte{0xFF, 0xD8, 0x00}, b, []byte("\xff\xff"), c, []byte("bye")),
			0, [][]byte{a, b, c}, "", 5 + 3 + 2 + 3, 4, 0},
		{"ending mid-frame", join(a, b[:len(b)-10]), 0, [][]byte{a}, fmt.Sprintf("cut off after %d bytes", len(b)-10), 0, 0, 0},
		{"a frame over MaxFrame", join(a, big, b, big, big, c), len(big) - 1, [][]byte{a, b, c}, "", 3 * int64(len(big)), 2, 3},
	}
	for _, tc := range tests {
		src, err := NewReaderSource(bytes.NewReader(tc.stream), ReaderConfig{Format: pixel.FormatJPEG, MaxFrame: tc.max})
		if err != nil {
			t.Fatal(err)
		}
		frames, err := readAll(t, src)
		if len(frames) != len(tc.want) {
			t.Fatalf("%s: %d frames, want %d", tc.name, len(frames), len(tc.want))
		}
		for i := range frames {
			if !bytes.Equal(frames[i], tc.want[i]) {
				t.Errorf("%s: frame %d differs", tc.name, i)
			}
		}
		if tc.end == "" && err != io.EOF || tc.end != "" && (!errors.Is(err, io.ErrUnexpectedEOF) || !strings.Contains(err.Error(), tc.end)) {
			t.Errorf("%s: ended with %v", tc.name, err)
		}
		if _, again := src.Next(context.Background()); again != err {
			t.Errorf("%s: end not final: %v then %v", tc.name, err, again)
		}
		if n, runs := src.Skipped(); n != tc.skipped || runs != tc.runs || src.TooLarge() != tc.tooLarge {
			t.Errorf("%s: skipped %d bytes in %d runs, %d too large; want %d in %d, %d", tc.name, n, runs, src.TooLarge(), tc.skipped, tc.runs, tc.tooLarge)
		}
	}
}

// TestReaderSourceCompletesMotionJPEG: JPEGs without Huffman tables, as UVC
// webcams send them, come out with the standard tables put in, into one
// buffer of the source reused from frame to frame; JPEGs with their tables
// come out as they are.
func TestReaderSourceCompletesMotionJPEG(t *testing.T) {
	a, b, c := stdinJPEG(t, 64, 48, 0), stdinJPEG(t, 64, 48, 1), stdinJPEG(t, 48, 32, 2)
	bareB, bareC := wiretest.DropSegments(t, b, 0xC4), wiretest.DropSegments(t, c, 0xC4)
	if _, err := stdjpeg.Decode(bytes.NewReader(bareB)); err == nil {
		t.Fatal("image/jpeg decoded a JPEG without Huffman tables: the test proves nothing")
	}
	src, err := NewReaderSource(bytes.NewReader(bytes.Join([][]byte{a, bareB, bareC, a}, nil)), ReaderConfig{Format: pixel.FormatJPEG})
	if err != nil {
		t.Fatal(err)
	}
	var completed []byte // the storage of the first completed frame
	for i, want := range [][]byte{a, b, c, a} {
		f, err := src.Next(context.Background())
		if err != nil {
			t.Fatalf("frame %d: %v", i, err)
		}
		if i == 0 || i == 3 {
			if !bytes.Equal(f.Data, want) {
				t.Errorf("frame %d, with its tables, changed", i)
			}
			continue
		}
		got, err := stdjpeg.Decode(bytes.NewReader(f.Data))
		if err != nil {
			t.Fatalf("frame %d, sent without Huffman tables: %v", i, err)
		}
		orig, err := stdjpeg.Decode(bytes.NewReader(want))
		if err != nil {
			t.Fatal(err)
		}
		if got.Bounds() != orig.Bounds() || !bytes.Equal(got.(*image.YCbCr).Y, orig.(*image.YCbCr).Y) ||
			!bytes.Equal(got.(*image.YCbCr).Cb, orig.(*image.YCbCr).Cb) {
			t.Errorf("frame %d decodes other pixels than the JPEG with its tables", i)
		}
		if completed == nil {
			completed = f.Data[:1]
		} else if &f.Data[0] != &completed[0] {
			t.Errorf("frame %d: completed in new storage, not the source's reused buffer", i)
		}
	}
	if _, err := src.Next(context.Background()); err != io.EOF {
		t.Errorf("end: %v", err)
	}
}

func TestReaderSourceI420(t *testing.T) {
	tests := []struct {
		w, h, size int
		cut        int // bytes of a last, short frame
	}{
		{640, 480, 460800, 0},
		{100, 100, 21504, 0}, // stored as 128x112
		{100, 100, 21504, 21503},
		{100, 100, 21504, 1},
	}
	for _, tc := range tests {
		want := i420Frames(3, tc.size)
		stream := bytes.Join(want, nil)
		if tc.cut > 0 {
			stream = append(stream, make([]byte, tc.cut)...)
		}
		src, err := NewReaderSource(bytes.NewReader(stream), ReaderConfig{Format: pixel.FormatI420, Width: tc.w, Height: tc.h, FPS: 30, YUVLayout: YUVPicamera})
		if err != nil {
			t.Fatal(err)
		}
		if l := src.Hello().Layout; l.Size() != tc.size || l != pixel.PicameraLayout(pixel.FormatI420, tc.w, tc.h) {
			t.Errorf("%dx%d: layout %v of %d bytes, want %d", tc.w, tc.h, l, l.Size(), tc.size)
		}
		frames, err := readAll(t, src)
		if len(frames) != 3 {
			t.Fatalf("%dx%d: %d frames", tc.w, tc.h, len(frames))
		}
		for i := range frames {
			if !bytes.Equal(frames[i], want[i]) {
				t.Errorf("%dx%d: frame %d differs", tc.w, tc.h, i)
			}
		}
		cutMsg := fmt.Sprintf("frame 3 cut off after %d of %d bytes", tc.cut, tc.size)
		if tc.cut == 0 && err != io.EOF || tc.cut > 0 && (!errors.Is(err, io.ErrUnexpectedEOF) || !strings.Contains(err.Error(), cutMsg)) {
			t.Errorf("%dx%d cut %d: ended with %v", tc.w, tc.h, tc.cut, err)
		}
	}
}

func TestReaderSourceContract(t *testing.T) {
	jpegs := bytes.Join([][]byte{stdinJPEG(t, 48, 32, 0), stdinJPEG(t, 48, 32, 1), stdinJPEG(t, 48, 32, 2)}, nil)
	for _, tc := range []struct {
		stream []byte
		cfg    ReaderConfig
	}{
		{jpegs, ReaderConfig{Format: pixel.FormatJPEG, Width: 48, Height: 32}},
		{bytes.Join(i420Frames(4, 21504), nil), ReaderConfig{Format: pixel.FormatI420, Width: 100, Height: 100, YUVLayout: YUVPicamera}},
	} {
		src, err := NewReaderSource(bytes.NewReader(tc.stream), tc.cfg)
		if err != nil {
			t.Fatal(err)
		}
		checkSource(t, src)
	}
}

func TestNewReaderSourceHello(t *testing.T) {
	src, err := NewReaderSource(strings.NewReader(""), ReaderConfig{Format: pixel.FormatJPEG, FPS: 29.97})
	if err != nil {
		t.Fatal(err)
	}
	want := wire.Hello{Version: wire.Version, Layout: pixel.Layout{Format: pixel.FormatJPEG}, FPS: 29.97, Name: defaultReaderName, Clock: wire.ClockArrival}
	if h := src.Hello(); h != want {
		t.Errorf("Hello() = %+v, want %+v", h, want)
	}
	src, err = NewReaderSource(strings.NewReader(""), ReaderConfig{Format: pixel.FormatI420, Width: 100, Height: 100, Name: "cam", YUVLayout: YUVPicamera})
	if err != nil {
		t.Fatal(err)
	}
	want = wire.Hello{Version: wire.Version, Layout: pixel.Layout{Format: pixel.FormatI420, Width: 100, Height: 100, Stride: 128, Rows: 112}, Name: "cam", Clock: wire.ClockArrival}
	if h := src.Hello(); h != want {
		t.Errorf("Hello() = %+v, want %+v", h, want)
	}
	if _, err := src.Next(context.Background()); err != io.EOF {
		t.Errorf("empty input: %v, want io.EOF", err)
	}
}

func TestNewReaderSourceErrors(t *testing.T) {
	tests := []struct {
		name string
		r    io.Reader
		cfg  ReaderConfig
		msg  string
	}{
		{"no reader", nil, ReaderConfig{Format: pixel.FormatJPEG}, "no reader"},
		{"rgb", strings.NewReader(""), ReaderConfig{Format: pixel.FormatRGB24, Width: 8, Height: 8}, "not jpeg, h264 or yuv"},
		{"no format", strings.NewReader(""), ReaderConfig{}, "not jpeg, h264 or yuv"},
		{"i420 without size", strings.NewReader(""), ReaderConfig{Format: pixel.FormatI420}, "needs the frame size"},
		{"i420 too wide", strings.NewReader(""), ReaderConfig{Format: pixel.FormatI420, Width: 20000, Height: 10}, "out of range"},
		{"i420 over the cap", strings.NewReader(""), ReaderConfig{Format: pixel.FormatI420, Width: 100, Height: 100, MaxFrame: 21503, YUVLayout: YUVPicamera}, "21504 bytes, over the cap of 21503"},
		{"negative cap", strings.NewReader(""), ReaderConfig{Format: pixel.FormatJPEG, MaxFrame: -1}, "negative MaxFrame"},
		{"jpeg too tall", strings.NewReader(""), ReaderConfig{Format: pixel.FormatJPEG, Height: 16385}, "out of range"},
		{"NaN fps", strings.NewReader(""), ReaderConfig{Format: pixel.FormatJPEG, FPS: math.NaN()}, "fps"},
		{"long name", strings.NewReader(""), ReaderConfig{Format: pixel.FormatJPEG, Name: strings.Repeat("x", 256)}, "name"},
	}
	for _, tc := range tests {
		_, err := NewReaderSource(tc.r, tc.cfg)
		if err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: %v, want an error mentioning %q", tc.name, err, tc.msg)
		}
	}
}

// watchedReader reports each Read it starts on reading and each Read's error
// on done.
type watchedReader struct {
	io.ReadCloser
	reading chan struct{}
	done    chan error
}

func (w *watchedReader) Read(p []byte) (int, error) {
	select {
	case w.reading <- struct{}{}:
	default:
	}
	n, err := w.ReadCloser.Read(p)
	if err != nil {
		w.done <- err
	}
	return n, err
}

func TestReaderSourcePipeCloseUnblocks(t *testing.T) {
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pw.Close()
	frames := [][]byte{stdinJPEG(t, 64, 48, 0), stdinJPEG(t, 64, 48, 1)}
	go func() {
		pw.Write(bytes.Join([][]byte{[]byte("junk"), frames[0], frames[1]}, nil))
	}()
	wr := &watchedReader{ReadCloser: pr, reading: make(chan struct{}, 1), done: make(chan error, 1)}
	src, err := NewReaderSource(wr, ReaderConfig{Format: pixel.FormatJPEG})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range frames {
		f, err := src.Next(context.Background())
		if err != nil || !bytes.Equal(f.Data, want) {
			t.Fatalf("frame %d: %v", i, err)
		}
	}
	<-wr.reading // drain: the next signal is a read for the third frame
	result := make(chan error)
	go func() {
		_, err := src.Next(context.Background())
		result <- err
	}()
	<-wr.reading // the source is reading a pipe with nothing in it
	if err := src.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := <-result; err != ErrClosed {
		t.Errorf("waiting Next after Close: %v, want ErrClosed", err)
	}
	if err := <-wr.done; !errors.Is(err, os.ErrClosed) {
		t.Errorf("the blocked read ended with %v, want os.ErrClosed", err)
	}
	if n, runs := src.Skipped(); n != 4 || runs != 1 {
		t.Errorf("skipped %d bytes in %d runs, want 4 in 1", n, runs)
	}
}

// stuckReader is a read that Close cannot interrupt, like a blocking stdin:
// Read signals waiting and waits for data on feed.
type stuckReader struct {
	feed    chan []byte
	rest    []byte
	waiting chan struct{}
	closed  chan struct{}
}

func (s *stuckReader) Read(p []byte) (int, error) {
	if len(s.rest) == 0 {
		s.waiting <- struct{}{}
		b, ok := <-s.feed
		if !ok {
			return 0, io.EOF
		}
		s.rest = b
	}
	n := copy(p, s.rest)
	s.rest = s.rest[n:]
	return n, nil
}

func (s *stuckReader) Close() error { close(s.closed); return nil }

func TestReaderSourceBlockedRead(t *testing.T) {
	frame := stdinJPEG(t, 32, 32, 5)
	sr := &stuckReader{feed: make(chan []byte), waiting: make(chan struct{}, 1), closed: make(chan struct{})}
	src, err := NewReaderSource(sr, ReaderConfig{Format: pixel.FormatJPEG})
	if err != nil {
		t.Fatal(err)
	}
	// A cancelled ctx ends a Next whose read is blocked; the read goes on and
	// the next Next returns its frame, the first.
	ctx, cancel := context.WithCancel(context.Background())
	result := make(chan error)
	go func() {
		_, err := src.Next(ctx)
		result <- err
	}()
	<-sr.waiting
	cancel()
	if err := <-result; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled Next: %v", err)
	}
	sr.feed <- frame
	f, err := src.Next(context.Background())
	if err != nil || f.Seq != 0 || !bytes.Equal(f.Data, frame) {
		t.Fatalf("frame after the cancelled Next: seq %d, %v", f.Seq, err)
	}
	// Close ends a Next whose read Close cannot interrupt.
	go func() {
		_, err := src.Next(context.Background())
		result <- err
	}()
	<-sr.waiting
	if err := src.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-result; err != ErrClosed {
		t.Fatalf("Next after Close: %v, want ErrClosed", err)
	}
	<-sr.closed
	close(sr.feed) // the stuck read returns io.EOF and the reading goroutine ends
	if err := src.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

// TestReaderSourceRpicamLayout: the source reads frames of rpicam-vid's
// layout (pixel.RpicamI420Layout, tested in package pixel) by default.
func TestReaderSourceRpicamLayout(t *testing.T) {
	frames := bytes.Join(i420Frames(2, 449280), nil)
	src, err := NewReaderSource(bytes.NewReader(frames), ReaderConfig{Format: pixel.FormatI420, Width: 780, Height: 360})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		if f, err := src.Next(context.Background()); err != nil || len(f.Data) != 449280 {
			t.Fatalf("frame %d: %d bytes, %v", i, len(f.Data), err)
		}
	}
	if _, err := NewReaderSource(bytes.NewReader(nil), ReaderConfig{Format: pixel.FormatI420, Width: 8, Height: 8, YUVLayout: "odd"}); err == nil {
		t.Fatal("an unknown yuv layout was accepted")
	}
}

package v4l2

import (
	"bytes"
	"context"
	"image"
	stdjpeg "image/jpeg"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/vidstream/vidstream/capture"
	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/pixel"
)

// jpegOf returns a small fake JPEG: the SOI marker, a comment marker, tag, the EOI marker.
func jpegOf(tag byte) []byte { return []byte{0xFF, 0xD8, 0xFF, 0xFE, tag, tag, 0xFF, 0xD9} }

// openFake opens a source on f, failing t on error.
func openFake(t *testing.T, f *fakeCam, cfg Config) *Source {
	t.Helper()
	s, err := openWith(cfg, f.open)
	if err != nil {
		t.Fatalf("openWith: %v", err)
	}
	return s
}

func TestFrameFlow(t *testing.T) {
	f := newFakeCam(64)
	s := openFake(t, f, Config{})
	t0 := time.Unix(1700000000, 5000)
	f.push(t, jpegOf(1), t0, false)
	a, err := s.Next(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Data, jpegOf(1)) || a.Seq != 0 || !a.Time.Equal(t0) {
		t.Fatalf("frame 0 = %v seq %d at %v, want %v seq 0 at %v", a.Data, a.Seq, a.Time, jpegOf(1), t0)
	}
	f.push(t, jpegOf(2), time.Time{}, false) // no capture time from the driver: Next stamps it
	if !bytes.Equal(a.Data, jpegOf(1)) {
		t.Fatalf("frame 0's data changed to %v before the next Next", a.Data)
	}
	before := time.Now()
	b, err := s.Next(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Data, jpegOf(2)) || b.Seq != 1 || b.Time.Before(before) || b.Time.After(time.Now()) {
		t.Fatalf("frame 1 = %v seq %d at %v, want %v seq 1 stamped by Next", b.Data, b.Seq, b.Time, jpegOf(2))
	}
	if f.releases != 1 || f.dequeues != 2 {
		t.Errorf("after 2 frames %d buffers released of %d, want 1 of 2 (the latest held)", f.releases, f.dequeues)
	}
	if got := s.Stats(); got != (Stats{Frames: 2}) {
		t.Errorf("stats %+v", got)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	f.check(t, true)
}

func TestNewestWins(t *testing.T) {
	f := newFakeCam(64)
	s := openFake(t, f, Config{})
	for i := range byte(3) {
		f.push(t, jpegOf(i), time.Unix(int64(i), 0), false)
	}
	fr, err := s.Next(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(fr.Data, jpegOf(2)) || fr.Seq != 0 {
		t.Errorf("got %v seq %d, want the newest %v seq 0", fr.Data, fr.Seq, jpegOf(2))
	}
	if got := s.Stats(); got != (Stats{Frames: 1, Dropped: 2}) {
		t.Errorf("stats %+v, want 1 frame and 2 dropped", got)
	}
	s.Close()
	f.check(t, true)
}

// nextAsync calls s.Next in a goroutine and returns where its result comes.
func nextAsync(s *Source, ctx context.Context) <-chan frameOrErr {
	c := make(chan frameOrErr, 1)
	go func() {
		fr, err := s.Next(ctx)
		c <- frameOrErr{fr, err}
	}()
	return c
}

type frameOrErr struct {
	f   capture.Frame
	err error
}

// waitBlocked waits until Next blocks in the fake's dequeue; Next
// returning first (res) fails t.
func waitBlocked(t *testing.T, f *fakeCam, res <-chan frameOrErr) {
	t.Helper()
	select {
	case <-f.waiting:
	case r := <-res:
		t.Fatalf("Next returned %v, %v instead of waiting", r.f.Data, r.err)
	}
}

func TestSkipsBadBuffers(t *testing.T) {
	good := append(bytes.Repeat([]byte{7}, 16), 0, 0) // 4x2 I420 with a stride of 4, plus slack
	tests := []struct {
		name string
		cfg  Config
		bad  [][]byte // pushed first, then good flagged as an error by the driver
		good []byte
		want []byte
	}{
		{"jpeg", Config{Width: 640, Height: 480}, [][]byte{{}, {0, 0, 0, 0}, {0xFF, 0xD8, 0xD8, 0xFF, 0xD9}}, jpegOf(9), jpegOf(9)}, // FF D8 then no marker: not a JPEG
		{"yu12", Config{Width: 4, Height: 2, Format: pixel.FormatI420}, [][]byte{{}, good[:11]}, good, good[:12]},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeCam(64)
			f.descs = append(f.descs, formatDesc{fcc: fmtYU12})
			s := openFake(t, f, tc.cfg)
			for _, b := range tc.bad {
				f.push(t, b, time.Time{}, false)
			}
			f.push(t, tc.good, time.Time{}, true)
			res := nextAsync(s, context.Background())
			waitBlocked(t, f, res) // every buffer was bad: Next gave them back and waits
			f.push(t, tc.good, time.Time{}, false)
			r := <-res
			if r.err != nil || !bytes.Equal(r.f.Data, tc.want) || r.f.Seq != 0 {
				t.Fatalf("Next = %v seq %d, %v; want %v seq 0", r.f.Data, r.f.Seq, r.err, tc.want)
			}
			if got, n := s.Stats(), uint64(len(tc.bad)+1); got != (Stats{Frames: 1, Skipped: n}) {
				t.Errorf("stats %+v, want 1 frame and %d skipped", got, n)
			}
			s.Close()
			f.check(t, true)
		})
	}
}

func TestGivesUpOnEndlessBadBuffers(t *testing.T) {
	f := newFakeCam(64)
	f.auto = &fakeFill{data: []byte{1, 2, 3}} // not a JPEG
	s := openFake(t, f, Config{})
	_, err := s.Next(context.Background())
	if err == nil || !strings.Contains(err.Error(), "camera /dev/video0: 100 bad buffers in a row") {
		t.Fatalf("Next: %v, want the bad-buffer error", err)
	}
	if got := s.Stats().Skipped; got != 100 {
		t.Errorf("skipped %d, want 100", got)
	}
	f.auto = &fakeFill{data: jpegOf(1)}
	if fr, err := s.Next(context.Background()); err != nil || !bytes.Equal(fr.Data, jpegOf(1)) {
		t.Errorf("Next after the error = %v, %v; want a frame", fr.Data, err)
	}
	s.Close()
	f.check(t, true)
}

func TestConvertsYUYV(t *testing.T) {
	f := newFakeCam(64)
	f.sizes[fmtYUYV] = append(f.sizes[fmtYUYV], frameSize{minW: 4, minH: 2, maxW: 4, maxH: 2})
	f.set = func(c pixel.Format, w, h int) pixFormat { return pixFormat{fcc: c, width: w, height: h, bpl: 12} }
	s := openFake(t, f, Config{Width: 4, Height: 2, Format: pixel.FormatI420})
	want := pixel.Layout{Format: pixel.FormatI420, Width: 4, Height: 2, Stride: 4, Rows: 2}
	if got := s.Hello().Layout; got != want {
		t.Fatalf("layout %v, want %v", got, want)
	}
	src := []byte{10, 100, 20, 200, 30, 110, 40, 210, 0xFF, 0xFF, 0xFF, 0xFF, 50, 101, 60, 202, 70, 111, 80, 213}
	for range 2 {
		f.push(t, src, time.Time{}, false)
		fr, err := s.Next(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if w := []byte{10, 20, 30, 40, 50, 60, 70, 80, 101, 111, 201, 212}; !bytes.Equal(fr.Data, w) {
			t.Fatalf("frame %v, want %v", fr.Data, w)
		}
		if f.releases != f.dequeues {
			t.Errorf("the YUYV buffer was not given back after conversion")
		}
	}
	s.Close()
	f.check(t, true)
}

func TestPaddedRGB24(t *testing.T) {
	f := newFakeCam(64)
	f.descs = []formatDesc{{fcc: pixel.FormatRGB24}}
	f.sizes = nil
	f.set = func(c pixel.Format, w, h int) pixFormat { return pixFormat{fcc: c, width: w, height: h, bpl: 12} }
	s := openFake(t, f, Config{Width: 3, Height: 2, Format: pixel.FormatRGB24})
	if got, want := s.Hello().Layout, (pixel.Layout{Format: pixel.FormatRGB24, Width: 3, Height: 2, Stride: 12, Rows: 2}); got != want {
		t.Fatalf("layout %v, want %v", got, want)
	}
	frame := []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 0, 0, 11, 12, 13, 14, 15, 16, 17, 18, 19, 0, 0, 0}
	f.push(t, frame[:23], time.Time{}, false) // short: skipped
	f.push(t, append(frame, 0xAB), time.Time{}, false)
	fr, err := s.Next(context.Background())
	if err != nil || !bytes.Equal(fr.Data, frame) {
		t.Fatalf("Next = %v, %v; want %v", fr.Data, err, frame)
	}
	if got := s.Stats(); got != (Stats{Frames: 1, Skipped: 1}) {
		t.Errorf("stats %+v", got)
	}
	s.Close()
	f.check(t, true)
}

func TestHello(t *testing.T) {
	host, _ := os.Hostname()
	f := newFakeCam(16)
	s := openFake(t, f, Config{Device: "/dev/video2", FPS: 15})
	h := s.Hello()
	if want := "picam on " + host + " /dev/video2"; host != "" && h.Name != want {
		t.Errorf("name %q, want %q", h.Name, want)
	}
	if h.FPS != 15 || h.Version != wire.Version || h.Validate() != nil {
		t.Errorf("hello %+v (valid: %v), want fps 15", h, h.Validate())
	}
	if want := []string{"format MJPG 640x480", "fps 15"}; strings.Join(f.asked, ",") != strings.Join(want, ",") {
		t.Errorf("asked %q, want %q", f.asked, want)
	}
	s.Close()
	long := strings.Repeat("é", 200)
	f = newFakeCam(16)
	f.fps = math.Inf(1)
	s = openFake(t, f, Config{Name: long})
	if h := s.Hello(); h.Name != long[:254] || h.FPS != 0 {
		t.Errorf("name of %d bytes, fps %v; want the name cut to 254 bytes and fps 0", len(h.Name), h.FPS)
	}
	s.Close()
}

// TestCompletesMotionJPEG feeds a JPEG without Huffman tables, as UVC
// webcams send them: the frame has the standard tables put in, so that Go's
// image/jpeg decodes it, and the driver's buffer is given back at once.
func TestCompletesMotionJPEG(t *testing.T) {
	var buf bytes.Buffer
	img := image.NewGray(image.Rect(0, 0, 32, 16))
	for i := range img.Pix {
		img.Pix[i] = byte(i)
	}
	if err := stdjpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	full := buf.Bytes()
	i := bytes.Index(full, []byte{0xFF, 0xC4}) // image/jpeg writes one DHT segment
	n := int(full[i+2])<<8 | int(full[i+3])
	bare := append(append([]byte(nil), full[:i]...), full[i+2+n:]...)
	if _, err := stdjpeg.Decode(bytes.NewReader(bare)); err == nil {
		t.Fatal("image/jpeg decoded the JPEG without tables: the test proves nothing")
	}
	f := newFakeCam(4096)
	s := openFake(t, f, Config{})
	defer s.Close()
	f.push(t, bare, time.Time{}, false)
	fr, err := s.Next(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got, err := stdjpeg.Decode(bytes.NewReader(fr.Data))
	if err != nil || got.Bounds() != img.Bounds() {
		t.Fatalf("the frame does not decode: %v", err)
	}
	if f.releases != 1 {
		t.Errorf("%d buffers given back, want 1: the completed frame is a copy", f.releases)
	}
	f.push(t, full, time.Time{}, false) // with tables: sent as the camera made it
	if fr, err = s.Next(context.Background()); err != nil || !bytes.Equal(fr.Data, full) || f.releases != 1 {
		t.Fatalf("a JPEG with tables: %d bytes, %v, %d released; want it untouched and held", len(fr.Data), err, f.releases)
	}
}

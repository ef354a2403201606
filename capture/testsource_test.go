package capture

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/vidstream/vidstream/wire/pixel"

	"github.com/vidstream/vidstream/capture/testpattern"
	"github.com/vidstream/vidstream/wire"
)

func TestNewTestSourceValidates(t *testing.T) {
	tests := []struct {
		name string
		w, h int
		f    pixel.Format
		fps  float64
		msg  string
	}{
		{"too narrow", 15, 240, pixel.FormatJPEG, 30, "size 15x240 out of range"},
		{"too tall", 320, 8193, pixel.FormatI420, 30, "out of range"},
		{"negative", -320, 240, pixel.FormatI420, 30, "out of range"},
		{"unknown format", 320, 240, pixel.FormatUnknown, 30, "not a known format"},
		{"bogus format", 320, 240, pixel.Format(7), 30, "not a known format"},
		{"NaN fps", 320, 240, pixel.FormatJPEG, math.NaN(), "fps"},
		{"fps too high", 320, 240, pixel.FormatJPEG, 1001, "fps"},
		{"infinite fps", 320, 240, pixel.FormatJPEG, math.Inf(1), "fps"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := NewTestSource(tc.w, tc.h, tc.f, tc.fps)
			if err == nil {
				t.Fatalf("NewTestSource succeeded: %+v", s.Hello())
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %q does not mention %q", err, tc.msg)
			}
		})
	}
	for _, sz := range [][2]int{{16, 16}, {8192, 16}, {16, 8192}} {
		if _, err := NewTestSource(sz[0], sz[1], pixel.FormatGray, 0); err != nil {
			t.Errorf("%dx%d: %v", sz[0], sz[1], err)
		}
	}
}

func TestTestSourceFrames(t *testing.T) {
	s, err := NewTestSource(100, 100, pixel.FormatI420, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	h := s.Hello()
	want := wire.Hello{Version: wire.Version, Layout: pixel.PicameraLayout(pixel.FormatI420, 100, 100), Name: DefaultTestName, Clock: wire.ClockDrawn}
	if h != want {
		t.Errorf("Hello() = %+v, want %+v", h, want)
	}
	if err := h.Validate(); err != nil {
		t.Errorf("hello invalid: %v", err)
	}
	ref := testpattern.New(100, 100)
	enc, _ := newEncoder(pixel.FormatI420, 100, 100, 0)
	var prev time.Time
	for i := range 4 {
		f, err := s.Next(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if f.Seq != uint64(i) || len(f.Data) != 21504 {
			t.Fatalf("frame %d: seq %d, %d bytes", i, f.Seq, len(f.Data))
		}
		if f.Time.Before(prev) {
			t.Errorf("frame %d time %v before frame %d's %v", i, f.Time, i-1, prev)
		}
		prev = f.Time
		// The payload is the pattern's frame i stamped with f.Time.
		wantData, _ := enc.Encode(ref.Draw(nil, uint64(i), f.Time))
		if string(f.Data) != string(wantData) {
			t.Errorf("frame %d payload differs from pattern frame %d", i, i)
		}
	}
}

func TestTestSourcePacing(t *testing.T) {
	const fps = 100
	period := time.Second / fps
	s, err := NewTestSource(32, 32, pixel.FormatGray, fps)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Hello().FPS != fps {
		t.Errorf("hello fps %v", s.Hello().FPS)
	}
	var times []time.Time
	for range 5 {
		f, err := s.Next(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		times = append(times, f.Time)
	}
	// The schedule starts at frame 0's time; frame k cannot come before its slot.
	for k, tk := range times {
		if d := tk.Sub(times[0]); d < time.Duration(k)*period {
			t.Errorf("frame %d came %v after frame 0, before its slot at %v", k, d, time.Duration(k)*period)
		}
	}
}

func TestNextDeadline(t *testing.T) {
	base := time.Unix(1000, 0)
	ms := time.Millisecond
	tests := []struct {
		name string
		now  time.Duration // after base
		want time.Duration
	}{
		{"on time", 0, 10 * ms},
		{"a little late", 3 * ms, 10 * ms},
		{"exactly one slot late", 10 * ms, 20 * ms},
		{"three slots late", 35 * ms, 40 * ms},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := nextDeadline(base, base.Add(tc.now), 10*ms)
			if got.Sub(base) != tc.want {
				t.Errorf("next = base+%v, want base+%v", got.Sub(base), tc.want)
			}
		})
	}
}

func TestTestSourceCancel(t *testing.T) {
	s, err := NewTestSource(32, 32, pixel.FormatRGB24, 0.5) // a 2 s period
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Next(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		_, err := s.Next(ctx)
		done <- err
	}()
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Next after cancel: %v, want context.Canceled", err)
	}
	// A cancelled context fails at once, without using up a sequence number.
	if _, err := s.Next(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Next with a cancelled ctx: %v", err)
	}
}

func TestTestSourceClose(t *testing.T) {
	s, err := NewTestSource(32, 32, pixel.FormatJPEG, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Next(context.Background()); err != nil {
		t.Fatal(err)
	}
	done := make(chan error)
	go func() {
		_, err := s.Next(context.Background())
		done <- err
	}()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; !errors.Is(err, ErrClosed) {
		t.Errorf("waiting Next after Close: %v, want ErrClosed", err)
	}
	if _, err := s.Next(context.Background()); !errors.Is(err, ErrClosed) {
		t.Errorf("Next after Close: %v, want ErrClosed", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func TestTestSourceSetters(t *testing.T) {
	s, err := NewTestSource(160, 120, pixel.FormatJPEG, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetName("pi-kitchen"); err != nil || s.Hello().Name != "pi-kitchen" {
		t.Errorf("SetName: %v, name %q", err, s.Hello().Name)
	}
	if err := s.SetName(strings.Repeat("x", 256)); err == nil {
		t.Error("SetName accepted 256 bytes")
	}
	if s.Hello().Name != "pi-kitchen" {
		t.Errorf("a refused name changed the hello: %q", s.Hello().Name)
	}
	for _, q := range []int{-1, 101} {
		if err := s.SetQuality(q); err == nil {
			t.Errorf("SetQuality(%d) succeeded", q)
		}
	}
	for _, n := range []int{-1, 256} {
		if err := s.SetNoise(n); err == nil {
			t.Errorf("SetNoise(%d) succeeded", n)
		}
	}
	size := func() int {
		f, err := s.Next(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return len(f.Data)
	}
	if err := s.SetQuality(30); err != nil {
		t.Fatal(err)
	}
	plain := size()
	if err := s.SetNoise(40); err != nil {
		t.Fatal(err)
	}
	noisy := size()
	if noisy <= plain {
		t.Errorf("noise 40 gives %d bytes, no noise %d: want more", noisy, plain)
	}
	if err := s.SetQuality(95); err != nil {
		t.Fatal(err)
	}
	if fine := size(); fine <= noisy {
		t.Errorf("quality 95 gives %d bytes, quality 30 %d: want more", fine, noisy)
	}
}

package probe

import (
	"context"
	"errors"
	"image"
	"image/color"
	"sync"
	"testing"
	"time"

	"github.com/vidstream/vidstream/capture/testpattern"
)

// fakeScreen shows the test pattern with its timecode as a viewer lagging
// lag behind a camera at one frame every period would: at time t, the
// frame captured at the last multiple of period before t-lag. Before start
// it shows nothing (black).
type fakeScreen struct {
	w, h        int
	period, lag time.Duration
	start       time.Time

	mu    sync.Mutex
	pat   *testpattern.Pattern
	at    time.Time // capture time of the frame in luma
	luma  []uint8
	grabs int
}

func newFakeScreen(period, lag time.Duration, start time.Time) *fakeScreen {
	s := &fakeScreen{w: 360, h: 60, period: period, lag: lag, start: start, pat: testpattern.New(360, 60)}
	s.pat.Timecode = true
	return s
}

func (s *fakeScreen) Size() (int, int) { return s.w, s.h }

func (s *fakeScreen) Grab(r image.Rectangle, buf []uint8) ([]uint8, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.grabs++
	now := time.Now()
	n := r.Dx() * r.Dy()
	buf = append(buf[:0], make([]uint8, n)...)
	if now.Before(s.start) {
		return buf, nil
	}
	shown := now.Add(-s.lag).Truncate(s.period)
	if !shown.Equal(s.at) {
		img := s.pat.Draw(nil, 0, shown)
		s.luma = s.luma[:0]
		for y := range s.h {
			for x := range s.w {
				s.luma = append(s.luma, color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y)
			}
		}
		s.at = shown
	}
	i := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		i += copy(buf[i:], s.luma[y*s.w+r.Min.X:y*s.w+r.Max.X])
	}
	return buf, nil
}

// The probe finds the strip once the picture shows, sees every frame, and
// reads the viewer's lag to within a grab gap.
func TestProbeMeasuresTheLag(t *testing.T) {
	lag, period := 40*time.Millisecond, 20*time.Millisecond
	s := newFakeScreen(period, lag, time.Now().Add(150*time.Millisecond))
	res, err := Run(context.Background(), s, Config{Duration: time.Second, Interval: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if res.Frames < 40 || res.Unread != 0 {
		t.Errorf("%d frames seen, %d grabs unread: want all ~50 frames and no unread grab", res.Frames, res.Unread)
	}
	// The lag is from a frame's capture to its first showing; a frame
	// shows for period, so a grab at a random moment would read lag to
	// lag+period.
	if d := res.P50Ms - ms(lag); d < -res.GapP99Ms || d > res.GapP99Ms+1 {
		t.Errorf("p50 %.2f ms, want %.0f ms within a grab gap (p99 %.2f ms)", res.P50Ms, ms(lag), res.GapP99Ms)
	}
	if res.Row < s.h-8 || res.Row >= s.h {
		t.Errorf("read row %d, want one of the strip's (bottom 8 of %d)", res.Row, s.h)
	}
}

// A screen with no strip is an error that says what to show.
func TestProbeWithoutStrip(t *testing.T) {
	s := newFakeScreen(time.Second, 0, time.Now().Add(time.Hour))
	_, err := Run(context.Background(), s, Config{Find: 250 * time.Millisecond})
	if !errors.Is(err, ErrNoStrip) {
		t.Errorf("err %v, want ErrNoStrip", err)
	}
}

func TestQuantile(t *testing.T) {
	xs := []float64{5, 1, 4, 2, 3}
	for q, want := range map[float64]float64{0: 1, 0.5: 3, 0.99: 5, 1: 5} {
		if got := quantile(xs, q); got != want {
			t.Errorf("quantile %v = %v, want %v", q, got, want)
		}
	}
	if quantile(nil, 0.5) != 0 {
		t.Error("quantile of nothing")
	}
}

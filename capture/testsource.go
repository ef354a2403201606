package capture

import (
	"context"
	"fmt"
	"image"
	"math"
	"sync"
	"time"

	"github.com/vidstream/vidstream/wire/pixel"

	"github.com/vidstream/vidstream/capture/testpattern"
	"github.com/vidstream/vidstream/wire"
)

// Limits of a TestSource.
const (
	// MinTestSize is the smallest width or height of a TestSource.
	MinTestSize = 16
	// MaxTestSize is the largest width or height of a TestSource.
	MaxTestSize = 8192
	// MaxTestFPS is the highest frame rate a TestSource is paced at.
	MaxTestFPS = 1000
)

// DefaultTestName is the sender name a TestSource announces unless SetName
// is called.
const DefaultTestName = "vidstream test pattern"

// TestSource is a Source drawing the testpattern card (moving bars, frame
// counter, capture clock) and encoding it. Frames are paced like a
// time.Ticker at the nominal frame rate: frame k is never produced before
// start + k/fps, and time slots the consumer was too slow to take are
// skipped rather than burst out (Seq stays consecutive). Create it with
// NewTestSource; configure it with the Set methods before the first Next.
type TestSource struct {
	pattern *testpattern.Pattern
	enc     *encoder
	img     *image.RGBA
	hello   wire.Hello

	period  time.Duration // 0: as fast as possible
	started bool
	next    time.Time // deadline of the next frame
	timer   *time.Timer
	seq     uint64

	qualityState // AdjustQuality's, for the frames to come

	closeOnce sync.Once
	closed    chan struct{}
}

// NewTestSource returns a TestSource of w x h frames (each MinTestSize..
// MaxTestSize) in format f (any known pixel.Format), paced at fps frames per
// second (fps <= 0: as fast as possible; at most MaxTestFPS).
func NewTestSource(w, h int, f pixel.Format, fps float64) (*TestSource, error) {
	if w < MinTestSize || w > MaxTestSize || h < MinTestSize || h > MaxTestSize {
		return nil, fmt.Errorf("capture: test source size %dx%d out of range %d..%d",
			w, h, MinTestSize, MaxTestSize)
	}
	if !f.Known() {
		return nil, fmt.Errorf("capture: test source format %v is not a known format", f)
	}
	if math.IsNaN(fps) || fps > MaxTestFPS {
		return nil, fmt.Errorf("capture: test source fps %v out of range (<= 0 for unpaced, at most %d)", fps, MaxTestFPS)
	}
	fps = max(fps, 0)
	enc, err := newEncoder(f, w, h, 0)
	if err != nil {
		return nil, fmt.Errorf("capture: test source: %w", err)
	}
	s := &TestSource{
		pattern: testpattern.New(w, h),
		enc:     enc,
		hello:   wire.Hello{Version: wire.Version, Layout: enc.Layout(), FPS: fps, Name: DefaultTestName, Clock: wire.ClockDrawn},
		closed:  make(chan struct{}),
	}
	s.quality.Store(int32(enc.Quality()))
	if fps > 0 {
		s.period = time.Duration(float64(time.Second) / fps)
	}
	return s, nil
}

// SetName sets the sender name announced in Hello (at most 255 bytes).
func (s *TestSource) SetName(name string) error {
	h := s.hello
	h.Name = name
	if err := h.Validate(); err != nil {
		return fmt.Errorf("capture: test source name: %w", err)
	}
	s.hello = h
	return nil
}

// SetQuality sets the JPEG quality, 1..100 (0 means DefaultQuality); it is
// checked but has no effect for raw formats.
func (s *TestSource) SetQuality(q int) error {
	l := s.enc.Layout()
	enc, err := newEncoder(l.Format, l.Width, l.Height, q)
	if err != nil {
		return fmt.Errorf("capture: test source quality: %w", err)
	}
	s.enc = enc
	s.quality.Store(int32(enc.Quality()))
	return nil
}

// SetTimecode makes the pattern draw each frame's capture time as a
// machine-readable strip (testpattern.Pattern.Timecode), for a latency
// probe to read off a screen.
func (s *TestSource) SetTimecode(on bool) { s.pattern.Timecode = on }

// SetNoise sets the amplitude of the pattern's noise, 0..testpattern.MaxNoise
// (0, the default, is none). Noise gives JPEG frames camera-like sizes.
func (s *TestSource) SetNoise(amplitude int) error {
	if amplitude < 0 || amplitude > testpattern.MaxNoise {
		return fmt.Errorf("capture: test source noise %d out of range 0..%d", amplitude, testpattern.MaxNoise)
	}
	s.pattern.Noise = amplitude
	return nil
}

// Hello describes the stream: the encoder's layout, the nominal frame rate
// (0 when unpaced) and the name.
func (s *TestSource) Hello() wire.Hello { return s.hello }

// Next waits for the frame's slot in the schedule, draws frame Seq stamped
// with the current time, and returns it encoded. Data is owned by s until
// the next call to Next. It returns ctx.Err() when ctx is cancelled and
// ErrClosed after Close, also while waiting.
func (s *TestSource) Next(ctx context.Context) (Frame, error) {
	if err := ctx.Err(); err != nil {
		return Frame{}, err
	}
	select {
	case <-s.closed:
		return Frame{}, ErrClosed
	default:
	}
	now, err := s.wait(ctx)
	if err != nil {
		return Frame{}, err
	}
	if err := s.applyQuality(); err != nil {
		return Frame{}, err
	}
	s.img = s.pattern.Draw(s.img, s.seq, now)
	data, err := s.enc.Encode(s.img)
	if err != nil {
		return Frame{}, fmt.Errorf("capture: test frame %d: %w", s.seq, err)
	}
	f := Frame{Data: data, Seq: s.seq, Time: now}
	s.seq++
	return f, nil
}

// wait sleeps until the next frame's deadline, schedules the one after, and
// returns the capture time: the current time, and for the first paced frame
// exactly the schedule's start, so that frame k is never stamped before
// Time(frame 0) + k*period.
func (s *TestSource) wait(ctx context.Context) (time.Time, error) {
	if s.period <= 0 {
		return time.Now(), nil
	}
	if !s.started {
		s.started = true
		now := time.Now() // the schedule's start
		s.next = nextDeadline(now, now, s.period)
		return now, nil
	}
	if d := time.Until(s.next); d > 0 {
		if s.timer == nil {
			s.timer = time.NewTimer(d)
		} else {
			s.timer.Reset(d)
		}
		select {
		case <-s.timer.C:
		case <-ctx.Done():
			s.timer.Stop()
			return time.Time{}, ctx.Err()
		case <-s.closed:
			s.timer.Stop()
			return time.Time{}, ErrClosed
		}
	}
	now := time.Now()
	s.next = nextDeadline(s.next, now, s.period)
	return now, nil
}

// nextDeadline returns the slot after deadline, the one just served at now
// (>= deadline), skipping, like a time.Ticker, every slot that has already
// passed: the result is deadline + k*period for the smallest k >= 1 that is
// after now.
func nextDeadline(deadline, now time.Time, period time.Duration) time.Time {
	next := deadline.Add(period)
	if late := now.Sub(next); late >= 0 {
		next = next.Add((late/period + 1) * period)
	}
	return next
}

// Close ends the source; a Next waiting for its slot returns ErrClosed.
// It is safe to call from any goroutine and more than once.
func (s *TestSource) Close() error {
	s.closeOnce.Do(func() { close(s.closed) })
	return nil
}

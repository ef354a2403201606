package capture

import (
	"fmt"
	"sync/atomic"
)

// DefaultMinQuality is the lowest JPEG quality Stream lowers a source to
// when the link cannot carry the camera's frames: below it pictures show
// blocks, and a link that slow is better served by fewer frames.
const DefaultMinQuality = 40

// QualityKnob is an encoder's JPEG quality that Stream may lower while the
// link cannot carry every frame the camera makes, and raise again once it
// can (the test source; a V4L2 camera with a JPEG quality control). Stream
// calls both methods from its status goroutine while the source's Next
// runs, so they must be safe for that.
type QualityKnob interface {
	// Quality returns the quality in use, 1..100.
	Quality() int
	// AdjustQuality sets the quality of the frames to come, 1..100.
	AdjustQuality(q int) error
}

// Steps of the quality loop: down fast while frames are dropped, up slowly,
// and only after cleanIntervals intervals without a drop while the link
// carries less than raiseBelow of what it carried when it last dropped.
const (
	qualityDown     = 10
	qualityUp       = 5
	cleanIntervals  = 3
	raiseBelow      = 0.75
	dropShareToStep = 0.1 // more than this share of frames dropped is a link too slow
)

// qualityLoop decides the quality of a QualityKnob from what each status
// interval sent and dropped. It belongs to the status goroutine.
type qualityLoop struct {
	min, max int     // the floor, and the quality asked for (the ceiling)
	ceiling  float64 // bytes per second the link carried when it last dropped frames; 0 never
	clean    int     // intervals in a row without a drop
}

// step returns the quality for the next interval given the current one q
// and what the last interval did: frames sent and dropped and bytes per
// second sent, over a whole interval connected (false: nothing is
// learned). why says, for a change, what caused it.
func (l *qualityLoop) step(q int, sent, dropped int64, bytesPerSec float64, connected bool) (next int, why string) {
	if !connected || sent+dropped < 3 {
		l.clean = 0
		return q, ""
	}
	if float64(dropped) > dropShareToStep*float64(sent+dropped) {
		l.clean = 0
		l.ceiling = bytesPerSec
		next = max(l.min, q-qualityDown)
		if next == q {
			return q, ""
		}
		return next, fmt.Sprintf("the link carried %d of the camera's %d frames", sent, sent+dropped)
	}
	if dropped > 0 {
		l.clean = 0
		return q, ""
	}
	l.clean++
	if l.clean < cleanIntervals || q >= l.max || (l.ceiling > 0 && bytesPerSec >= raiseBelow*l.ceiling) {
		return q, ""
	}
	l.clean = 0
	return min(l.max, q+qualityUp), "the link carries every frame with room to spare"
}

// adaptQuality runs the quality loop after a status interval (see
// qualityLoop.step) and sets and logs a new quality.
func (s *streamer) adaptQuality(sent, dropped int64, bytesPerSec float64, connected bool) {
	if s.cfg.Quality == nil {
		return
	}
	q := s.cfg.Quality.Quality()
	next, why := s.quality.step(q, sent, dropped, bytesPerSec, connected)
	if next == q {
		return
	}
	if err := s.cfg.Quality.AdjustQuality(next); err != nil {
		s.log(fmt.Sprintf("could not change the JPEG quality to %d: %v", next, err))
		return
	}
	verb := "lowering"
	if next > q {
		verb = "raising"
	}
	s.log(fmt.Sprintf("%s the JPEG quality from %d to %d: %s", verb, q, next, why))
}

// Quality returns the JPEG quality of the frames to come.
func (s *TestSource) Quality() int { return int(s.quality.Load()) }

// AdjustQuality sets the JPEG quality, 1..100, of the frames to come; unlike
// SetQuality it may be called while Next runs (Stream's QualityKnob).
func (s *TestSource) AdjustQuality(q int) error {
	if q < 1 || q > 100 {
		return fmt.Errorf("capture: test source quality %d out of range 1..100", q)
	}
	s.quality.Store(int32(q))
	return nil
}

// applyQuality makes the encoder use the quality AdjustQuality last set;
// Next calls it before encoding.
func (s *TestSource) applyQuality() error {
	if q := int(s.quality.Load()); q != s.enc.Quality() {
		return s.SetQuality(q)
	}
	return nil
}

var _ QualityKnob = (*TestSource)(nil)

// qualityState is the part of a TestSource AdjustQuality shares with Next.
type qualityState struct{ quality atomic.Int32 }

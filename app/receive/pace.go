package receive

import (
	"context"
	"sync"
	"time"
)

// Playback at a recording's pace (Mode Paced): each frame is read, and
// counted as received, at the moment it came in the recording (its capture
// time, relative to the first frame's), measured from when playback began,
// with time spent paused left out. Frames without capture times (seed and
// MJPEG recordings) come at defaultPace. A jump between two frames' times of
// more than maxGap, or backwards, is a cut in the recording: the next frame
// comes one defaultPace later.

const (
	defaultPace = time.Second / 30
	maxGap      = 5 * time.Second
)

// pacer holds a paced session's frames back until their time. Its methods
// are safe from any goroutine.
type pacer struct {
	mu       sync.Mutex
	started  bool
	prev     int64     // the last frame's recorded time, ns
	due      time.Time // when the last frame was due
	paused   bool
	pausedAt time.Time
	resumed  chan struct{} // closed when a pause ends
	now      func() time.Time
}

func newPacer() *pacer { return &pacer{now: time.Now} }

// wait returns when the frame recorded at ts (ns; 0 when unknown) is due,
// or when ctx is done (with its error).
func (p *pacer) wait(ctx context.Context, ts int64) error {
	for {
		p.mu.Lock()
		if p.paused {
			ch := p.resumed
			p.mu.Unlock()
			select {
			case <-ch:
				continue
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		due := p.nextDue(ts)
		p.mu.Unlock()
		d := time.Until(due)
		if d <= 0 {
			p.commit(ts, due)
			return nil
		}
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		p.mu.Lock()
		paused := p.paused
		p.mu.Unlock()
		if !paused { // paused while waiting: wait again once resumed
			p.commit(ts, due)
			return nil
		}
	}
}

// nextDue is when the frame recorded at ts is due (under mu).
func (p *pacer) nextDue(ts int64) time.Time {
	if !p.started {
		return p.now()
	}
	step := defaultPace
	if ts != 0 && p.prev != 0 {
		if d := time.Duration(ts - p.prev); d >= 0 && d <= maxGap {
			step = d
		}
	}
	return p.due.Add(step)
}

func (p *pacer) commit(ts int64, due time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.started, p.prev, p.due = true, ts, due
}

// setPaused pauses or resumes; the time paused is left out of the pace.
func (p *pacer) setPaused(on bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case on && !p.paused:
		p.paused, p.resumed = true, make(chan struct{})
		p.pausedAt = p.now()
	case !on && p.paused:
		p.paused = false
		if p.started {
			p.due = p.due.Add(p.now().Sub(p.pausedAt))
		}
		close(p.resumed)
	}
}

func (p *pacer) isPaused() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.paused
}

// SetPaused pauses a paced session (a recording played at its pace), or
// resumes it; other sessions ignore it. Safe from any goroutine.
func (s *Session) SetPaused(on bool) {
	if s.pacer != nil {
		s.pacer.setPaused(on)
	}
}

// Paused reports whether a paced session is paused.
func (s *Session) Paused() bool { return s.pacer != nil && s.pacer.isPaused() }

// Paced reports whether the session plays a recording at its pace.
func (s *Session) Paced() bool { return s.mode == Paced }

package receive

import (
	"context"
	"testing"
	"time"
)

// fakeClock is a pacer clock the test moves; waits that are due at once
// return without sleeping.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

// TestPacerDueTimes: frames are due at their recorded spacing; frames
// without times at defaultPace; a cut (a jump over maxGap, or backwards)
// costs one defaultPace; time paused is left out.
func TestPacerDueTimes(t *testing.T) {
	clk := &fakeClock{t: time.Unix(1000, 0)}
	p := &pacer{now: clk.now}
	start := clk.t
	steps := []struct {
		ts   int64
		want time.Duration // due, from start
	}{
		{5e9, 0},                            // the first frame: at once
		{5e9 + 40e6, 40 * time.Millisecond}, // 40 ms later in the recording
		{5e9 + 80e6, 80 * time.Millisecond},
		{0, 80*time.Millisecond + defaultPace},             // no time: the default pace
		{5e9 + 120e6, 80*time.Millisecond + 2*defaultPace}, // after an unknown time, the default again
		{60e9, 80*time.Millisecond + 3*defaultPace},        // a jump of a minute: a cut
		{59e9, 80*time.Millisecond + 4*defaultPace},        // backwards: a cut
	}
	for i, s := range steps {
		p.mu.Lock()
		due := p.nextDue(s.ts)
		p.mu.Unlock()
		if got := due.Sub(start); got != s.want {
			t.Errorf("frame %d (ts %d): due at %v, want %v", i, s.ts, got, s.want)
		}
		p.commit(s.ts, due)
	}
	// Paused for 3 s: the next frame's due time moves by as much.
	before := p.due
	p.setPaused(true)
	clk.t = clk.t.Add(3 * time.Second)
	p.setPaused(false)
	if got := p.due.Sub(before); got != 3*time.Second {
		t.Errorf("a 3 s pause moved the pace by %v", got)
	}
}

// TestPacerWaitsAndPauses: wait holds a frame until its time, a pause
// holds it until resumed, and a cancelled context ends the wait.
func TestPacerWaitsAndPauses(t *testing.T) {
	p := newPacer()
	ctx := context.Background()
	if err := p.wait(ctx, 1e9); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := p.wait(ctx, 1e9+30e6); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 25*time.Millisecond {
		t.Errorf("a frame 30 ms later in the recording came after %v", d)
	}
	p.setPaused(true)
	done := make(chan error, 1)
	go func() { done <- p.wait(ctx, 1e9+31e6) }()
	select {
	case <-done:
		t.Fatal("a paused pacer let a frame through")
	case <-time.After(100 * time.Millisecond):
	}
	p.setPaused(false)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	p.setPaused(true)
	cctx, cancel := context.WithCancel(ctx)
	go func() { done <- p.wait(cctx, 1e9+32e6) }()
	cancel()
	if err := <-done; err == nil {
		t.Error("a cancelled wait returned no error")
	}
}

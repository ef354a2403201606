package capture

import "testing"

func TestPacerCapsAfterLossAndProbesSlowly(t *testing.T) {
	var p pacer
	type tick struct {
		rate    uint64
		retrans uint32
		cap     uint64
	}
	for i, k := range []tick{
		{600_000, 0, 0},       // first look: nothing learned
		{600_000, 0, 0},       // no loss, no cap
		{600_000, 5, 570_000}, // lost: 95% of what was delivered
		{560_000, 5, 570_000}, // clean 1
		{560_000, 5, 570_000}, // clean 2: at the limit (95% of the loss's rate)
		{560_000, 9, 541_500}, // lost again: 95% of the cap, under 95% of the largest recent rate (600,000)
		{540_000, 9, 541_500}, // clean 1
	} {
		got, _ := p.step(k.rate, k.retrans, true)
		if got != k.cap {
			t.Fatalf("tick %d: cap %d, want %d", i, got, k.cap)
		}
	}
	// Clean for a while: raised 5% every 2 intervals, never past 95% of
	// the rate at the last loss (570,000) until 30 clean intervals, then 5%
	// more.
	p.step(540_000, 9, true) // clean 2
	if p.cap != 568_575 {
		t.Fatalf("after 2 clean intervals: cap %d, want 568575 (5%% more)", p.cap)
	}
	for range 27 {
		p.step(540_000, 9, true)
	}
	if p.cap != 570_000 {
		t.Fatalf("after 29 clean intervals: cap %d, want 570000 (95%% of the last loss)", p.cap)
	}
	p.step(540_000, 9, true) // the 30th: probe
	if p.cap != 598_500 {
		t.Errorf("after 30 clean intervals: cap %d, want 598500 (5%% more)", p.cap)
	}
}

func TestPacerWithoutLossNeverCaps(t *testing.T) {
	var p pacer
	for range 100 {
		if c, changed := p.step(2_000_000, 0, true); c != 0 || changed {
			t.Fatalf("capped at %d without a loss", c)
		}
	}
}

func TestPacerLeavesAStreamUnderTheLinkAlone(t *testing.T) {
	var p pacer
	p.step(500_000, 0, false)
	for i := uint32(1); i < 20; i++ { // losses, but no frame dropped for the link
		if c, _ := p.step(500_000, i, false); c != 0 {
			t.Fatalf("capped at %d a stream the link was not limiting", c)
		}
	}
}

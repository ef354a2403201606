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
		{560_000, 9, 532_000}, // lost again: 95% of what was delivered, under 95% of the cap
		{540_000, 9, 532_000}, // clean: the limit is 95% of 560,000
	} {
		got, _ := p.step(k.rate, k.retrans)
		if got != k.cap {
			t.Fatalf("tick %d: cap %d, want %d", i, got, k.cap)
		}
	}
	// Clean for a while: never past 95% of the last loss's rate (532,000)
	// until 30 clean intervals, then 5% more.
	for range 28 {
		p.step(540_000, 9)
	}
	if p.cap != 532_000 {
		t.Fatalf("after 29 clean intervals: cap %d, want 532000 (95%% of the last loss)", p.cap)
	}
	p.step(540_000, 9) // the 30th: probe
	if p.cap != 558_600 {
		t.Errorf("after 30 clean intervals: cap %d, want 558600 (5%% more)", p.cap)
	}
}

func TestPacerWithoutLossNeverCaps(t *testing.T) {
	var p pacer
	for range 100 {
		if c, changed := p.step(2_000_000, 0); c != 0 || changed {
			t.Fatalf("capped at %d without a loss", c)
		}
	}
}

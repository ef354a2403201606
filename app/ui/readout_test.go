package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/vidstream/vidstream/app/stats"
	"github.com/vidstream/vidstream/wire"
)

func TestLinkText(t *testing.T) {
	t0 := time.Date(2026, 11, 25, 1, 0, 0, 0, time.UTC)
	m := stats.NewMeter(0, t0)
	// 30 frames a second of 76,667 bytes (18.4 Mbit/s); seq 12 to 43 skips
	// 13 and 14: the camera dropped 2.
	seq := uint64(10)
	for k := 0; k < 30; k++ {
		seq++
		if k == 2 {
			seq += 2
		}
		m.ReceivedFrame(76_667, seq, 0, t0.Add(time.Duration(k)*time.Second/30))
	}
	got := linkText(m.Snapshot(t0.Add(time.Second + 50*time.Millisecond)))
	if want := "link 18.4 Mbit/s · camera dropped 2"; got != want {
		t.Errorf("linkText = %q, want %q", got, want)
	}
	if got := linkText(stats.Snapshot{}); got != "link 0.0 Mbit/s · camera dropped 0" {
		t.Errorf("empty: %q", got)
	}
}

func TestStagesText(t *testing.T) {
	ms := func(n float64) time.Duration { return time.Duration(n * float64(time.Millisecond)) }
	var measured stats.Snapshot
	measured.Displayed = true
	measured.Clock = stats.ClockEstimate{OK: true, RTT: ms(0.6), Samples: 5, Probes: 5}
	for s, d := range map[stats.Stage]time.Duration{
		stats.StageCapture: ms(5), stats.StageNetwork: ms(3.2), stats.StageDecode: ms(4), stats.StageDisplay: ms(12), stats.StageTotal: ms(25),
	} {
		measured.Stages[s] = stats.StageLatency{Frames: 100, P50: d, P99: 2 * d}
	}
	headless := measured
	headless.Displayed = false
	var seed stats.Snapshot
	seed.Stages[stats.StageDecode] = stats.StageLatency{Frames: 3, P50: ms(1)}
	drawn := &wire.Hello{Clock: wire.ClockArrival}
	tests := []struct {
		name  string
		snap  stats.Snapshot
		proto wire.Protocol
		hello *wire.Hello
		want  string
	}{
		{"measured", measured, wire.ProtoV2, drawn,
			"camera to screen 25.0 ms (p99 50.0 ms) · clock ±0.3 ms · from arrival at the sender\ncapture 5.0 ms · network 3.2 ms · decode 4.0 ms · display 12.0 ms (p50)"},
		{"no display stage without a screen", headless, wire.ProtoV2, nil,
			"camera to screen 25.0 ms (p99 50.0 ms) · clock ±0.3 ms\ncapture 5.0 ms · network 3.2 ms · decode 4.0 ms (p50)"},
		{"seed", seed, wire.ProtoSeed, nil,
			"camera to screen not known: the seed stream carries no capture times\ndecode 1.0 ms (p50)"},
		{"v2, clock not measured yet", stats.Snapshot{Clock: stats.ClockEstimate{Probes: 2}}, wire.ProtoV2, nil,
			"camera to screen: measuring the camera's clock…\nno frame measured yet"},
		{"v2, probes unanswered", stats.Snapshot{Clock: stats.ClockEstimate{Probes: stats.ClockGiveUp}}, wire.ProtoV2, nil,
			"camera to screen not known: the camera does not answer clock probes (update picam)\nno frame measured yet"},
	}
	for _, tc := range tests {
		if got := stagesText(tc.snap, tc.proto, tc.hello); got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
	}
}

func TestEllipsize(t *testing.T) {
	long := strings.Repeat("é", 100)
	if got := ellipsize(long, 80); len([]rune(got)) != 80 || !strings.HasSuffix(got, "…") {
		t.Errorf("ellipsize: %d runes %q", len([]rune(got)), got)
	}
	if got := ellipsize("short", 80); got != "short" {
		t.Errorf("short text changed: %q", got)
	}
}

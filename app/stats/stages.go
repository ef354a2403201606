package stats

import "time"

// Stage is one leg of a frame's way from the camera to the screen.
type Stage int

// The stages, in the order a frame goes through them.
const (
	// StageCapture is capture to sent, on the sender: its encoder and its
	// queue (v2 Sent message minus capture time, both on the sender's
	// clock).
	StageCapture Stage = iota
	// StageNetwork is sent to last byte received, through the clock offset.
	StageNetwork
	// StageDecode is last byte received to RGBA ready.
	StageDecode
	// StageDisplay is RGBA ready to painted on the screen (a window only).
	StageDisplay
	// StageTotal is capture to painted (in a window) or to RGBA ready
	// (headless), through the clock offset: what a person feels.
	StageTotal
	numStages
)

// String names the stage as readouts and files do.
func (s Stage) String() string {
	return [...]string{"capture", "network", "decode", "display", "total"}[s]
}

// StageLatency is the latency of one stage over a session or a record
// window: Frames measured, percentiles (within 5%) and the largest; Last
// is the newest frame's.
type StageLatency struct {
	Frames        int64
	P50, P99, Max time.Duration
	Last          time.Duration
}

// Stages are the latencies of every stage, indexed by Stage.
type Stages [numStages]StageLatency

// stageHists measures the stages over a session and over the current
// record window. A Meter holds one and calls it under its lock.
type stageHists struct {
	session, window [numStages]histogram
	last            [numStages]time.Duration
}

// add counts d for stage s; a negative d (clocks that disagree beyond the
// offset's error) is left out.
func (h *stageHists) add(s Stage, d time.Duration) {
	if d < 0 {
		return
	}
	h.session[s].add(d)
	h.window[s].add(d)
	h.last[s] = d
}

// fill returns the stages of hs, with last the newest values.
func fill(hs *[numStages]histogram, last *[numStages]time.Duration) Stages {
	var out Stages
	for i := range hs {
		h := &hs[i]
		out[i] = StageLatency{Frames: h.n, P50: h.quantile(0.50), P99: h.quantile(0.99), Max: h.max}
		if last != nil {
			out[i].Last = last[i]
		}
	}
	return out
}

// closeWindow returns the window's stages and starts the next window's.
func (h *stageHists) closeWindow() Stages {
	out := fill(&h.window, nil)
	for i := range h.window {
		h.window[i].reset()
	}
	return out
}

// snapshot returns the session's stages.
func (h *stageHists) snapshot() Stages { return fill(&h.session, &h.last) }

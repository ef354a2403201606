package headless

import "github.com/vidstream/vidstream/app/stats"

// Stats is what -stats writes, as JSON, at the end of a run: its counts and
// costs for scripts (vidbench and linktest read it). Durations are in
// milliseconds.
type Stats struct {
	Frames  int64 `json:"frames"`  // frames received
	Decoded int64 `json:"decoded"` // frames decoded
	Dropped int64 `json:"dropped"` // frames replaced by newer ones before being decoded or shown
	Errors  int64 `json:"errors"`  // frames that failed to decode
	Bytes   int64 `json:"bytes"`   // payload bytes received
	Records int   `json:"records"` // window records kept (at most 100,000)

	LatencyP50Ms float64 `json:"latency_p50_ms"` // viewer-added latency: last byte received to RGBA ready
	LatencyP99Ms float64 `json:"latency_p99_ms"`
	LatencyMaxMs float64 `json:"latency_max_ms"`

	// Capture-to-arrival latency: a frame's last byte received minus the
	// capture time its sender stamped on it. Omitted when no frame carried
	// one (seed streams) and for replays. Only meaningful when sender and
	// viewer share a clock (the same machine, or synchronised clocks).
	ArrivalP50Ms *float64 `json:"arrival_p50_ms,omitempty"`
	ArrivalP99Ms *float64 `json:"arrival_p99_ms,omitempty"`
	ArrivalMaxMs *float64 `json:"arrival_max_ms,omitempty"`
	// ArrivalAhead counts frames stamped after their arrival: left out of
	// the percentiles, a sign the two clocks disagree.
	ArrivalAhead int64 `json:"arrival_ahead,omitempty"`
	// ArrivalSynced: the arrival latencies went through the clock offset
	// (Clock), not one clock taken for both.
	ArrivalSynced bool `json:"arrival_synced,omitempty"`

	// Stages are the latencies by stage ("capture", "network", "decode",
	// "total": camera to RGBA ready), those measured only; live runs.
	Stages map[string]StageStats `json:"stages,omitempty"`
	// Clock is the estimate of the sender's clock, when it answered the
	// viewer's time probes.
	Clock *ClockStats `json:"clock,omitempty"`

	Mbps           float64 `json:"mbps"`            // payload Mbit/s over the stream, first arrival to last
	SenderDropped  int64   `json:"sender_dropped"`  // frames the sender dropped: gaps in its sequence numbers
	SenderRestarts int64   `json:"sender_restarts"` // times the sender's numbering went back or repeated
	// KeyframeInterval is the frames between an H.264 stream's last two keyframes.
	KeyframeInterval uint64 `json:"keyframe_interval,omitempty"`

	Seconds        float64 `json:"seconds"`          // the run's wall time (live: from listening to the end)
	FPS            float64 `json:"fps"`              // frames decoded per second of it
	CPUMsPerFrame  float64 `json:"cpu_ms_per_frame"` // process CPU (user+sys) per frame decoded
	AllocsPerFrame float64 `json:"allocs_per_frame"` // heap allocations per frame decoded
	PeakRSSMiB     float64 `json:"peak_rss_mib"`     // the process's own peak resident set

	Protocol string `json:"protocol"`      // "seed", "v2", "mjpeg"; "unknown" when no frame came
	Decoder  string `json:"decoder"`       // what decoded the frames, e.g. "jpeg (libjpeg-turbo)"
	End      string `json:"end,omitempty"` // why the stream ended, when not at its end

	// Windows are the record windows closed, oldest first (the last,
	// unfinished one is not among them).
	Windows []Window `json:"windows"`
}

// Window is one record window in Stats: a script checks with them that
// latency does not grow from the first window to the last.
type Window struct {
	Seconds        float64 `json:"seconds"`          // how long the window lasted
	Frames         int     `json:"frames"`           // frames received in it
	FPS            float64 `json:"fps"`              // frames received per second
	MeanFrameBytes float64 `json:"mean_frame_bytes"` // mean payload bytes of its frames
	Mbps           float64 `json:"mbps"`             // payload Mbit/s
	// Capture-to-arrival latency of the window's frames, omitted as in Stats.
	ArrivalP50Ms  *float64 `json:"arrival_p50_ms,omitempty"`
	ArrivalP99Ms  *float64 `json:"arrival_p99_ms,omitempty"`
	ArrivalMaxMs  *float64 `json:"arrival_max_ms,omitempty"`
	Dropped       int64    `json:"dropped"`        // frames the viewer dropped
	SenderDropped int64    `json:"sender_dropped"` // frames the sender dropped
	// Stages of the window's frames, as in Stats.
	Stages map[string]StageStats `json:"stages,omitempty"`
}

// StageStats is one stage's latency in Stats.
type StageStats struct {
	Frames int64   `json:"frames"`
	P50Ms  float64 `json:"p50_ms"`
	P99Ms  float64 `json:"p99_ms"`
	MaxMs  float64 `json:"max_ms"`
}

// ClockStats is the sender's clock as time probes measured it: its offset
// from the viewer's (sender minus viewer), off by at most half the round
// trip of the sample it comes from.
type ClockStats struct {
	OffsetMs float64 `json:"offset_ms"`
	RTTMs    float64 `json:"rtt_ms"`
	Samples  int64   `json:"samples"`
}

// stageStats is st's stages that measured frames, by name.
func stageStats(st stats.Stages) map[string]StageStats {
	var out map[string]StageStats
	for i, s := range st {
		if s.Frames == 0 {
			continue
		}
		if out == nil {
			out = make(map[string]StageStats)
		}
		out[stats.Stage(i).String()] = StageStats{Frames: s.Frames, P50Ms: ms(s.P50), P99Ms: ms(s.P99), MaxMs: ms(s.Max)}
	}
	return out
}

// Stats returns the statistics of the run.
func (r Result) Stats() Stats {
	st := Stats{
		Frames: r.Received, Decoded: r.Decoded, Dropped: r.Dropped, Errors: r.Errors, Bytes: r.Bytes,
		Records:      len(r.Records),
		LatencyP50Ms: ms(r.LatencyP50), LatencyP99Ms: ms(r.LatencyP99), LatencyMaxMs: ms(r.LatencyMax),
		Mbps: r.Mbps, SenderDropped: r.SenderDropped, SenderRestarts: r.SenderRestarts,
		KeyframeInterval: r.KeyframeInterval,
		Seconds:          r.Cost.Wall.Seconds(), FPS: r.Cost.FPS(), CPUMsPerFrame: r.Cost.per(r.Cost.CPU),
		AllocsPerFrame: r.Cost.AllocsPerFrame(), PeakRSSMiB: float64(r.Cost.PeakRSS) / (1 << 20),
		Protocol: r.Protocol, Decoder: r.Decoder,
		Windows: make([]Window, 0, len(r.Records)),
	}
	if r.Live && r.ArrivalFrames > 0 {
		st.ArrivalP50Ms, st.ArrivalP99Ms, st.ArrivalMaxMs = msp(r.ArrivalP50), msp(r.ArrivalP99), msp(r.ArrivalMax)
		st.ArrivalAhead, st.ArrivalSynced = r.ArrivalAhead, r.ArrivalSynced
	}
	if r.Live {
		st.Stages = stageStats(r.Stages)
		if r.Clock.OK {
			st.Clock = &ClockStats{OffsetMs: ms(r.Clock.Offset), RTTMs: ms(r.Clock.RTT), Samples: r.Clock.Samples}
		}
	}
	for _, rec := range r.Records {
		st.Windows = append(st.Windows, r.window(rec))
	}
	if r.End != nil {
		st.End = r.End.Error()
	}
	return st
}

// window is one record in Stats.
func (r Result) window(rec stats.Record) Window {
	w := Window{
		Seconds: rec.Elapsed.Seconds(), Frames: rec.Frames, FPS: rec.FPS(), MeanFrameBytes: rec.AvgSize,
		Mbps: rec.Mbps(), Dropped: rec.Dropped, SenderDropped: rec.SenderDropped,
	}
	if r.Live && rec.ArrivalFrames > 0 {
		w.ArrivalP50Ms, w.ArrivalP99Ms, w.ArrivalMaxMs = msp(rec.ArrivalP50), msp(rec.ArrivalP99), msp(rec.ArrivalMax)
	}
	if r.Live {
		w.Stages = stageStats(rec.Stages)
	}
	return w
}

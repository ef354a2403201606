package headless

// Stats is what -stats writes, as JSON, at the end of a run: its counts and
// costs for scripts (vidbench reads it). Durations are in milliseconds.
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

	Seconds        float64 `json:"seconds"`          // the run's wall time (live: from listening to the end)
	FPS            float64 `json:"fps"`              // frames decoded per second of it
	CPUMsPerFrame  float64 `json:"cpu_ms_per_frame"` // process CPU (user+sys) per frame decoded
	AllocsPerFrame float64 `json:"allocs_per_frame"` // heap allocations per frame decoded
	PeakRSSMiB     float64 `json:"peak_rss_mib"`     // the process's own peak resident set

	Protocol string `json:"protocol"`      // "seed", "v2", "mjpeg"; "unknown" when no frame came
	Decoder  string `json:"decoder"`       // what decoded the frames, e.g. "jpeg (libjpeg-turbo)"
	End      string `json:"end,omitempty"` // why the stream ended, when not at its end
}

// Stats returns the statistics of the run.
func (r Result) Stats() Stats {
	st := Stats{
		Frames: r.Received, Decoded: r.Decoded, Dropped: r.Dropped, Errors: r.Errors, Bytes: r.Bytes,
		Records:      len(r.Records),
		LatencyP50Ms: ms(r.LatencyP50), LatencyP99Ms: ms(r.LatencyP99), LatencyMaxMs: ms(r.LatencyMax),
		Seconds: r.Cost.Wall.Seconds(), FPS: r.Cost.FPS(), CPUMsPerFrame: r.Cost.per(r.Cost.CPU),
		AllocsPerFrame: r.Cost.AllocsPerFrame(), PeakRSSMiB: float64(r.Cost.PeakRSS) / (1 << 20),
		Protocol: r.Protocol, Decoder: r.Decoder,
	}
	if r.End != nil {
		st.End = r.End.Error()
	}
	return st
}

package headless

import (
	"fmt"
	"runtime"
	"time"
)

// Cost is what a run cost the process, measured in it.
type Cost struct {
	Frames  int64         // frames decoded
	Wall    time.Duration // from the run's start to its end
	CPU     time.Duration // user+sys of the whole process over the run
	Mallocs uint64        // heap allocations over the run
	PeakRSS int64         // the process's peak resident set at the end, bytes
}

// per returns d per frame, in milliseconds; 0 without frames.
func (c Cost) per(d time.Duration) float64 {
	if c.Frames == 0 {
		return 0
	}
	return ms(d) / float64(c.Frames)
}

// FPS returns the frames decoded per second of wall time.
func (c Cost) FPS() float64 {
	if c.Frames == 0 || c.Wall <= 0 {
		return 0
	}
	return float64(c.Frames) / c.Wall.Seconds()
}

// AllocsPerFrame returns the heap allocations per frame decoded.
func (c Cost) AllocsPerFrame() float64 {
	if c.Frames == 0 {
		return 0
	}
	return float64(c.Mallocs) / float64(c.Frames)
}

// Line is the "replay:" line headless mode logs after a replay.
func (c Cost) Line() string {
	return fmt.Sprintf("replay: frames=%d seconds=%.3f fps=%.1f cpu_ms_per_frame=%.4f wall_ms_per_frame=%.4f allocs_per_frame=%.2f peak_rss_mib=%.1f",
		c.Frames, c.Wall.Seconds(), c.FPS(), c.per(c.CPU), c.per(c.Wall), c.AllocsPerFrame(), float64(c.PeakRSS)/(1<<20))
}

// measure is a run's cost being measured since startMeasure.
type measure struct {
	start   time.Time
	cpu     time.Duration
	mallocs uint64
}

func startMeasure() measure {
	return measure{start: time.Now(), cpu: processCPU(), mallocs: mallocs()}
}

// cost returns what the run cost so far; the caller fills in Frames.
func (m measure) cost() Cost {
	return Cost{Wall: time.Since(m.start), CPU: processCPU() - m.cpu, Mallocs: mallocs() - m.mallocs, PeakRSS: processPeakRSS()}
}

func mallocs() uint64 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.Mallocs
}

package main

import (
	"bytes"
	"fmt"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/vidstream/vidstream/app/cmd/internal/benchstat"
	"github.com/vidstream/vidstream/app/probe"
)

// row is one run: a viewer at a size.
type row struct {
	size        size
	viewer      string
	probe       probe.Result
	cpuPerFrame time.Duration // the viewer process's CPU time per frame seen on screen
	readout     readout       // vidstream's own, when hasReadout
	hasReadout  bool
	// cpuMin and cpuMax are the least and most CPU per frame among the runs
	// a summary row stands for (see summarize).
	cpuMin, cpuMax time.Duration
}

// summarize is the row of several runs of one viewer at one size: the
// median of each figure over the runs (the readout's over the runs that
// have one), and the range of the CPU per frame.
func summarize(runs []row) row {
	if len(runs) == 0 {
		return row{}
	}
	med := func(f func(row) float64) float64 { return benchstat.MedianOf(runs, f) }
	out := row{size: runs[0].size, viewer: runs[0].viewer}
	out.probe = probe.Result{
		FPS:   med(func(r row) float64 { return r.probe.FPS }),
		P50Ms: med(func(r row) float64 { return r.probe.P50Ms }),
		P99Ms: med(func(r row) float64 { return r.probe.P99Ms }),
	}
	out.cpuPerFrame = time.Duration(med(func(r row) float64 { return float64(r.cpuPerFrame) }))
	out.cpuMin, out.cpuMax = runs[0].cpuPerFrame, runs[0].cpuPerFrame
	var withReadout []row
	for _, r := range runs {
		out.cpuMin, out.cpuMax = min(out.cpuMin, r.cpuPerFrame), max(out.cpuMax, r.cpuPerFrame)
		if r.hasReadout {
			withReadout = append(withReadout, r)
		}
	}
	if len(withReadout) > 0 {
		m := func(f func(readout) float64) float64 {
			return benchstat.MedianOf(withReadout, func(r row) float64 { return f(r.readout) })
		}
		out.hasReadout = true
		out.readout = readout{
			shownFPS: m(func(o readout) float64 { return o.shownFPS }),
			totalP50: m(func(o readout) float64 { return o.totalP50 }),
			totalP99: m(func(o readout) float64 { return o.totalP99 }),
			capture:  m(func(o readout) float64 { return o.capture }),
			network:  m(func(o readout) float64 { return o.network }),
			decode:   m(func(o readout) float64 { return o.decode }),
			display:  m(func(o readout) float64 { return o.display }),
		}
	}
	return out
}

// readout is what vidstream's readout says of latency (p50s, ms).
type readout struct {
	shownFPS                          float64
	totalP50, totalP99                float64
	capture, network, decode, display float64
}

// line is the run in one line, for the log.
func (r row) line() string {
	s := probeSummary(r.probe) + fmt.Sprintf(", CPU %.1f ms a frame", ms(r.cpuPerFrame))
	if r.hasReadout {
		s += fmt.Sprintf("; its readout: %.1f ms (p99 %.1f)", r.readout.totalP50, r.readout.totalP99)
	}
	return s
}

// probeSummary is a probe result in words.
func probeSummary(p probe.Result) string {
	return fmt.Sprintf("%d frames (%.1f fps) seen, camera to screen p50 %.1f ms, p99 %.1f ms, grabs every %.1f ms",
		p.Frames, p.FPS, p.P50Ms, p.P99Ms, p.GapP50Ms)
}

// Readout patterns: the fps line, camera to screen and the stages.
var (
	shownRe  = regexp.MustCompile(`· ([0-9.]+) shown`)
	totalRe  = regexp.MustCompile(`camera to screen ([0-9.]+) ms \(p99 ([0-9.]+) ms\)`)
	stagesRe = regexp.MustCompile(`capture ([0-9.]+) ms · network ([0-9.]+) ms · decode ([0-9.]+) ms · display ([0-9.]+) ms`)
)

// parseReadout reads a vidstream readout log line; ok is false when it
// has no camera-to-screen figures.
func parseReadout(line string) (readout, bool) {
	t, s := totalRe.FindStringSubmatch(line), stagesRe.FindStringSubmatch(line)
	if t == nil || s == nil {
		return readout{}, false
	}
	f := func(v string) float64 { x, _ := strconv.ParseFloat(v, 64); return x }
	r := readout{totalP50: f(t[1]), totalP99: f(t[2]), capture: f(s[1]), network: f(s[2]), decode: f(s[3]), display: f(s[4])}
	if m := shownRe.FindStringSubmatch(line); m != nil {
		r.shownFPS = f(m[1])
	}
	return r, true
}

// readoutRe matches a camera's readout as vidstream -v logs it: "readout
// NAME: 30.0 fps received · …".
var readoutRe = regexp.MustCompile(`readout .*?: [0-9.]+ fps received`)

// readouts is an io.Writer for the viewer's log that keeps its newest
// readout line.
type readouts struct {
	mu      sync.Mutex
	partial []byte
	newest  string
}

func newReadouts() *readouts { return &readouts{} }

func (r *readouts) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.partial = append(r.partial, p...)
	for {
		i := bytes.IndexByte(r.partial, '\n')
		if i < 0 {
			break
		}
		if line := string(r.partial[:i]); readoutRe.MatchString(line) {
			r.newest = line
		}
		r.partial = r.partial[i+1:]
	}
	if len(r.partial) > 1<<16 { // a line that never ends: not a readout
		r.partial = r.partial[:0]
	}
	return len(p), nil
}

func (r *readouts) last() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.newest
}

// tableHeader names the columns.
var tableHeader = []string{
	"size", "viewer", "frames seen/s", "CPU ms per frame seen", "CPU range ms", "screen grabs: camera to screen p50 ms", "p99 ms",
	"its readout: p50 ms", "p99 ms", "capture ms", "network ms", "decode ms", "display ms",
}

// renderTable is the section BENCHMARKS.md gets.
func renderTable(cfg config, rows []row, scr probe.Screen) string {
	var b strings.Builder
	w, h := scr.Size()
	fmt.Fprintf(&b, "## Camera to screen, vidstream against ffplay (`make bench`, screenbench)\n\n")
	fmt.Fprintf(&b, "Measured %s on %s/%s (%d CPUs), X display %dx%d (Xvfb, software rendering): `picam -source test -timecode -fps 30` at each size, to vidstream (v2) and to ffplay (MJPEG: `ffplay %s`), one after the other, %d times in turn: each figure is the median of the %d runs, with the range of the CPU per frame beside it; %v of screen grabs each, after %v of streaming. The probe (`latprobe`, app/probe) reads the capture time the pattern draws in a strip of blocks off the screen every few ms and takes each frame's first showing; CPU per frame seen is the viewer process's CPU time (user and system, /proc) over the probe's run divided by the frames it saw; vidstream's own readout (camera to screen and its stages, p50s over its session) is beside it.\n\n",
		time.Now().Format("2006-01-02"), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), w, h,
		strings.Join(ffplayArgs("tcp://127.0.0.1:PORT?listen"), " "), cfg.runs, cfg.runs, cfg.duration, cfg.settle)
	b.WriteString("| " + strings.Join(tableHeader, " | ") + " |\n|")
	for i := range tableHeader {
		if i < 2 {
			b.WriteString(" --- |")
		} else {
			b.WriteString(" ---: |")
		}
	}
	b.WriteString("\n")
	for _, r := range rows {
		cells := []string{r.size.String(), r.viewer, f1(r.probe.FPS), f1(ms(r.cpuPerFrame)),
			f1(ms(r.cpuMin)) + "–" + f1(ms(r.cpuMax)), f1(r.probe.P50Ms), f1(r.probe.P99Ms)}
		if r.hasReadout {
			o := r.readout
			cells = append(cells, f1(o.totalP50), f1(o.totalP99), f1(o.capture), f1(o.network), f1(o.decode), f1(o.display))
		} else {
			cells = append(cells, "—", "—", "—", "—", "—", "—")
		}
		b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
	}
	return b.String()
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func f1(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }

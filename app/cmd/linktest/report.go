package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/vidstream/vidstream/app/headless"
)

// v2FrameHeader is the bytes v2 puts before each frame's payload: message
// type and length (5), sequence number and capture time (16).
const v2FrameHeader = 21

// The targets.
const (
	// minShare: frames arrived per second, of what the link can carry.
	minShare = 0.85
	// maxP99Frames: capture-to-arrival p99, in frame transmission times.
	maxP99Frames = 3
	// growthFactor: the last window's p99 may be this times the first's,
	// plus one frame time, and not count as growth (see Row.Grows).
	growthFactor = 1.5
)

// overhead is the link bytes per payload byte at mtu: each TCP segment
// carries mtu-52 payload bytes (IPv4 20, TCP 20, timestamps 12) and tbf on
// loopback counts mtu+14 (the Ethernet header) for it: 1514/1448 = 1.046
// at 1500. ACKs go the other way on the same loopback and are left out.
func overhead(mtu int) float64 { return float64(mtu+14) / float64(mtu-52) }

// Row is one stream's run over the link.
type Row struct {
	Stream Stream
	Rate   float64 // link rate, bits per second
	MTU    int
	FPS    float64 // the camera's rate
	Stats  headless.Stats
	Err    error // the run failed; Stats may be empty
}

// MeanFrame is the mean payload bytes per frame.
func (r Row) MeanFrame() float64 {
	if r.Stats.Frames == 0 {
		return 0
	}
	return float64(r.Stats.Bytes) / float64(r.Stats.Frames)
}

// FrameTime is one mean frame's transmission time on the link in ms:
// (payload + v2 header) * 8 * overhead / rate.
func (r Row) FrameTime() float64 {
	return (r.MeanFrame() + v2FrameHeader) * 8 * overhead(r.MTU) / r.Rate * 1000
}

// LinkFPS is the frames per second the link can carry: rate / ((mean
// frame + v2 header) * 8 * overhead).
func (r Row) LinkFPS() float64 {
	if t := r.FrameTime(); t > 0 {
		return 1000 / t
	}
	return 0
}

// Possible is what could arrive: what the link carries, at most the
// camera's rate.
func (r Row) Possible() float64 { return min(r.LinkFPS(), r.FPS) }

// ArrivedFPS is the frames received per second over the closed record
// windows (the run's start and drain left out); without any, over the run.
func (r Row) ArrivedFPS() float64 {
	var frames int
	var secs float64
	for _, w := range r.Stats.Windows {
		frames, secs = frames+w.Frames, secs+w.Seconds
	}
	if secs > 0 {
		return float64(frames) / secs
	}
	if r.Stats.Seconds > 0 {
		return float64(r.Stats.Frames) / r.Stats.Seconds
	}
	return 0
}

// Share is ArrivedFPS of Possible.
func (r Row) Share() float64 {
	if p := r.Possible(); p > 0 {
		return r.ArrivedFPS() / p
	}
	return 0
}

// FPSHolds: frames arrive at minShare of what the link can carry or more.
func (r Row) FPSHolds() bool { return r.Stats.Frames > 0 && r.Share() >= minShare }

// P99Holds: the capture-to-arrival p99 is at most maxP99Frames frame
// times; false without a p99.
func (r Row) P99Holds() bool {
	return r.Stats.ArrivalP99Ms != nil && *r.Stats.ArrivalP99Ms <= maxP99Frames*r.FrameTime()
}

// firstLast returns the first and last record windows with a p99, ok
// false without two of them.
func (r Row) firstLast() (first, last headless.Window, ok bool) {
	var ws []headless.Window
	for _, w := range r.Stats.Windows {
		if w.ArrivalP99Ms != nil {
			ws = append(ws, w)
		}
	}
	if len(ws) < 2 {
		return first, last, false
	}
	return ws[0], ws[len(ws)-1], true
}

// Grows says whether latency grew from the first window to the last: the
// last p99 above growthFactor times the first plus one frame time. A
// queue that builds up adds frame times without bound (seconds within a
// minute); the slack is for the 5% histogram buckets and a shared CPU's
// jitter, and one frame time for a frame caught behind another. ok is
// false without two windows to compare.
func (r Row) Grows() (grows, ok bool) {
	first, last, ok := r.firstLast()
	if !ok {
		return false, false
	}
	return *last.ArrivalP99Ms > growthFactor**first.ArrivalP99Ms+r.FrameTime(), true
}

// tableHeader is the table's first two lines.
const tableHeader = "| stream | link | MTU | mean frame | frame time | fps arrived | link carries | % of possible | Mbit/s | arrival p50 / p99 / max | first window p50 / p99 | last window p50 / p99 | viewer drops | sender drops | fps ≥ 85% | p99 ≤ 3 frames | no growth |\n" +
	"|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"

// WriteTable writes rows as a Markdown table, then how its columns are
// worked out.
func WriteTable(w io.Writer, rows []Row) error {
	var b strings.Builder
	b.WriteString(tableHeader)
	for _, r := range rows {
		b.WriteString(r.line())
	}
	b.WriteString("\n" + legend)
	_, err := io.WriteString(w, b.String())
	if err != nil {
		return fmt.Errorf("write the table: %w", err)
	}
	return nil
}

const legend = `Frame time: one mean frame on the link, (payload + 21 B v2 header) × 8 × (MTU+14)/(MTU−52) / rate
(1514/1448 = 1.046 at MTU 1500: IPv4, TCP with timestamps, the Ethernet header tbf counts).
Link carries: 1 s / frame time; % of possible: fps arrived / min(link carries, camera fps); fps arrived
over the closed record windows. Arrival: capture to arrival (the frame's last byte read), sender and
viewer on one clock. No growth: last window p99 ≤ 1.5 × first window p99 + one frame time.
`

func (r Row) line() string {
	if r.Err != nil && r.Stats.Frames == 0 {
		return fmt.Sprintf("| %s | %s | %d | failed: %s |\n", r.Stream, rateText(r.Rate), r.MTU, oneLine(r.Err.Error()))
	}
	st := r.Stats
	cells := []string{
		r.Stream.String(), rateText(r.Rate), fmt.Sprint(r.MTU),
		fmt.Sprintf("%.1f KB", r.MeanFrame()/1000), fmt.Sprintf("%.1f ms", r.FrameTime()),
		fmt.Sprintf("%.1f", r.ArrivedFPS()), fmt.Sprintf("%.1f", r.LinkFPS()), fmt.Sprintf("%.0f%%", 100*r.Share()),
		fmt.Sprintf("%.2f", st.Mbps),
		triple(st.ArrivalP50Ms, st.ArrivalP99Ms, st.ArrivalMaxMs),
	}
	first, last, ok := r.firstLast()
	if ok {
		cells = append(cells, pair(first.ArrivalP50Ms, first.ArrivalP99Ms), pair(last.ArrivalP50Ms, last.ArrivalP99Ms))
	} else {
		cells = append(cells, "n/a (under 2 windows)", "n/a")
	}
	grows, growOK := r.Grows()
	cells = append(cells, fmt.Sprint(st.Dropped), fmt.Sprint(st.SenderDropped),
		verdict(r.FPSHolds(), true), verdict(r.P99Holds(), st.ArrivalP99Ms != nil), verdict(!grows, growOK))
	if r.Err != nil {
		cells[0] += " (" + oneLine(r.Err.Error()) + ")"
	}
	return "| " + strings.Join(cells, " | ") + " |\n"
}

func verdict(holds, known bool) string {
	switch {
	case !known:
		return "n/a"
	case holds:
		return "yes"
	default:
		return "**no**"
	}
}

func triple(a, b, c *float64) string {
	if a == nil || b == nil || c == nil {
		return "n/a"
	}
	return fmt.Sprintf("%.0f / %.0f / %.0f ms", *a, *b, *c)
}

func pair(a, b *float64) string {
	if a == nil || b == nil {
		return "n/a"
	}
	return fmt.Sprintf("%.0f / %.0f ms", *a, *b)
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

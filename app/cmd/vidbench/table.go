package main

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// row is one stream's line of the table: medians over the runs.
type row struct {
	Stream  string
	Frames  int
	FrameKB float64 // mean payload per frame, KB (1000 bytes)
	Ours    replayResult
	Live    liveResult
	FF1     *ffmpegResult // ffmpeg -threads 1; nil when not measured
	FFN     *ffmpegResult // ffmpeg with its default threads; nil when not measured
	// FF1RGBA is ffmpeg -threads 1 converting each frame to RGBA, as
	// vidstream does; nil when not measured.
	FF1RGBA *ffmpegResult
	// Overload is a live run with a sender OverloadFPS, twice the replay's
	// fps; nil when not run (raw streams).
	Overload    *liveResult
	OverloadFPS float64
}

// overloadHeader names the columns of the overload table.
var overloadHeader = []string{
	"stream", "sender fps", "vidstream decode fps", "latency p50 ms", "latency p99 ms",
	"p99 in decode intervals", "dropped/sent",
}

// overloadCells is the row's cells in the overload table; nil when not run.
func (r row) overloadCells() []string {
	if r.Overload == nil || r.Ours.FPS <= 0 {
		return nil
	}
	interval := 1000 / r.Ours.FPS // ms between frames at the replay's pace
	return []string{
		r.Stream, num(r.OverloadFPS), num(r.Ours.FPS), num(r.Overload.P50), num(r.Overload.P99),
		num(r.Overload.P99 / interval), fmt.Sprintf("%d/%d", r.Overload.Dropped, r.Overload.Sent),
	}
}

// overloadTable renders the overload runs; "" when there are none.
func overloadTable(rows []row) string {
	var cells [][]string
	for _, r := range rows {
		if c := r.overloadCells(); c != nil {
			cells = append(cells, c)
		}
	}
	if len(cells) == 0 {
		return ""
	}
	return markdownTable(overloadHeader, cells)
}

// Ratio is our CPU per frame over single-threaded ffmpeg's; NaN without it.
func (r row) Ratio() float64 { return r.ratioTo(r.FF1) }

// RatioRGBA is our CPU per frame over that of single-threaded ffmpeg
// converting to RGBA too; NaN without it.
func (r row) RatioRGBA() float64 { return r.ratioTo(r.FF1RGBA) }

// ratioTo is our CPU per frame over ff's; NaN without it.
func (r row) ratioTo(ff *ffmpegResult) float64 {
	if ff == nil || !(ff.CPUms > 0) {
		return math.NaN()
	}
	return r.Ours.CPUms / ff.CPUms
}

// oursHeader names the columns of vidstream's table, with their units.
var oursHeader = []string{
	"stream", "frames", "frame KB",
	"fps", "CPU ms/frame", "allocs/frame", "peak RSS MiB",
	"live latency p50 ms", "live latency p99 ms", "live dropped/sent",
}

// oursCells is the row's cells in vidstream's table.
func (r row) oursCells() []string {
	return []string{
		r.Stream, fmt.Sprint(r.Frames), num(r.FrameKB),
		num(r.Ours.FPS), num(r.Ours.CPUms), num(r.Ours.Allocs), num(r.Ours.RSSMiB),
		num(r.Live.P50), num(r.Live.P99), fmt.Sprintf("%d/%d", r.Live.Dropped, r.Live.Sent),
	}
}

// ffmpegHeader names the columns of the table against ffmpeg.
var ffmpegHeader = []string{
	"stream", "vidstream CPU ms/frame",
	"ffmpeg 1 thread: CPU ms/frame", "ffmpeg 1 thread: fps",
	"ffmpeg default threads: CPU ms/frame", "ffmpeg default threads: fps",
	"ffmpeg 1 thread: whole process CPU ms/frame", "ffmpeg start-up CPU ms",
	"CPU/frame vidstream ÷ ffmpeg 1 thread",
	"ffmpeg 1 thread to RGBA: CPU ms/frame", "CPU/frame vidstream ÷ ffmpeg 1 thread to RGBA",
}

// ffmpegCells is the row's cells in the table against ffmpeg; nil when
// ffmpeg did not decode the stream.
func (r row) ffmpegCells() []string {
	if r.FF1 == nil || r.FFN == nil {
		return nil
	}
	rgba := math.NaN()
	if r.FF1RGBA != nil {
		rgba = r.FF1RGBA.CPUms
	}
	return []string{
		r.Stream, num(r.Ours.CPUms),
		num(r.FF1.CPUms), num(r.FF1.FPS), num(r.FFN.CPUms), num(r.FFN.FPS),
		num(r.FF1.WholeCPUms), num(r.FF1.StartupMs), times(r.Ratio()),
		num(rgba), times(r.RatioRGBA()),
	}
}

// times formats a ratio as "1.25x", none for NaN.
func times(x float64) string {
	if math.IsNaN(x) {
		return none
	}
	return fmt.Sprintf("%.2fx", x)
}

// none fills a cell with nothing measured.
const none = "—"

// num formats x with about 3 significant digits, none for NaN.
func num(x float64) string {
	switch a := math.Abs(x); {
	case math.IsNaN(x) || math.IsInf(x, 0):
		return none
	case a >= 100:
		return fmt.Sprintf("%.0f", x)
	case a >= 10:
		return fmt.Sprintf("%.1f", x)
	case a >= 1:
		return fmt.Sprintf("%.2f", x)
	default:
		return fmt.Sprintf("%.3f", x)
	}
}

// markdownTable renders a Markdown table: the first column left-aligned,
// the others (numbers) right-aligned.
func markdownTable(header []string, rows [][]string) string {
	var b strings.Builder
	line := func(cells []string) {
		b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
	}
	line(header)
	sep := make([]string, len(header))
	for i := range sep {
		sep[i] = "---:"
	}
	sep[0] = "---"
	line(sep)
	for _, r := range rows {
		line(r)
	}
	return b.String()
}

// oursTable renders vidstream's figures for every row.
func oursTable(rows []row) string {
	cells := make([][]string, len(rows))
	for i, r := range rows {
		cells[i] = r.oursCells()
	}
	return markdownTable(oursHeader, cells)
}

// ffmpegTable renders the comparison with ffmpeg for the rows ffmpeg
// decoded; "" when there are none.
func ffmpegTable(rows []row) string {
	var cells [][]string
	for _, r := range rows {
		if c := r.ffmpegCells(); c != nil {
			cells = append(cells, c)
		}
	}
	if len(cells) == 0 {
		return ""
	}
	return markdownTable(ffmpegHeader, cells)
}

// renderTable renders both tables, for the terminal.
func renderTable(rows []row) string {
	s := oursTable(rows)
	if ff := ffmpegTable(rows); ff != "" {
		s += "\n" + ff
	}
	return s
}

// report is a benchmark run: the rows and how they were made.
type report struct {
	Rows      []row
	Command   string
	Date      time.Time
	GoVersion string // of vidbench
	Vidstream string // the binary measured
	Build     build  // of the vidstream binary
	FFmpeg    string // ffmpeg's version line; "" when skipped
	Machine   machine
	Runs      int
	Live      time.Duration
	LiveFPS   float64
	Overload  time.Duration
	Quick     bool
}

// renderDoc renders the report as BENCHMARKS.md.
func renderDoc(rep report) string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("# Benchmarks: vidstream's receive path against ffmpeg\n\n")
	p("Generated by `%s` (what `make bench` runs) on %s; do not edit by hand.\n\n",
		rep.Command, rep.Date.UTC().Format("2006-01-02 15:04 MST"))
	if rep.Quick {
		p("**A -quick smoke run: a few frames per stream, the numbers mean little.**\n\n")
	}
	p("- vidstream: `%s`, built with %s, cgo %s; JPEG decoder: %s; H.264 decoder: %s.\n", rep.Vidstream, rep.Build.GoVersion,
		orUnknown(rep.Build.CGO), rep.Build.JPEGDecoder(), rep.Build.H264Decoder())
	ffmpeg := "not run"
	if rep.FFmpeg != "" {
		ffmpeg = rep.FFmpeg
	}
	p("- ffmpeg: %s. vidbench built with %s.\n", ffmpeg, rep.GoVersion)
	m := rep.Machine
	p("- Machine: %s, %d logical CPUs, %.1f GiB memory, %s", m.CPU, m.Cores, m.MemGiB, m.OS)
	if m.Load != "" {
		p("; load average at the start %s (the machine is shared)", m.Load)
	}
	p(".\n")
	p("- Each figure is the median of %s, except the live columns: one run of %s at %g fps per stream.\n\n",
		plural(rep.Runs, "run"), rep.Live, rep.LiveFPS)
	p("## vidstream\n\n%s\n", oursTable(rep.Rows))
	if ff := ffmpegTable(rep.Rows); ff != "" {
		p("## Against ffmpeg (JPEG and H.264 streams)\n\n%s\n", ff)
	}
	if ov := overloadTable(rep.Rows); ov != "" {
		p("## A sender twice as fast as the viewer decodes (%s per stream)\n\n%s\n", rep.Overload, ov)
	}
	p("%s", howToRead)
	return b.String()
}

// plural is "1 run", "3 runs".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

// howToRead explains the columns.
const howToRead = `## How to read it

- **Streams** are capture's test pattern with camera-like noise, recorded
  before the measurements: JPEG streams as plain concatenated JPEGs (what
  ` + "`picam -o`" + ` and rpicam-vid write; ffmpeg reads the very same files), raw
  ones (picamera's 'yuv' I420 and 'rgb' layouts) in the blog post's seed
  framing. H.264 streams are libx264's (` + "`ffmpeg -f lavfi -i testsrc2 -c:v libx264 -preset ultrafast -tune zerolatency -g 30 -f h264`" + `,
  what rpicam-vid runs on a Pi 5), raw Annex-B files; live they are sent
  raw too. **frame KB** is the mean payload of a frame (1 KB = 1000 bytes).
- **fps, CPU ms/frame, allocs/frame** are vidstream's own figures, from
  the statistics JSON that ` + "`vidstream -headless -input FILE -size WxH -stats FILE`" + `
  writes at the end of the run: every frame read from the file and decoded
  into an RGBA image ready for Fyne, as fast as it can. CPU is the whole
  process's user+sys time (all threads, GC included) during the decoding
  loop only, not its start-up; allocations are heap allocations
  (runtime.MemStats.Mallocs) per frame. yuv frames are decoded in grey,
  vidstream's default (the post's), as no -color is given.
- **peak RSS** is the replay process's maximum resident set over its whole
  life, as it reports it itself in the same JSON (Linux: VmHWM; rusage's
  ru_maxrss would carry vidbench's own size, shared with the child by
  os/exec's vfork until the exec).
- **live latency** is the viewer-added latency, from a frame's last byte
  received to its RGBA ready for the canvas, as vidstream's meter measures
  it (within 5%) and writes in its -stats JSON, in a live run:
  ` + "`vidstream -headless -listen 127.0.0.1:PORT`" + ` (a port that vidbench found
  free) receiving the stream's frames over loopback in the seed protocol
  from a sender in vidbench paced like a camera, which writes every frame
  (**sent**; every one reaches the viewer). **live dropped** counts frames
  the viewer skipped because a newer one arrived while it was decoding.
- **ffmpeg** is Debian's ` + "`ffmpeg -hide_banner -loglevel error [-threads 1] -f mjpeg|h264 -i FILE -f null -`" + `
  on the same file: its own demuxing and decoding to its native YUV
  4:2:0, with no conversion to RGBA (vidstream converts every frame: for
  H.264, libswscale's YUV to RGBA is about a quarter of its CPU). **to
  RGBA** adds ` + "`-filter_threads 1 ... -vf format=rgba`" + `: ffmpeg converts each
  frame to RGBA with libswscale, the work vidstream does for Fyne. Its CPU
  is the child's user+sys (from rusage) and its fps come from the child's
  wall time. ffmpeg's start-up (loading its libraries: **start-up CPU
  ms**) is measured with the same command on a file holding the stream's
  first frame alone, and subtracted as vidstream's figures leave out its
  start-up too: **CPU ms/frame** is (CPU of the run - CPU of the one-frame
  run) / (frames - 1), fps alike from the wall times. **whole process** is
  the plain rusage CPU over the frames, start-up included. With default
  threads ffmpeg chooses its own thread count: whatever it runs in
  parallel shows as more fps, never as less CPU a frame.
- **Overload**: a live run whose sender sends twice as many frames a
  second as the replay decoded (**vidstream decode fps**). Newest frame
  wins, so the latency stays about one decode long (**p99 in decode
  intervals**: the p99 latency over the replay's time between frames) and
  the surplus shows as **dropped**, instead of a queue that grows.
- **vidstream ÷ ffmpeg 1 thread** is vidstream's CPU per frame over
  single-threaded ffmpeg's (start-up subtracted), from the same run: below
  1.00x vidstream spends less CPU on a frame than ffmpeg; **÷ ffmpeg 1
  thread to RGBA** compares like with like. Raw streams have no ffmpeg
  counterpart.
- The machine is shared with other work: absolute numbers move from run
  to run, ratios from one run less so.
`

// Command screenbench measures camera-to-screen latency, vidstream against
// ffplay, on one X display (make bench runs it under Xvfb): for each size,
// picam's test pattern with its timecode (-timecode) at 30 fps goes to
// vidstream (v2, its window at its default size) and then, as MJPEG, to
// ffplay in a window of the same size, and the latency probe (app/probe)
// reads each frame's first showing off the screen. For vidstream it also
// takes the viewer's own readout: camera to screen and its stages.
//
// Each viewer runs -runs times at each size, the two in turn, and the table
// gives the medians.
//
//	screenbench -vidstream bin/vidstream -picam bin/picam [-sizes 640x480,...] [-runs 3] [-duration 10s] [-append BENCHMARKS.md]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/vidstream/vidstream/app/probe"
	"github.com/vidstream/vidstream/app/receive"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("screenbench: ")
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		log.Fatal(err)
	}
}

// config is screenbench's flags.
type config struct {
	vidstream, picam, ffplay string
	sizes                    []size
	duration, settle         time.Duration
	runs                     int
	appendTo                 string
}

// size is a picture size.
type size struct{ w, h int }

func (s size) String() string { return fmt.Sprintf("%dx%d", s.w, s.h) }

// parseSizes parses "640x480,1280x720".
func parseSizes(v string) ([]size, error) {
	var out []size
	for _, f := range strings.Split(v, ",") {
		var s size
		if _, err := fmt.Sscanf(strings.TrimSpace(f), "%dx%d", &s.w, &s.h); err != nil || s.w <= 0 || s.h <= 0 {
			return nil, fmt.Errorf("-sizes: %q is not WxH", f)
		}
		out = append(out, s)
	}
	return out, nil
}

func parseFlags(args []string, errOut io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("screenbench", flag.ContinueOnError)
	fs.SetOutput(errOut)
	fs.StringVar(&c.vidstream, "vidstream", "bin/vidstream", "the viewer to measure")
	fs.StringVar(&c.picam, "picam", "bin/picam", "the sender")
	fs.StringVar(&c.ffplay, "ffplay", "ffplay", `ffplay to compare with ("" skips it)`)
	sizes := fs.String("sizes", "320x240,640x480,1280x720,1920x1080", "picture sizes")
	fs.DurationVar(&c.duration, "duration", 10*time.Second, "how long the probe measures each run")
	fs.DurationVar(&c.settle, "settle", 3*time.Second, "how long a run streams before the probe starts")
	fs.IntVar(&c.runs, "runs", 3, "runs of each viewer at each size, in turn; the table gives their medians")
	fs.StringVar(&c.appendTo, "append", "", "append the table to FILE (BENCHMARKS.md)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if c.runs < 1 {
		return c, fmt.Errorf("-runs: %d, want 1 or more", c.runs)
	}
	var err error
	c.sizes, err = parseSizes(*sizes)
	return c, err
}

func run(args []string, out, errOut io.Writer) error {
	cfg, err := parseFlags(args, errOut)
	if err != nil {
		return err
	}
	scr, err := probe.OpenX11("")
	if err != nil {
		return err
	}
	defer scr.Close()
	ctx := context.Background()
	var rows []row
	for _, s := range cfg.sizes {
		// In turn, so that a slow spell of the machine falls on both.
		var ours, theirs []row
		for i := 1; i <= cfg.runs; i++ {
			r, err := measureVidstream(ctx, cfg, scr, s)
			if err != nil {
				return fmt.Errorf("vidstream at %v: %w", s, err)
			}
			log.Printf("%v vidstream, run %d: %s", s, i, r.line())
			ours = append(ours, r)
			if cfg.ffplay == "" {
				continue
			}
			if r, err = measureFFplay(ctx, cfg, scr, s); err != nil {
				return fmt.Errorf("ffplay at %v: %w", s, err)
			}
			log.Printf("%v ffplay, run %d: %s", s, i, r.line())
			theirs = append(theirs, r)
		}
		rows = append(rows, summarize(ours))
		if len(theirs) > 0 {
			rows = append(rows, summarize(theirs))
		}
	}
	table := renderTable(cfg, rows, scr)
	fmt.Fprint(out, table)
	if cfg.appendTo != "" {
		f, err := os.OpenFile(cfg.appendTo, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		defer f.Close()
		if _, err := io.WriteString(f, "\n"+table); err != nil {
			return fmt.Errorf("appending to %s: %w", cfg.appendTo, err)
		}
	}
	return nil
}

// port is where each run's viewer listens.
const port = 5711

// measureVidstream runs vidstream and picam (v2) and probes the screen.
func measureVidstream(ctx context.Context, cfg config, scr probe.Screen, s size) (row, error) {
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	home, err := os.MkdirTemp("", "screenbench")
	if err != nil {
		return row{}, err
	}
	defer os.RemoveAll(home)
	// Paired beforehand: nobody is there to answer the window's question.
	viewerKeys, camKeys := filepath.Join(home, "viewer"), filepath.Join(home, "picam")
	trust, err := receive.LoadTrust(viewerKeys, false)
	if err != nil {
		return row{}, err
	}
	if err := trust.Pair(camKeys, "screenbench"); err != nil {
		return row{}, err
	}
	viewer := exec.CommandContext(ctx, cfg.vidstream, "-v", "-listen", addr, "-keys", viewerKeys)
	viewer.Env = append(os.Environ(), "HOME="+home)
	logs := newReadouts()
	viewer.Stderr = logs
	if err := viewer.Start(); err != nil {
		return row{}, err
	}
	defer stop(viewer)
	time.Sleep(time.Second) // listening
	r, err := probeWith(ctx, cfg, scr, s, viewer.Process.Pid, "-proto", "v2", "-to", addr, "-keys", camKeys)
	if err != nil {
		return r, err
	}
	time.Sleep(1100 * time.Millisecond) // the readout after the last grab
	r.viewer = "vidstream"
	r.readout, r.hasReadout = parseReadout(logs.last())
	return r, nil
}

// measureFFplay runs ffplay with every low-latency flag and picam (MJPEG)
// and probes the screen.
func measureFFplay(ctx context.Context, cfg config, scr probe.Screen, s size) (row, error) {
	url := fmt.Sprintf("tcp://127.0.0.1:%d?listen", port)
	ff := exec.CommandContext(ctx, cfg.ffplay, ffplayArgs(url)...)
	if err := ff.Start(); err != nil {
		return row{}, err
	}
	defer stop(ff)
	time.Sleep(time.Second) // listening
	r, err := probeWith(ctx, cfg, scr, s, ff.Process.Pid, "-proto", "mjpeg", "-to", fmt.Sprintf("127.0.0.1:%d", port))
	r.viewer = "ffplay"
	return r, err
}

// ffplayArgs is ffplay's command line: the low-latency flags, the
// camera's frame rate (the raw MJPEG demuxer assumes 25 fps otherwise and
// falls seconds behind a 30 fps camera) and no probing delay, in a window
// of vidstream's size.
func ffplayArgs(url string) []string {
	return []string{"-hide_banner", "-loglevel", "error", "-x", "800", "-y", "600",
		"-fflags", "nobuffer", "-flags", "low_delay", "-framedrop", "-probesize", "32", "-analyzeduration", "0",
		"-framerate", "30", "-f", "mjpeg", "-i", url}
}

// probeWith streams the timecoded test pattern at s with picam's extra
// args, lets it settle, and probes the screen, measuring the CPU time the
// viewer (process pid) spends meanwhile per frame the probe saw.
func probeWith(ctx context.Context, cfg config, scr probe.Screen, s size, pid int, args ...string) (row, error) {
	cam := exec.CommandContext(ctx, cfg.picam, append([]string{"-source", "test", "-timecode",
		"-W", fmt.Sprint(s.w), "-H", fmt.Sprint(s.h), "-fps", "30"}, args...)...)
	if err := cam.Start(); err != nil {
		return row{}, err
	}
	defer stop(cam)
	time.Sleep(cfg.settle)
	before, err := processCPU(pid)
	if err != nil {
		return row{}, err
	}
	res, err := probe.Run(ctx, scr, probe.Config{Duration: cfg.duration})
	if err != nil {
		return row{size: s, probe: res}, err
	}
	after, err := processCPU(pid)
	r := row{size: s, probe: res}
	if res.Frames > 0 {
		r.cpuPerFrame = (after - before) / time.Duration(res.Frames)
	}
	return r, err
}

// stop ends a child and waits for it.
func stop(c *exec.Cmd) {
	c.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { c.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		c.Process.Kill()
		<-done
	}
}

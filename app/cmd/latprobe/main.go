// Command latprobe measures camera-to-screen latency off an X screen: it
// reads the capture time that `picam -source test -timecode` draws into
// each frame, grab after grab, from whatever viewer shows the stream
// (vidstream, ffplay, another), and prints when frames first showed
// against when they were captured:
//
//	latprobe [-display :99] [-duration 10s] [-json FILE]
//
// Run it on the machine picam runs on (the capture times are its clock).
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"

	"github.com/vidstream/vidstream/app/probe"
	"github.com/vidstream/vidstream/app/save"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("latprobe: ")
	if err := run(os.Args[1:], os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// run is main, testable.
func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("latprobe", flag.ContinueOnError)
	display := fs.String("display", "", `the X display to read ("" is $DISPLAY)`)
	var cfg probe.Config
	fs.DurationVar(&cfg.Duration, "duration", 0, "how long to measure once the strip is found (default 10s)")
	fs.DurationVar(&cfg.Interval, "interval", 0, "pause between two grabs (default 2ms)")
	jsonOut := fs.String("json", "", "also write the result to FILE as JSON")
	if err := fs.Parse(args); err != nil {
		return err
	}
	scr, err := probe.OpenX11(*display)
	if err != nil {
		return err
	}
	defer scr.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	res, err := probe.Run(ctx, scr, cfg)
	if err != nil {
		return err
	}
	fmt.Fprintln(out, Summary(res))
	if *jsonOut != "" {
		b, err := json.MarshalIndent(res, "", "  ")
		if err != nil {
			return err
		}
		write := func(w io.Writer) error { _, err := w.Write(append(b, '\n')); return err }
		if err := save.WriteFile(*jsonOut, write); err != nil {
			return fmt.Errorf("writing %s: %w", *jsonOut, err)
		}
	}
	return nil
}

// Summary is the line latprobe prints.
func Summary(r probe.Result) string {
	return fmt.Sprintf("%d frames seen in %.1f s (%.1f fps) on row %d: camera to screen p50 %.1f ms, p99 %.1f ms, min %.1f, max %.1f; grabs every %.1f ms (p99 %.1f), %d of %d unread",
		r.Frames, r.Seconds, r.FPS, r.Row, r.P50Ms, r.P99Ms, r.MinMs, r.MaxMs, r.GapP50Ms, r.GapP99Ms, r.Unread, r.Grabs)
}

// Command vidbench measures vidstream's receive path against ffmpeg and
// writes the table to BENCHMARKS.md; `make bench` runs it.
//
//	go run ./app/cmd/vidbench -vidstream bin/vidstream -out BENCHMARKS.md [-runs 3] [-quick]
//
// It records test-pattern streams into a temporary directory (320x240 JPEG,
// YUV and RGB, 1280x720 and 1920x1080 JPEG; JPEG streams as plain
// concatenated JPEGs, raw ones in the blog post's seed framing) and libx264
// streams of ffmpeg's testsrc2 (1280x720 and 1920x1080 H.264, raw Annex-B,
// what rpicam-vid writes on a Pi 5), replays each
// one -runs times through `vidstream -headless -input FILE -stats FILE`
// (frames/s, CPU and heap allocations per frame and its own peak RSS, from
// the statistics JSON it writes), streams it live over loopback at a camera's
// pace into `vidstream -headless -listen ADDR -stats FILE` for the
// viewer-added latency, and decodes the JPEG and H.264 streams with `ffmpeg
// -f mjpeg|h264 -i FILE -f null -` (one thread and default threads) for the
// ratio ours/ffmpeg of CPU per frame. Each figure is the median over the runs. The table goes
// to stdout, and with -out into a Markdown file that also says how and on
// what machine it was made.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("vidbench: ")
	cfg, err := parseFlags(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "vidbench:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	start := time.Now()
	rep, err := run(ctx, cfg, log.Printf)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(renderTable(rep.Rows))
	if cfg.Out != "" {
		if err := os.WriteFile(cfg.Out, []byte(renderDoc(rep)), 0o644); err != nil {
			log.Fatal(fmt.Errorf("writing the report: %w", err))
		}
		log.Printf("wrote %s", cfg.Out)
	}
	log.Printf("done in %s", time.Since(start).Round(time.Second))
}

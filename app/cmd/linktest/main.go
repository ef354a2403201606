// Command linktest measures Vidstream over a slow link: it makes a network
// namespace whose loopback is shaped by tc's tbf to a Wi-Fi-like rate and
// MTU, streams picam into vidstream -headless across it for a while per
// stream, and prints a Markdown table of what arrived against what the link
// can carry and the latency targets of issue 10. Linux only, as root:
//
//	sudo make link-test
//	linktest -rate 5mbit -duration 60s -streams mjpeg:1280x720,h264:1920x1080
//
// Nothing leaves the namespace (only 127.0.0.1 inside it), every wait is
// bounded, and the namespace is deleted at the end, on an error, and on
// SIGINT or SIGTERM.
package main

import (
	"context"
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
	log.SetPrefix("linktest: ")
	cfg, streams, appendTo, err := parseArgs(os.Args[1:])
	if err != nil {
		if err == flag.ErrHelp {
			os.Exit(0)
		}
		log.Fatal(err)
	}
	if err := preflight(); err != nil {
		log.Fatal(err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	rows, err := runAll(ctx, cfg, streams)
	if werr := WriteTable(os.Stdout, rows); werr != nil && err == nil {
		err = werr
	}
	if *appendTo != "" && err == nil {
		err = appendSection(*appendTo, os.Args[1:], rows)
	}
	if err != nil {
		stop()
		log.Fatal(err)
	}
}

// parseArgs reads the command line; appendTo is -append's file.
func parseArgs(args []string) (Config, []Stream, *string, error) {
	fs := flag.NewFlagSet("linktest", flag.ContinueOnError)
	rate := fs.String("rate", "20mbit", "link rate, as tc writes it (20mbit, 500kbit)")
	streams := fs.String("streams", defaultStreams, "streams to send, [mjpeg|h264:]WxH, comma-separated")
	cfg := Config{Log: func(s string) { log.Print(s) }}
	fs.IntVar(&cfg.Link.MTU, "mtu", 1500, "loopback MTU in the namespace")
	fs.DurationVar(&cfg.Duration, "duration", 60*time.Second, "how long each stream runs")
	fs.DurationVar(&cfg.Window, "window", 10*time.Second, "vidstream's record window (the first and last are compared)")
	fs.Float64Var(&cfg.FPS, "fps", 30, "camera frame rate")
	fs.IntVar(&cfg.Noise, "noise", 8, "test pattern noise (mjpeg), for camera-like JPEG sizes")
	fs.IntVar(&cfg.Port, "port", 1308, "vidstream's port inside the namespace")
	fs.StringVar(&cfg.Picam, "picam", "bin/picam", "picam binary")
	fs.StringVar(&cfg.Vidstream, "vidstream", "bin/vidstream", "vidstream binary")
	fs.StringVar(&cfg.FFmpeg, "ffmpeg", "ffmpeg", "ffmpeg binary (mjpeg and h264 streams)")
	appendTo := fs.String("append", "", "also append the table, with a heading and the command, to this Markdown file (make bench: BENCHMARKS.md)")
	if err := fs.Parse(args); err != nil {
		return cfg, nil, appendTo, err
	}
	if fs.NArg() > 0 {
		return cfg, nil, appendTo, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	var err error
	if cfg.Link.Rate, err = parseRate(*rate); err != nil {
		return cfg, nil, appendTo, err
	}
	if cfg.Duration <= 0 || cfg.Window <= 0 || cfg.FPS <= 0 {
		return cfg, nil, appendTo, fmt.Errorf("-duration, -window and -fps must be positive")
	}
	list, err := parseStreams(*streams)
	return cfg, list, appendTo, err
}

// Command picam streams camera frames to a vidstream viewer over TCP, as the
// blog post's Raspberry Pi client does, in the post's seed protocol or in
// protocol v2.
//
//	picam -source test -to HOST[:PORT] -W 320 -H 240 -format jpeg|yuv|rgb \
//		-fps 30 -frames N -proto seed|v2 [-name NAME] [-quality 85] [-noise 0]
//
// The viewer listens and picam connects to it (port 1308 unless given).
// Only the test-pattern source exists so far. picam prints a status line a
// second to stderr. On SIGINT or SIGTERM, or after -frames frames, it ends
// the stream with the end marker and exits 0.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/vidstream/vidstream/capture"
)

const (
	dialTimeout = 5 * time.Second
	// stopGrace bounds how long, once interrupted, picam keeps trying to
	// finish the current frame and write the end marker to a viewer that
	// does not read.
	stopGrace = 2 * time.Second
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("picam: ")
	cfg, err := parseConfig(os.Args[1:])
	if errors.Is(err, flag.ErrHelp) {
		usage(os.Stdout)
		return
	}
	if err != nil {
		log.Fatalf("%v (picam -h for help)", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	context.AfterFunc(ctx, stop) // a second signal kills at once
	if err := run(ctx, cfg, os.Stderr); err != nil {
		log.Fatal(err)
	}
}

// run streams cfg's source to cfg's viewer until the frame count is reached
// or ctx is done, reporting to logw.
func run(ctx context.Context, cfg config, logw io.Writer) error {
	src, err := capture.NewTestSource(cfg.Width, cfg.Height, cfg.Format, cfg.FPS)
	if err != nil {
		return err
	}
	defer src.Close()
	if cfg.Name != "" {
		if err := src.SetName(cfg.Name); err != nil {
			return err
		}
	}
	if err := src.SetQuality(cfg.Quality); err != nil {
		return err
	}
	if err := src.SetNoise(cfg.Noise); err != nil {
		return err
	}

	d := net.Dialer{Timeout: dialTimeout}
	conn, err := d.DialContext(ctx, "tcp", cfg.Addr)
	switch {
	case err != nil && ctx.Err() != nil:
		fmt.Fprintln(logw, "picam: interrupted before connecting")
		return nil
	case errors.Is(err, syscall.ECONNREFUSED):
		return fmt.Errorf("no viewer listening on %s: %w", cfg.Addr, err)
	case err != nil:
		return fmt.Errorf("connecting to the viewer at %s: %w", cfg.Addr, err)
	}
	defer conn.Close()
	// Once interrupted, a write blocked on a viewer that stopped reading
	// must not hold picam forever.
	defer context.AfterFunc(ctx, func() { conn.SetWriteDeadline(time.Now().Add(stopGrace)) })()

	h := src.Hello()
	fmt.Fprintf(logw, "picam: streaming %v at %v fps to %s (%s)\n", h.Layout, cfg.FPS, cfg.Addr, cfg.Proto)
	counted := &countingSource{Source: src}
	stopStatus := startStatus(counted, logw, time.Second)
	st, err := capture.Send(ctx, conn, counted, capture.SendConfig{Proto: cfg.Proto, Frames: cfg.Frames})
	stopStatus()
	if err != nil {
		return fmt.Errorf("streaming to %s: %w", cfg.Addr, err)
	}
	fmt.Fprintf(logw, "picam: sent %d frames, %d payload bytes, and the end marker\n", st.Frames, st.Bytes)
	return nil
}

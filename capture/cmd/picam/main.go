// Command picam streams camera frames to a vidstream viewer over TCP, as the
// blog post's Raspberry Pi client does, in the post's seed protocol, in
// protocol v2, or as plain concatenated JPEGs; or writes that stream to a
// file or stdout.
//
//	picam -source test|v4l2|stdin -to HOST[:PORT] | -o FILE|- \
//		-W 320 -H 240 -format jpeg|yuv|rgb -fps 30 -frames N -proto seed|v2|mjpeg \
//		[-device /dev/video0] [-name NAME] [-quality 85] [-noise 0]
//	picam -list [-device /dev/video0]   (without -device: every video node)
//
// Sources: test draws a moving test pattern; v4l2 captures from a camera
// (-list prints what it offers); stdin reads JPEGs (rpicam-vid -t 0 --codec
// mjpeg -o -) or fixed-size I420 frames (--codec yuv420, with -W and -H).
//
// The viewer listens and picam connects to it (port 1308 unless given). If
// nothing listens yet, picam retries with backoff; if the viewer goes away,
// picam reconnects and goes on with the camera still open; if the camera is
// unplugged or stalls, picam opens it again, with the viewer still
// connected. The newest frame
// wins: when the network is slower than the camera, frames are dropped and
// counted, never queued. picam prints a status line a second to stderr. On
// SIGINT or SIGTERM, after -frames frames, or at the end of stdin, it ends
// the stream with the end marker and exits 0. When stdin ends in the middle
// of a frame, picam sends the frames before it, drops the partial one, ends
// the stream with the end marker all the same, and exits 1 saying that its
// input was cut, as it exits 1 for every other input it cannot stream.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"syscall"

	"github.com/vidstream/vidstream/capture"
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
	if err := run(ctx, cfg, os.Stdin, os.Stdout, os.Stderr); err != nil {
		log.Fatal(err)
	}
}

// run does what cfg says until the frame count is reached, the source ends
// or ctx is done, writing -list and -o - output to stdout and messages to
// stderr.
func run(ctx context.Context, cfg config, stdin io.Reader, stdout, stderr io.Writer) error {
	if cfg.List {
		return listCameras(cfg.Device, stdout)
	}
	out := &lineWriter{w: stderr}
	if cfg.Forget != "" {
		return forget(cfg, out)
	}
	opened, err := openSource(cfg, stdin, func(msg string) { out.printf("%s", msg) })
	if err != nil {
		return err
	}
	src := opened.src
	defer src.Close()
	for _, note := range opened.notes {
		out.printf("note: %s", note)
	}
	// Once stopping, a Next blocked on the camera or stdin must return.
	defer context.AfterFunc(ctx, func() { src.Close() })()
	dial, reconnect, done, err := output(cfg, stdout, func(msg string) { out.printf("%s", msg) })
	if err != nil {
		return err
	}
	defer done()

	dest := destination(cfg)
	h := src.Hello()
	out.printf("streaming %v at %v fps to %s (%s%s)", h.Layout, h.FPS, dest, cfg.Proto, privacy(cfg))
	st, err := capture.Stream(ctx, src, dial, capture.StreamConfig{
		Proto:     cfg.Proto,
		Frames:    cfg.Frames,
		Reconnect: reconnect,
		Quality:   opened.quality, MinQuality: cfg.MinQ,
		RequestKeyframe: opened.keyframe,
		Status:          func(st capture.StreamStatus) { out.write(statusLine(st)) },
		Log:             func(msg string) { out.printf("%s", msg) },
	})
	if opened.report != nil {
		for _, line := range opened.report() {
			out.printf("%s", line)
		}
	}
	if err != nil && !errors.Is(err, capture.ErrInputCut) {
		return fmt.Errorf("streaming to %s: %w", dest, err)
	}
	out.printf("sent %d frames, dropped %d, reconnects %d", st.Sent, st.Dropped, st.Reconnects)
	if err != nil {
		return &inputCutError{source: cfg.Source, dest: dest, err: err}
	}
	return nil
}

// inputCutError is run's error when the source's input ended in the middle
// of a frame: the stream was ended, but the input did not end cleanly.
type inputCutError struct {
	source, dest string
	err          error // Stream's, wrapping capture.ErrInputCut
}

// Error says, in plain words, that the input was cut, what became of the
// stream, and what to check.
func (e *inputCutError) Error() string {
	input, writer := "the input of -source "+e.source, "the camera"
	if e.source == sourceStdin {
		input, writer = "stdin", "the program writing to picam's stdin"
	}
	return fmt.Sprintf("%s was cut: it ended in the middle of a frame. That frame was dropped, and the stream to %s "+
		"was ended after the frames before it. If the input was not meant to end, check %s: did it stop or crash?", input, e.dest, writer)
}

// Unwrap returns Stream's error.
func (e *inputCutError) Unwrap() error { return e.err }

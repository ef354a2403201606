package main

// -source stdin: JPEGs, an H.264 Annex-B stream or fixed-size I420 frames
// piped in, as rpicam-vid writes them.

import (
	"errors"
	"fmt"
	"io"

	"github.com/vidstream/vidstream/capture"
	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/pixel"
)

// sourceStdin is -source stdin.
const sourceStdin = "stdin"

var stdinSource = sourceKind{name: sourceStdin, check: checkStdin, open: openStdin}

// checkStdin checks -format, and that I420 frames come with their size.
func checkStdin(c *config, set map[string]bool) error {
	if c.Format != pixel.FormatJPEG && c.Format != pixel.FormatI420 && c.Format != pixel.FormatH264 {
		return fmt.Errorf("-source stdin -format %v: must be jpeg (rpicam-vid --codec mjpeg), h264 (--codec h264) or yuv (--codec yuv420)", c.Format)
	}
	if c.Format == pixel.FormatI420 && !(set["W"] && set["H"]) {
		return errors.New("-source stdin -format yuv needs -W and -H: the size rpicam-vid was given")
	}
	return nil
}

// openStdin reads cfg's frames from stdin; after streaming it reports what
// it skipped.
func openStdin(cfg config, stdin io.Reader, _ func(string)) (openedSource, error) {
	rc := capture.ReaderConfig{Format: cfg.Format, FPS: cfg.FPS, Name: cfg.Name, MaxFrame: wire.DefaultMaxFrame, YUVLayout: cfg.YUV}
	if cfg.SizeSet || cfg.Format != pixel.FormatJPEG {
		rc.Width, rc.Height = cfg.Width, cfg.Height
	}
	src, err := capture.NewReaderSource(stdin, rc)
	if err != nil {
		return openedSource{}, fmt.Errorf("stdin: %w", err)
	}
	return openedSource{src: src, report: func() []string { return stdinReport(src) }}, nil
}

// stdinReport says what src skipped: garbage between frames (for H.264 also
// keyframes before any SPS and PPS), and frames over the wire cap.
func stdinReport(src *capture.ReaderSource) []string {
	var lines []string
	if n, runs := src.Skipped(); n > 0 {
		lines = append(lines, fmt.Sprintf("skipped %d bytes of garbage on stdin in %d runs", n, runs))
	}
	if n := src.TooLarge(); n > 0 {
		lines = append(lines, fmt.Sprintf("skipped %d frames over the wire cap of %d bytes (counted in the garbage)", n, wire.DefaultMaxFrame))
	}
	return lines
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/vidstream/vidstream/capture"
	"github.com/vidstream/vidstream/wire"
)

// dialTimeout bounds one attempt to connect to the viewer.
const dialTimeout = 5 * time.Second

// skipper is a source that skips garbage in its input, and frames over the
// wire cap (the stdin source).
type skipper interface {
	Skipped() (bytes int64, runs int)
	TooLarge() int
}

// openSource opens cfg's frame source; -source stdin reads stdin. The caller
// must Close it.
func openSource(cfg config, stdin io.Reader) (capture.Source, error) {
	switch cfg.Source {
	case sourceV4L2:
		return openCamera(cfg)
	case sourceStdin:
		rc := capture.ReaderConfig{Format: cfg.Format, FPS: cfg.FPS, Name: cfg.Name, MaxFrame: wire.DefaultMaxFrame, YUVLayout: cfg.YUV}
		if cfg.SizeSet || cfg.Format != wire.FormatJPEG {
			rc.Width, rc.Height = cfg.Width, cfg.Height
		}
		src, err := capture.NewReaderSource(stdin, rc)
		if err != nil {
			return nil, fmt.Errorf("stdin: %w", err)
		}
		return src, nil
	}
	src, err := capture.NewTestSource(cfg.Width, cfg.Height, cfg.Format, cfg.FPS)
	if err != nil {
		return nil, err
	}
	if cfg.Name != "" {
		if err := src.SetName(cfg.Name); err != nil {
			return nil, err
		}
	}
	if err := src.SetQuality(cfg.Quality); err != nil {
		return nil, err
	}
	if err := src.SetNoise(cfg.Noise); err != nil {
		return nil, err
	}
	return src, nil
}

// openCamera opens the V4L2 camera cfg names.
func openCamera(cfg config) (capture.Source, error) {
	src, err := capture.OpenV4L2(capture.V4L2Config{
		Device: cfg.Device, Width: cfg.Width, Height: cfg.Height, FPS: cfg.FPS, Format: cfg.Format, Name: cfg.Name,
	})
	if err != nil {
		return nil, nameDevice("-source v4l2", cfg.Device, err)
	}
	return src, nil
}

// nameDevice wraps err with what failed, naming device unless err does.
func nameDevice(what, device string, err error) error {
	if strings.Contains(err.Error(), device) {
		return fmt.Errorf("%s: %w", what, err)
	}
	return fmt.Errorf("%s %s: %w", what, device, err)
}

// output returns where the stream goes: a Dialer of the viewer at cfg.Addr,
// to be retried (reconnect true), or of the file cfg.Out, created now ("-"
// is stdout, which is never closed). done closes the file if the Dialer was
// never called; after a call the stream owns and closes it.
func output(cfg config, stdout io.Writer) (dial capture.Dialer, reconnect bool, done func(), err error) {
	if cfg.Addr != "" {
		return capture.TCPDialer(cfg.Addr, dialTimeout), true, func() {}, nil
	}
	var w io.WriteCloser = nopCloser{stdout}
	if cfg.Out != "-" {
		f, err := os.Create(cfg.Out)
		if err != nil {
			return nil, false, nil, fmt.Errorf("-o: %w", err)
		}
		w = f
	}
	used := false
	dial = func(context.Context) (io.WriteCloser, error) {
		if used {
			return nil, errors.New("the output was already used") // no reconnect for files
		}
		used = true
		return w, nil
	}
	return dial, false, func() {
		if !used {
			w.Close()
		}
	}, nil
}

// destination names where cfg's stream goes, for messages.
func destination(cfg config) string {
	switch {
	case cfg.Addr != "":
		return cfg.Addr
	case cfg.Out == "-":
		return "stdout"
	}
	return cfg.Out
}

// nopCloser is stdout as a connection: Close leaves it open.
type nopCloser struct{ io.Writer }

// Close does nothing.
func (nopCloser) Close() error { return nil }

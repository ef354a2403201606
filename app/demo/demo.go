// Package demo is Vidstream's built-in camera: the capture test pattern,
// streamed over loopback through the viewer's real listener, so the whole
// path (socket, protocol, decoder, screen) runs without a Pi.
package demo

import (
	"context"
	"errors"
	"fmt"
	"image"
	"net"
	"time"

	"github.com/vidstream/vidstream/capture"
	"github.com/vidstream/vidstream/wire"
)

// Options shape the demo stream. Zero values take the defaults.
type Options struct {
	Size   image.Point // frame size; zero → 640x480
	Format wire.Format // FormatUnknown → JPEG
	FPS    float64     // 0 → 30
	Proto  string      // "seed" or "v2" (the default)
}

// retryEvery is how long the demo waits before connecting again.
const retryEvery = 500 * time.Millisecond

// Run streams the test pattern to addr until ctx is done, connecting again
// whenever the connection ends (the viewer restarted, or refused it). It
// returns nil when ctx is done and an error only for options that cannot work.
func Run(ctx context.Context, addr string, o Options) error {
	if o.Size == (image.Point{}) {
		o.Size = image.Pt(640, 480)
	}
	if o.Format == wire.FormatUnknown {
		o.Format = wire.FormatJPEG
	}
	if o.FPS == 0 {
		o.FPS = 30
	}
	if o.Proto == "" {
		o.Proto = "v2"
	}
	src, err := capture.NewTestSource(o.Size.X, o.Size.Y, o.Format, o.FPS)
	if err != nil {
		return fmt.Errorf("demo camera: %w", err)
	}
	defer src.Close()
	var d net.Dialer
	for ctx.Err() == nil {
		conn, err := d.DialContext(ctx, "tcp", addr)
		if err == nil {
			_, err = capture.Send(ctx, conn, src, capture.SendConfig{Proto: o.Proto})
			conn.Close()
		}
		if err != nil && !errors.Is(err, context.Canceled) {
			select {
			case <-ctx.Done():
			case <-time.After(retryEvery):
			}
		}
	}
	return nil
}

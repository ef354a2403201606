// Package demo is Vidstream's built-in camera: the capture test pattern,
// streamed over loopback through picam's own sender into the viewer's real
// listener, so the whole path (sender, socket, protocol, decoder, screen)
// runs without a Pi.
package demo

import (
	"context"
	"fmt"
	"image"
	"time"

	"github.com/vidstream/vidstream/capture"
	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/pixel"
)

// Options shape the demo stream. Zero values take the defaults.
type Options struct {
	Size   image.Point   // frame size; zero → 640x480
	Format pixel.Format  // FormatUnknown → JPEG
	FPS    float64       // 0 → 30
	Proto  wire.Protocol // ProtoUnknown → ProtoV2
}

// Demo camera defaults.
const (
	defaultFPS = 30
	// retryEvery is how long the demo waits before connecting again when
	// the viewer is not there or refuses it.
	retryEvery = 500 * time.Millisecond
	// dialTimeout bounds one attempt to connect over loopback.
	dialTimeout = 5 * time.Second
	// Name is what the demo camera calls itself (its v2 hello): the
	// readouts and the saved records say it is the demo, not a Pi.
	Name = "built-in demo camera"
)

// Run streams the test pattern to addr until ctx is done, connecting again
// whenever the connection ends (the viewer restarted, or refused it), as
// picam does. It returns nil when ctx is done and an error only for options
// that cannot work.
func Run(ctx context.Context, addr string, o Options) error {
	if o.Size == (image.Point{}) {
		o.Size = image.Pt(640, 480)
	}
	if o.Format == pixel.FormatUnknown {
		o.Format = pixel.FormatJPEG
	}
	if o.FPS == 0 {
		o.FPS = defaultFPS
	}
	if o.Proto == wire.ProtoUnknown {
		o.Proto = wire.ProtoV2
	}
	src, err := capture.NewTestSource(o.Size.X, o.Size.Y, o.Format, o.FPS)
	if err != nil {
		return fmt.Errorf("demo camera: %w", err)
	}
	defer src.Close()
	if err := src.SetName(Name); err != nil {
		return fmt.Errorf("demo camera: %w", err)
	}
	_, err = capture.Stream(ctx, src, capture.TCPDialer(addr, dialTimeout), capture.StreamConfig{
		Proto: o.Proto, Reconnect: true, MinBackoff: retryEvery, MaxBackoff: retryEvery,
	})
	if err != nil {
		return fmt.Errorf("demo camera: %w", err)
	}
	return nil
}

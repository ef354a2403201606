package ui

import (
	"context"
	"net"
	"slices"
	"testing"
	"time"

	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/pixel"

	"github.com/vidstream/vidstream/capture"
)

// TestUIStaysResponsiveWhileTheDecoderIsSaturated floods the viewer with
// 1080p JPEG frames faster than it can decode them and checks that work
// handed to the UI goroutine still runs at once: the UI never waits on the
// network or the decoder.
func TestUIStaysResponsiveWhileTheDecoderIsSaturated(t *testing.T) {
	v, addr := startViewer(t, nil)
	src, err := capture.NewTestSource(1920, 1080, pixel.FormatJPEG, 0) // as fast as it can
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go capture.Stream(ctx, src, capture.Once(conn), capture.StreamConfig{Proto: wire.ProtoV2})
	until(t, "frames on screen", func() bool { return ui(v, func() bool { return frameOf(v) != nil }) })

	var trips []time.Duration
	for range 40 {
		start := time.Now()
		done := make(chan struct{})
		v.do(func() { close(done) })
		<-done
		trips = append(trips, time.Since(start))
		time.Sleep(5 * time.Millisecond)
	}
	slices.Sort(trips)
	median, worst := trips[len(trips)/2], trips[len(trips)-1]
	t.Logf("UI round trip while decoding 1080p flat out: median %v, worst %v", median, worst)
	if median > 50*time.Millisecond {
		t.Fatalf("UI round trip median %v, want under 50 ms", median)
	}
}

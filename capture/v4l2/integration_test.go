//go:build integration && linux && cgo

package v4l2

// Tests against a real camera. Run them with the device in
// VIDSTREAM_V4L2_DEVICE (and optionally the size in VIDSTREAM_V4L2_SIZE,
// default 640x480), e.g.
//
//	VIDSTREAM_V4L2_DEVICE=/dev/video0 go test -tags integration -run Real ./capture/v4l2
//
// They need the camera to be free (no other program streaming from it).

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/vidstream/vidstream/capture"
	"github.com/vidstream/vidstream/wire/jpeg"
	"github.com/vidstream/vidstream/wire/pixel"
)

// realCamera returns the camera and size to test with, or skips.
func realCamera(t *testing.T) (string, int, int) {
	t.Helper()
	dev := os.Getenv("VIDSTREAM_V4L2_DEVICE")
	if dev == "" {
		t.Skip("set VIDSTREAM_V4L2_DEVICE to a camera, e.g. /dev/video0")
	}
	w, h := 640, 480
	if s := os.Getenv("VIDSTREAM_V4L2_SIZE"); s != "" {
		if _, err := fmt.Sscanf(s, "%dx%d", &w, &h); err != nil {
			t.Fatalf("VIDSTREAM_V4L2_SIZE=%q: want WxH", s)
		}
	}
	return dev, w, h
}

func TestRealList(t *testing.T) {
	dev, _, _ := realCamera(t)
	var b strings.Builder
	if err := List(dev, &b); err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%s", b.String())
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) < 2 || !strings.HasPrefix(lines[0], dev+": ") {
		t.Errorf("list %q: want a first line naming %s, then formats", b.String(), dev)
	}
}

func TestRealCapture(t *testing.T) {
	dev, w, h := realCamera(t)
	for _, f := range []pixel.Format{pixel.FormatUnknown, pixel.FormatJPEG, pixel.FormatI420, pixel.FormatRGB24} {
		t.Run(fmt.Sprint(f), func(t *testing.T) {
			src, err := Open(Config{Device: dev, Width: w, Height: h, FPS: 30, Format: f})
			if err != nil && f != pixel.FormatUnknown && strings.Contains(err.Error(), "does not offer") {
				t.Skip(err)
			}
			if err != nil {
				t.Fatal(err)
			}
			defer src.Close()
			hello := src.Hello()
			if err := hello.Validate(); err != nil || hello.Layout.Width != w || hello.Layout.Height != h {
				t.Fatalf("hello %+v (%v), want a valid %dx%d one", hello, err, w, h)
			}
			t.Logf("hello: %v at %v fps, %q", hello.Layout, hello.FPS, hello.Name)
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			start := time.Now()
			for i := range 30 {
				fr, err := src.Next(ctx)
				if err != nil {
					t.Fatalf("frame %d: %v", i, err)
				}
				if fr.Seq != uint64(i) || fr.Time.Before(start.Add(-time.Second)) || fr.Time.After(time.Now()) {
					t.Fatalf("frame %d: seq %d at %v (start %v)", i, fr.Seq, fr.Time, start)
				}
				switch l := hello.Layout; {
				case l.Format == pixel.FormatJPEG && !jpeg.IsJPEG(fr.Data):
					t.Fatalf("frame %d: %d bytes that are not a JPEG", i, len(fr.Data))
				case l.Format != pixel.FormatJPEG && len(fr.Data) != l.Size():
					t.Fatalf("frame %d: %d bytes, layout %v wants %d", i, len(fr.Data), l, l.Size())
				}
			}
			st := src.Stats()
			t.Logf("30 frames in %v, stats %+v", time.Since(start), st)
			if err := src.Close(); err != nil {
				t.Fatal(err)
			}
			if _, err := src.Next(ctx); !errors.Is(err, capture.ErrClosed) {
				t.Errorf("Next after Close: %v", err)
			}
		})
	}
}

func TestRealBusyAndClose(t *testing.T) {
	dev, w, h := realCamera(t)
	src, err := Open(Config{Device: dev, Width: w, Height: h})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := src.Next(context.Background()); err != nil {
		t.Fatal(err)
	}
	if second, err := Open(Config{Device: dev, Width: w, Height: h}); err == nil {
		second.Close()
		t.Error("a second open of a streaming camera succeeded")
	} else if !strings.Contains(err.Error(), "is busy (another program is using it)") {
		t.Errorf("second open: %v, want the busy message", err)
	}
	done, five := make(chan error, 1), make(chan struct{})
	go func() {
		for i := 1; ; i++ {
			if _, err := src.Next(context.Background()); err != nil {
				done <- err
				return
			}
			if i == 5 {
				close(five)
			}
		}
	}()
	<-five // Close while it streams
	if err := src.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; !errors.Is(err, capture.ErrClosed) {
		t.Errorf("the Next loop ended with %v, want capture.ErrClosed", err)
	}
	if src2, err := Open(Config{Device: dev, Width: w, Height: h}); err != nil {
		t.Errorf("reopening after Close: %v", err)
	} else {
		src2.Close()
	}
}

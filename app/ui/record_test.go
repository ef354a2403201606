package ui

import (
	"bufio"
	"bytes"
	"context"
	"image/color"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vidstream/vidstream/app/record"
	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/pixel"
	"github.com/vidstream/vidstream/wire/wiretest"
)

// streamNamed runs a v2 camera named name that sends the JPEG frame every
// 20 ms with capture times until ctx is done.
func streamNamed(t *testing.T, ctx context.Context, addr, name string, frame []byte) {
	t.Helper()
	conn, w := dialV2(t, addr, name, 48, 32)
	go func() {
		defer conn.Close()
		for seq := uint64(1); ctx.Err() == nil; seq++ {
			if w.WriteFrame(frame, seq, time.Now().UnixNano()) != nil {
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
}

// TestRecordAndPlayBack records the focused camera's stream as received,
// reads the file back (the bytes sent, the hello, capture times), then
// plays it in a tile of its own, pauses it, and lets it end.
func TestRecordAndPlayBack(t *testing.T) {
	v, addr := startViewer(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	frame := wiretest.JPEG(t, wiretest.Solid(48, 32, color.RGBA{200, 40, 40, 255}), 90)
	streamNamed(t, ctx, addr, "pi-rec", frame)
	until(t, "the camera's picture", func() bool { return ui(v, func() bool { return frameOf(v) != nil }) })

	v.ToggleRecording()
	until(t, "15 frames recorded", func() bool {
		return ui(v, func() bool { return v.recorder != nil && v.recorder.rec.Progress().Frames >= 15 })
	})
	if st := ui(v, func() string { return v.status.standing }); !strings.Contains(st, "recording pi-rec") || !strings.Contains(st, "frames") {
		t.Errorf("standing status while recording: %q", st)
	}
	v.ToggleRecording()
	until(t, "the recording saved", func() bool {
		return ui(v, func() bool { return strings.HasPrefix(v.status.Text, "Saved the recording of pi-rec") })
	})
	cancel()
	dir := ui(v, func() string { return v.set.SaveDir })
	files, _ := filepath.Glob(filepath.Join(dir, "*"+record.Ext))
	if len(files) != 1 {
		t.Fatalf("recordings in the save folder: %v", files)
	}
	f, err := os.Open(files[0])
	if err != nil {
		t.Fatal(err)
	}
	r := wire.NewReader(bufio.NewReader(f), 1<<20)
	n := 0
	var prev int64
	for {
		fr, err := r.Next(nil)
		if err != nil {
			break
		}
		n++
		if !bytes.Equal(fr.Payload, frame) || fr.CaptureTime <= prev {
			t.Fatalf("recorded frame %d: %d bytes, time %d after %d: not the frame as sent", n, len(fr.Payload), fr.CaptureTime, prev)
		}
		prev = fr.CaptureTime
	}
	f.Close()
	if h := r.Hello(); h == nil || h.Name != "pi-rec" || n < 15 {
		t.Fatalf("recording: hello %+v, %d frames", h, n)
	}

	// Play it: a tile of its own, named after the file.
	if err := v.Play(files[0]); err != nil {
		t.Fatal(err)
	}
	name := filepath.Base(files[0])
	until(t, "the recording on screen", func() bool {
		return ui(v, func() bool { p := tileNamed(v, name); return p != nil && p.frame != nil })
	})
	p := ui(v, func() *tile { return tileNamed(v, name) })
	v.focusTile(p)
	v.TogglePause()
	if !p.session.Paused() {
		t.Fatal("Space did not pause the recording")
	}
	got := p.session.Meter.Snapshot(time.Now()).Received
	time.Sleep(150 * time.Millisecond)
	if again := p.session.Meter.Snapshot(time.Now()).Received; again > got+1 {
		t.Errorf("paused, the recording went on from frame %d to %d", got, again)
	}
	v.TogglePause()
	until(t, "the recording's end", func() bool { return ui(v, func() bool { return !p.live }) })
	if done := p.session.Meter.Snapshot(time.Now()).Received; int(done) != n {
		t.Errorf("played %d frames of %d", done, n)
	}
	if txt := ui(v, func() string { return p.gone.Text }); !strings.Contains(txt, "the recording is over") {
		t.Errorf("badge after the recording: %q", txt)
	}
	if err := v.Play(filepath.Join(dir, "missing"+record.Ext)); err == nil || !strings.Contains(err.Error(), "the file does not exist") {
		t.Errorf("playing a missing file: %v", err)
	}
}

// TestRecordSeedRawAndPlayBack: a stream from the post's client (seed,
// raw YUV at the raw frame size) records as v2 with the layout it was
// found to have, and plays back as that picture.
func TestRecordSeedRawAndPlayBack(t *testing.T) {
	v, addr := startViewer(t, nil)
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	yuv := make([]byte, pixel.PicameraLayout(pixel.FormatI420, 320, 240).Size())
	for i := range yuv {
		yuv[i] = 200 // bright grey
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		for ctx.Err() == nil {
			if _, err := c.Write(seed(yuv)); err != nil {
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	until(t, "the raw picture", func() bool { return ui(v, func() bool { return frameOf(v) != nil }) })
	v.ToggleRecording()
	until(t, "5 frames recorded", func() bool {
		return ui(v, func() bool { return v.recorder != nil && v.recorder.rec.Progress().Frames >= 5 })
	})
	v.ToggleRecording()
	until(t, "the recording saved", func() bool {
		return ui(v, func() bool { return strings.HasPrefix(v.status.Text, "Saved the recording of") })
	})
	cancel()
	files, _ := filepath.Glob(filepath.Join(ui(v, func() string { return v.set.SaveDir }), "*"+record.Ext))
	if len(files) != 1 {
		t.Fatalf("recordings: %v", files)
	}
	if err := v.Play(files[0]); err != nil {
		t.Fatal(err)
	}
	name := filepath.Base(files[0])
	until(t, "the recording's picture", func() bool {
		return ui(v, func() bool { p := tileNamed(v, name); return p != nil && p.frame != nil })
	})
	ui(v, func() bool {
		f := tileNamed(v, name).frame
		if f.Layout.Format != pixel.FormatI420 || f.Layout.Width != 320 || f.Layout.Height != 240 {
			t.Errorf("played back as %+v, want 320x240 yuv", f.Layout)
		}
		if px := f.Image.RGBAAt(160, 120); px.R < 180 || px.R != px.G || px.G != px.B {
			t.Errorf("played back pixel %v, want the bright grey sent", px)
		}
		return true
	})
}

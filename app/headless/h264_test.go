//go:build avcodec && cgo

package headless

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/vidstream/vidstream/capture"
	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/pixel"
	"github.com/vidstream/vidstream/wire/wiretest"
)

// paced hands out src's frames no faster than one per period, as a camera
// (or rpicam-vid on stdin) does.
type paced struct {
	capture.Source
	period time.Duration
	next   time.Time
}

func (p *paced) Next(ctx context.Context) (capture.Frame, error) {
	if d := time.Until(p.next); d > 0 {
		time.Sleep(d)
	}
	p.next = time.Now().Add(p.period)
	return p.Source.Next(ctx)
}

// x264Source is libx264's stream x read by picam's stdin source, paced.
func x264Source(t *testing.T, x wiretest.X264, period time.Duration) capture.Source {
	t.Helper()
	src, err := capture.NewReaderSource(bytes.NewReader(x.Encode(t)),
		capture.ReaderConfig{Format: pixel.FormatH264, Width: x.Width, Height: x.Height, FPS: 30})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { src.Close() })
	return &paced{Source: src, period: period}
}

// lumaPSNR compares the luma of a decoded picture with the I420 source's Y
// plane (BT.601 limited range, what x264 encodes).
func lumaPSNR(img image.Image, y []byte) float64 {
	b := img.Bounds()
	var sum float64
	for j := 0; j < b.Dy(); j++ {
		for i := 0; i < b.Dx(); i++ {
			r, g, bl, _ := img.At(b.Min.X+i, b.Min.Y+j).RGBA()
			yy := 16 + (65.481*float64(r>>8)+128.553*float64(g>>8)+24.966*float64(bl>>8))/255
			d := yy - float64(y[j*b.Dx()+i])
			sum += d * d
		}
	}
	return 10 * math.Log10(255*255/(sum/float64(b.Dx()*b.Dy())))
}

// TestH264EndToEnd: libx264 (what rpicam-vid runs on a Pi 5), several
// slices a picture, through picam's stdin source and sender over TCP into
// the headless viewer: every frame arrives and is decoded, and the last
// picture shown is the source's last picture. The bound: x264's ultrafast
// preset at its default CRF 23 keeps testsrc2 at 38-40 dB (ffmpeg's psnr
// filter on the same encode); 32 dB leaves room for the RGBA round trip
// while any wrong picture (another frame, broken slices) is under 20 dB.
func TestH264EndToEnd(t *testing.T) {
	x := wiretest.X264{Width: 640, Height: 360, Frames: 45, GOP: 15, Slices: 4, Profile: "main"}
	src := x264Source(t, x, 33*time.Millisecond)
	snap := filepath.Join(t.TempDir(), "last.png")
	res, _, err := start(t, Config{Snapshot: snap}, func(addr string) error {
		_, err := capture.Stream(context.Background(), src, capture.TCPDialer(addr, time.Second),
			capture.StreamConfig{Proto: wire.ProtoV2})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.KeyframeInterval != 15 {
		t.Errorf("keyframe interval %d, want 15", res.KeyframeInterval)
	}
	if res.Received != 45 || res.Decoded != 45 || res.Errors != 0 || res.Decoder == "" {
		t.Errorf("received %d, decoded %d, dropped %d, errors %d (%s); want all 45 decoded", res.Received, res.Decoded, res.Dropped, res.Errors, res.Decoder)
	}
	f, err := os.Open(snap)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds().Dx() != 640 || img.Bounds().Dy() != 360 {
		t.Fatalf("snapshot %v, want 640x360", img.Bounds())
	}
	last := x.Source(t)[44]
	if p := lumaPSNR(img, last[:640*360]); p < 32 {
		t.Errorf("last picture shown: %.1f dB against the source's last, want >= 32", p)
	}
}

// TestH264RecordingReplays: picam -o's recording of an H.264 stream (v2
// flagged frames) replays frame for frame.
func TestH264RecordingReplays(t *testing.T) {
	x := wiretest.X264{Width: 320, Height: 240, Frames: 40, GOP: 10}
	src := x264Source(t, x, 2*time.Millisecond)
	path := filepath.Join(t.TempDir(), "rec.vs")
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	st, err := capture.Stream(context.Background(), src, capture.Once(out), capture.StreamConfig{Proto: wire.ProtoV2})
	if err != nil || st.Sent != 40 {
		t.Fatalf("recording: sent %d, %v", st.Sent, err)
	}
	var log bytes.Buffer
	res, err := Replay(context.Background(), path, Config{}, &log)
	if err != nil {
		t.Fatal(err)
	}
	if res.Decoded != 40 || res.Errors != 0 || res.Protocol != "v2" {
		t.Errorf("replay: decoded %d of %d, errors %d, protocol %s", res.Decoded, res.Received, res.Errors, res.Protocol)
	}
}

// TestRawH264FileReplays: a raw Annex-B file, as rpicam-vid -o file.h264 or
// ffmpeg -f h264 writes it, replays frame for frame.
func TestRawH264FileReplays(t *testing.T) {
	x := wiretest.X264{Width: 320, Height: 240, Frames: 30, GOP: 10, Slices: 2}
	path := filepath.Join(t.TempDir(), "cam.h264")
	if err := os.WriteFile(path, x.Encode(t), 0o644); err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	res, err := Replay(context.Background(), path, Config{}, &log)
	if err != nil {
		t.Fatal(err)
	}
	if res.Decoded != 30 || res.Errors != 0 || res.Protocol != "h264" {
		t.Errorf("replay: decoded %d of %d, errors %d, protocol %s", res.Decoded, res.Received, res.Errors, res.Protocol)
	}
}

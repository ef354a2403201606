package wire

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// benchImage is a w x h picture with gradients and deterministic noise, so
// JPEG sizes are closer to a camera's than flat colour would give.
func benchImage(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	seed := uint32(1)
	for y := range h {
		for x := range w {
			seed = seed*1664525 + 1013904223
			n := uint8(seed >> 28)
			img.SetRGBA(x, y, color.RGBA{uint8(x*255/w) + n, uint8(y*255/h) + n, uint8((x+y)*127/(w+h)) + n, 255})
		}
	}
	return img
}

var benchSizes = []image.Point{{320, 240}, {1920, 1080}}

// cameraImage is a w x h picture of gradients with independent noise of
// +-amp on each channel of each pixel (deterministic), standing in for a
// camera's sensor noise.
func cameraImage(w, h, amp int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	seed := uint32(1)
	noisy := func(v int) uint8 {
		seed = seed*1664525 + 1013904223
		return uint8(min(255, max(0, v+int(seed>>24)%(2*amp+1)-amp)))
	}
	for y := range h {
		for x := range w {
			img.SetRGBA(x, y, color.RGBA{noisy(x * 255 / w), noisy(y * 255 / h), noisy((x + y) * 127 / (w + h)), 255})
		}
	}
	return img
}

// cameraJPEG encodes a camera-like w x h frame at quality 95 with image/jpeg
// (4:2:0). The noise is set so that a 320x240 frame is near the post's 67 KB
// and a 1920x1080 one near 400 KB.
func cameraJPEG(tb testing.TB, w, h int) []byte {
	tb.Helper()
	amp := 4
	if w*h <= 640*480 {
		amp = 64
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, cameraImage(w, h, amp), &jpeg.Options{Quality: 95}); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// jpegBenchCases are the JPEG decode benchmarks; their names do not depend on
// the build, so runs with and without -tags turbojpeg compare directly.
var jpegBenchCases = []struct {
	name string
	size image.Point
	fit  image.Point
}{
	{"320x240", image.Pt(320, 240), image.Point{}},
	{"1920x1080", image.Pt(1920, 1080), image.Point{}},
	{"1920x1080-fit480x270", image.Pt(1920, 1080), image.Pt(480, 270)}, // 1/4 with libjpeg-turbo
}

// BenchmarkDecodeJPEG decodes camera-like JPEGs into a reused RGBA with the
// build's JPEG decoder (JPEGBackend), as the viewer does.
func BenchmarkDecodeJPEG(b *testing.B) {
	hello := &Hello{Version: 2, Layout: Layout{Format: FormatJPEG}}
	for _, c := range jpegBenchCases {
		payload := cameraJPEG(b, c.size.X, c.size.Y)
		b.Run(c.name, func(b *testing.B) {
			d := Decoder{Fit: c.fit}
			dst, _, err := d.RGBA(nil, payload, hello)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(payload)))
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := d.RGBA(dst, payload, hello); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkFFmpegJPEG measures ffmpeg's single-threaded MJPEG decoder on the
// frames of BenchmarkDecodeJPEG, for comparison: each iteration runs
// `ffmpeg -threads 1 -f mjpeg -i FILE -f null -` on a file of n copies of the
// frame and on a file of one, and ns/op is the difference of their CPU times
// (user+sys, from the process's rusage) divided by n-1: ffmpeg's CPU per
// frame without its start-up. ffmpeg decodes to YUV (no RGBA conversion). It
// is skipped when ffmpeg is not installed.
func BenchmarkFFmpegJPEG(b *testing.B) {
	ffmpeg, err := exec.LookPath("ffmpeg")
	if err != nil {
		b.Skip("ffmpeg not installed")
	}
	for _, c := range jpegBenchCases[:2] {
		payload := cameraJPEG(b, c.size.X, c.size.Y)
		n := max(2, (40<<20)/len(payload)) // about 40 MB of frames
		dir := b.TempDir()
		one, many := filepath.Join(dir, "one.mjpeg"), filepath.Join(dir, "many.mjpeg")
		if err := os.WriteFile(one, payload, 0o600); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(many, bytes.Repeat(payload, n), 0o600); err != nil {
			b.Fatal(err)
		}
		b.Run(c.name, func(b *testing.B) {
			var perFrame time.Duration
			for b.Loop() {
				perFrame += (ffmpegCPU(b, ffmpeg, many) - ffmpegCPU(b, ffmpeg, one)) / time.Duration(n-1)
			}
			b.ReportMetric(float64(perFrame.Nanoseconds())/float64(b.N), "ns/op")
		})
	}
}

// ffmpegCPU runs ffmpeg's single-threaded MJPEG decode of file and returns
// its user+sys CPU time.
func ffmpegCPU(b *testing.B, ffmpeg, file string) time.Duration {
	b.Helper()
	cmd := exec.Command(ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error",
		"-threads", "1", "-f", "mjpeg", "-i", file, "-f", "null", "-")
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("%v: %v\n%s", cmd, err, out)
	}
	return cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
}

func BenchmarkDecoderRGBA(b *testing.B) {
	for _, size := range benchSizes {
		w, h := size.X, size.Y
		src := benchImage(w, h)
		var jb bytes.Buffer
		if err := jpeg.Encode(&jb, src, &jpeg.Options{Quality: 85}); err != nil {
			b.Fatal(err)
		}
		i420 := PicameraLayout(FormatI420, w, h)
		rgb := PicameraLayout(FormatRGB24, w, h)
		cases := []struct {
			name    string
			d       Decoder
			payload []byte
			hello   *Hello
		}{
			{"jpeg", Decoder{}, jb.Bytes(), &Hello{Layout: Layout{Format: FormatJPEG}}},
			{"yuv-grey", Decoder{}, EncodeI420(nil, src, i420), &Hello{Layout: i420}},
			{"yuv-colour", Decoder{Color: true}, EncodeI420(nil, src, i420), &Hello{Layout: i420}},
			{"rgb", Decoder{}, EncodePacked(nil, src, rgb), &Hello{Layout: rgb}},
		}
		for _, c := range cases {
			b.Run(fmt.Sprintf("%s/%dx%d", c.name, w, h), func(b *testing.B) {
				dst, _, err := c.d.RGBA(nil, c.payload, c.hello)
				if err != nil {
					b.Fatal(err)
				}
				b.SetBytes(int64(len(c.payload)))
				b.ReportAllocs()
				for b.Loop() {
					if _, _, err := c.d.RGBA(dst, c.payload, c.hello); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// loopReader replays data forever.
type loopReader struct {
	data []byte
	pos  int
}

func (l *loopReader) Read(p []byte) (int, error) {
	n := copy(p, l.data[l.pos:])
	l.pos = (l.pos + n) % len(l.data)
	return n, nil
}

func BenchmarkReaderNext(b *testing.B) {
	const frame = 67621 // the post's average 320x240 JPEG
	p := seqBytes(frame)
	r := NewReader(&loopReader{data: seedStream(false, p, p, p, p)}, 0)
	b.SetBytes(frame)
	b.ReportAllocs()
	var buf []byte
	for b.Loop() {
		f, err := r.Next(buf)
		if err != nil {
			b.Fatal(err)
		}
		buf = f.Payload
	}
}

func BenchmarkWriterWriteFrame(b *testing.B) {
	p := seqBytes(67621)
	w := NewV2Writer(io.Discard, Hello{Layout: Layout{Format: FormatJPEG}})
	b.SetBytes(int64(len(p)))
	b.ReportAllocs()
	for b.Loop() {
		if err := w.WriteFrame(p, 1, 2); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWithHuffmanTables is what picam adds per 1080p Motion-JPEG frame:
// "bare" completes a frame without tables (UVC webcams) into a reused
// buffer, "has-tables" only looks for them (the Pi's encoder).
func BenchmarkWithHuffmanTables(b *testing.B) {
	full := cameraJPEG(b, 1920, 1080)
	bare := withoutHuffmanTables(b, full)
	dst := make([]byte, 0, len(bare)+stdDHTLen)
	for _, bc := range []struct {
		name string
		in   []byte
		add  bool
	}{{"bare", bare, true}, {"has-tables", full, false}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(bc.in)))
			b.ReportAllocs()
			for b.Loop() {
				if _, added := WithHuffmanTables(dst, bc.in); added != bc.add {
					b.Fatalf("added %v", added)
				}
			}
		})
	}
}

package jpeg

import (
	"bytes"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/vidstream/vidstream/wire/wiretest"
)

// benchCases are the JPEG decode benchmarks; their names do not depend on
// the build, so runs with and without -tags turbojpeg compare directly.
var benchCases = []struct {
	name string
	size image.Point
	fit  image.Point
}{
	{"320x240", image.Pt(320, 240), image.Point{}},
	{"1920x1080", image.Pt(1920, 1080), image.Point{}},
	{"1920x1080-fit480x270", image.Pt(1920, 1080), image.Pt(480, 270)}, // 1/4 with libjpeg-turbo
}

// BenchmarkDecode decodes camera-like JPEGs into a reused RGBA with the
// build's JPEG decoder (Backend), as the viewer does.
func BenchmarkDecode(b *testing.B) {
	for _, c := range benchCases {
		payload := wiretest.CameraJPEG(b, c.size.X, c.size.Y)
		b.Run(c.name, func(b *testing.B) {
			d := newDecoder(b)
			dst, _, err := d.Decode(nil, payload, Limits{}, c.fit)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(payload)))
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := d.Decode(dst, payload, Limits{}, c.fit); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkFFmpegJPEG measures ffmpeg's single-threaded MJPEG decoder on the
// frames of BenchmarkDecode, for comparison: each iteration runs
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
	for _, c := range benchCases[:2] {
		payload := wiretest.CameraJPEG(b, c.size.X, c.size.Y)
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

// BenchmarkWithHuffmanTables is what picam adds per 1080p Motion-JPEG frame:
// "bare" completes a frame without tables (UVC webcams) into a reused
// buffer, "has-tables" only looks for them (the Pi's encoder).
func BenchmarkWithHuffmanTables(b *testing.B) {
	full := wiretest.CameraJPEG(b, 1920, 1080)
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

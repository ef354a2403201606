//go:build avcodec && cgo

package h264

import (
	"bytes"
	"errors"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/vidstream/vidstream/wire/wiretest"
)

// BenchmarkDecode decodes a 60-frame libx264 stream (testsrc2, ultrafast,
// zerolatency, -g 30) over and over on one slice thread and reports the
// process's CPU time per frame (cpu-ns/frame, user+sys), next to what
//
//	ffmpeg -threads 1 -f h264 -i FILE -f null -
//
// costs per frame on the same bytes (ffmpeg-cpu-ns/frame; see
// ffmpegCPUPerFrameForTest) and the ratio of the two (x-ffmpeg). ffmpeg's
// null output converts nothing; the -noconvert cases skip the RGBA
// conversion, to compare like with like.
func BenchmarkDecode(b *testing.B) {
	for _, bc := range []struct {
		name    string
		w, h    int
		convert bool
	}{
		{"720p", 1280, 720, true},
		{"720p-noconvert", 1280, 720, false},
		{"1080p", 1920, 1080, true},
		{"1080p-noconvert", 1920, 1080, false},
	} {
		b.Run(bc.name, func(b *testing.B) {
			aus := splitAtAUDsForTest(b, wiretest.X264{Width: bc.w, Height: bc.h, Frames: 60, GOP: 30, AUD: true}.Encode(b))
			ff := ffmpegCPUPerFrameForTest(b, aus)
			var ffRGBA float64
			if bc.convert {
				ffRGBA = ffmpegCPUPerFrameForTest(b, aus, "-vf", "format=rgba", "-filter_threads", "1")
			}
			d, err := NewDecoder(DecoderOptions{Threads: 1})
			if err != nil {
				b.Fatal(err)
			}
			defer d.Close()
			var dst *image.RGBA
			for _, au := range aus { // warm up: dst, the scaler, the buffers
				if dst, _, _, err = d.Decode(dst, au, image.Point{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ResetTimer()
			start := cpuTimeForTest()
			for i := 0; b.Loop(); i++ {
				au := aus[i%len(aus)]
				if bc.convert {
					_, _, _, err = d.Decode(dst, au, image.Point{})
				} else if _, _, err = d.decodeFrame(au); err == nil {
					d.releaseFrame()
				}
				if err != nil {
					b.Fatal(err)
				}
			}
			ours := float64(cpuTimeForTest()-start) / float64(b.N)
			b.ReportMetric(ours, "cpu-ns/frame")
			b.ReportMetric(ff, "ffmpeg-cpu-ns/frame")
			b.ReportMetric(ours/ff, "x-ffmpeg")
			if bc.convert {
				b.ReportMetric(ffRGBA, "ffmpeg-rgba-cpu-ns/frame")
				b.ReportMetric(ours/ffRGBA, "x-ffmpeg-rgba")
			}
		})
	}
}

// cpuTimeForTest returns the user and system CPU time of the process.
func cpuTimeForTest() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		panic(err)
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

// ffmpegCPUPerFrameForTest returns the CPU time per frame of ffmpeg
// decoding aus five times over (300 frames) on one thread, less that of
// decoding the first access unit alone (its start-up and exit); out are
// more options for the output.
func ffmpegCPUPerFrameForTest(b *testing.B, aus [][]byte, out ...string) float64 {
	b.Helper()
	const reps = 5
	all := bytes.Repeat(bytes.Join(aus, nil), reps)
	long, short := ffmpegCPUForTest(b, all, out), ffmpegCPUForTest(b, aus[0], out)
	return float64(long-short) / float64(reps*len(aus)-1)
}

// ffmpegCPUForTest returns the user and system CPU time of ffmpeg decoding
// stream to its null output, with the output options out.
func ffmpegCPUForTest(b *testing.B, stream []byte, out []string) time.Duration {
	b.Helper()
	path := filepath.Join(b.TempDir(), "enc.h264")
	if err := os.WriteFile(path, stream, 0o600); err != nil {
		b.Fatal(err)
	}
	args := append([]string{"-nostdin", "-hide_banner", "-loglevel", "error",
		"-threads", "1", "-f", "h264", "-i", path}, out...)
	cmd := exec.Command("ffmpeg", append(args, "-f", "null", "-")...)
	if out, err := cmd.CombinedOutput(); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) || len(out) > 0 {
			b.Fatalf("%v: %v\n%s", cmd.Args, err, out)
		}
	}
	return cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
}

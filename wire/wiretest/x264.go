package wiretest

import (
	"bytes"
	"fmt"
	"os/exec"
	"strconv"
	"testing"
)

// X264 says how X264 encodes FFmpeg's testsrc2 pattern with libx264, the
// encoder rpicam-vid uses on a Pi 5.
type X264 struct {
	// Width, Height and Frames: the picture size and how many frames (0
	// means 320x240 and 30 frames).
	Width, Height, Frames int
	// GOP is the keyframe interval (-g); 0 means 30.
	GOP int
	// Profile is "baseline", "main" or "high" ("" leaves libx264's choice:
	// high for ultrafast).
	Profile string
	// Slices is the number of slices per picture (x264's slices=N); 0 or 1
	// means one.
	Slices int
	// BFrames keeps libx264's B-frames (reordered pictures, as rpicam-vid
	// on a Pi 5 without --low-latency gives); false is -tune zerolatency.
	BFrames bool
	// AUD inserts an access unit delimiter before every access unit.
	AUD bool
}

func (x X264) norm() X264 {
	if x.Width == 0 {
		x.Width, x.Height = 320, 240
	}
	if x.Frames == 0 {
		x.Frames = 30
	}
	if x.GOP == 0 {
		x.GOP = 30
	}
	return x
}

func (x X264) src() string {
	return fmt.Sprintf("testsrc2=size=%dx%d:rate=30", x.Width, x.Height)
}

// Encode returns x's Annex-B H.264 stream, as `ffmpeg -f lavfi -i testsrc2
// -c:v libx264 -preset ultrafast -f h264 -` writes it. It fails t when
// ffmpeg is missing (make test-deps installs it) or fails.
func (x X264) Encode(t testing.TB) []byte {
	t.Helper()
	x = x.norm()
	args := []string{"-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", x.src(),
		"-frames:v", strconv.Itoa(x.Frames), "-c:v", "libx264", "-preset", "ultrafast",
		"-g", strconv.Itoa(x.GOP), "-pix_fmt", "yuv420p"}
	if !x.BFrames {
		args = append(args, "-tune", "zerolatency")
	} else {
		args = append(args, "-bf", "1")
	}
	if x.Profile != "" {
		args = append(args, "-profile:v", x.Profile)
	}
	if x.Slices > 1 {
		args = append(args, "-x264-params", "slices="+strconv.Itoa(x.Slices))
	}
	if x.AUD {
		args = append(args, "-bsf:v", "h264_metadata=aud=insert")
	}
	args = append(args, "-f", "h264", "-")
	return ffmpeg(t, args)
}

// Source returns x's source pictures as FFmpeg draws them, before encoding:
// Frames frames of planar YUV 4:2:0 (I420, Width*Height*3/2 bytes each),
// for comparing decoded pictures with (PSNR).
func (x X264) Source(t testing.TB) [][]byte {
	t.Helper()
	x = x.norm()
	raw := ffmpeg(t, []string{"-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", x.src(),
		"-frames:v", strconv.Itoa(x.Frames), "-pix_fmt", "yuv420p", "-f", "rawvideo", "-"})
	size := x.Width*x.Height + 2*((x.Width+1)/2)*((x.Height+1)/2)
	if len(raw) != size*x.Frames {
		t.Fatalf("ffmpeg wrote %d bytes of raw video, want %d frames of %d", len(raw), x.Frames, size)
	}
	frames := make([][]byte, x.Frames)
	for i := range frames {
		frames[i] = raw[i*size : (i+1)*size : (i+1)*size]
	}
	return frames
}

// ffmpeg runs ffmpeg with args and returns its stdout.
func ffmpeg(t testing.TB, args []string) []byte {
	t.Helper()
	path, err := exec.LookPath("ffmpeg")
	if err != nil {
		t.Fatalf("ffmpeg is needed (Debian: apt-get install ffmpeg; make test-deps does): %v", err)
	}
	var out, stderr bytes.Buffer
	cmd := exec.Command(path, args...)
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("ffmpeg %v: %v\n%s", args, err, stderr.Bytes())
	}
	return out.Bytes()
}

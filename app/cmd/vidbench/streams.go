package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"sync"

	"github.com/vidstream/vidstream/capture"
	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/pixel"
)

// streamSpec is one stream of the benchmark: the test pattern at a size and
// format, with noise and JPEG quality chosen so that JPEG frames have a
// camera's sizes (the post's ~67 KB at 320x240, 300-400 KB at 1080p).
type streamSpec struct {
	W, H    int
	Format  pixel.Format
	Frames  int
	Noise   int // test pattern noise amplitude, 0..testpattern.MaxNoise
	Quality int // JPEG quality, 1..100 (0: capture.DefaultQuality)
}

// Name is how the table names the stream: "320x240 jpeg".
func (s streamSpec) Name() string { return fmt.Sprintf("%dx%d %s", s.W, s.H, s.Format) }

// Size is the -size flag vidstream needs for the stream's raw frames.
func (s streamSpec) Size() string { return fmt.Sprintf("%dx%d", s.W, s.H) }

// proto is how the stream is recorded: JPEG streams as plain concatenated
// JPEGs (which ffmpeg reads too), raw ones in the post's seed framing.
func (s streamSpec) proto() wire.Protocol {
	switch s.Format {
	case pixel.FormatJPEG:
		return wire.ProtoMJPEG
	case pixel.FormatH264:
		return wire.ProtoH264 // raw Annex-B, as rpicam-vid writes it
	}
	return wire.ProtoSeed
}

// compressed reports whether ffmpeg decodes the stream too (JPEG, H.264).
func (s streamSpec) compressed() bool { return s.proto() != wire.ProtoSeed }

// fileName is the recording's name in the streams directory.
func (s streamSpec) fileName() string {
	return fmt.Sprintf("%dx%d-%s.%s", s.W, s.H, s.Format, s.proto())
}

// Frame counts: enough for numbers stable to a few percent (a replay of a few
// seconds with the pure Go decoder), few enough that the whole benchmark
// stays within minutes on 2 cores.
var (
	fullSpecs = []streamSpec{
		{W: 320, H: 240, Format: pixel.FormatJPEG, Frames: 2000, Noise: 60, Quality: 97},
		{W: 320, H: 240, Format: pixel.FormatI420, Frames: 2000},
		{W: 320, H: 240, Format: pixel.FormatRGB24, Frames: 2000},
		{W: 1280, H: 720, Format: pixel.FormatJPEG, Frames: 400, Noise: 20, Quality: 85},
		{W: 1920, H: 1080, Format: pixel.FormatJPEG, Frames: 300, Noise: 20, Quality: 85},
		// H.264 streams are libx264's (what rpicam-vid runs on a Pi 5),
		// encoded by ffmpeg from its testsrc2 pattern (see recordH264).
		{W: 1280, H: 720, Format: pixel.FormatH264, Frames: 600},
		{W: 1920, H: 1080, Format: pixel.FormatH264, Frames: 300},
	}
	quickFrames = map[int]int{320: 30, 1280: 6, 1920: 4}
)

// streamSpecs returns the streams to measure; quick shrinks the frame counts
// for a smoke test. The slice is new.
func streamSpecs(quick bool) []streamSpec {
	specs := append([]streamSpec(nil), fullSpecs...)
	if quick {
		for i := range specs {
			specs[i].Frames = quickFrames[specs[i].W]
		}
	}
	return specs
}

// streamFile is a recorded stream. Its figures are read back from the file,
// which holds the frames Stream wrote (newest frame wins: not necessarily
// consecutive frames of the pattern).
type streamFile struct {
	Spec   streamSpec
	Path   string
	Frames int
	Bytes  int64 // payload bytes, without framing
	// FirstPath is a file holding the first frame alone, for JPEG streams
	// ("" for raw ones): ffmpeg's start-up cost is measured on it.
	FirstPath string
}

// MeanFrame is the mean payload size of a frame, in bytes.
func (f streamFile) MeanFrame() float64 {
	if f.Frames == 0 {
		return 0
	}
	return float64(f.Bytes) / float64(f.Frames)
}

// record writes spec's stream into dir with the test pattern, unpaced, and
// reads it back for its figures.
func record(ctx context.Context, dir string, spec streamSpec) (streamFile, error) {
	path := filepath.Join(dir, spec.fileName())
	if spec.Format == pixel.FormatH264 {
		if err := recordH264(ctx, path, spec); err != nil {
			return streamFile{}, err
		}
		return readBack(dir, path, spec)
	}
	src, err := capture.NewTestSource(spec.W, spec.H, spec.Format, 0)
	if err != nil {
		return streamFile{}, fmt.Errorf("recording %s: %w", spec.Name(), err)
	}
	defer src.Close()
	if err := src.SetNoise(spec.Noise); err != nil {
		return streamFile{}, fmt.Errorf("recording %s: %w", spec.Name(), err)
	}
	if err := src.SetQuality(spec.Quality); err != nil {
		return streamFile{}, fmt.Errorf("recording %s: %w", spec.Name(), err)
	}
	out, err := os.Create(path)
	if err != nil {
		return streamFile{}, fmt.Errorf("recording %s: %w", spec.Name(), err)
	}
	defer out.Close() // for a Stream that fails before taking it; Stream closes it otherwise
	cfg := capture.StreamConfig{Proto: spec.proto(), Frames: spec.Frames}
	if _, err := capture.Stream(ctx, src, capture.Once(out), cfg); err != nil {
		return streamFile{}, fmt.Errorf("recording %s into %s: %w", spec.Name(), path, err)
	}
	return readBack(dir, path, spec)
}

// recordH264 encodes spec's stream with ffmpeg's libx264 into path: testsrc2,
// preset ultrafast, tune zerolatency, a keyframe a second (rpicam-vid on a
// Pi 5 with --low-latency), as a raw Annex-B file.
func recordH264(ctx context.Context, path string, spec streamSpec) error {
	_, err := runChild(ctx, "ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi",
		"-i", fmt.Sprintf("testsrc2=size=%dx%d:rate=30", spec.W, spec.H), "-frames:v", strconv.Itoa(spec.Frames),
		"-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "30", "-pix_fmt", "yuv420p",
		"-f", "h264", path)
	if err != nil {
		return fmt.Errorf("recording %s with ffmpeg's libx264: %w", spec.Name(), err)
	}
	return nil
}

// readBack reads the recording of spec at path for its figures, and writes
// a compressed stream's first frame alone beside it, for ffmpeg's start-up.
func readBack(dir, path string, spec streamSpec) (streamFile, error) {
	sf := streamFile{Spec: spec, Path: path}
	var first []byte
	err := readRecording(path, func(p []byte) bool {
		if sf.Frames == 0 {
			first = bytes.Clone(p)
		}
		sf.Frames++
		sf.Bytes += int64(len(p))
		return true
	})
	if err == nil && sf.Frames != spec.Frames {
		err = fmt.Errorf("%s holds %d of the %d frames", path, sf.Frames, spec.Frames)
	}
	if err != nil {
		return streamFile{}, fmt.Errorf("recording %s: reading it back: %w", spec.Name(), err)
	}
	if spec.compressed() {
		sf.FirstPath = filepath.Join(dir, "first-"+spec.fileName())
		if err := os.WriteFile(sf.FirstPath, first, 0o644); err != nil {
			return streamFile{}, fmt.Errorf("recording %s: %w", spec.Name(), err)
		}
	}
	return sf, nil
}

// recordAll records every spec into dir, workers at a time, and returns the
// files in the order of specs.
func recordAll(ctx context.Context, dir string, specs []streamSpec, workers int) ([]streamFile, error) {
	files := make([]streamFile, len(specs))
	errs := make([]error, len(specs))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	next := make(chan int)
	var wg sync.WaitGroup
	for range max(workers, 1) {
		wg.Go(func() {
			for i := range next {
				files[i], errs[i] = record(ctx, dir, specs[i])
				if errs[i] != nil {
					cancel()
				}
			}
		})
	}
	for i := range specs {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return files, ctx.Err()
}

// readRecording reads the recording at path with wire's Reader (seed or
// MJPEG, told apart by the first bytes) and passes each frame's payload to
// fn, in order, until fn returns false or the recording ends. The payload
// is valid only during the call.
func readRecording(path string, fn func(payload []byte) bool) error {
	fh, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("reading the recording: %w", err)
	}
	defer fh.Close()
	r := wire.NewReader(fh, 0)
	for i := 0; ; i++ {
		fr, err := r.Next(nil)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading frame %d of %s: %w", i, path, err)
		}
		if !fn(fr.Payload) {
			return nil
		}
	}
}

// readFrames reads the first n frames of a recording, cycling through them
// again if it has fewer. The frames are new copies, which the caller owns.
func readFrames(f streamFile, n int) ([][]byte, error) {
	if n < 1 || f.Frames == 0 {
		return nil, fmt.Errorf("reading %d frames of %s: none recorded", n, f.Path)
	}
	distinct := min(n, f.Frames)
	frames := make([][]byte, 0, n)
	err := readRecording(f.Path, func(p []byte) bool {
		frames = append(frames, bytes.Clone(p))
		return len(frames) < distinct
	})
	if err != nil {
		return nil, err
	}
	if len(frames) < distinct {
		return nil, fmt.Errorf("reading %d frames of %s: it holds %d", distinct, f.Path, len(frames))
	}
	for i := distinct; i < n; i++ {
		frames = append(frames, frames[i%distinct])
	}
	return frames, nil
}

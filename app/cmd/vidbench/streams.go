package main

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/vidstream/vidstream/capture"
	"github.com/vidstream/vidstream/wire"
)

// streamSpec is one stream of the benchmark: the test pattern at a size and
// format, with noise and JPEG quality chosen so that JPEG frames have a
// camera's sizes (the post's ~67 KB at 320x240, 300-400 KB at 1080p).
type streamSpec struct {
	W, H    int
	Format  wire.Format
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
func (s streamSpec) proto() string {
	if s.Format == wire.FormatJPEG {
		return capture.ProtoMJPEG
	}
	return capture.ProtoSeed
}

// fileName is the recording's name in the streams directory.
func (s streamSpec) fileName() string {
	return fmt.Sprintf("%dx%d-%s.%s", s.W, s.H, s.Format, s.proto())
}

// Frame counts: enough for numbers stable to a few percent (a replay of a few
// seconds with the pure Go decoder), few enough that the whole benchmark
// stays within minutes on 2 cores.
var (
	fullSpecs = []streamSpec{
		{W: 320, H: 240, Format: wire.FormatJPEG, Frames: 2000, Noise: 60, Quality: 97},
		{W: 320, H: 240, Format: wire.FormatI420, Frames: 2000},
		{W: 320, H: 240, Format: wire.FormatRGB24, Frames: 2000},
		{W: 1280, H: 720, Format: wire.FormatJPEG, Frames: 400, Noise: 20, Quality: 85},
		{W: 1920, H: 1080, Format: wire.FormatJPEG, Frames: 300, Noise: 20, Quality: 85},
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

// streamFile is a recorded stream.
type streamFile struct {
	Spec   streamSpec
	Path   string
	Frames int
	Bytes  int64 // payload bytes, without framing
	Sizes  []int // payload size of each frame, in order
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

// record writes spec's stream into dir with the test pattern, unpaced.
func record(ctx context.Context, dir string, spec streamSpec) (streamFile, error) {
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
	path := filepath.Join(dir, spec.fileName())
	f, err := os.Create(path)
	if err != nil {
		return streamFile{}, fmt.Errorf("recording %s: %w", spec.Name(), err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	rec := &sizeRecorder{Source: src}
	st, err := capture.Send(ctx, w, rec, capture.SendConfig{Proto: spec.proto(), Frames: spec.Frames})
	err = errors.Join(err, w.Flush(), f.Close())
	if err == nil && (st.Frames != spec.Frames || len(rec.sizes) != spec.Frames) {
		err = fmt.Errorf("%d of %d frames written", st.Frames, spec.Frames)
	}
	if err != nil {
		return streamFile{}, fmt.Errorf("recording %s into %s: %w", spec.Name(), path, err)
	}
	sf := streamFile{Spec: spec, Path: path, Frames: st.Frames, Bytes: st.Bytes, Sizes: rec.sizes}
	if spec.proto() == capture.ProtoMJPEG {
		sf.FirstPath = filepath.Join(dir, "first-"+spec.fileName())
		if err := os.WriteFile(sf.FirstPath, rec.first, 0o644); err != nil {
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

// frameHeader is the bytes before each payload in a recording of proto:
// the seed length word, nothing between concatenated JPEGs.
func frameHeader(proto string) int {
	if proto == capture.ProtoSeed {
		return 4
	}
	return 0
}

// readFrames reads the first n frames of a recording, cycling through them
// again if it has fewer, by the sizes recorded with it (so it relies on no
// stream parser). The frames share one new buffer, which the caller owns.
func readFrames(f streamFile, n int) ([][]byte, error) {
	if n < 1 || len(f.Sizes) == 0 {
		return nil, fmt.Errorf("reading %d frames of %s: none recorded", n, f.Path)
	}
	distinct := min(n, len(f.Sizes))
	total := 0
	for _, sz := range f.Sizes[:distinct] {
		total += sz
	}
	fh, err := os.Open(f.Path)
	if err != nil {
		return nil, fmt.Errorf("reading frames: %w", err)
	}
	defer fh.Close()
	r := bufio.NewReaderSize(fh, 1<<20)
	head := make([]byte, frameHeader(f.Spec.proto()))
	buf := make([]byte, total)
	frames := make([][]byte, 0, n)
	for i, sz := range f.Sizes[:distinct] {
		if _, err := io.ReadFull(r, head); err != nil {
			return nil, fmt.Errorf("reading frame %d of %s: %w", i, f.Path, err)
		}
		if len(head) == 4 && binary.LittleEndian.Uint32(head) != uint32(sz) {
			return nil, fmt.Errorf("reading frame %d of %s: length %d, recorded %d", i, f.Path, binary.LittleEndian.Uint32(head), sz)
		}
		p := buf[:sz:sz]
		buf = buf[sz:]
		if _, err := io.ReadFull(r, p); err != nil {
			return nil, fmt.Errorf("reading frame %d of %s: %w", i, f.Path, err)
		}
		frames = append(frames, p)
	}
	for i := distinct; i < n; i++ {
		frames = append(frames, frames[i%distinct])
	}
	return frames, nil
}

// sizeRecorder is a capture.Source noting the size of every frame it
// yields, and keeping a copy of the first one.
type sizeRecorder struct {
	capture.Source
	sizes []int
	first []byte
}

// Next returns the next frame of the wrapped source and notes its size.
func (s *sizeRecorder) Next(ctx context.Context) (capture.Frame, error) {
	f, err := s.Source.Next(ctx)
	if err == nil {
		if len(s.sizes) == 0 {
			s.first = append([]byte(nil), f.Data...)
		}
		s.sizes = append(s.sizes, len(f.Data))
	}
	return f, err
}

package main

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"time"
)

// replayResult is one replay of a recording through vidstream.
type replayResult struct {
	FPS    float64 // frames decoded per second
	CPUms  float64 // CPU (user+sys) per frame, ms, during the decoding loop
	Allocs float64 // heap allocations per frame
	RSSMiB float64 // the process's own peak RSS (VmHWM on Linux), MiB
}

// replayArgs is vidstream's command line to replay f, writing its
// statistics to statsPath.
func replayArgs(f streamFile, statsPath string) []string {
	return []string{"-headless", "-input", f.Path, "-size", f.Spec.Size(), "-stats", statsPath}
}

// replay runs `vidstream -headless -input FILE -size WxH -stats FILE` once,
// reads its figures from the -stats JSON and checks that it decoded every
// frame without error.
func replay(ctx context.Context, vidstream string, f streamFile) (replayResult, error) {
	statsPath, remove, err := newStatsPath()
	if err != nil {
		return replayResult{}, fmt.Errorf("replaying %s: %w", f.Spec.Name(), err)
	}
	defer remove()
	if _, err := runChild(ctx, vidstream, replayArgs(f, statsPath)...); err != nil {
		return replayResult{}, fmt.Errorf("replaying %s: %w", f.Spec.Name(), err)
	}
	st, err := readStats(statsPath)
	if err != nil {
		return replayResult{}, fmt.Errorf("replaying %s: %w", f.Spec.Name(), err)
	}
	if st.Decoded != int64(f.Frames) || st.Errors != 0 {
		return replayResult{}, fmt.Errorf("replaying %s: %d frames recorded, vidstream decoded %d with %d errors",
			f.Spec.Name(), f.Frames, st.Decoded, st.Errors)
	}
	return replayResult{FPS: st.FPS, CPUms: st.CPUMsPerFrame, Allocs: st.AllocsPerFrame, RSSMiB: st.PeakRSSMiB}, nil
}

// ffmpegResult is one decode of a recording by ffmpeg. Since vidstream's
// figures leave out its start-up, ffmpeg's are given with its start-up
// (a run over the stream's first frame alone) subtracted too.
type ffmpegResult struct {
	CPUms      float64 // CPU (user+sys) per frame, ms, start-up subtracted
	FPS        float64 // frames per second of wall time, start-up subtracted
	WholeCPUms float64 // the whole process's CPU over the frames, start-up included
	StartupMs  float64 // CPU of a run over the first frame alone, ms
}

// ffmpegArgs is ffmpeg's command line to decode a file of format ("mjpeg",
// "h264") and throw the frames away; threads 0 leaves the decoder's thread
// count to ffmpeg. With rgba, each frame is also converted to RGBA by
// libswscale on one thread, the work vidstream does for Fyne.
func ffmpegArgs(path, format string, threads int, rgba bool) []string {
	args := []string{"-hide_banner", "-loglevel", "error"}
	if threads > 0 {
		args = append(args, "-threads", strconv.Itoa(threads))
	}
	if rgba {
		args = append(args, "-filter_threads", "1")
	}
	args = append(args, "-f", format, "-i", path)
	if rgba {
		args = append(args, "-vf", "format=rgba")
	}
	return append(args, "-f", "null", "-")
}

// ffmpegDecode runs ffmpeg over f and over its first frame alone, with the
// threads and conversion of ffmpegArgs.
func ffmpegDecode(ctx context.Context, ffmpeg string, f streamFile, threads int, rgba bool) (ffmpegResult, error) {
	if f.Frames == 0 || f.FirstPath == "" {
		return ffmpegResult{}, fmt.Errorf("ffmpeg on %s: no compressed frames recorded", f.Spec.Name())
	}
	all, err := runChild(ctx, ffmpeg, ffmpegArgs(f.Path, f.Spec.proto().String(), threads, rgba)...)
	if err != nil {
		return ffmpegResult{}, fmt.Errorf("ffmpeg on %s: %w", f.Spec.Name(), err)
	}
	one, err := runChild(ctx, ffmpeg, ffmpegArgs(f.FirstPath, f.Spec.proto().String(), threads, rgba)...)
	if err != nil {
		return ffmpegResult{}, fmt.Errorf("ffmpeg on the first frame of %s: %w", f.Spec.Name(), err)
	}
	return ffmpegFigures(f.Frames, all.usage, one.usage), nil
}

// ffmpegFigures computes the figures of a run over n frames from its cost
// and that of a run over one frame; those it cannot tell (n < 2, or the
// one-frame run cost as much) are NaN.
func ffmpegFigures(n int, all, one usage) ffmpegResult {
	r := ffmpegResult{CPUms: math.NaN(), FPS: math.NaN(), WholeCPUms: math.NaN(), StartupMs: ms(one.CPU)}
	if n < 1 {
		return r
	}
	r.WholeCPUms = ms(all.CPU) / float64(n)
	if n < 2 {
		return r
	}
	if cpu := all.CPU - one.CPU; cpu > 0 {
		r.CPUms = ms(cpu) / float64(n-1)
	}
	if wall := all.Wall - one.Wall; wall > 0 {
		r.FPS = float64(n-1) / wall.Seconds()
	}
	return r
}

// ms is d in milliseconds.
func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

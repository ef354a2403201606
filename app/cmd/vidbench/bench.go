package main

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"time"

	"github.com/vidstream/vidstream/app/cmd/internal/benchstat"
	"github.com/vidstream/vidstream/wire/pixel"
)

// logFunc takes progress messages.
type logFunc func(format string, args ...any)

// run records the streams into a temporary directory (removed at the end)
// or cfg.Keep, measures each one and returns the report.
func run(ctx context.Context, cfg config, logf logFunc) (report, error) {
	rep := report{
		Command: cfg.Command, Date: time.Now(), GoVersion: runtime.Version(), Vidstream: cfg.Vidstream,
		Machine: readMachine(), Runs: cfg.Runs, Live: cfg.Live, LiveFPS: cfg.LiveFPS, Overload: cfg.Overload, Quick: cfg.Quick,
	}
	var err error
	if rep.Build, err = readBuild(cfg.Vidstream); err != nil {
		return rep, fmt.Errorf("-vidstream: %w", err)
	}
	if cfg.FFmpeg != "" {
		if rep.FFmpeg, err = ffmpegVersion(ctx, cfg.FFmpeg); err != nil {
			return rep, fmt.Errorf("-ffmpeg: %w", err)
		}
	}
	logf("vidstream %s (%s, JPEG: %s); %s", cfg.Vidstream, rep.Build.GoVersion, rep.Build.JPEGDecoder(), orNone(rep.FFmpeg))

	dir := cfg.Keep
	if dir == "" {
		if dir, err = os.MkdirTemp("", "vidbench-"); err != nil {
			return rep, fmt.Errorf("making the streams directory: %w", err)
		}
		defer os.RemoveAll(dir)
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return rep, fmt.Errorf("-keep: %w", err)
	}
	t0 := time.Now()
	files, err := recordAll(ctx, dir, streamSpecs(cfg.Quick), runtime.NumCPU())
	if err != nil {
		return rep, err
	}
	logf("recorded %d streams in %s", len(files), time.Since(t0).Round(100*time.Millisecond))

	for _, f := range files {
		r, err := measure(ctx, cfg, f, logf)
		if err != nil {
			return rep, err
		}
		rep.Rows = append(rep.Rows, r)
	}
	return rep, nil
}

// measure replays f cfg.Runs times, interleaved with the ffmpeg runs so that
// a change of load on the machine touches both alike, then runs it live.
func measure(ctx context.Context, cfg config, f streamFile, logf logFunc) (row, error) {
	name := f.Spec.Name()
	logf("%s: %d frames of %.1f KB", name, f.Frames, f.MeanFrame()/1000)
	withFFmpeg := cfg.FFmpeg != "" && f.Spec.compressed()
	var ours []replayResult
	var ff1, ffn, ffRGBA []ffmpegResult
	for i := range cfg.Runs {
		r, err := replay(ctx, cfg.Vidstream, f)
		if err != nil {
			return row{}, err
		}
		ours = append(ours, r)
		msg := fmt.Sprintf("%s: run %d/%d: vidstream %s fps, %s ms CPU/frame", name, i+1, cfg.Runs, num(r.FPS), num(r.CPUms))
		if withFFmpeg {
			one, err := ffmpegDecode(ctx, cfg.FFmpeg, f, 1, false)
			if err != nil {
				return row{}, err
			}
			all, err := ffmpegDecode(ctx, cfg.FFmpeg, f, 0, false)
			if err != nil {
				return row{}, err
			}
			rgba, err := ffmpegDecode(ctx, cfg.FFmpeg, f, 1, true)
			if err != nil {
				return row{}, err
			}
			ff1, ffn, ffRGBA = append(ff1, one), append(ffn, all), append(ffRGBA, rgba)
			msg += fmt.Sprintf("; ffmpeg 1 thread %s ms, default threads %s ms, 1 thread to RGBA %s ms",
				num(one.CPUms), num(all.CPUms), num(rgba.CPUms))
		}
		logf("%s", msg)
	}
	live, err := liveRun(ctx, cfg.Vidstream, f, cfg.LiveFPS, cfg.Live)
	if err != nil {
		return row{}, err
	}
	logf("%s: live: latency p50 %s ms, p99 %s ms, %d of %d dropped", name, num(live.P50), num(live.P99),
		live.Dropped, live.Sent)

	r := row{
		Stream: name, Frames: f.Frames, FrameKB: f.MeanFrame() / 1000, Live: live,
		Ours: replayResult{
			FPS:    benchstat.MedianOf(ours, func(r replayResult) float64 { return r.FPS }),
			CPUms:  benchstat.MedianOf(ours, func(r replayResult) float64 { return r.CPUms }),
			Allocs: benchstat.MedianOf(ours, func(r replayResult) float64 { return r.Allocs }),
			RSSMiB: benchstat.MedianOf(ours, func(r replayResult) float64 { return r.RSSMiB }),
		},
	}
	if withFFmpeg {
		r.FF1, r.FFN, r.FF1RGBA = medianFFmpeg(ff1), medianFFmpeg(ffn), medianFFmpeg(ffRGBA)
	}
	if f.Spec.Format == pixel.FormatJPEG && r.Ours.FPS > 0 {
		// A sender twice as fast as the viewer decodes: latency must stay
		// bounded, the surplus dropped and counted.
		fps := overloadFactor * r.Ours.FPS
		over, err := liveRun(ctx, cfg.Vidstream, f, fps, cfg.Overload)
		if err != nil {
			return row{}, err
		}
		r.Overload, r.OverloadFPS = &over, fps
		logf("%s: overload at %s fps: latency p50 %s ms, p99 %s ms, %d of %d dropped", name, num(fps),
			num(over.P50), num(over.P99), over.Dropped, over.Sent)
	}
	return r, nil
}

// overloadFactor is how much faster than the viewer decodes the overload
// run's sender sends.
const overloadFactor = 2

// medianFFmpeg is the median of each figure of rs.
func medianFFmpeg(rs []ffmpegResult) *ffmpegResult {
	return &ffmpegResult{
		CPUms:      benchstat.MedianOf(rs, func(r ffmpegResult) float64 { return r.CPUms }),
		FPS:        benchstat.MedianOf(rs, func(r ffmpegResult) float64 { return r.FPS }),
		WholeCPUms: benchstat.MedianOf(rs, func(r ffmpegResult) float64 { return r.WholeCPUms }),
		StartupMs:  benchstat.MedianOf(rs, func(r ffmpegResult) float64 { return r.StartupMs }),
	}
}

func orNone(ffmpeg string) string {
	if ffmpeg == "" {
		return "no ffmpeg"
	}
	return ffmpeg
}

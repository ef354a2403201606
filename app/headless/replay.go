package headless

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"os"
	"runtime"
	"time"

	"github.com/vidstream/vidstream/app/receive"
	"github.com/vidstream/vidstream/app/stats"
	"github.com/vidstream/vidstream/wire"
)

// ReplayCost is what decoding a recording cost, measured in the process.
type ReplayCost struct {
	Frames  int64
	Wall    time.Duration
	CPU     time.Duration // user+sys of the whole process during the replay
	Mallocs uint64        // heap allocations during the replay
	PeakRSS int64         // the process's peak resident set at the end, bytes
}

// Line is the "replay:" line headless mode logs after a replay.
func (c ReplayCost) Line() string {
	per := func(d time.Duration) float64 {
		if c.Frames == 0 {
			return 0
		}
		return float64(d) / float64(time.Millisecond) / float64(c.Frames)
	}
	fps, allocs := 0.0, 0.0
	if c.Frames > 0 {
		fps = float64(c.Frames) / c.Wall.Seconds()
		allocs = float64(c.Mallocs) / float64(c.Frames)
	}
	return fmt.Sprintf("replay: frames=%d seconds=%.3f fps=%.1f cpu_ms_per_frame=%.4f wall_ms_per_frame=%.4f allocs_per_frame=%.2f peak_rss_mib=%.1f",
		c.Frames, c.Wall.Seconds(), fps, per(c.CPU), per(c.Wall), allocs, float64(c.PeakRSS)/(1<<20))
}

// Replay decodes every frame of a recorded stream (seed, v2 or plain
// concatenated JPEGs, told apart by the first bytes) as fast as it can: no
// frame is dropped, as nothing is live. It prints the same record lines and
// total as a live run, writes the files asked for, and returns what the
// decoding cost.
func Replay(ctx context.Context, path string, cfg Config, out io.Writer) (Result, ReplayCost, error) {
	if err := checkSnapshotPath(cfg.Snapshot); err != nil {
		return Result{}, ReplayCost{}, err
	}
	f, err := os.Open(path)
	if err != nil {
		return Result{}, ReplayCost{}, fmt.Errorf("replay: %w", err)
	}
	defer f.Close()
	r := wire.NewReader(bufio.NewReaderSize(f, 1<<20), cfg.Receive.MaxFrame)
	dec := cfg.Receive.Decoder

	start := time.Now()
	meter := stats.NewMeter(cfg.Receive.Window, start)
	cpu0, mallocs0 := processCPU(), mallocs()
	var (
		buf     []byte
		spare   *image.RGBA // decoded into; last.Image is never, so a failed decode cannot spoil it
		last    receive.Frame
		keepJPG = cfg.Snapshot != ""
		end     error
	)
	for ctx.Err() == nil {
		fr, err := r.Next(buf[:0])
		if wire.Skippable(r, err) {
			meter.DecodeError(err) // one frame lost; the recording goes on
			continue
		}
		if err != nil {
			if !errors.Is(err, io.EOF) {
				end = fmt.Errorf("replay %s: %w", path, err)
			}
			break
		}
		buf = fr.Payload
		received := time.Now()
		if rec, closed := meter.Received(len(fr.Payload), received); closed {
			fmt.Fprintln(out, rec.Line(meter.Snapshot(received).Records-1))
			if cfg.Records > 0 && meter.Snapshot(received).Records >= cfg.Records {
				break
			}
		}
		img, layout, err := dec.RGBA(spare, fr.Payload, r.Hello())
		if err != nil {
			meter.DecodeError(fmt.Errorf("frame %d: %w", fr.Seq, err))
			continue
		}
		spare = last.Image
		ready := time.Now()
		meter.Decoded(ready, ready.Sub(received))
		last.Image, last.Layout, last.Seq = img, layout, fr.Seq
		if keepJPG && layout.Format == wire.FormatJPEG {
			last.Payload = append(last.Payload[:0], fr.Payload...)
		}
	}
	cost := ReplayCost{Wall: time.Since(start), CPU: processCPU() - cpu0, Mallocs: mallocs() - mallocs0, PeakRSS: processPeakRSS()}
	snap := meter.Snapshot(time.Now())
	cost.Frames = snap.Decoded
	res := resultOf(snap, meter.Records(), end)

	var frame *receive.Frame
	if last.Image != nil {
		frame = &last
	}
	err = errors.Join(writeSummary(cfg.Summary, res.Records), writeSnapshot(cfg.Snapshot, frame))
	fmt.Fprintln(out, res.TotalLine())
	return res, cost, err
}

func mallocs() uint64 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.Mallocs
}

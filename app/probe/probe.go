package probe

import (
	"context"
	"errors"
	"fmt"
	"image"
	"slices"
	"time"

	"github.com/vidstream/vidstream/capture/testpattern"
)

// Screen is what the probe reads: rows of the screen's luma.
type Screen interface {
	// Size is the screen's size in pixels.
	Size() (w, h int)
	// Grab reads the luma (0..255) of r's pixels into buf, row after row,
	// r.Dx() bytes a row, growing buf when it is short, and returns it.
	// The probe owns buf; Grab keeps no reference to it.
	Grab(r image.Rectangle, buf []uint8) ([]uint8, error)
}

// Config says how long and how often the probe grabs.
type Config struct {
	Duration time.Duration    // how long to measure, once the strip is found; 0 → 10 s
	Interval time.Duration    // pause between grabs; 0 → 2 ms
	Find     time.Duration    // how long to look for the strip before giving up; 0 → 10 s
	Now      func() time.Time // the clock; nil → time.Now (tests set it)
}

// Result is what a probe run measured. Times are in milliseconds.
type Result struct {
	Frames  int     `json:"frames"`  // distinct frames seen
	Grabs   int     `json:"grabs"`   // screen grabs taken
	Unread  int     `json:"unread"`  // grabs whose strip did not read (a frame changing, something over it)
	Seconds float64 `json:"seconds"` // measuring time
	FPS     float64 `json:"fps"`     // frames seen per second: what reached the screen
	// Camera to screen: when each frame first showed minus its capture time.
	P50Ms float64 `json:"p50_ms"`
	P99Ms float64 `json:"p99_ms"`
	MinMs float64 `json:"min_ms"`
	MaxMs float64 `json:"max_ms"`
	// GapP50Ms and GapP99Ms are the times between two grabs: a frame's
	// first showing is known to within half a gap.
	GapP50Ms float64 `json:"gap_p50_ms"`
	GapP99Ms float64 `json:"gap_p99_ms"`
	Row      int     `json:"row"` // the screen row read
}

// maxSamples bounds what a run keeps: a latency per frame, a gap per grab.
const maxSamples = 1 << 20

// ErrNoStrip is returned when no row of the screen reads as a timecode
// strip within Config.Find.
var ErrNoStrip = errors.New("probe: no timecode strip on the screen: is a stream of picam -source test -timecode showing?")

// Run finds the timecode strip on s and measures until cfg.Duration has
// passed or ctx is done.
func Run(ctx context.Context, s Screen, cfg Config) (Result, error) {
	cfg = cfg.withDefaults()
	row, err := find(ctx, s, cfg)
	if err != nil {
		return Result{}, err
	}
	w, _ := s.Size()
	band := image.Rect(0, row-1, w, row+2)
	var (
		res       = Result{Row: row}
		lat, gaps []float64
		buf       []uint8
		last      uint32
		seen      bool
		prevMid   time.Time
		start     = cfg.Now()
	)
	for cfg.Now().Sub(start) < cfg.Duration && ctx.Err() == nil {
		before := cfg.Now()
		buf, err = s.Grab(band, buf)
		after := cfg.Now()
		if err != nil {
			return res, fmt.Errorf("probe: grabbing the screen: %w", err)
		}
		mid := before.Add(after.Sub(before) / 2)
		res.Grabs++
		if !prevMid.IsZero() && len(gaps) < maxSamples {
			gaps = append(gaps, ms(mid.Sub(prevMid)))
		}
		ts, ok := readBand(buf, w)
		switch {
		case !ok:
			res.Unread++
		case !seen || ts != last:
			// A new frame: it showed between the last grab and this one.
			if seen && !prevMid.IsZero() && len(lat) < maxSamples {
				shown := prevMid.Add(mid.Sub(prevMid) / 2)
				lat = append(lat, ms(shown.Sub(testpattern.FullTime(ts, after))))
			}
			last, seen = ts, true
			res.Frames++
		}
		prevMid = mid
		if !sleep(ctx, cfg.Interval) {
			break
		}
	}
	res.Seconds = cfg.Now().Sub(start).Seconds()
	if res.Seconds > 0 {
		res.FPS = float64(res.Frames) / res.Seconds
	}
	res.P50Ms, res.P99Ms, res.MinMs, res.MaxMs = quantile(lat, 0.5), quantile(lat, 0.99), quantile(lat, 0), quantile(lat, 1)
	res.GapP50Ms, res.GapP99Ms = quantile(gaps, 0.5), quantile(gaps, 0.99)
	return res, nil
}

func (c Config) withDefaults() Config {
	if c.Duration <= 0 {
		c.Duration = 10 * time.Second
	}
	if c.Interval <= 0 {
		c.Interval = 2 * time.Millisecond
	}
	if c.Find <= 0 {
		c.Find = 10 * time.Second
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}

// find grabs the whole screen until some rows read as a strip, and returns
// the middle row of the tallest run of such rows.
func find(ctx context.Context, s Screen, cfg Config) (int, error) {
	w, h := s.Size()
	if w <= 0 || h <= 0 {
		return 0, fmt.Errorf("probe: the screen is %dx%d", w, h)
	}
	var buf []uint8
	for start := cfg.Now(); cfg.Now().Sub(start) < cfg.Find; {
		var err error
		if buf, err = s.Grab(image.Rect(0, 0, w, h), buf); err != nil {
			return 0, fmt.Errorf("probe: grabbing the screen: %w", err)
		}
		best, bestLen, run := -1, 0, 0
		for y := range h {
			if _, ok := testpattern.ReadTimecode(buf[y*w : (y+1)*w]); ok {
				run++
				if run > bestLen {
					best, bestLen = y-run/2, run
				}
			} else {
				run = 0
			}
		}
		if bestLen >= 3 {
			return best, nil
		}
		if !sleep(ctx, 100*time.Millisecond) {
			return 0, ctx.Err()
		}
	}
	return 0, ErrNoStrip
}

// readBand reads the strip off a grab of three rows w wide: the middle one,
// else either other.
func readBand(buf []uint8, w int) (uint32, bool) {
	for _, r := range [...]int{1, 0, 2} {
		if (r+1)*w <= len(buf) {
			if ts, ok := testpattern.ReadTimecode(buf[r*w : (r+1)*w]); ok {
				return ts, true
			}
		}
	}
	return 0, false
}

// sleep waits d, and reports false when ctx ended first.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// quantile returns the q-quantile of xs (nearest rank), 0 without any.
// It sorts xs.
func quantile(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	slices.Sort(xs)
	i := int(q*float64(len(xs)) + 0.5)
	return xs[min(max(i-1, 0), len(xs)-1)]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

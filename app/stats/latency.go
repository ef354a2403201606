package stats

import (
	"math"
	"time"
)

// Latency histogram: logarithmic buckets, each 5% wider than the one before,
// from 1 µs up; everything beyond the last bucket (about 19 minutes) falls
// in it. A quantile is read back within 5%, in constant memory.
const (
	latBase    = time.Microsecond
	latGrowth  = 1.05
	latBuckets = 440
)

var latLogGrowth = math.Log(latGrowth)

// histogram counts durations in latency buckets and keeps the largest. It is
// the one home of the latency percentiles: decode latency and
// capture-to-arrival latency, over a session and per record window.
type histogram struct {
	counts [latBuckets]int64
	n      int64
	max    time.Duration
}

func latBucket(d time.Duration) int {
	if d <= latBase {
		return 0
	}
	i := int(math.Log(float64(d)/float64(latBase))/latLogGrowth) + 1
	return min(i, latBuckets-1)
}

// latUpper is the largest duration bucket i holds.
func latUpper(i int) time.Duration {
	if i == 0 {
		return latBase
	}
	return time.Duration(float64(latBase) * math.Pow(latGrowth, float64(i)))
}

func (h *histogram) add(d time.Duration) {
	h.counts[latBucket(d)]++
	h.n++
	h.max = max(h.max, d)
}

// reset empties h for the next window.
func (h *histogram) reset() { *h = histogram{} }

// quantile returns the upper bound of the bucket holding the q-th quantile
// (0 < q <= 1), at most the largest value added; 0 with no samples.
func (h *histogram) quantile(q float64) time.Duration {
	if h.n == 0 {
		return 0
	}
	rank := int64(math.Ceil(q * float64(h.n)))
	var seen int64
	for i, c := range h.counts {
		seen += c
		if seen >= rank {
			return min(latUpper(i), h.max)
		}
	}
	return h.max
}

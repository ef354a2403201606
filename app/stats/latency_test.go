package stats

import (
	"testing"
	"time"
)

func TestHistogramQuantiles(t *testing.T) {
	var h histogram
	if h.quantile(0.5) != 0 {
		t.Fatal("empty histogram has a median")
	}
	// 1..1000 µs: the median is 500 µs, p99 990 µs.
	for i := 1; i <= 1000; i++ {
		h.add(time.Duration(i) * time.Microsecond)
	}
	for _, tc := range []struct {
		q    float64
		want time.Duration
	}{{0.5, 500 * time.Microsecond}, {0.99, 990 * time.Microsecond}, {1, 1000 * time.Microsecond}} {
		got := h.quantile(tc.q)
		if got < tc.want || float64(got) > float64(tc.want)*latGrowth {
			t.Errorf("quantile(%v) = %v, want %v within 5%% above", tc.q, got, tc.want)
		}
	}
	// Out of range values land in the end buckets.
	h.add(0)
	h.add(time.Hour)
	if latBucket(time.Hour) != latBuckets-1 || latBucket(-time.Second) != 0 {
		t.Fatal("out-of-range durations not clamped")
	}
}

func TestMeterLatencyPercentiles(t *testing.T) {
	start := time.Unix(0, 0)
	m := NewMeter(time.Second, start)
	for i := range 100 {
		lat := time.Millisecond
		if i == 99 {
			lat = 30 * time.Millisecond
		}
		ready := start.Add(time.Duration(i) * time.Millisecond)
		m.Decoded(time.Time{}, ready.Add(-lat), ready)
	}
	s := m.Snapshot(start.Add(100 * time.Millisecond))
	if s.LatencyP50 < time.Millisecond || s.LatencyP50 > 1050*time.Microsecond {
		t.Errorf("p50 %v, want 1 ms", s.LatencyP50)
	}
	if s.LatencyP99 < time.Millisecond || s.LatencyP99 > 1050*time.Microsecond {
		t.Errorf("p99 %v, want 1 ms (99 of 100 samples)", s.LatencyP99)
	}
	if s.LatencyMaxAll < 30*time.Millisecond {
		t.Errorf("max %v, want 30 ms", s.LatencyMaxAll)
	}
}

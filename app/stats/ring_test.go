package stats

import (
	"testing"
	"time"
)

func TestBucketID(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want int64
	}{
		{0, 0},
		{99 * time.Millisecond, 0},
		{100 * time.Millisecond, 1},
		{time.Second, 10},
		{-1, -1},
		{-100 * time.Millisecond, -1},
		{-101 * time.Millisecond, -2},
	}
	for _, tt := range tests {
		if got := bucketID(tt.d); got != tt.want {
			t.Errorf("bucketID(%v) = %d, want %d", tt.d, got, tt.want)
		}
	}
}

func TestRingSlidesAndForgets(t *testing.T) {
	r := newRing()
	for id := int64(0); id < 25; id++ {
		for k := int64(0); k <= id; k++ { // id+1 events with value id in interval id
			r.add(id, time.Duration(id))
		}
	}
	tests := []struct {
		id      int64
		wantN   int64
		wantMax time.Duration
	}{
		{25, 16 + 17 + 18 + 19 + 20 + 21 + 22 + 23 + 24 + 25, 24}, // complete 15..24
		{24, 15 + 16 + 17 + 18 + 19 + 20 + 21 + 22 + 23 + 24, 24}, // complete 14..23, max includes 24
		{30, 21 + 22 + 23 + 24 + 25, 24},                          // complete 20..29
		{34, 25, 24},                                              // complete 24..33
		{35, 0, 0},                                                // complete 25..34: empty
		{15, 15, 15},                                              // complete 5..14: only 14 is still kept
	}
	for _, tt := range tests {
		if n, max := r.last(tt.id); n != tt.wantN || max != tt.wantMax {
			t.Errorf("last(%d) = %d, %v; want %d, %v", tt.id, n, max, tt.wantN, tt.wantMax)
		}
	}
	// A stale event (its slot already holds a newer interval) is ignored.
	r.add(13, time.Hour)
	if n, max := r.last(25); n != 205 || max != 24 {
		t.Errorf("after stale add: last(25) = %d, %v; want 205, 24", n, max)
	}
}

func TestRingNegativeIDs(t *testing.T) {
	r := newRing()
	r.add(-3, 5)
	r.add(-1, 7)
	if n, max := r.last(0); n != 2 || max != 7 {
		t.Errorf("last(0) = %d, %v; want 2, 7", n, max)
	}
	if n, _ := r.last(10); n != 0 {
		t.Errorf("last(10) = %d, want 0", n)
	}
}

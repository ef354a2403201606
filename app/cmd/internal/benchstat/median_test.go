package benchstat

import (
	"math"
	"slices"
	"testing"
)

func TestMedian(t *testing.T) {
	tests := []struct {
		in   []float64
		want float64
	}{
		{[]float64{3}, 3},
		{[]float64{5, 1, 3}, 3},
		{[]float64{4, 1, 3, 2}, 2.5},
		{[]float64{1, 100, 2}, 2},
	}
	for _, tt := range tests {
		in := slices.Clone(tt.in)
		if got := Median(in); got != tt.want {
			t.Errorf("median(%v) = %v, want %v", tt.in, got, tt.want)
		}
		if !slices.Equal(in, tt.in) {
			t.Errorf("median reordered its input: %v", in)
		}
	}
	if got := Median(nil); !math.IsNaN(got) {
		t.Errorf("Median(nil) = %v, want NaN", got)
	}
}

func TestMedianOf(t *testing.T) {
	type result struct{ FPS, CPUms float64 }
	rs := []result{{FPS: 10, CPUms: 3}, {FPS: 30, CPUms: 1}, {FPS: 20, CPUms: 2}}
	if got := MedianOf(rs, func(r result) float64 { return r.FPS }); got != 20 {
		t.Errorf("median fps %v, want 20", got)
	}
	if got := MedianOf(rs, func(r result) float64 { return r.CPUms }); got != 2 {
		t.Errorf("median CPU %v, want 2", got)
	}
}

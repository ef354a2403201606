package backoff

import (
	"testing"
	"time"
)

func TestBackoffDoublesToMaxAndResets(t *testing.T) {
	const ms = time.Millisecond
	b := Backoff{Min: 250 * ms, Max: 5 * time.Second}
	want := []time.Duration{250 * ms, 500 * ms, time.Second, 2 * time.Second, 4 * time.Second, 5 * time.Second, 5 * time.Second}
	for i, w := range want {
		if got := b.Next(); got != w {
			t.Fatalf("wait %d = %v, want %v", i, got, w)
		}
	}
	b.Reset()
	if got := b.Next(); got != 250*ms {
		t.Fatalf("after Reset: %v, want 250ms", got)
	}
}

func TestBackoffOddBounds(t *testing.T) {
	fixed := Backoff{Min: 500 * time.Millisecond, Max: 500 * time.Millisecond}
	for range 3 {
		if got := fixed.Next(); got != 500*time.Millisecond {
			t.Fatalf("Min == Max: %v", got)
		}
	}
	low := Backoff{Min: time.Second, Max: time.Millisecond} // Max below Min
	if got := low.Next(); got != time.Second {
		t.Fatalf("Max below Min: %v, want 1s", got)
	}
	var zero Backoff
	if got := zero.Next(); got <= 0 {
		t.Fatalf("zero Backoff waits %v, want a positive wait", got)
	}
}

// Package backoff spaces out retries. The viewer's listener after a failed
// accept, picam's dialer while no viewer answers, picam's camera reopen and
// the viewer's demo camera all wait by a Backoff.
package backoff

import "time"

// Backoff hands out the waits between attempts: Min first, then twice the
// one before, up to Max. Reset starts again from Min after a success. A
// Backoff belongs to one goroutine.
type Backoff struct {
	// Min is the first wait; at least 1 ns is used.
	Min time.Duration
	// Max is the longest wait; below Min it is taken as Min.
	Max time.Duration

	last time.Duration // the wait Next returned last; 0 after Reset
}

// Next returns the wait before the next attempt and advances the sequence.
func (b *Backoff) Next() time.Duration {
	lo := max(b.Min, 1)
	hi := max(b.Max, lo)
	b.last = min(max(2*b.last, lo), hi)
	return b.last
}

// Reset makes the next wait Min again.
func (b *Backoff) Reset() { b.last = 0 }

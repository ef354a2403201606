package handoff

import (
	"sync"
	"time"
)

// MaxLag is how long a frame may wait in a Queue behind others before
// Offer decides the consumer has fallen behind: long enough for a keyframe
// several times a frame's size to go through (a 1080p IDR takes about 60 ms
// at 20 Mbit/s), short enough to keep the latency bounded.
const MaxLag = 150 * time.Millisecond

// Queue is the hand-off for frames that depend on each other (H.264), on
// the Pi between camera and network and in the viewer between reader and
// decoder. Such frames cannot replace each other: each needs the ones
// before it back to a keyframe. So they wait in a short first-in first-out
// queue, over a fixed set of items, and Offer applies the one policy for
// them: a keyframe makes the frames queued before it unnecessary (newest
// wins, a group at a time); when the queue is full or its oldest frame has
// waited more than MaxLag, the consumer has fallen behind, and the queue is
// dropped and so is every frame up to the next keyframe. Nothing is
// allocated after construction. Every method is safe to call from any
// goroutine; Offer from one producer at a time.
type Queue[T any] struct {
	mu       sync.Mutex
	free     []T
	pending  []queued[T] // oldest first
	limit    int         // the most pending at once
	skipping bool        // dropping up to the next keyframe
	ready    chan struct{}
}

// queued is a pending item and when it was offered.
type queued[T any] struct {
	item T
	at   time.Time
}

// NewQueue makes a Queue over items, which it owns from then on. Up to
// len(items)-2 can be pending: one is being filled, one is held by the
// consumer, so Get never finds the free list empty.
func NewQueue[T any](items ...T) *Queue[T] {
	return &Queue[T]{free: items, pending: make([]queued[T], 0, len(items)),
		limit: max(len(items)-2, 1), ready: make(chan struct{}, 1)}
}

// Ready is signalled when an item becomes pending; the consumer waits on
// it, then calls Take until it reports none.
func (q *Queue[T]) Ready() <-chan struct{} { return q.ready }

// Get returns a free item for the producer to fill; ok is false only when
// items are held that were never given back.
func (q *Queue[T]) Get() (item T, ok bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	return pop(&q.free)
}

// Offer hands item, filled by the producer, to the consumer, or not, by the
// Queue's policy (see Queue): key says it decodes on its own, at when it
// arrived. It returns whether the Queue took item (when not, item is still
// the producer's, to Release), how many frames were dropped, item among
// them when not taken, and whether the consumer fell behind just now (a
// producer that can ask its camera for a keyframe should).
func (q *Queue[T]) Offer(item T, key bool, at time.Time) (taken bool, dropped int, behind bool) {
	q.mu.Lock()
	switch {
	case key:
		dropped = q.flush()
		q.skipping = false
	case q.skipping:
		q.mu.Unlock()
		return false, 1, false
	case len(q.pending) >= q.limit || len(q.pending) > 0 && at.Sub(q.pending[0].at) > MaxLag:
		dropped = q.flush() + 1
		q.skipping = true
		q.mu.Unlock()
		return false, dropped, true
	}
	q.pending = append(q.pending, queued[T]{item, at})
	q.mu.Unlock()
	select {
	case q.ready <- struct{}{}:
	default:
	}
	return true, dropped, false
}

// Take hands the oldest pending item to the consumer, if there is one.
func (q *Queue[T]) Take() (item T, ok bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.pending) == 0 {
		return item, false
	}
	item = q.pending[0].item
	n := copy(q.pending, q.pending[1:])
	q.pending[n] = queued[T]{}
	q.pending = q.pending[:n]
	return item, true
}

// Flush frees every pending item and returns how many there were; the
// next item Offer takes must be a keyframe (the consumer lost frames).
func (q *Queue[T]) Flush() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.skipping = true
	return q.flush()
}

// flush frees the pending items; q.mu is held.
func (q *Queue[T]) flush() int {
	n := len(q.pending)
	for _, p := range q.pending {
		q.free = append(q.free, p.item)
	}
	clear(q.pending)
	q.pending = q.pending[:0]
	return n
}

// Release gives an item back to the free list, from either side.
func (q *Queue[T]) Release(item T) {
	q.mu.Lock()
	q.free = append(q.free, item)
	q.mu.Unlock()
}

package handoff

import "sync"

// Queue is the hand-off for frames that depend on each other (H.264): a
// short first-in first-out queue over a fixed set of items, so that a burst
// (a keyframe that takes several frame periods to send) does not force a
// drop, while the producer decides when the queue has fallen too far
// behind and Flushes it (dropping up to the next keyframe). Nothing is
// allocated after construction. Every method is safe to call from any
// goroutine.
type Queue[T any] struct {
	mu      sync.Mutex
	free    []T
	pending []T // oldest first; its capacity is the number of items
	ready   chan struct{}
}

// NewQueue makes a Queue over items, which it owns from then on. Up to
// len(items)-2 can be pending: one is being filled, one is held by the
// consumer.
func NewQueue[T any](items ...T) *Queue[T] {
	return &Queue[T]{free: items, pending: make([]T, 0, len(items)), ready: make(chan struct{}, 1)}
}

// Ready is signalled when an item becomes pending; the consumer waits on
// it, then calls Take until it reports none.
func (q *Queue[T]) Ready() <-chan struct{} { return q.ready }

// Get returns a free item for the producer to fill; ok is false when every
// item is pending or held (the queue is full).
func (q *Queue[T]) Get() (item T, ok bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	return pop(&q.free)
}

// Put appends item, which came from Get, to the pending ones.
func (q *Queue[T]) Put(item T) {
	q.mu.Lock()
	q.pending = append(q.pending, item)
	q.mu.Unlock()
	select {
	case q.ready <- struct{}{}:
	default:
	}
}

// Take hands the oldest pending item to the consumer, if there is one.
func (q *Queue[T]) Take() (item T, ok bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.pending) == 0 {
		return item, false
	}
	item = q.pending[0]
	n := copy(q.pending, q.pending[1:])
	q.pending[n] = *new(T)
	q.pending = q.pending[:n]
	return item, true
}

// Oldest returns the oldest pending item without taking it; the item stays
// the queue's and must only be read.
func (q *Queue[T]) Oldest() (item T, ok bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.pending) == 0 {
		return item, false
	}
	return q.pending[0], true
}

// Pending returns how many items are pending.
func (q *Queue[T]) Pending() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.pending)
}

// Flush frees every pending item and returns how many there were.
func (q *Queue[T]) Flush() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	n := len(q.pending)
	q.free = append(q.free, q.pending...)
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

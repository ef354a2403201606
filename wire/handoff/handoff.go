// Package handoff is the newest-frame-wins hand-off between two stages of a
// pipeline: camera and network on the Pi, reader and decoders and screen in
// the viewer. It knows nothing of frames or protocols.
package handoff

import "sync"

// Newest is the newest-frame-wins hand-off: producers fill free items and
// put them, consumers take the pending one; a fixed set of items. An item
// put while another is still pending replaces it, and the replaced one goes
// back to the free list. Nothing ever queues, and no item is allocated after
// construction. Every method is safe to call from any goroutine.
//
// A producer never finds the free list empty when there are enough items:
// one held by each producer and each consumer, plus one pending. Three for
// one of each; the viewer's decode stage, with N decoders taking from one
// reader and putting to one screen, has N+2 on each side.
type Newest[T any] struct {
	mu      sync.Mutex
	free    []T
	pending T
	has     bool
	ready   chan struct{} // signalled when an item becomes pending
}

// New makes a Newest over items, which it owns from then on. Three are
// enough for a producer that never waits: one being filled, one pending, one
// held by the consumer.
func New[T any](items ...T) *Newest[T] {
	return &Newest[T]{free: items, ready: make(chan struct{}, 1)}
}

// Ready is signalled when an item becomes pending (not again for an item
// that replaces a pending one). The consumer waits on it, then calls Take.
func (l *Newest[T]) Ready() <-chan struct{} { return l.ready }

// Get returns a free item for the producer to fill. ok is false when the
// consumer holds every other item, which three items rule out.
func (l *Newest[T]) Get() (item T, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return pop(&l.free)
}

// pop takes the last item of *free, if any.
func pop[T any](free *[]T) (item T, ok bool) {
	n := len(*free)
	if n == 0 {
		return item, false
	}
	item = (*free)[n-1]
	*free = (*free)[:n-1]
	return item, true
}

// Put makes item the pending one. It reports whether a pending item was
// replaced (a dropped frame, now free again); when not, the slot was empty
// and Ready has been signalled.
func (l *Newest[T]) Put(item T) (dropped bool) {
	l.mu.Lock()
	if l.has {
		l.free = append(l.free, l.pending)
		dropped = true
	}
	l.pending, l.has = item, true
	l.mu.Unlock()
	if !dropped {
		l.signal()
	}
	return dropped
}

// TryPut makes item the pending one only when none is pending, and reports
// whether it did; otherwise item stays the producer's. It is for frames that
// must not replace the one pending: those of a codec whose frames depend on
// the ones before.
func (l *Newest[T]) TryPut(item T) bool {
	l.mu.Lock()
	if l.has {
		l.mu.Unlock()
		return false
	}
	l.pending, l.has = item, true
	l.mu.Unlock()
	l.signal()
	return true
}

func (l *Newest[T]) signal() {
	select {
	case l.ready <- struct{}{}:
	default:
	}
}

// Take hands the pending item to the consumer, if there is one.
func (l *Newest[T]) Take() (item T, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.has {
		return item, false
	}
	item, l.pending = l.pending, *new(T)
	l.has = false
	return item, true
}

// Release gives an item back to the free list, from either side.
func (l *Newest[T]) Release(item T) {
	l.mu.Lock()
	l.free = append(l.free, item)
	l.mu.Unlock()
}

package wire

import "sync"

// Handoff is the newest-frame-wins hand-off between two stages of a
// pipeline (reader and decoder, decoder and screen, camera and network): one
// producer, one consumer, a fixed set of items. The producer fills a free
// item and puts it; an item put while another is still pending replaces it,
// and the replaced one goes back to the free list. Nothing ever queues, and no item is allocated after
// construction.
//
// With three items the producer always finds a free one: it holds one, at
// most one is pending, and the consumer holds at most one.
type Handoff[T any] struct {
	mu      sync.Mutex
	free    []T
	pending T
	has     bool
	ready   chan struct{} // signalled when an item becomes pending
}

// NewHandoff makes a Handoff over items, which it owns from then on. Three
// are enough for a producer that never waits: one being filled, one pending,
// one held by the consumer.
func NewHandoff[T any](items ...T) *Handoff[T] {
	return &Handoff[T]{free: items, ready: make(chan struct{}, 1)}
}

// Ready is signalled when an item becomes pending (not again for an item
// that replaces a pending one). The consumer waits on it, then calls Take.
func (l *Handoff[T]) Ready() <-chan struct{} { return l.ready }

// Get returns a free item for the producer to fill. ok is false when the
// consumer holds every other item, which three items rule out.
func (l *Handoff[T]) Get() (item T, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := len(l.free)
	if n == 0 {
		return item, false
	}
	item = l.free[n-1]
	l.free = l.free[:n-1]
	return item, true
}

// Put makes item the pending one. It reports whether a pending item was
// replaced (a dropped frame, now free again); when not, the slot was empty
// and Ready has been signalled.
func (l *Handoff[T]) Put(item T) (dropped bool) {
	l.mu.Lock()
	if l.has {
		l.free = append(l.free, l.pending)
		dropped = true
	}
	l.pending, l.has = item, true
	l.mu.Unlock()
	if !dropped {
		select {
		case l.ready <- struct{}{}:
		default:
		}
	}
	return dropped
}

// Take hands the pending item to the consumer, if there is one.
func (l *Handoff[T]) Take() (item T, ok bool) {
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
func (l *Handoff[T]) Release(item T) {
	l.mu.Lock()
	l.free = append(l.free, item)
	l.mu.Unlock()
}

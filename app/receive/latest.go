package receive

import "sync"

// latest is a newest-wins hand-off from one producer to one consumer over a
// fixed set of items. The producer fills a free item and puts it; an item put
// while another is still pending replaces it, and the replaced one goes back
// to the free list. Nothing ever queues, and no item is allocated after
// construction.
//
// With three items the producer always finds a free one: it holds one, at
// most one is pending, and the consumer holds at most one.
type latest[T any] struct {
	mu      sync.Mutex
	free    []T
	pending T
	has     bool
	ready   chan struct{} // signalled when an item becomes pending
}

func newLatest[T any](items ...T) *latest[T] {
	return &latest[T]{free: items, ready: make(chan struct{}, 1)}
}

// get returns a free item for the producer to fill. ok is false when the
// consumer holds every other item, which the three-item design rules out.
func (l *latest[T]) get() (item T, ok bool) {
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

// put makes item the pending one. It reports whether a pending item was
// replaced (a dropped frame); when not, the slot was empty and the ready
// channel has been signalled.
func (l *latest[T]) put(item T) (dropped bool) {
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

// take hands the pending item to the consumer, if there is one.
func (l *latest[T]) take() (item T, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.has {
		return item, false
	}
	item, l.pending = l.pending, *new(T)
	l.has = false
	return item, true
}

// release gives an item back to the free list, from either side.
func (l *latest[T]) release(item T) {
	l.mu.Lock()
	l.free = append(l.free, item)
	l.mu.Unlock()
}

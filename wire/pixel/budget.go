package pixel

import (
	"fmt"
	"sync"
)

// DefaultDecodeBudget is the memory, in bytes (256 MiB), that decoding may
// hold at once when no other budget is given: a viewer's decoders share it.
const DefaultDecodeBudget = 256 << 20

// Budget is memory, in bytes, that decoding may hold at once, shared by
// every decoder given it. A decoder reserves what a frame will cost (its
// output image and what the decoder allocates on the way: component planes,
// a progressive JPEG's coefficients) before it allocates any of it, and
// releases that when the frame is done. A frame that needs more than the
// whole budget is refused with *OverBudgetError; one that needs more than
// is free waits, in turn, for the decodes in progress to finish. Only
// decodes in progress hold a reservation and each ends, so a wait always
// ends; a caller must not Reserve again while it holds a reservation. A nil
// *Budget limits nothing. A Budget is safe for concurrent use.
type Budget struct {
	limit int64

	mu      sync.Mutex
	used    int64
	waiting []budgetWaiter // first come, first served
}

// budgetWaiter is one Reserve waiting for n bytes; ready is closed when they
// are its.
type budgetWaiter struct {
	n     int64
	ready chan struct{}
}

// NewBudget returns a Budget of limit bytes (limit <= 0 means
// DefaultDecodeBudget).
func NewBudget(limit int64) *Budget {
	if limit <= 0 {
		limit = DefaultDecodeBudget
	}
	return &Budget{limit: limit}
}

// Limit returns the budget's size in bytes; 0 for a nil Budget.
func (b *Budget) Limit() int64 {
	if b == nil {
		return 0
	}
	return b.limit
}

// Reserve takes n bytes of the budget, waiting while they are not free, and
// returns nil; the caller must Release(n) when the frame is done. It returns
// an *OverBudgetError at once, taking nothing, when n is more than the whole
// budget. n <= 0 takes nothing.
func (b *Budget) Reserve(n int64) error {
	if b == nil || n <= 0 {
		return nil
	}
	if n > b.limit {
		return &OverBudgetError{Need: n, Limit: b.limit}
	}
	b.mu.Lock()
	if len(b.waiting) == 0 && b.used+n <= b.limit {
		b.used += n
		b.mu.Unlock()
		return nil
	}
	w := budgetWaiter{n: n, ready: make(chan struct{})}
	b.waiting = append(b.waiting, w)
	b.mu.Unlock()
	<-w.ready
	return nil
}

// Release gives back n bytes taken by Reserve and hands them to the
// waiting reservations, in the order they came, while the first fits.
func (b *Budget) Release(n int64) {
	if b == nil || n <= 0 {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.used -= n
	if b.used < 0 {
		panic("pixel: Budget released more than was reserved")
	}
	for len(b.waiting) > 0 && b.used+b.waiting[0].n <= b.limit {
		w := b.waiting[0]
		b.waiting[0] = budgetWaiter{}
		b.waiting = b.waiting[1:]
		b.used += w.n
		close(w.ready)
	}
}

// InUse returns the bytes reserved now; 0 for a nil Budget.
func (b *Budget) InUse() int64 {
	if b == nil {
		return 0
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.used
}

// OverBudgetError is returned for a frame whose decoding would need more
// memory than the whole decode budget. Nothing has been allocated for it.
type OverBudgetError struct{ Need, Limit int64 }

// Error says what the frame needs and the budget.
func (e *OverBudgetError) Error() string {
	return fmt.Sprintf("pixel: decoding needs %d MiB, more than the %d MiB the decoders may hold at once",
		mib(e.Need), mib(e.Limit))
}

// mib rounds n bytes up to whole MiB.
func mib(n int64) int64 { return (n + 1<<20 - 1) >> 20 }

package pixel

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestBudgetRefusesWhatItCannotHold(t *testing.T) {
	b := NewBudget(100)
	err := b.Reserve(101)
	var over *OverBudgetError
	if !errors.As(err, &over) || over.Need != 101 || over.Limit != 100 {
		t.Fatalf("Reserve(101) of 100 = %v, want *OverBudgetError{101, 100}", err)
	}
	if b.InUse() != 0 {
		t.Fatalf("a refused reservation took %d bytes", b.InUse())
	}
	if err := b.Reserve(100); err != nil {
		t.Fatalf("Reserve(100) of 100: %v", err)
	}
	b.Release(100)
	if b.InUse() != 0 {
		t.Fatalf("in use after release = %d", b.InUse())
	}
}

func TestBudgetErrorSaysSizes(t *testing.T) {
	got := (&OverBudgetError{Need: 300 << 20, Limit: 256 << 20}).Error()
	want := "pixel: decoding needs 300 MiB, more than the 256 MiB the decoders may hold at once"
	if got != want {
		t.Fatalf("Error() = %q, want %q", got, want)
	}
}

// A reservation that does not fit waits until enough is released, and
// reservations are served in the order they came: a big one is not starved
// by small ones arriving after it.
func TestBudgetWaitsInTurn(t *testing.T) {
	b := NewBudget(100)
	if err := b.Reserve(60); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Go(func() { _ = b.Reserve(70) })
	waitFor(t, b, 1)
	wg.Go(func() { _ = b.Reserve(10) }) // would fit, but 70 came first
	waitFor(t, b, 2)
	if b.InUse() != 60 {
		t.Fatalf("in use = %d while 70 and 10 wait, want 60: 10 went before 70", b.InUse())
	}
	b.Release(60) // 70 fits, then 10 does too
	wg.Wait()
	if b.InUse() != 80 {
		t.Fatalf("in use = %d, want 80", b.InUse())
	}
}

// Many decoders reserving and releasing never hold more than the budget.
func TestBudgetNeverExceeded(t *testing.T) {
	b := NewBudget(1000)
	var held, peak atomic.Int64
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			n := int64(100 + 97*i%400)
			for range 200 {
				if err := b.Reserve(n); err != nil {
					t.Error(err)
					return
				}
				h := held.Add(n)
				for p := peak.Load(); h > p && !peak.CompareAndSwap(p, h); p = peak.Load() {
				}
				held.Add(-n)
				b.Release(n)
			}
		})
	}
	wg.Wait()
	if p := peak.Load(); p > 1000 {
		t.Fatalf("%d bytes held at once, over the budget of 1000", p)
	}
	if b.InUse() != 0 {
		t.Fatalf("in use at the end = %d", b.InUse())
	}
}

func TestNilBudgetLimitsNothing(t *testing.T) {
	var b *Budget
	if err := b.Reserve(1 << 40); err != nil {
		t.Fatal(err)
	}
	b.Release(1 << 40)
	if b.Limit() != 0 || b.InUse() != 0 {
		t.Fatal("a nil budget reports a size")
	}
}

// waitFor waits until n reservations are waiting on b.
func waitFor(t *testing.T, b *Budget, n int) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		b.mu.Lock()
		w := len(b.waiting)
		b.mu.Unlock()
		if w == n {
			return
		}
	}
	t.Fatalf("%d reservations never came to wait", n)
}

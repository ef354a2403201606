package handoff

import "testing"

func TestNewestWins(t *testing.T) {
	l := New(1, 2, 3)
	a, _ := l.Get()
	if l.Put(a) {
		t.Fatal("first put reported a drop")
	}
	select {
	case <-l.Ready():
	default:
		t.Fatal("first put did not signal ready")
	}
	b, _ := l.Get()
	if !l.Put(b) {
		t.Fatal("second put over a pending item did not report a drop")
	}
	got, ok := l.Take()
	if !ok || got != b {
		t.Fatalf("take = %v, %v; want the newest item %v", got, ok, b)
	}
	if _, ok := l.Take(); ok {
		t.Fatal("take on an empty slot returned an item")
	}
	// The dropped item went back to the free list: with the consumer holding
	// one, the producer still finds two.
	x, ok1 := l.Get()
	y, ok2 := l.Get()
	if !ok1 || !ok2 || x == got || y == got {
		t.Fatalf("free items after a drop: %v %v %v %v", x, ok1, y, ok2)
	}
	if _, ok := l.Get(); ok {
		t.Fatal("a fourth item appeared")
	}
	l.Release(got)
	if z, ok := l.Get(); !ok || z != got {
		t.Fatalf("released item not reused: %v %v", z, ok)
	}
}

func TestAllocatesNothing(t *testing.T) {
	l := New(new(int), new(int), new(int))
	allocs := testing.AllocsPerRun(1000, func() {
		p, _ := l.Get()
		l.Put(p)
		if q, ok := l.Take(); ok {
			l.Release(q)
		}
	})
	if allocs != 0 {
		t.Fatalf("allocations per hand-off = %v, want 0", allocs)
	}
}

func TestTryPutNeverReplaces(t *testing.T) {
	l := New(1, 2, 3)
	a, _ := l.Get()
	if !l.TryPut(a) {
		t.Fatal("TryPut into an empty slot failed")
	}
	select {
	case <-l.Ready():
	default:
		t.Fatal("TryPut did not signal ready")
	}
	b, _ := l.Get()
	if l.TryPut(b) {
		t.Fatal("TryPut replaced a pending item")
	}
	if got, ok := l.Take(); !ok || got != a {
		t.Fatalf("take = %v, %v; want the first item %v", got, ok, a)
	}
	// b stayed the producer's: it is neither pending nor free.
	c, _ := l.Get()
	if _, ok := l.Get(); ok || c == b || c == a {
		t.Fatalf("free items after a refused TryPut: %v", c)
	}
}

package receive

import "testing"

func TestLatestNewestWins(t *testing.T) {
	l := newLatest(1, 2, 3)
	a, _ := l.get()
	if l.put(a) {
		t.Fatal("first put reported a drop")
	}
	select {
	case <-l.ready:
	default:
		t.Fatal("first put did not signal ready")
	}
	b, _ := l.get()
	if !l.put(b) {
		t.Fatal("second put over a pending item did not report a drop")
	}
	got, ok := l.take()
	if !ok || got != b {
		t.Fatalf("take = %v, %v; want the newest item %v", got, ok, b)
	}
	if _, ok := l.take(); ok {
		t.Fatal("take on an empty slot returned an item")
	}
	// The dropped item went back to the free list: with the consumer holding
	// one, the producer still finds two.
	x, ok1 := l.get()
	y, ok2 := l.get()
	if !ok1 || !ok2 || x == got || y == got {
		t.Fatalf("free items after a drop: %v %v %v %v", x, ok1, y, ok2)
	}
	if _, ok := l.get(); ok {
		t.Fatal("a fourth item appeared")
	}
	l.release(got)
	if z, ok := l.get(); !ok || z != got {
		t.Fatalf("released item not reused: %v %v", z, ok)
	}
}

func TestLatestAllocatesNothing(t *testing.T) {
	l := newLatest(&packet{}, &packet{}, &packet{})
	allocs := testing.AllocsPerRun(1000, func() {
		p, _ := l.get()
		l.put(p)
		if q, ok := l.take(); ok {
			l.release(q)
		}
	})
	if allocs != 0 {
		t.Fatalf("allocations per hand-off = %v, want 0", allocs)
	}
}

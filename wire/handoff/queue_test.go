package handoff

import "testing"

func TestQueueKeepsOrderAndBound(t *testing.T) {
	a, b, c, d := 1, 2, 3, 4
	q := NewQueue(&a, &b, &c, &d)
	var got []int
	for i := range 3 {
		it, ok := q.Get()
		if !ok {
			t.Fatalf("Get %d: queue full with %d of 4 items used", i, i)
		}
		*it = 10 + i
		q.Put(it)
	}
	select {
	case <-q.Ready():
	default:
		t.Fatal("Ready not signalled")
	}
	if o, ok := q.Oldest(); !ok || *o != 10 {
		t.Fatalf("Oldest = %v %v, want 10", o, ok)
	}
	held, _ := q.Take()
	got = append(got, *held)
	last, ok := q.Get() // the fourth item
	if !ok {
		t.Fatal("no fourth item")
	}
	if _, ok := q.Get(); ok {
		t.Fatal("Get returned a fifth item of four")
	}
	*last = 13
	q.Put(last)
	for {
		it, ok := q.Take()
		if !ok {
			break
		}
		got = append(got, *it)
		q.Release(it)
	}
	q.Release(held)
	if len(got) != 4 || got[0] != 10 || got[1] != 11 || got[2] != 12 || got[3] != 13 {
		t.Errorf("taken %v, want 10 11 12 13 in order", got)
	}
	for range 4 {
		if _, ok := q.Get(); !ok {
			t.Fatal("an item was lost")
		}
	}
}

func TestQueueFlush(t *testing.T) {
	a, b, c := 1, 2, 3
	q := NewQueue(&a, &b, &c)
	for range 3 {
		it, _ := q.Get()
		q.Put(it)
	}
	if n := q.Flush(); n != 3 {
		t.Errorf("Flush = %d, want 3", n)
	}
	if _, ok := q.Take(); ok {
		t.Error("an item is pending after Flush")
	}
	for range 3 {
		if _, ok := q.Get(); !ok {
			t.Fatal("Flush did not free the items")
		}
	}
}

package handoff

import (
	"testing"
	"time"
)

// offer fills a free item with v and offers it at t0+ms.
func offer(t *testing.T, q *Queue[*int], v int, key bool, ms int) (taken bool, dropped int, behind bool) {
	t.Helper()
	it, ok := q.Get()
	if !ok {
		t.Fatalf("offer %d: no free item", v)
	}
	*it = v
	taken, dropped, behind = q.Offer(it, key, time.Unix(0, 0).Add(time.Duration(ms)*time.Millisecond))
	if !taken {
		q.Release(it)
	}
	return taken, dropped, behind
}

// takeAll takes every pending value, oldest first, giving the items back.
func takeAll(q *Queue[*int]) []int {
	var got []int
	for {
		it, ok := q.Take()
		if !ok {
			return got
		}
		got = append(got, *it)
		q.Release(it)
	}
}

func newIntQueue(n int) *Queue[*int] {
	items := make([]*int, n)
	for i := range items {
		items[i] = new(int)
	}
	return NewQueue(items...)
}

func TestQueueKeepsOrderAndBound(t *testing.T) {
	q := newIntQueue(5) // up to 3 pending
	for v := range 3 {
		if taken, dropped, _ := offer(t, q, 10+v, v == 0, v); !taken || dropped != 0 {
			t.Fatalf("offer %d: taken %v, dropped %d", v, taken, dropped)
		}
	}
	select {
	case <-q.Ready():
	default:
		t.Fatal("Ready not signalled")
	}
	if got := takeAll(q); len(got) != 3 || got[0] != 10 || got[1] != 11 || got[2] != 12 {
		t.Errorf("taken %v, want 10 11 12 in order", got)
	}
	for range 5 {
		if _, ok := q.Get(); !ok {
			t.Fatal("an item was lost")
		}
	}
}

func TestQueueDropsWholeGroupsWhenBehind(t *testing.T) {
	q := newIntQueue(5)
	offer(t, q, 1, true, 0)
	offer(t, q, 2, false, 33)
	offer(t, q, 3, false, 66)
	// Full (3 pending): the consumer fell behind; all dropped, this one too.
	if taken, dropped, behind := offer(t, q, 4, false, 99); taken || dropped != 4 || !behind {
		t.Fatalf("offer to a full queue: taken %v, dropped %d, behind %v; want not, 4, behind", taken, dropped, behind)
	}
	if taken, dropped, behind := offer(t, q, 5, false, 132); taken || dropped != 1 || behind {
		t.Fatalf("before the next keyframe: taken %v, dropped %d, behind %v", taken, dropped, behind)
	}
	if taken, _, _ := offer(t, q, 6, true, 165); !taken {
		t.Fatal("the keyframe was not taken")
	}
	if got := takeAll(q); len(got) != 1 || got[0] != 6 {
		t.Errorf("pending %v, want the keyframe alone", got)
	}
}

func TestQueueBoundsTheWait(t *testing.T) {
	q := newIntQueue(10)
	offer(t, q, 1, true, 0)
	offer(t, q, 2, false, 100)
	// 151 ms after the oldest pending frame: behind.
	if taken, dropped, behind := offer(t, q, 3, false, int(MaxLag/time.Millisecond)+1); taken || dropped != 3 || !behind {
		t.Fatalf("a frame %v behind: taken %v, dropped %d, behind %v", MaxLag, taken, dropped, behind)
	}
}

func TestQueueKeyframeReplacesWhatWaits(t *testing.T) {
	q := newIntQueue(5)
	offer(t, q, 1, true, 0)
	offer(t, q, 2, false, 33)
	if taken, dropped, _ := offer(t, q, 3, true, 66); !taken || dropped != 2 {
		t.Fatalf("keyframe: taken %v, dropped %d; want taken, the 2 before it dropped", taken, dropped)
	}
	if got := takeAll(q); len(got) != 1 || got[0] != 3 {
		t.Errorf("pending %v, want the new keyframe", got)
	}
}

func TestQueueFlush(t *testing.T) {
	q := newIntQueue(5)
	offer(t, q, 1, true, 0)
	offer(t, q, 2, false, 1)
	if n := q.Flush(); n != 2 {
		t.Errorf("Flush = %d, want 2", n)
	}
	if _, ok := q.Take(); ok {
		t.Error("an item is pending after Flush")
	}
	if taken, _, _ := offer(t, q, 3, false, 2); taken {
		t.Error("after a Flush a frame that is no keyframe was taken")
	}
	for range 5 {
		if _, ok := q.Get(); !ok {
			t.Fatal("Flush did not free the items")
		}
	}
}

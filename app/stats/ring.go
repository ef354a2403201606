package stats

import (
	"math"
	"time"
)

const (
	// bucketWidth is the resolution of the sliding one-second rates.
	bucketWidth = 100 * time.Millisecond
	// nBuckets buckets of bucketWidth make up the sliding second.
	nBuckets = int64(time.Second / bucketWidth)
	// nSlots holds the sliding second plus the interval being filled.
	nSlots = nBuckets + 1
	// noBucket marks a slot that has never been used.
	noBucket = math.MinInt64
)

// bucket holds what happened during one bucketWidth interval.
type bucket struct {
	id  int64         // interval number since the meter's start
	n   int64         // events in the interval
	max time.Duration // largest value seen in the interval
}

// ring is a sliding one-second window of fixed size: nSlots buckets indexed
// by interval number modulo nSlots, so that the interval being filled never
// overwrites one of the nBuckets complete intervals before it. Adding and
// reading never allocate.
type ring struct {
	b [nSlots]bucket
}

func newRing() ring {
	var r ring
	for i := range r.b {
		r.b[i].id = noBucket
	}
	return r
}

// bucketID is the number of the bucketWidth interval that holds d, counted
// from 0 at d == 0 and rounding towards minus infinity for negative d.
func bucketID(d time.Duration) int64 {
	id := int64(d / bucketWidth)
	if d < 0 && d%bucketWidth != 0 {
		id--
	}
	return id
}

// add counts one event with value v in interval id. An event older than the
// interval its slot now holds is outside any window still to be read and is
// ignored.
func (r *ring) add(id int64, v time.Duration) { r.addN(id, 1, v) }

// addN counts k events (or k bytes) with value v in interval id, as add.
func (r *ring) addN(id, k int64, v time.Duration) {
	s := &r.b[slot(id)]
	switch {
	case s.id == id:
	case s.id < id:
		*s = bucket{id: id}
	default:
		return
	}
	s.n += k
	if v > s.max {
		s.max = v
	}
}

// last reads the ring while interval id is being filled. n counts the events
// in the nBuckets complete intervals before id: the last full second, so that
// a steady rate reads exactly, up to bucketWidth late. max is the largest
// value in those intervals and in id itself, so it is never below a value
// just added.
func (r *ring) last(id int64) (n int64, max time.Duration) {
	for i := range r.b {
		s := &r.b[i]
		if s.id > id || s.id < id-nBuckets {
			continue
		}
		if s.id < id {
			n += s.n
		}
		if s.max > max {
			max = s.max
		}
	}
	return n, max
}

func slot(id int64) int64 {
	s := id % nSlots
	if s < 0 {
		s += nSlots
	}
	return s
}

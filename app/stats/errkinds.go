package stats

import "strings"

// maxErrorKinds bounds the kinds of decode error a Meter tells apart; the
// errors of further kinds are counted under the last, otherKind.
const maxErrorKinds = 16

// otherKind names the errors past maxErrorKinds kinds.
const otherKind = "other errors"

// ErrorKind is one kind of decode error of a stream: errors whose messages
// differ only in their numbers (frame numbers, sizes, byte counts).
type ErrorKind struct {
	Kind  string // the message with each run of digits as N, e.g. "jpeg: decoding NxN (N bytes)…"
	Count int64  // how many frames failed so
	First string // the first such message in full (cut to maxErrorLen)
}

// errorKinds counts decode errors by kind, in the order the kinds first
// came. Its memory is bounded: at most maxErrorKinds kinds.
type errorKinds struct {
	kinds []ErrorKind
}

// add counts one error of message msg, whose kind is k (kindOf(msg)).
func (e *errorKinds) add(k, msg string) {
	for i := range e.kinds {
		if e.kinds[i].Kind == k {
			e.kinds[i].Count++
			return
		}
	}
	if len(e.kinds) == maxErrorKinds-1 {
		e.kinds = append(e.kinds, ErrorKind{Kind: otherKind, First: msg})
	}
	if len(e.kinds) == maxErrorKinds {
		e.kinds[maxErrorKinds-1].Count++
		return
	}
	e.kinds = append(e.kinds, ErrorKind{Kind: k, Count: 1, First: msg})
}

// list returns a copy of the kinds, in the order they first came.
func (e *errorKinds) list() []ErrorKind { return append([]ErrorKind(nil), e.kinds...) }

// kindOf returns msg with each run of digits replaced by N and a leading
// "frame N: " dropped: what tells one kind of error from another.
func kindOf(msg string) string {
	var b strings.Builder
	b.Grow(len(msg))
	digits := false
	for _, r := range msg {
		if r >= '0' && r <= '9' {
			if !digits {
				b.WriteByte('N')
			}
			digits = true
			continue
		}
		digits = false
		b.WriteRune(r)
	}
	return strings.TrimPrefix(b.String(), "frame N: ")
}

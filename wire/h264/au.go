package h264

import (
	"bytes"
	"errors"
	"fmt"
	"io"
)

// DefaultMaxAU is a Splitter's cap on one access unit when NewSplitter is
// given max <= 0: 8 MiB, over 20 times a 4K intra picture at rpicam-vid's
// default bitrate.
const DefaultMaxAU = 8 << 20

const (
	// readChunk is the most a Splitter asks of its reader at a time.
	readChunk = 64 << 10
	// sliceWindow is how many bytes after a slice's header byte the
	// splitter waits for (unless the NAL unit or the input ends first) to
	// read first_mb_in_slice: its longest code, 63 bits, with
	// emulation-prevention bytes, fits in 12.
	sliceWindow = 16
	// slack is the room the buffer keeps beyond max and readChunk for the
	// bytes of a start code and slice header not yet classified.
	slack = sliceWindow + 16
	// firstBuf is the Splitter's first buffer size; it grows to the cap.
	firstBuf = 256 << 10
)

// AUTooLargeError is returned by Splitter.Next for an access unit of more
// than Max bytes. The splitter has passed over it, keeping none of it beyond
// its cap; the error is not final: the next Next goes on with the access unit
// after it.
type AUTooLargeError struct {
	Offset int64 // where in the stream the access unit started
	Length int64 // its length in bytes
	Max    int
}

// Error says the access unit's length and the cap.
func (e *AUTooLargeError) Error() string {
	return fmt.Sprintf("h264: access unit of %d bytes at offset %d is over the cap of %d bytes", e.Length, e.Offset, e.Max)
}

// AccessUnit is one access unit of an Annex-B stream: the NAL units of one
// coded picture and the parameter sets, SEI and delimiter that precede it.
type AccessUnit struct {
	// Data is the access unit's bytes as they came, start codes included:
	// from its first NAL unit's start code (with its zero_byte when the
	// start code has 4 bytes) to the next access unit's. It aliases the
	// Splitter's buffer and is valid until the next call to Next.
	Data []byte
	// Keyframe: Data holds a slice of an IDR picture.
	Keyframe bool
	// Offset is where in the stream Data starts.
	Offset int64
}

// Splitter splits an H.264 Annex-B byte stream, as rpicam-vid writes it,
// into access units, by the rules of H.264 7.4.1.2.3 as
// bluenviron/mediacommon applies them: once a slice (type 1 or 5) has been
// seen in the current access unit, an AUD, SEI, SPS, PPS or a NAL unit of
// types 14 to 18 starts the next, and so does a slice whose
// first_mb_in_slice is 0; other slices (several per picture, as x264's
// slices=N and rpicam-vid --low-latency give) and NAL units of other types
// stay in the current one. Nothing else is parsed and nothing is changed.
// Redundant pictures and arbitrary slice order (a first_mb_in_slice of 0
// that is not a picture's first slice) are not recognised.
//
// Latency: an access unit is known to have ended only when the first NAL
// unit of the next has arrived: its start code and header byte, and for a
// slice the first 16 bytes after its header (or its end), which hold
// first_mb_in_slice. So Next returns an access unit one NAL header (some 20
// bytes) of the next frame after its last byte; at the end of input, at
// once.
//
// Memory is bounded: the Splitter keeps one buffer, grown up to the cap on
// an access unit and 64 KiB and some bytes more, and reads at most 64 KiB at
// a time; Next allocates nothing once it has grown. It is not safe for
// concurrent use.
type Splitter struct {
	r   io.Reader
	max int
	buf []byte // buf[start:n] is the current access unit and the bytes read after it

	start, n int   // the current access unit's first byte, the end of data
	scan     int   // start codes before scan have been handled
	consumed int   // bytes returned by the last Next, dropped by this one
	base     int64 // the stream offset of buf[0]

	started bool  // a start code has been seen: buf[start:] begins an access unit
	pic     bool  // the current access unit holds a slice
	key     bool  // ... a slice of an IDR picture
	nals    bool  // ... a NAL unit that is not empty
	over    int64 // bytes of the current access unit dropped: it is over the cap

	skipped int64
	eof     bool
	err     error // sticky: a read error
}

// NewSplitter returns a Splitter reading r whose access units may be at most
// max bytes (max <= 0 means DefaultMaxAU).
func NewSplitter(r io.Reader, max int) *Splitter {
	if max <= 0 {
		max = DefaultMaxAU
	}
	return &Splitter{r: r, max: max}
}

// Max returns the Splitter's cap on one access unit's length.
func (s *Splitter) Max() int { return s.max }

// Skipped returns how many bytes Next has passed over that are in no access
// unit: bytes before the first start code, and start codes at the end of
// input with no NAL unit after them. Access units over the cap are reported
// by AUTooLargeError instead.
func (s *Splitter) Skipped() int64 { return s.skipped }

// Next returns the next access unit; its Data is valid until the next call
// to Next. At the end of input it returns the pending access unit (rpicam-vid
// writes whole ones; a cut one is returned as it is) and then io.EOF. An
// access unit over the cap is passed over and reported with an
// *AUTooLargeError, which is not final: the next call goes on with the
// access unit after it. A read error is final, and the access unit it cut
// is lost.
func (s *Splitter) Next() (AccessUnit, error) {
	if s.err != nil {
		return AccessUnit{}, s.err
	}
	s.start += s.consumed
	s.consumed = 0
	for {
		au, err, done := s.split()
		if done {
			return au, err
		}
		if s.eof {
			return s.finish()
		}
		if err := s.fill(); err != nil {
			s.err = err
			return AccessUnit{}, err
		}
	}
}

// split handles the start codes in buf[scan:n]. When one ends the current
// access unit it returns that (or its AUTooLargeError) with done true; else
// it stops where it needs more bytes.
func (s *Splitter) split() (au AccessUnit, err error, done bool) {
	for {
		k := bytes.Index(s.buf[s.scan:s.n], startCode)
		if k < 0 {
			s.scan = max(s.scan, s.n-2)
			return AccessUnit{}, nil, false
		}
		p := s.scan + k
		hdr, first, ok := s.classify(p)
		if !ok {
			s.scan = p
			return AccessUnit{}, nil, false
		}
		typ := -1 // no header byte: the input ended
		if hdr >= 0 {
			typ = hdr & 0x1F
		}
		cut := p
		if p > s.start && s.buf[p-1] == 0 {
			cut = p - 1 // a 4-byte start code
		}
		switch {
		case !s.started:
			s.skipped += int64(cut - s.start)
			s.start, s.started = cut, true
		case s.pic && (startsAU(typ) || isSlice(typ) && first):
			au, err = s.end(cut)
			s.note(hdr)
			s.scan = p + 3
			return au, err, true
		}
		s.note(hdr)
		s.scan = p + 3
	}
}

// classify looks at the NAL unit after the start code at p: its header byte
// (-1 when the input ends first) and, for a slice, whether its
// first_mb_in_slice is 0. ok is false when the bytes needed have not all
// arrived.
func (s *Splitter) classify(p int) (hdr int, first, ok bool) {
	h := p + 3
	if h >= s.n {
		return -1, false, s.eof
	}
	hdr = int(s.buf[h])
	if !isSlice(hdr & 0x1F) {
		return hdr, false, true
	}
	w := s.buf[h+1 : min(s.n, h+1+sliceWindow)]
	whole := false
	for i := 0; i+2 < len(w); i++ { // 00 00 0x, x < 3, ends a NAL unit
		if w[i] == 0 && w[i+1] == 0 && w[i+2] < 3 {
			w, whole = w[:i], true
			break
		}
	}
	if !whole && len(w) < sliceWindow && !s.eof {
		return hdr, false, false
	}
	r := newBitReader(w)
	v, err := r.ue()
	return hdr, err == nil && v == 0, true
}

// note adds the NAL unit of header byte hdr to the current access unit. A
// NAL unit whose header byte is missing or 0 (a start code followed by
// another, or zero bytes) counts as none.
func (s *Splitter) note(hdr int) {
	if hdr > 0 {
		s.nals = true
	}
	if typ := hdr & 0x1F; hdr > 0 && isSlice(typ) {
		s.pic = true
		s.key = s.key || typ == NALIDR
	}
}

// end ends the current access unit at cut, returning it (or its
// AUTooLargeError), and starts the next there.
func (s *Splitter) end(cut int) (AccessUnit, error) {
	au := AccessUnit{Data: s.buf[s.start:cut:cut], Keyframe: s.key, Offset: s.base + int64(s.start) - s.over}
	length := s.over + int64(cut-s.start)
	s.pic, s.key, s.nals, s.over = false, false, false, 0
	if length > int64(s.max) {
		s.start = cut
		return AccessUnit{}, &AUTooLargeError{Offset: au.Offset, Length: length, Max: s.max}
	}
	s.consumed = cut - s.start
	return au, nil
}

// finish returns what is left at the end of input: the pending access unit,
// or io.EOF.
func (s *Splitter) finish() (AccessUnit, error) {
	if !s.started || s.start == s.n && s.over == 0 {
		s.skipped += int64(s.n - s.start)
		s.start = s.n
		return AccessUnit{}, io.EOF
	}
	if !s.nals && s.over == 0 {
		s.skipped += int64(s.n - s.start)
		s.start = s.n
		return AccessUnit{}, io.EOF
	}
	return s.end(s.n)
}

// fill reads once more into the buffer, first dropping what is no longer
// needed (the last access unit returned, garbage, the part of an access unit
// over the cap already handled) and making room.
func (s *Splitter) fill() error {
	if keep := s.scan - 1; keep > s.start && (!s.started || s.over > 0 || int64(keep-s.start) > int64(s.max)) {
		if s.started {
			s.over += int64(keep - s.start)
		} else {
			s.skipped += int64(keep - s.start)
		}
		s.start = keep
	}
	if len(s.buf)-s.n < readChunk && s.start > 0 {
		copy(s.buf, s.buf[s.start:s.n])
		s.base += int64(s.start)
		s.n -= s.start
		s.scan -= s.start
		s.start = 0
	}
	if limit := s.max + readChunk + slack; len(s.buf)-s.n < readChunk && len(s.buf) < limit {
		nb := make([]byte, min(limit, max(2*len(s.buf), firstBuf, s.n+readChunk)))
		copy(nb, s.buf[:s.n])
		s.buf = nb
	}
	if s.n == len(s.buf) {
		return errors.New("h264: splitter: buffer full (a bug)")
	}
	for range 100 {
		k, err := s.r.Read(s.buf[s.n:min(len(s.buf), s.n+readChunk)])
		s.n += k
		if err == io.EOF {
			s.eof = true
			return nil
		}
		if err != nil {
			return fmt.Errorf("h264: splitter: reading at offset %d: %w", s.base+int64(s.n), err)
		}
		if k > 0 {
			return nil
		}
	}
	return fmt.Errorf("h264: splitter: reading at offset %d: %w", s.base+int64(s.n), io.ErrNoProgress)
}

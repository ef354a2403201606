package h264

import "errors"

// Errors of bitReader, wrapped by the parsers that meet them.
var (
	// errShort: the payload ended before the value.
	errShort = errors.New("out of data")
	// errOverlong: an Exp-Golomb code with more than 31 leading zeros,
	// whose value would not fit in 32 bits.
	errOverlong = errors.New("exp-golomb code over 32 bits")
)

// bitReader reads the bits of a NAL unit's payload (its RBSP) most
// significant first, dropping each emulation-prevention byte (the 03 of 00
// 00 03) as it goes. It reads from the caller's bytes and never allocates;
// past the end every read fails with errShort.
type bitReader struct {
	b     []byte // the payload, emulation-prevention bytes included
	i     int    // the next byte of b to load
	zeros int    // consecutive zero bytes loaded last
	cur   byte   // the byte being read
	left  uint   // bits of cur not read yet
}

// newBitReader returns a bitReader of payload (a NAL unit after its header
// byte).
func newBitReader(payload []byte) bitReader { return bitReader{b: payload} }

// bit reads one bit.
func (r *bitReader) bit() (uint32, error) {
	if r.left == 0 {
		if r.i >= len(r.b) {
			return 0, errShort
		}
		c := r.b[r.i]
		r.i++
		if r.zeros >= 2 && c == 3 {
			if r.i >= len(r.b) {
				return 0, errShort
			}
			c = r.b[r.i]
			r.i++
			r.zeros = 0
		}
		if c == 0 {
			r.zeros++
		} else {
			r.zeros = 0
		}
		r.cur, r.left = c, 8
	}
	r.left--
	return uint32(r.cur>>r.left) & 1, nil
}

// flag reads one bit as a bool: u(1).
func (r *bitReader) flag() (bool, error) {
	b, err := r.bit()
	return b == 1, err
}

// bits reads n bits (n <= 32) as an unsigned number: u(n).
func (r *bitReader) bits(n int) (uint32, error) {
	var v uint32
	for range n {
		b, err := r.bit()
		if err != nil {
			return 0, err
		}
		v = v<<1 | b
	}
	return v, nil
}

// ue reads an unsigned Exp-Golomb code: ue(v), 0 to 2^32-2. A code with more
// than 31 leading zeros fails with errOverlong as soon as its 32nd zero is
// read.
func (r *bitReader) ue() (uint32, error) {
	zeros := 0
	for {
		b, err := r.bit()
		if err != nil {
			return 0, err
		}
		if b == 1 {
			break
		}
		if zeros++; zeros > 31 {
			return 0, errOverlong
		}
	}
	v, err := r.bits(zeros)
	if err != nil {
		return 0, err
	}
	return 1<<zeros - 1 + v, nil
}

// se reads a signed Exp-Golomb code: se(v), -(2^31-1) to 2^31-1.
func (r *bitReader) se() (int32, error) {
	k, err := r.ue()
	if err != nil {
		return 0, err
	}
	if k&1 == 1 {
		return int32(k/2 + 1), nil
	}
	return -int32(k / 2), nil
}

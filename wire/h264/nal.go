package h264

import (
	"bytes"
	"iter"
)

// NAL unit types (nal_unit_type, H.264 Table 7-1): the low 5 bits of a NAL
// unit's first byte.
const (
	NALSlice         = 1  // a slice of a non-IDR picture
	NALPartitionA    = 2  // slice data partition A
	NALPartitionB    = 3  // slice data partition B
	NALPartitionC    = 4  // slice data partition C
	NALIDR           = 5  // a slice of an IDR picture: a keyframe
	NALSEI           = 6  // supplemental enhancement information
	NALSPS           = 7  // sequence parameter set
	NALPPS           = 8  // picture parameter set
	NALAUD           = 9  // access unit delimiter
	NALEndOfSequence = 10 // end of sequence
	NALEndOfStream   = 11 // end of stream
	NALFiller        = 12 // filler data
	NALSPSExt        = 13 // sequence parameter set extension
	NALPrefix        = 14 // prefix NAL unit (SVC, MVC)
	NALSubsetSPS     = 15 // subset sequence parameter set
	NALDPS           = 16 // depth parameter set
	NALAuxSlice      = 19 // a slice of an auxiliary coded picture
	NALSliceExt      = 20 // coded slice extension (SVC, MVC)
)

// startCode is the three bytes that start every NAL unit of an Annex-B
// stream; a fourth, leading zero byte is zero_byte (or trailing zeros).
var startCode = []byte{0, 0, 1}

// NALType returns the nal_unit_type of nal (a NAL unit without its start
// code), or -1 when nal is empty.
func NALType(nal []byte) int {
	if len(nal) == 0 {
		return -1
	}
	return int(nal[0] & 0x1F)
}

// NextNAL finds the first NAL unit of b at or after index i: the bytes after
// the next start code (00 00 01, with or without a fourth leading zero) up
// to the next start code or the end of b, without the zero bytes before that
// start code (trailing_zero_8bits and zero_byte belong to no NAL unit). It
// returns the NAL unit, aliasing b, and the index where the search for the
// next goes on; ok is false when no start code is left. The NAL unit is
// empty for a start code followed at once by another or by the end. It does
// not allocate; bytes before the first start code are passed over.
func NextNAL(b []byte, i int) (nal []byte, next int, ok bool) {
	if i < 0 || i >= len(b) {
		return nil, len(b), false
	}
	k := bytes.Index(b[i:], startCode)
	if k < 0 {
		return nil, len(b), false
	}
	start := i + k + 3
	end := len(b)
	if k := bytes.Index(b[start:], startCode); k >= 0 {
		end = start + k
	}
	next = end
	for end > start && b[end-1] == 0 {
		end--
	}
	return b[start:end:end], next, true
}

// NALUnits yields each non-empty NAL unit of the Annex-B bytes b in order,
// without its start code and trailing zero bytes, as NextNAL finds them;
// bytes before the first start code are passed over. The slices alias b.
func NALUnits(b []byte) iter.Seq[[]byte] {
	return func(yield func([]byte) bool) {
		for i := 0; ; {
			nal, next, ok := NextNAL(b, i)
			if !ok {
				return
			}
			i = next
			if len(nal) > 0 && !yield(nal) {
				return
			}
		}
	}
}

// Has reports whether the Annex-B bytes au hold a NAL unit of type typ.
func Has(au []byte, typ int) bool {
	for i := 0; ; {
		nal, next, ok := NextNAL(au, i)
		if !ok {
			return false
		}
		if NALType(nal) == typ {
			return true
		}
		i = next
	}
}

// IsKeyframe reports whether the access unit au (Annex-B bytes) holds a
// slice of an IDR picture, from which a decoder can start.
func IsKeyframe(au []byte) bool { return Has(au, NALIDR) }

// HasSPS reports whether the access unit au holds a sequence parameter set.
func HasSPS(au []byte) bool { return Has(au, NALSPS) }

// HasPPS reports whether the access unit au holds a picture parameter set.
func HasPPS(au []byte) bool { return Has(au, NALPPS) }

// isSlice reports whether NAL unit type typ is a slice whose header starts
// with first_mb_in_slice and that the splitter follows (types 1 and 5).
func isSlice(typ int) bool { return typ == NALSlice || typ == NALIDR }

// startsAU reports whether a NAL unit of type typ, not a slice, starts a new
// access unit when it follows a picture's slice (H.264 7.4.1.2.3): an AUD,
// SEI, SPS, PPS, prefix NAL unit, subset SPS or depth parameter set, or
// types 17 and 18 (reserved for them).
func startsAU(typ int) bool {
	switch typ {
	case NALAUD, NALSEI, NALSPS, NALPPS:
		return true
	}
	return typ >= NALPrefix && typ <= 18
}

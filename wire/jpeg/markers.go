package jpeg

import "bytes"

// segment is one marker of a JPEG found by nextSegment: at is the
// index of the FF before its marker byte, body the index after it, where the
// two-byte length of a segment begins.
type segment struct {
	marker   byte
	at, body int
}

// nextSegment finds the next marker in b from index i the way libjpeg's
// marker reader does (next_marker): junk up to an FF is skipped, then fill
// FFs; FF 00, TEM and RSTn carry no segment and are skipped too. It returns
// the marker and the index just past its segment, where the search goes on
// (for SOI, EOI and SOS, which end a header walk, just past the marker). ok
// is false when b ends first (seg is then zero: 0 is no marker) or when a
// segment's length is below 2 (seg is then that segment). It does not
// allocate. Run from the end of a scan's header it skips the entropy-coded
// data the way libjpeg's decoders do (stuffed FF 00, restart markers), to the
// marker after the scan.
func nextSegment(b []byte, i int) (seg segment, next int, ok bool) {
	for {
		if k := bytes.IndexByte(b[min(i, len(b)):], 0xFF); k < 0 {
			i = len(b)
		} else {
			i += k
		}
		for i < len(b) && b[i] == 0xFF {
			i++
		}
		if i >= len(b) {
			return segment{}, 0, false
		}
		m := b[i]
		i++
		switch {
		case m == 0x00, m == 0x01, m >= 0xD0 && m <= 0xD7:
			continue // junk, TEM and RSTn: no length
		case m == MarkerSOI, m == MarkerEOI, m == MarkerSOS:
			return segment{m, i - 2, i}, i, true
		}
		if i+2 > len(b) {
			return segment{}, 0, false
		}
		n := int(b[i])<<8 | int(b[i+1])
		if n < 2 {
			return segment{m, i - 2, i}, 0, false
		}
		return segment{m, i - 2, i}, i + n, true
	}
}

// frameHeader walks the markers of the JPEG in b the way libjpeg's
// marker reader does, up to the first SOFn segment, and returns the image size
// and component count it declares. It does not allocate. ok is false when b
// is not a JPEG or ends, or reaches SOS, EOI or a second SOI, before a SOF.
// Where libjpeg decodes b, it finds the same SOF.
func frameHeader(b []byte) (w, h, comps int, ok bool) {
	if len(b) < 2 || b[0] != 0xFF || b[1] != MarkerSOI {
		return 0, 0, 0, false
	}
	for i := 2; ; {
		seg, next, ok := nextSegment(b, i)
		switch m := seg.marker; {
		case !ok, m == MarkerSOI, m == MarkerEOI, m == MarkerSOS:
			return 0, 0, 0, false // SOI, EOI or SOS before any SOF
		case isSOF(m):
			// SOFn: length, precision, height, width, components.
			j := seg.body
			if n := int(b[j])<<8 | int(b[j+1]); n < 8 || j+8 > len(b) {
				return 0, 0, 0, false
			}
			h = int(b[j+3])<<8 | int(b[j+4])
			w = int(b[j+5])<<8 | int(b[j+6])
			return w, h, int(b[j+7]), true
		}
		i = next
	}
}

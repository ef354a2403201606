package wire

// jpegSegment is one marker of a JPEG found by nextJPEGSegment: at is the
// index of the FF before its marker byte, body the index after it, where the
// two-byte length of a segment begins.
type jpegSegment struct {
	marker   byte
	at, body int
}

// nextJPEGSegment finds the next marker in b from index i the way libjpeg's
// marker reader does (next_marker): junk up to an FF is skipped, then fill
// FFs; FF 00, TEM and RSTn carry no segment and are skipped too. It returns
// the marker and the index just past its segment, where the search goes on
// (for SOI, EOI and SOS, which end a header walk, just past the marker). ok
// is false when b ends first or a segment's length is impossible. It does
// not allocate.
func nextJPEGSegment(b []byte, i int) (seg jpegSegment, next int, ok bool) {
	for {
		for i < len(b) && b[i] != 0xFF {
			i++
		}
		for i < len(b) && b[i] == 0xFF {
			i++
		}
		if i >= len(b) {
			return jpegSegment{}, 0, false
		}
		m := b[i]
		i++
		switch {
		case m == 0x00, m == 0x01, m >= 0xD0 && m <= 0xD7:
			continue // junk, TEM and RSTn: no length
		case m == markerSOI, m == markerEOI, m == markerSOS:
			return jpegSegment{m, i - 2, i}, i, true
		}
		if i+2 > len(b) {
			return jpegSegment{}, 0, false
		}
		n := int(b[i])<<8 | int(b[i+1])
		if n < 2 {
			return jpegSegment{}, 0, false
		}
		return jpegSegment{m, i - 2, i}, i + n, true
	}
}

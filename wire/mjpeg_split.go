package wire

// The MJPEG splitter's parser: how an MJPEGReader finds a JPEG's start and
// follows its structure to its end. Every function here reads from m.br and
// moves what belongs to the frame into m.frame (through take and add, which
// copy: nothing keeps a slice of br's buffer).

import (
	"bytes"
	"fmt"
	"io"

	"github.com/vidstream/vidstream/wire/jpeg"
)

// The JPEG markers the splitter acts on.
const (
	markerSOI = jpeg.MarkerSOI
	markerEOI = jpeg.MarkerEOI
	markerSOS = jpeg.MarkerSOS
)

// soiStart is what starts a frame: SOI and the FF of the next marker.
var soiStart = []byte{0xFF, markerSOI, 0xFF}

// frameEnd says how the bytes after an SOI ended.
type frameEnd int

const (
	frameDone frameEnd = iota // EOI after at least one scan: a whole JPEG
	frameCut                  // a new SOI before the EOI: the frame was cut
	frameBad                  // bytes that are no JPEG structure (or no scan)
	frameMore                 // not an end: the frame goes on (segment's result)
)

// loss says why a frame that ended so, not whole, was lost.
func (e frameEnd) loss() Loss {
	if e == frameCut {
		return LossCut
	}
	return LossBroken
}

// seekSOI skips bytes up to the next FF D8 FF, counting them. It returns
// io.EOF when the input ends first.
func (m *MJPEGReader) seekSOI() error {
	for {
		p, err := m.br.Peek(3)
		if len(p) == 3 {
			if bytes.Equal(p, soiStart) {
				return nil
			}
			data, _ := m.br.Peek(m.br.Buffered())
			n := len(data)
			if j := bytes.IndexByte(data[1:], 0xFF); j >= 0 {
				n = j + 1
			}
			m.skip(int64(n))
			m.discard(n)
			continue
		}
		if err == io.EOF {
			m.skip(int64(len(p)))
			m.discard(len(p))
			return io.EOF
		}
		return fmt.Errorf("wire: reading mjpeg stream after frame %d: %w", m.frames, err)
	}
}

// readFrame reads one JPEG's structure, starting at its SOI, into the frame.
// An error is io.EOF (or io.ErrUnexpectedEOF) when the input ends inside it,
// or a read error.
func (m *MJPEGReader) readFrame() (frameEnd, error) {
	m.take(2) // seekSOI saw FF D8 FF buffered
	scanned := false
	for {
		c, err := m.marker()
		switch {
		case err != nil:
			return frameBad, err
		case c == markerSOI:
			return frameCut, nil
		case c == markerEOI:
			if !scanned {
				return frameBad, nil
			}
			return frameDone, nil
		case c >= 0xD0 && c <= 0xD7:
			// A restart marker outside a scan: no length, nothing to do.
		case c >= 0xC0: // every other marker from C0 to FE has a length
			if end, err := m.segment(c); err != nil || end != frameMore {
				return end, err
			}
			if c == markerSOS {
				scanned = true
				if err := m.scan(); err != nil {
					return frameBad, err
				}
			}
		default: // 00 (stuffing outside a scan), TEM and reserved codes
			return frameBad, nil
		}
	}
}

// marker reads the next marker: FF, any fill FFs, and its code. Fill bytes and
// the marker go into the frame, except an SOI, which is left unread for the
// next frame. It returns code 0 when the next byte is not FF (reading
// nothing) and for FF 00.
func (m *MJPEGReader) marker() (byte, error) {
	for {
		p, err := m.br.Peek(2)
		if len(p) < 2 {
			m.take(len(p))
			return 0, err
		}
		switch {
		case p[0] != 0xFF:
			return 0, nil
		case p[1] == 0xFF: // a fill byte
			m.take(1)
			continue
		case p[1] == markerSOI:
			return markerSOI, nil
		}
		c := p[1]
		m.take(2)
		return c, nil
	}
}

// segment reads the marker segment of code c (its marker read): its length
// and body, into the frame. It returns frameMore when the frame goes on;
// frameBad, reading nothing, for a length under 2, or with the error, having
// read what arrived, when the input ends inside it; and frameCut, having read
// the segment only up to the SOI in it, when the frame was cut there (see
// cutInSegment). It waits for the whole segment and the 2 bytes after it
// (mjpegBufSize holds them), all of which belong to the frame when it is
// whole.
func (m *MJPEGReader) segment(c byte) (frameEnd, error) {
	p, err := m.br.Peek(2)
	if len(p) < 2 {
		m.take(len(p))
		return frameBad, err
	}
	n := int(p[0])<<8 | int(p[1])
	if n < 2 {
		return frameBad, nil
	}
	seg, err := m.br.Peek(n + 2)
	if i := cutInSegment(c, seg, n, m.seen[:]); i >= 0 {
		m.take(i)
		return frameCut, nil
	}
	if len(seg) < n {
		m.take(len(seg))
		return frameBad, err
	}
	m.take(n)
	return frameMore, nil
}

// cutInSegment returns where the frame was cut in the segment of code c
// whose length field says n bytes: seg holds what has arrived of it from its
// length field on, and of the 2 bytes after it. Segment lengths are trusted
// (an APP1 segment holds a thumbnail JPEG, SOI and all), so an SOI (FF D8 FF)
// starting inside the segment cuts it only when the segment cannot be whole:
//
//   - the SOI is its length field (no segment's body starts FF), or it is
//     an SOS header (no valid one holds FF D8 FF, and entropy-coded data
//     follows it, not a marker);
//   - the 2 bytes after where it says it ends have arrived and are no marker
//     (FF and a code from C0 up, other than RST; an SOI there starts the
//     next frame);
//   - or they are one, but the marker segments of a JPEG starting at an SOI
//     in it lead there by their lengths: the next frame's header, whose
//     start the cut segment swallowed.
//
// Then it returns the offset of the first SOI, where the next frame starts;
// otherwise -1. When the input ends before those 2 bytes, the frame is cut
// off by the end (an error Next reports), not by an SOI in it, which may be
// a thumbnail's. seen is scratch for reached, at least n bits.
func cutInSegment(c byte, seg []byte, n int, seen []uint64) int {
	i := bytes.Index(seg, soiStart)
	switch {
	case i < 0 || i >= n:
		return -1
	case i == 0 || c == markerSOS:
		return i
	case len(seg) < n+2:
		return -1
	case seg[n] != 0xFF || seg[n+1] < 0xC0 || seg[n+1]&0xF8 == 0xD0:
		return i
	}
	clear(seen[:n/64+1])
	for j := i; j >= 0 && j < n; {
		if reached(seg[:n], j+2, seen) {
			return i
		}
		k := bytes.Index(seg[j+1:], soiStart)
		if k < 0 {
			break
		}
		j += 1 + k
	}
	return -1 // a marker follows: the segment is whole and its SOIs part of it (a thumbnail's)
}

// reached reports whether the marker segments from b[pos:] lead, by their
// lengths, to the end of b exactly, before any SOS. seen marks the offsets a
// walk has passed and found not to: a later walk stops there, so all walks
// over b take O(len(b)) together.
func reached(b []byte, pos int, seen []uint64) bool {
	for pos < len(b) {
		if seen[pos/64]&(1<<(pos%64)) != 0 {
			return false
		}
		seen[pos/64] |= 1 << (pos % 64)
		switch {
		case pos+1 < len(b) && b[pos] == 0xFF && b[pos+1] == 0xFF:
			pos++ // a fill byte
		case pos+4 > len(b) || b[pos] != 0xFF || !hasLength(b[pos+1]) || b[pos+1] == markerSOS:
			return false
		default:
			pos += 2 + (int(b[pos+2])<<8 | int(b[pos+3]))
		}
	}
	return pos == len(b)
}

// hasLength reports whether a marker of code c is followed by a segment
// length: every code from C0 to FE but RST (D0-D7), SOI and EOI.
func hasLength(c byte) bool {
	return c >= 0xC0 && c != 0xFF && (c < 0xD0 || c > 0xD9)
}

// scan reads entropy-coded data into the frame up to the next marker that is
// neither a stuffed FF 00 nor a restart marker FF D0..D7, leaving that marker
// unread.
func (m *MJPEGReader) scan() error {
	for {
		if p, err := m.br.Peek(2); len(p) < 2 {
			m.take(len(p))
			return err
		}
		data, _ := m.br.Peek(m.br.Buffered())
		i := 0
		for {
			j := bytes.IndexByte(data[i:], 0xFF)
			if j < 0 {
				i = len(data)
				break
			}
			k := i + j
			if k+1 == len(data) { // FF is the last buffered byte: look again with more
				i = k
				break
			}
			if c := data[k+1]; c == 0 || c&0xF8 == 0xD0 {
				i = k + 2 // stuffed byte or restart marker
				continue
			} else if c == 0xFF {
				i = k + 1 // a fill byte: the next FF may start a marker
				continue
			}
			m.take(k)
			return nil
		}
		m.take(i)
	}
}

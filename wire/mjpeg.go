package wire

// MJPEG streams: plain concatenated JPEGs, as rpicam-vid --codec mjpeg
// writes them, with no framing and no end marker. Reading them means
// splitting at each JPEG's structure (MJPEGReader); writing them, sending
// each JPEG as it is.

import (
	"bufio"
	"bytes"
	"fmt"
	"io"

	"github.com/vidstream/vidstream/wire/jpeg"
)

// mjpegBufSize is the size of an MJPEGReader's read buffer.
const mjpegBufSize = 64 << 10

// The JPEG markers the splitter acts on.
const (
	markerSOI = jpeg.MarkerSOI
	markerEOI = jpeg.MarkerEOI
	markerSOS = jpeg.MarkerSOS
)

// isMJPEGStart reports whether a stream's first 4 bytes, b, start a JPEG and
// cannot start a seed stream: FF D8 FF xx is the seed length
// xx<<24 + 16,767,231, over MaxFrameLimit for every xx >= 0x10 (a JPEG has a
// marker code >= 0xC0 there).
func isMJPEGStart(b []byte) bool {
	return jpeg.IsJPEG(b) && b[3] >= 0x10
}

// checkMJPEGFrame refuses a payload an MJPEG stream cannot carry: one that is
// not a JPEG.
func checkMJPEGFrame(p []byte) error {
	if !jpeg.IsJPEG(p) {
		return fmt.Errorf("wire: refusing a frame of %d bytes in an MJPEG stream: not a JPEG", len(p))
	}
	return nil
}

// frameEnd says how the bytes after an SOI ended.
type frameEnd int

const (
	frameDone frameEnd = iota // EOI after at least one scan: a whole JPEG
	frameCut                  // a new SOI before the EOI: the frame was cut
	frameBad                  // bytes that are no JPEG structure (or no scan)
)

// MJPEGReader reads JPEG frames from a byte stream of concatenated JPEGs, as
// rpicam-vid --codec mjpeg -o - writes it. It parses each JPEG rather than
// searching for FF D9: after the SOI it walks the marker segments by their
// lengths (so a thumbnail JPEG inside an APPn segment is skipped whole) up to
// SOS, then scans the entropy-coded data, where FF 00 is a stuffed byte and
// FF D0..D7 are restart markers, until the next marker; progressive JPEGs
// (several scans) are followed to their EOI.
//
// Bytes that are not part of a whole JPEG are skipped and counted (Skipped,
// SkippedRuns): garbage between frames (everything up to the next FF D8 FF),
// a frame cut short by a new SOI before its EOI, a frame whose structure is
// broken or that has no scan, and a frame over the cap. Memory is bounded:
// the frame buffer grows only with the bytes of the current frame and never
// beyond the cap, and reads go through one 64 KiB buffer.
//
// An MJPEGReader reads ahead of the frame it returns only within that
// buffer, and never past an EOI to return a frame, so a live stream's frame
// is returned as soon as its last byte arrives. It is not safe for concurrent
// use.
type MJPEGReader struct {
	br       *bufio.Reader
	max      int
	own      []byte // the reused buffer for Next(nil)
	frame    []byte // the frame being assembled: its first min(n, max) bytes
	n        int64  // bytes of the current frame so far
	frames   uint64 // frames returned
	skipped  int64
	runs     int
	inRun    bool  // the last bytes consumed were skipped
	consumed int64 // bytes taken out of br
	err      error // sticky: the end of input or a read error
}

// NewMJPEGReader returns an MJPEGReader of r whose frames may be at most max
// bytes; as for NewReader, max <= 0 means DefaultMaxFrame and max >
// MaxFrameLimit is clamped to it.
func NewMJPEGReader(r io.Reader, max int) *MJPEGReader {
	if max <= 0 {
		max = DefaultMaxFrame
	}
	if max > MaxFrameLimit {
		max = MaxFrameLimit
	}
	return &MJPEGReader{br: bufio.NewReaderSize(r, mjpegBufSize), max: max}
}

// Max returns the MJPEGReader's cap on one frame's length.
func (m *MJPEGReader) Max() int { return m.max }

// Skipped returns the bytes skipped so far: garbage between frames, cut or
// broken frames, and frames over the cap.
func (m *MJPEGReader) Skipped() int64 { return m.skipped }

// SkippedRuns returns how many separate runs of skipped bytes there were: a
// run is a stretch of consecutive skipped bytes between two returned frames
// (garbage, a cut frame and an oversize frame in a row are one run).
func (m *MJPEGReader) SkippedRuns() int { return m.runs }

// Next returns the next whole JPEG, from its SOI to its EOI inclusive, read
// into buf's storage (pass the previous result back to recycle it); with a
// nil buf it uses the MJPEGReader's own reused buffer. The result aliases
// that buffer (or a larger one that replaced it, never over Max bytes), so it
// is valid until the next Next with the same buffer.
//
// Next returns io.EOF when the input ends between frames (after any trailing
// garbage, which is counted as skipped), and an error wrapping
// io.ErrUnexpectedEOF, saying how many bytes of the partial frame arrived,
// when it ends inside one; these and read errors are final. A frame over Max
// bytes is passed over to its end, counted as skipped, and reported as a
// *FrameTooLargeError with its length; that error is not final: the next Next
// goes on with the frame after it.
func (m *MJPEGReader) Next(buf []byte) ([]byte, error) {
	if m.err != nil {
		return nil, m.err
	}
	useOwn := buf == nil
	if useOwn {
		buf = m.own
	}
	m.frame = buf[:0]
	for {
		m.n = 0
		if err := m.seekSOI(); err != nil {
			m.err = err
			return nil, err
		}
		end, err := m.readFrame()
		if useOwn && cap(m.frame) > cap(m.own) {
			m.own = m.frame[:0]
		}
		if err != nil {
			m.err = m.cutError(err)
			return nil, m.err
		}
		if m.n > int64(m.max) || end != frameDone {
			m.skip(m.n)
			if m.n > int64(m.max) {
				return nil, &FrameTooLargeError{Length: m.n, Max: m.max}
			}
			m.frame = m.frame[:0]
			continue
		}
		m.inRun = false
		m.frames++
		return m.frame, nil
	}
}

// cutError describes an error met inside frame m.frames after m.n bytes.
func (m *MJPEGReader) cutError(err error) error {
	over := ""
	if m.n > int64(m.max) {
		over = fmt.Sprintf(", over the cap of %d", m.max)
	}
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return fmt.Errorf("wire: mjpeg frame %d cut off after %d bytes%s: %w", m.frames, m.n, over, io.ErrUnexpectedEOF)
	}
	return fmt.Errorf("wire: reading mjpeg frame %d (%d bytes in%s): %w", m.frames, m.n, over, err)
}

// skip counts n bytes as skipped, starting a new run unless one is going on.
func (m *MJPEGReader) skip(n int64) {
	if n == 0 {
		return
	}
	m.skipped += n
	if !m.inRun {
		m.inRun = true
		m.runs++
	}
}

// discard drops n buffered bytes (n <= br.Buffered()).
func (m *MJPEGReader) discard(n int) {
	d, _ := m.br.Discard(n)
	m.consumed += int64(d)
}

// add appends p to the frame while the frame is within the cap; past the cap
// only its length is counted.
func (m *MJPEGReader) add(p []byte) {
	m.n += int64(len(p))
	if m.n > int64(m.max) {
		return
	}
	if need := len(m.frame) + len(p); need > cap(m.frame) {
		nb := make([]byte, len(m.frame), min(m.max, max(need, 2*cap(m.frame), minGrow)))
		copy(nb, m.frame)
		m.frame = nb
	}
	m.frame = append(m.frame, p...)
}

// seekSOI skips bytes up to the next FF D8 FF, counting them. It returns
// io.EOF when the input ends first.
func (m *MJPEGReader) seekSOI() error {
	for {
		p, err := m.br.Peek(3)
		if len(p) == 3 {
			if p[0] == 0xFF && p[1] == markerSOI && p[2] == 0xFF {
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
	soi, _ := m.br.Peek(2) // seekSOI saw FF D8 FF buffered
	m.add(soi)
	m.discard(2)
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
			ok, err := m.segment()
			if err != nil || !ok {
				return frameBad, err
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
			m.add(p)
			m.discard(len(p))
			return 0, err
		}
		switch {
		case p[0] != 0xFF:
			return 0, nil
		case p[1] == 0xFF: // a fill byte
			m.add(p[:1])
			m.discard(1)
			continue
		case p[1] == markerSOI:
			return markerSOI, nil
		}
		c := p[1]
		m.add(p)
		m.discard(2)
		return c, nil
	}
}

// segment reads a marker segment's length and body into the frame. It
// reports false, reading nothing, for a length under 2.
func (m *MJPEGReader) segment() (bool, error) {
	p, err := m.br.Peek(2)
	if len(p) < 2 {
		m.add(p)
		m.discard(len(p))
		return false, err
	}
	n := int(p[0])<<8 | int(p[1])
	if n < 2 {
		return false, nil
	}
	for n > 0 {
		c := min(n, m.br.Buffered())
		if c == 0 {
			if _, err := m.br.Peek(1); err != nil {
				return false, err
			}
			continue
		}
		p, _ := m.br.Peek(c)
		m.add(p)
		m.discard(c)
		n -= c
	}
	return true, nil
}

// scan reads entropy-coded data into the frame up to the next marker that is
// neither a stuffed FF 00 nor a restart marker FF D0..D7, leaving that marker
// unread.
func (m *MJPEGReader) scan() error {
	for {
		if p, err := m.br.Peek(2); len(p) < 2 {
			m.add(p)
			m.discard(len(p))
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
			m.add(data[:k])
			m.discard(k)
			return nil
		}
		m.add(data[:i])
		m.discard(i)
	}
}

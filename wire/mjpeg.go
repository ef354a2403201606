package wire

// MJPEG streams: plain concatenated JPEGs, as rpicam-vid --codec mjpeg
// writes them, with no framing and no end marker. Reading them means
// splitting at each JPEG's structure (MJPEGReader, here; the parser is in
// mjpeg_split.go, what a lost frame is in mjpeg_lost.go); writing them,
// sending each JPEG as it is.

import (
	"bufio"
	"fmt"
	"io"

	"github.com/vidstream/vidstream/wire/jpeg"
)

// mjpegBufSize is the size of an MJPEGReader's read buffer: 64 KiB and 2
// bytes, room for the longest marker segment (65,535 bytes after its marker)
// and the 2 bytes after it, which the splitter looks at before it trusts a
// segment holding an SOI (see segment).
const mjpegBufSize = 1<<16 + 2

// checkMJPEGFrame refuses a payload an MJPEG stream cannot carry: one that is
// not a JPEG.
func checkMJPEGFrame(p []byte) error {
	if !jpeg.IsJPEG(p) {
		return fmt.Errorf("wire: refusing a frame of %d bytes in an MJPEG stream: not a JPEG", len(p))
	}
	return nil
}

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
// broken or that has no scan, and a frame over the cap. A frame cut inside
// a marker segment ends at the first SOI in that segment, so that the next
// JPEG is not swallowed, unless the segment looks whole: a marker follows
// where its length says it ends, and no JPEG starting at an SOI in it leads
// there by its segments (the SOI is a thumbnail's, then). Lost counts the
// frames lost (see Lost for what counts as one). Memory is bounded: the frame buffer grows
// only with the bytes of the current frame and never beyond the cap, and
// reads go through one buffer of 64 KiB (and 2 bytes).
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
	lost     int64                       // frames lost (see Lost)
	inRun    bool                        // the last bytes consumed were skipped
	report   bool                        // Next returns a *FrameLostError for each frame lost (Reader's mode)
	consumed int64                       // bytes taken out of br
	err      error                       // sticky: the end of input or a read error
	seen     [mjpegBufSize/64 + 1]uint64 // cutInSegment's scratch: a bit per byte of a segment
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

// Lost returns how many frames were lost so far, one for each of:
//
//   - a frame begun at an SOI (FF D8 FF) and not returned whole: cut short
//     by a new SOI (LossCut), broken or without a scan (LossBroken), or over
//     the cap (a *FrameTooLargeError); the bytes skipped after it up to the
//     next SOI are its remains, not another loss;
//   - a stretch of skipped bytes with no SOI that follows a returned frame or
//     starts the stream (LossGarbage, a frame whose start was damaged, say),
//     up to the next SOI or the end of input.
//
// So every run of skipped bytes (SkippedRuns) is at least one lost frame,
// and a run holding several frames that began and broke is as many (a frame
// cut inside the thumbnail in its APP1 segment is two: the splitter takes up
// the thumbnail's SOI, and that frame is cut by the next SOI too). A frame
// cut by the end of input is not counted: Next reports it as its final
// error.
func (m *MJPEGReader) Lost() int64 { return m.lost }

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
// goes on with the frame after it. Other lost frames are counted (Lost) and
// passed over without an error.
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
		if err := m.seek(); err != nil {
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
		if m.n > int64(m.max) {
			m.skip(m.n)
			m.lost++
			return nil, &FrameTooLargeError{Length: m.n, Max: m.max}
		}
		if end != frameDone {
			m.skip(m.n)
			m.frame = m.frame[:0]
			if err := m.lose(end.loss(), m.n); err != nil {
				return nil, err
			}
			continue
		}
		m.inRun = false
		m.frames++
		return m.frame, nil
	}
}

// seek skips to the next SOI, counting a stretch of garbage that starts a
// run as a lost frame. Its error is final (m.err is set), except a
// *FrameLostError for that garbage, after which m.err holds the end of input
// if the garbage ran to it.
func (m *MJPEGReader) seek() error {
	fresh, before := !m.inRun, m.skipped
	err := m.seekSOI()
	if fresh && m.skipped > before && (err == nil || err == io.EOF) {
		m.err = err
		if lerr := m.lose(LossGarbage, m.skipped-before); lerr != nil {
			return lerr
		}
	}
	if err != nil {
		m.err = err
	}
	return err
}

// lose counts one lost frame of n bytes; when the MJPEGReader reports losses
// it returns the error saying so.
func (m *MJPEGReader) lose(why Loss, n int64) error {
	m.lost++
	if !m.report {
		return nil
	}
	return &FrameLostError{After: m.frames, Bytes: n, Why: why}
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

// take moves the next n buffered bytes (n <= br.Buffered()) into the frame.
func (m *MJPEGReader) take(n int) {
	p, _ := m.br.Peek(n)
	m.add(p)
	m.discard(len(p))
}

// add appends p to the frame while the frame is within the cap; past the cap
// only its length is counted. p may alias br's buffer: add copies it.
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

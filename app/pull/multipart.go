package pull

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"sync/atomic"
)

// The multipart body of an MJPEG-over-HTTP reply: a preamble, then parts,
// each a delimiter line ("--" and the boundary), headers, a blank line and
// the part's body, which ends where its Content-Length says or, without
// one, at the CR LF (or LF) before the next delimiter line. The reader here
// passes the JPEG parts' bodies on, one after the other, and drops the rest.
// mime/multipart is not used: it buffers headers up to its own limits, and
// it does not skip a part by its Content-Length.

const (
	// partBufSize is the reader's buffer: the longest line it reads.
	partBufSize = 16 << 10
	// maxHeaderBytes caps a part's header block, lines and ends of line.
	maxHeaderBytes = 8 << 10
	// maxHeaderLines caps the header lines of one part.
	maxHeaderLines = 64
	// maxPreamble is how far into the body the first delimiter may come.
	maxPreamble = 64 << 10
	// maxBlankLines is how many blank lines may come between a part's
	// Content-Length bytes and the next delimiter.
	maxBlankLines = 16
	// skipChunk is how much of a skipped part is dropped at a time.
	skipChunk = 1 << 20
)

// mpState is where in the body a multipartReader is.
type mpState int

const (
	mpPreamble mpState = iota // before the first delimiter
	mpHeaders                 // after a delimiter: the part's headers next
	mpBody                    // in a part's body
	mpAfter                   // after a body of Content-Length bytes: the next delimiter due
)

// partCounts are a multipartReader's counts, read from any goroutine.
type partCounts struct {
	parts, skipped, oversize, skippedBytes atomic.Int64
}

// multipartReader reads the JPEG parts of a multipart body as one stream of
// concatenated JPEGs. It reads through one buffer of partBufSize bytes,
// which it owns; Read copies from it into the caller's p and keeps nothing
// of p. Errors are final: after one, Read returns it again. It is not safe
// for concurrent use.
type multipartReader struct {
	br      *bufio.Reader
	name    string // the target, for errors
	delims  delimiters
	learn   bool // no boundary was given: the first line tells it
	maxPart int64
	state   mpState
	part    int64 // parts begun, from 1
	length  int64 // the part's Content-Length; -1 when it has none
	remain  int64 // of a part with a length, the body bytes still to come
	partLen int64 // of a part without, the body bytes passed on or dropped
	keep    bool  // the part's body is passed on, not dropped
	err     error
	counts  partCounts
}

// newMultipartReader returns a reader of the multipart body r whose
// delimiters carry boundary ("" when the reply named none: the first line
// is taken for the delimiter) and whose parts are at most maxPart bytes;
// name (the target) is for its errors.
func newMultipartReader(r io.Reader, boundary string, maxPart int, name string) *multipartReader {
	m := &multipartReader{br: bufio.NewReaderSize(r, partBufSize), name: name, maxPart: int64(maxPart)}
	if boundary == "" {
		m.learn = true
	} else {
		m.delims = newDelimiters(boundary)
	}
	return m
}

// Read reads JPEG bytes into p: the bodies of the parts that hold JPEGs,
// without their headers and delimiters, one after the other. It returns
// io.EOF at the closing delimiter, or when the body ends after a whole part
// (or inside a part without a length: the JPEG splitter judges whether that
// part was whole), and an error wrapping io.ErrUnexpectedEOF when it ends
// inside a part's headers or short of its Content-Length.
func (m *multipartReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, m.err
	}
	for m.err == nil {
		var n int
		var err error
		switch m.state {
		case mpPreamble:
			err = m.preamble()
		case mpHeaders:
			err = m.headers()
		case mpBody:
			n, err = m.body(p)
		case mpAfter:
			err = m.after()
		}
		m.err = err
		if n > 0 {
			return n, nil // an error comes with the next call
		}
	}
	return 0, m.err
}

// start reads the preamble, up to the first part's headers, unless Read
// already has.
func (m *multipartReader) start() error {
	if m.state == mpPreamble && m.err == nil {
		m.err = m.preamble()
	}
	return m.err
}

// readLine reads a line: its bytes without the end of line (LF or CR LF),
// aliasing the buffer until the next read, and the bytes it took. err is
// nil for a whole line, bufio.ErrBufferFull for the first partBufSize bytes
// of a longer one, io.EOF for a last line without an end of line (perhaps
// empty), or the read error.
func (m *multipartReader) readLine() ([]byte, int, error) {
	line, err := m.br.ReadSlice('\n')
	n := len(line)
	if err == nil || err == io.EOF {
		line = bytes.TrimSuffix(bytes.TrimSuffix(line, []byte("\n")), []byte("\r"))
	}
	return line, n, err
}

// preamble skips what comes before the first delimiter.
func (m *multipartReader) preamble() error {
	total, cont := 0, false
	for {
		line, n, err := m.readLine()
		total += n
		if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
			return err
		}
		whole := !cont && err != bufio.ErrBufferFull
		if m.learn && (!whole || len(bytes.TrimSpace(line)) > 0) {
			if lerr := m.learnFrom(line, whole); lerr != nil {
				return lerr
			}
		}
		if whole {
			if ok, closing := m.delims.line(line); ok {
				return m.delimited(closing)
			}
		}
		cont = err == bufio.ErrBufferFull
		switch {
		case err == io.EOF:
			return fmt.Errorf("pull: %s: the stream ended before its first part: no boundary line %s came: %w", m.name, m.want(), io.ErrUnexpectedEOF)
		case total > maxPreamble:
			return fmt.Errorf("pull: %s: no boundary line %s in the first %d bytes of the reply", m.name, m.want(), maxPreamble)
		}
	}
}

// learnFrom takes the boundary from the body's first line, "--" and the
// boundary, for a reply whose Content-Type named none.
func (m *multipartReader) learnFrom(line []byte, whole bool) error {
	b, ok := bytes.CutPrefix(bytes.TrimRight(line, " \t"), []byte("--"))
	if !ok || !whole || checkBoundary(string(b)) != nil {
		return fmt.Errorf("pull: %s: not an MJPEG stream: the reply names no multipart stream, and its body starts with %q, not a boundary line", m.name, head(line))
	}
	m.delims, m.learn = newDelimiters(string(b)), false
	return nil
}

// delimited moves on from a delimiter line: to the next part's headers, or
// to the end at the closing delimiter.
func (m *multipartReader) delimited(closing bool) error {
	if closing {
		return io.EOF
	}
	m.state = mpHeaders
	return nil
}

// headers reads a part's headers, up to the blank line, and decides
// whether its body is passed on: a part whose Content-Type is not a JPEG
// (a part without one is taken for a JPEG), or whose Content-Length is
// over the cap, is dropped.
func (m *multipartReader) headers() error {
	m.part++
	m.length, m.partLen, m.keep = -1, 0, true
	typed, jpeg := false, false
	for total, lines := 0, 0; ; {
		line, n, err := m.readLine()
		total += n
		switch {
		case total > maxHeaderBytes || err == bufio.ErrBufferFull:
			return fmt.Errorf("pull: %s: part %d's headers are over %d bytes", m.name, m.part, maxHeaderBytes)
		case err == io.EOF && total == 0:
			return io.EOF // the stream ended after a delimiter
		case err == io.EOF:
			return fmt.Errorf("pull: %s: the stream was cut in part %d's headers: %w", m.name, m.part, io.ErrUnexpectedEOF)
		case err != nil:
			return err
		}
		if len(bytes.TrimSpace(line)) == 0 {
			break
		}
		if lines++; lines > maxHeaderLines {
			return fmt.Errorf("pull: %s: part %d has over %d header lines", m.name, m.part, maxHeaderLines)
		}
		if line[0] == ' ' || line[0] == '\t' {
			continue // a folded line: nothing we read is folded
		}
		key, value, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			return fmt.Errorf("pull: %s: part %d: header line %q has no colon", m.name, m.part, head(line))
		}
		key, value = bytes.TrimSpace(key), bytes.TrimSpace(value)
		switch {
		case bytes.EqualFold(key, []byte("Content-Type")):
			typed, jpeg = true, isJPEGType(value)
		case bytes.EqualFold(key, []byte("Content-Length")):
			if m.length = parseLength(value); m.length < 0 {
				return fmt.Errorf("pull: %s: part %d: Content-Length %q is not a length", m.name, m.part, head(value))
			}
		}
	}
	m.remain = m.length
	switch {
	case typed && !jpeg:
		m.keep = false
		m.counts.skipped.Add(1)
	case m.length > m.maxPart:
		m.keep = false
		m.counts.skipped.Add(1)
		m.counts.oversize.Add(1)
	default:
		m.counts.parts.Add(1)
	}
	m.state = mpBody
	return nil
}

// body passes on (or drops) a part's body: by its Content-Length when it
// has one, else up to the next delimiter (scan).
func (m *multipartReader) body(p []byte) (int, error) {
	if m.length < 0 {
		return m.scan(p)
	}
	if m.remain == 0 {
		m.state = mpAfter
		return 0, nil
	}
	if !m.keep {
		d, err := m.br.Discard(int(min(m.remain, skipChunk)))
		m.remain -= int64(d)
		m.counts.skippedBytes.Add(int64(d))
		return 0, m.cut(err)
	}
	n, err := m.br.Read(p[:min(int64(len(p)), m.remain)])
	m.remain -= int64(n)
	return n, m.cut(err)
}

// cut describes an error met inside a part's Content-Length bytes.
func (m *multipartReader) cut(err error) error {
	if err == io.EOF {
		return fmt.Errorf("pull: %s: the stream was cut in part %d, %d of its %d bytes short: %w", m.name, m.part, m.remain, m.length, io.ErrUnexpectedEOF)
	}
	return err
}

// after reads the delimiter after a body of Content-Length bytes, past the
// end of line (and any blank lines) that come before it.
func (m *multipartReader) after() error {
	for blank := 0; ; blank++ {
		line, _, err := m.readLine()
		switch {
		case err == bufio.ErrBufferFull:
			return fmt.Errorf("pull: %s: after part %d's %d bytes came a line of over %d bytes, not the boundary line %s", m.name, m.part, m.length, partBufSize, m.want())
		case err == io.EOF && len(bytes.TrimSpace(line)) == 0:
			return io.EOF // the stream ended after a whole part
		case err != nil && err != io.EOF:
			return err
		}
		if len(bytes.TrimSpace(line)) == 0 {
			if blank == maxBlankLines {
				return fmt.Errorf("pull: %s: after part %d's %d bytes came %d blank lines and no boundary line %s", m.name, m.part, m.length, blank, m.want())
			}
			continue
		}
		ok, closing := m.delims.line(line)
		switch {
		case !ok:
			return fmt.Errorf("pull: %s: after part %d's %d bytes came %q, not the boundary line %s", m.name, m.part, m.length, head(line), m.want())
		case err == io.EOF:
			return io.EOF // a delimiter, and the end
		}
		return m.delimited(closing)
	}
}

// head returns the start of b, for an error message.
func head(b []byte) []byte {
	if len(b) > 40 {
		return b[:40]
	}
	return b
}

// isJPEGType reports whether a part's Content-Type value names a JPEG.
func isJPEGType(v []byte) bool {
	typ, _, _ := bytes.Cut(v, []byte(";"))
	typ = bytes.TrimSpace(typ)
	for _, t := range []string{"image/jpeg", "image/jpg", "image/pjpeg"} {
		if bytes.EqualFold(typ, []byte(t)) {
			return true
		}
	}
	return false
}

// parseLength reads a Content-Length value; -1 when it is none (empty, not
// decimal digits, or over 18 digits).
func parseLength(v []byte) int64 {
	if len(v) == 0 || len(v) > 18 {
		return -1
	}
	var n int64
	for _, c := range v {
		if c < '0' || c > '9' {
			return -1
		}
		n = 10*n + int64(c-'0')
	}
	return n
}

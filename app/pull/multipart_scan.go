package pull

import (
	"bytes"
	"fmt"
	"io"
)

// Parts without a Content-Length (many cameras send none): the body ends at
// the CR LF, or LF, before the next delimiter line, which is looked for in
// the read buffer. Bytes that cannot start a delimiter are passed on as they
// come; the few that might (an end of line and the start of a boundary at
// the end of the buffer) wait for the bytes that tell.

// scan passes on (or drops, when the part is skipped) the body of a part
// without a Content-Length, up to the delimiter that ends it. A part may be
// at most maxPart bytes: a longer one is an error, for its delimiter is
// missing or it is not a frame.
func (m *multipartReader) scan(p []byte) (int, error) {
	need := 1 // bytes the buffer must hold
	for {
		_, err := m.br.Peek(need)
		if err != nil && err != io.EOF {
			return 0, err
		}
		eof := err == io.EOF // what is buffered is all there is
		buf, _ := m.br.Peek(m.br.Buffered())
		safe, found, n, closing := m.find(buf, eof)
		switch {
		case found && safe == 0:
			m.br.Discard(n) // the delimiter line, all buffered
			if closing {
				return 0, io.EOF
			}
			m.state = mpHeaders
			return 0, nil
		case safe > 0:
			return m.pass(p, buf[:safe])
		case eof:
			return 0, io.EOF // the part ends with the stream; the JPEG splitter judges it
		}
		need = len(buf) + 1
	}
}

// find looks for the delimiter that ends the part in buf, the buffered
// bytes. The first safe bytes of buf are the part's, whatever comes next;
// found says that a delimiter line of n bytes follows them (its leading
// CR LF or LF included), closing whether it is the closing delimiter.
// Otherwise the bytes after safe may start a delimiter, and more tell (or,
// at eof, there are none).
func (m *multipartReader) find(buf []byte, eof bool) (safe int, found bool, n int, closing bool) {
	if m.partLen == 0 { // a delimiter right at the start: an empty body
		switch r, n, c := m.delims.matchAt(buf, eof); r {
		case matched:
			return 0, true, n, c
		case partial:
			return 0, false, 0, false
		}
	}
	for i := 0; ; {
		j := bytes.IndexByte(buf[i:], '\n')
		if j < 0 {
			break
		}
		lf := i + j
		start := lf
		if lf > 0 && buf[lf-1] == '\r' {
			start = lf - 1
		}
		switch r, n, c := m.delims.matchAt(buf[lf+1:], eof); r {
		case matched:
			return start, true, lf + 1 + n - start, c
		case partial:
			return start, false, 0, false
		}
		i = lf + 1
	}
	safe = len(buf)
	if !eof && safe > 0 && buf[safe-1] == '\r' {
		safe-- // a CR LF may come
	}
	return safe, false, 0, false
}

// pass hands on b, the next bytes of the part, buffered: into p when the
// part is kept (as much as fits), dropped when it is skipped.
func (m *multipartReader) pass(p, b []byte) (int, error) {
	if m.partLen+int64(len(b)) > m.maxPart {
		return 0, fmt.Errorf("pull: %s: part %d has no Content-Length and no boundary line %s in its first %d bytes", m.name, m.part, m.want(), m.maxPart)
	}
	n := len(b)
	if m.keep {
		n = copy(p, b)
	} else {
		m.counts.skippedBytes.Add(int64(n))
	}
	m.br.Discard(n)
	m.partLen += int64(n)
	if !m.keep {
		return 0, nil
	}
	return n, nil
}

// want names the delimiter line looked for, for an error message.
func (m *multipartReader) want() string {
	if m.learn {
		return "(--BOUNDARY)"
	}
	return fmt.Sprintf("%q", m.delims[0])
}

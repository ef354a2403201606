package pull

import (
	"bytes"
	"fmt"
	"strings"
)

// Boundaries: what a multipart reply's Content-Type says, and how a
// delimiter line is told in the body.

const (
	// maxBoundary is the longest boundary taken: RFC 2046 allows 70
	// characters; some servers write longer ones.
	maxBoundary = 200
	// maxPadding is the most spaces and tabs taken after a delimiter
	// (RFC 2046's transport padding).
	maxPadding = 32
)

// mediaType returns the media type of a Content-Type value, lower case
// ("multipart/x-mixed-replace"), and its boundary parameter, unquoted
// ("" when it has none). It reads what mime.ParseMediaType refuses too:
// servers write boundaries with characters a token may not hold.
func mediaType(contentType string) (typ, boundary string) {
	parts := strings.Split(contentType, ";")
	typ = strings.ToLower(strings.TrimSpace(parts[0]))
	for _, p := range parts[1:] {
		k, v, ok := strings.Cut(p, "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(k), "boundary") {
			continue
		}
		v = strings.TrimSpace(v)
		if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
			v = strings.ReplaceAll(v[1:len(v)-1], `\`, "")
		}
		return typ, v
	}
	return typ, ""
}

// checkBoundary refuses a boundary no delimiter line can carry.
func checkBoundary(b string) error {
	if b == "" {
		return fmt.Errorf("the boundary is empty")
	}
	if len(b) > maxBoundary {
		return fmt.Errorf("the boundary is %d bytes long, over %d", len(b), maxBoundary)
	}
	for i := 0; i < len(b); i++ {
		if b[i] < 0x20 || b[i] == 0x7f {
			return fmt.Errorf("the boundary %q holds a control character", b)
		}
	}
	return nil
}

// delimiters are the lines that separate a stream's parts. RFC 2046's is
// "--" and the boundary; some servers put the "--" in the header's
// boundary parameter already, so the boundary alone is taken too (with
// boundary=boundarydonotcross, "--boundarydonotcross"; with
// boundary=--frame, "----frame" and "--frame"). Either, followed by "--",
// is the closing delimiter.
type delimiters [2][]byte

// newDelimiters returns the delimiters of boundary b.
func newDelimiters(b string) delimiters {
	return delimiters{[]byte("--" + b), []byte(b)}
}

// longest is the most bytes a delimiter line takes: the leading CR LF, the
// longest form, "--", padding, CR LF.
func (d delimiters) longest() int { return 2 + len(d[0]) + 2 + maxPadding + 2 }

// line reports whether line (a whole line, its end of line stripped) is a
// delimiter, and whether it is the closing one.
func (d delimiters) line(line []byte) (ok, closing bool) {
	line = bytes.TrimRight(line, " \t")
	for _, f := range d {
		if rest, found := bytes.CutPrefix(line, f); found {
			switch string(rest) {
			case "":
				return true, false
			case "--":
				return true, true
			}
		}
	}
	return false, false
}

// match is what matchAt finds.
type match int

const (
	noMatch match = iota // no delimiter starts here
	partial              // a delimiter may start here: more bytes tell
	matched              // a delimiter line starts here
)

// matchAt reports whether b starts with a delimiter line, through its end of
// line; on a match, n is that line's length and closing says whether it is
// the closing delimiter. At eof, b is all there is: a delimiter without its
// end of line matches.
func (d delimiters) matchAt(b []byte, eof bool) (m match, n int, closing bool) {
	best := noMatch
	for _, f := range d {
		if len(b) < len(f) {
			if bytes.HasPrefix(f, b) && !eof {
				best = partial
			}
			continue
		}
		if !bytes.HasPrefix(b, f) {
			continue
		}
		m, n, closing := lineEnd(b, len(f), eof)
		if m == matched {
			return matched, n, closing
		}
		best = max(best, m)
	}
	return best, 0, false
}

// lineEnd reports whether what follows a delimiter's form at b[i:] ends the
// line: an optional "--", padding, and CR LF or LF (or the end, at eof).
func lineEnd(b []byte, i int, eof bool) (m match, n int, closing bool) {
	more := partial
	if eof {
		more = matched // the stream ends the line
	}
	rest := b[i:]
	switch {
	case len(rest) == 1 && rest[0] == '-':
		if eof {
			return noMatch, 0, false
		}
		return partial, 0, false
	case bytes.HasPrefix(rest, []byte("--")):
		closing, i = true, i+2
	}
	for pad := 0; ; pad++ {
		if i == len(b) {
			return more, len(b), closing
		}
		switch b[i] {
		case ' ', '\t':
			if pad == maxPadding {
				return noMatch, 0, false
			}
			i++
			continue
		case '\n':
			return matched, i + 1, closing
		case '\r':
			switch {
			case i+1 == len(b):
				return more, len(b), closing
			case b[i+1] == '\n':
				return matched, i + 2, closing
			}
		}
		return noMatch, 0, false
	}
}

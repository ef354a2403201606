package pull

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/wiretest"
)

// Bodies the parts carry. tricky holds what looks like a delimiter and is
// not one, and ends with a CR before its CR LF.
var (
	jpegA  = wiretest.QuadrantsJPEG()
	jpegB  = wiretest.GreyJPEG()
	tricky = []byte("\xff\xd8\xff\xe0 a\r\n--fram b\n--frameX c\r\n--frame-x\r\n-- d\nframe! e\r\r\n\xff\xd9\r")
	small  = bytes.Repeat([]byte{0xaa}, 50)
	big    = bytes.Repeat([]byte{0xbb}, 200)
)

// part is a part's headers and body, lines ended by eol; length adds a
// Content-Length header.
func part(eol, ctype string, length bool, body []byte) string {
	var h strings.Builder
	if ctype != "" {
		h.WriteString("Content-Type: " + ctype + eol)
	}
	if length {
		fmt.Fprintf(&h, "Content-Length: %d%s", len(body), eol)
	}
	return h.String() + eol + string(body)
}

func cat(b ...[]byte) []byte { return bytes.Join(b, nil) }

// multipartCase is a body fed to the parser and what it must give.
type multipartCase struct {
	name     string
	boundary string
	maxPart  int // 0: wire.DefaultMaxFrame
	in       string
	want     []byte // the bytes passed on, up to the end or the error
	err      string // "" for a clean end (io.EOF); else in the error
	cut      bool   // the error wraps io.ErrUnexpectedEOF
	prefix   bool   // the bytes passed on are a prefix of want (how many depends on the reads)
	counts   *[3]int64
}

func multipartCases() []multipartCase {
	const crlf, lf = "\r\n", "\n"
	mj := "--boundarydonotcross\r\n"
	esp := "123456789000000000000987654321"
	return []multipartCase{
		{name: "mjpg-streamer", boundary: "boundarydonotcross",
			in: mj + part(crlf, "image/jpeg", true, jpegA) + "\r\n" + mj + "Content-Type: image/jpeg\r\nContent-Length: " +
				fmt.Sprint(len(jpegB)) + "\r\nX-Timestamp: 1.000\r\n\r\n" + string(jpegB) + "\r\n" + mj,
			want: cat(jpegA, jpegB), counts: &[3]int64{2, 0, 0}},
		{name: "picamera2 boundary FRAME", boundary: "FRAME",
			in:   "--FRAME\r\n" + part(crlf, "image/jpeg", true, jpegA) + "\r\n--FRAME\r\n" + part(crlf, "image/jpeg", true, jpegB) + "\r\n",
			want: cat(jpegA, jpegB)},
		{name: "ffmpeg lower-case headers", boundary: "ffmpeg",
			in: "--ffmpeg\r\nContent-type: image/jpeg\r\nContent-length: " + fmt.Sprint(len(jpegA)) + "\r\n\r\n" + string(jpegA) +
				"\r\n--ffmpeg--\r\n", want: jpegA},
		{name: "no length, CRLF", boundary: "frame",
			in:   "--frame\r\n" + part(crlf, "image/jpeg", false, tricky) + "\r\n--frame\r\n" + part(crlf, "image/jpeg", false, jpegB) + "\r\n--frame--\r\n",
			want: cat(tricky, jpegB)},
		{name: "no length, LF", boundary: "frame",
			// tricky's last CR, before the LF of the delimiter, is taken for
			// the delimiter's CR LF: a JPEG ends with FF D9, never a CR.
			in:   "--frame\n" + part(lf, "image/jpeg", false, jpegA) + "\n--frame\n" + part(lf, "", false, tricky) + "\n--frame--\n",
			want: cat(jpegA, tricky[:len(tricky)-1])},
		{name: "length, LF", boundary: "frame",
			in:   "--frame\n" + part(lf, "image/jpeg", true, jpegA) + "\n--frame\n" + part(lf, "image/jpeg", true, tricky) + "\n",
			want: cat(jpegA, tricky)},
		{name: "boundary with dashes in the header", boundary: "--myboundary",
			in:   "--myboundary\r\n" + part(crlf, "image/jpeg", false, jpegA) + "\r\n--myboundary\r\n" + part(crlf, "image/jpeg", true, jpegB) + "\r\n--myboundary--",
			want: cat(jpegA, jpegB)},
		{name: "boundary with dashes, RFC delimiters", boundary: "--myboundary",
			in:   "----myboundary\r\n" + part(crlf, "image/jpeg", false, jpegA) + "\r\n----myboundary--\r\n",
			want: jpegA},
		{name: "preamble", boundary: "b",
			in:   "This is a preamble.\r\n--bx is not it\r\n\r\n--b\r\n" + part(crlf, "image/jpeg", true, small) + "\r\n",
			want: small},
		{name: "ESP32-CAM", boundary: esp,
			in: "\r\n--" + esp + "\r\nContent-Type: image/jpeg\r\nContent-Length: " + fmt.Sprint(len(jpegA)) + "\r\nX-Timestamp: 12.345678\r\n\r\n" +
				string(jpegA) + "\r\n--" + esp + "\r\n" + part(crlf, "image/jpeg", true, jpegB),
			want: cat(jpegA, jpegB)},
		{name: "motion, padded length", boundary: "BoundaryString",
			in:   fmt.Sprintf("--BoundaryString\r\nContent-type: image/jpeg\r\nContent-Length: %9d\r\n\r\n%s\r\n\r\n--BoundaryString\r\n", len(jpegA), jpegA),
			want: jpegA},
		{name: "padding after the delimiter", boundary: "b",
			in:   "--b \t\r\n" + part(crlf, "image/jpeg", false, small) + "\r\n--b  \r\n" + part(crlf, "image/jpeg", true, small) + "\r\n--b-- \r\n",
			want: cat(small, small)},
		{name: "closing delimiter ends it", boundary: "b",
			in:   "--b\r\n" + part(crlf, "image/jpeg", true, small) + "\r\n--b--\r\n--b\r\n" + part(crlf, "image/jpeg", true, big),
			want: small},
		{name: "closing delimiter at the end without CRLF", boundary: "frame",
			in:   "--frame\r\n" + part(crlf, "image/jpeg", false, jpegB) + "\r\n--frame--",
			want: jpegB},
		{name: "empty part", boundary: "f",
			in:   "--f\r\n\r\n--f\r\n" + part(crlf, "image/jpeg", false, small) + "\r\n--f--\r\n",
			want: small},
		{name: "non-image parts skipped", boundary: "b",
			in: "--b\r\n" + part(crlf, "text/plain", true, []byte("hello")) + "\r\n--b\r\n" + part(crlf, "application/json", false, []byte(`{"a":1}`)) +
				"\r\n--b\r\n" + part(crlf, "image/jpeg; q=1", true, small) + "\r\n--b\r\n" + part(crlf, "image/png", true, big) + "\r\n",
			want: small, counts: &[3]int64{1, 3, 0}},
		{name: "oversize part skipped, the next read", boundary: "b", maxPart: 100,
			in:   "--b\r\n" + part(crlf, "image/jpeg", true, big) + "\r\n--b\r\n" + part(crlf, "image/jpeg", true, small) + "\r\n",
			want: small, counts: &[3]int64{1, 1, 1}},
		{name: "learnt boundary", boundary: "",
			in:   "--ffmpeg\r\n" + part(crlf, "image/jpeg", true, jpegA) + "\r\n--ffmpeg\r\n" + part(crlf, "image/jpeg", true, jpegB) + "\r\n",
			want: cat(jpegA, jpegB)},
		{name: "no boundary after a part", boundary: "b",
			in:   "--b\r\n" + part(crlf, "image/jpeg", true, small) + "\r\nGARBAGE\r\n--b\r\n",
			want: small, err: `came "GARBAGE", not the boundary line "--b"`},
		{name: "wrong boundary", boundary: "b",
			in:   "--b\r\n" + part(crlf, "image/jpeg", true, small) + "\r\n--c\r\n",
			want: small, err: "not the boundary line"},
		{name: "blank lines and no boundary", boundary: "b",
			in:   "--b\r\n" + part(crlf, "image/jpeg", true, small) + strings.Repeat("\r\n", 40),
			want: small, err: "blank lines and no boundary"},
		{name: "headers too long", boundary: "b",
			in:  "--b\r\nX-Junk: " + strings.Repeat("x", 9000) + "\r\n\r\n" + string(small),
			err: "headers are over 8192 bytes"},
		{name: "header line longer than the buffer", boundary: "b",
			in:  "--b\r\nX-Junk: " + strings.Repeat("x", 40000) + "\r\n\r\n",
			err: "headers are over 8192 bytes"},
		{name: "too many header lines", boundary: "b",
			in:  "--b\r\n" + strings.Repeat("X-A: b\r\n", 65) + "\r\n" + string(small),
			err: "over 64 header lines"},
		{name: "header without colon", boundary: "b",
			in:  "--b\r\n\xff\xd8\xff\xe0junk\r\n\r\n",
			err: "has no colon"},
		{name: "bad Content-Length", boundary: "b",
			in:  "--b\r\nContent-Length: 12a\r\n\r\n",
			err: `Content-Length "12a" is not a length`},
		{name: "cut in a body", boundary: "b",
			in:   "--b\r\n" + part(crlf, "image/jpeg", true, small)[:60],
			want: small[:60-len(part(crlf, "image/jpeg", true, small))+len(small)], err: "short", cut: true},
		{name: "cut in headers", boundary: "b",
			in:  "--b\r\nContent-Type: ima",
			err: "cut in part 1's headers", cut: true},
		{name: "empty body", boundary: "b",
			err: "ended before its first part", cut: true},
		{name: "no boundary in the preamble", boundary: "b",
			in:  strings.Repeat("preamble without end ", 4000),
			err: `no boundary line "--b" in the first 65536 bytes`},
		{name: "no length and no boundary", boundary: "b", maxPart: 100,
			in:   "--b\r\n" + part(crlf, "image/jpeg", false, big) + "\r\n--b\r\n",
			want: big[:100], prefix: true, err: "no Content-Length and no boundary line"},
		{name: "learnt boundary: not multipart", boundary: "",
			in:  string(jpegA),
			err: "not an MJPEG stream"},
		{name: "part without length ends with the stream", boundary: "b",
			in:   "--b\r\n" + part(crlf, "image/jpeg", false, small) + "\r\n--",
			want: cat(small, []byte("\r\n--"))},
	}
}

// readAll reads r through a buffer of n bytes to its end; err is nil at
// io.EOF.
func readAll(r io.Reader, n int) ([]byte, error) {
	var out []byte
	buf := make([]byte, n)
	for zero := 0; zero < 1000; {
		k, err := r.Read(buf)
		out = append(out, buf[:k]...)
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		if k == 0 {
			zero++
		}
	}
	return out, errors.New("1000 reads returned nothing")
}

// feeds are the ways a case's bytes arrive, and the reads' sizes.
var feeds = []struct {
	name string
	wrap func(io.Reader) io.Reader
	buf  int
}{
	{"whole", func(r io.Reader) io.Reader { return r }, 64 << 10},
	{"one byte at a time", iotest.OneByteReader, 4096},
	{"half reads, small buffer", iotest.HalfReader, 7},
	{"data with EOF", iotest.DataErrReader, 1000},
}

func TestMultipart(t *testing.T) {
	for _, c := range multipartCases() {
		for _, f := range feeds {
			t.Run(c.name+"/"+f.name, func(t *testing.T) {
				maxPart := c.maxPart
				if maxPart == 0 {
					maxPart = wire.DefaultMaxFrame
				}
				m := newMultipartReader(f.wrap(strings.NewReader(c.in)), c.boundary, maxPart, "test")
				got, err := readAll(m, f.buf)
				if !bytes.Equal(got, c.want) && !(c.prefix && bytes.HasPrefix(c.want, got)) {
					t.Errorf("got %d bytes %.60q…, want %d bytes %.60q…", len(got), got, len(c.want), c.want)
				}
				switch {
				case c.err == "" && err != nil:
					t.Errorf("error %v, want a clean end", err)
				case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
					t.Errorf("error %v, want one saying %q", err, c.err)
				case c.err != "" && errors.Is(err, io.ErrUnexpectedEOF) != c.cut:
					t.Errorf("error %v: wraps io.ErrUnexpectedEOF %v, want %v", err, !c.cut, c.cut)
				}
				if c.counts != nil {
					n := [3]int64{m.counts.parts.Load(), m.counts.skipped.Load(), m.counts.oversize.Load()}
					if n != *c.counts {
						t.Errorf("parts, skipped, oversize = %v, want %v", n, *c.counts)
					}
				}
				if _, again := m.Read(make([]byte, 10)); err != nil && again != err {
					t.Errorf("after error %v, Read returned %v", err, again)
				}
			})
		}
	}
}

// zeros is n zero bytes, made as they are read.
type zeros struct{ n int64 }

func (z *zeros) Read(p []byte) (int, error) {
	if z.n == 0 {
		return 0, io.EOF
	}
	k := int(min(int64(len(p)), z.n))
	clear(p[:k])
	z.n -= int64(k)
	return k, nil
}

// TestMultipartHugeLength: a part claiming 2 GB is dropped as it comes,
// without a buffer for it, and the stream cut short of it is an error.
func TestMultipartHugeLength(t *testing.T) {
	const claimed, sent = 2 << 30, 8 << 20
	head := "--b\r\nContent-Type: image/jpeg\r\nContent-Length: " + fmt.Sprint(claimed) + "\r\n\r\n"
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	m := newMultipartReader(io.MultiReader(strings.NewReader(head), &zeros{sent}), "b", wire.MaxFrameLimit, "test")
	got, err := readAll(m, 4096)
	runtime.ReadMemStats(&after)
	if len(got) != 0 {
		t.Errorf("passed on %d bytes of the oversize part", len(got))
	}
	if !errors.Is(err, io.ErrUnexpectedEOF) || !strings.Contains(err.Error(), fmt.Sprintf("%d of its %d bytes short", claimed-sent, claimed)) {
		t.Errorf("error %v, want the part cut short", err)
	}
	if n := m.counts.skippedBytes.Load(); n != sent {
		t.Errorf("skipped %d bytes, want %d", n, sent)
	}
	if m.counts.oversize.Load() != 1 {
		t.Errorf("oversize parts %d, want 1", m.counts.oversize.Load())
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 1<<20 {
		t.Errorf("allocated %d bytes reading past a 2 GB claim, want under 1 MiB", grew)
	}
}

func TestMediaType(t *testing.T) {
	for _, c := range []struct{ in, typ, boundary string }{
		{"multipart/x-mixed-replace;boundary=boundarydonotcross", "multipart/x-mixed-replace", "boundarydonotcross"},
		{"multipart/x-mixed-replace; boundary=FRAME", "multipart/x-mixed-replace", "FRAME"},
		{`Multipart/X-Mixed-Replace; charset=x; Boundary="--my:boundary"`, "multipart/x-mixed-replace", "--my:boundary"},
		{"multipart/x-mixed-replace; boundary=--BoundaryString", "multipart/x-mixed-replace", "--BoundaryString"},
		{"multipart/mixed", "multipart/mixed", ""},
		{"image/jpeg", "image/jpeg", ""},
		{"", "", ""},
	} {
		typ, b := mediaType(c.in)
		if typ != c.typ || b != c.boundary {
			t.Errorf("mediaType(%q) = %q, %q, want %q, %q", c.in, typ, b, c.typ, c.boundary)
		}
	}
}

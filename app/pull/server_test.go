package pull

import (
	"bytes"
	"context"
	"fmt"
	"image/jpeg"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/wiretest"
)

// What the tests' HTTP servers share: MJPEG-over-HTTP written from the
// protocol as mjpg-streamer documents and sends it, a Content-Type of
// multipart/x-mixed-replace;boundary=boundarydonotcross, each part a
// "--boundarydonotcross" line, its headers and its JPEG, then CR LF.

const mjpgBoundary = "boundarydonotcross"

// testJPEGs returns n JPEGs of w x h.
func testJPEGs(t testing.TB, n, w, h int) [][]byte {
	t.Helper()
	out := make([][]byte, n)
	for i := range out {
		out[i] = wiretest.JPEG(t, wiretest.Quadrants(w, h), 60+i)
	}
	return out
}

// writeParts writes an mjpg-streamer reply's header and parts, flushing
// each. It reports whether the client was still there.
func writeParts(w http.ResponseWriter, parts [][]byte) bool {
	w.Header().Set("Content-Type", "multipart/x-mixed-replace;boundary="+mjpgBoundary)
	w.WriteHeader(http.StatusOK)
	w.(http.Flusher).Flush()
	for i, p := range parts {
		_, err := fmt.Fprintf(w, "--%s\r\nContent-Type: image/jpeg\r\nContent-Length: %d\r\nX-Timestamp: %d.000000\r\n\r\n%s\r\n",
			mjpgBoundary, len(p), i, p)
		if err != nil {
			return false
		}
		w.(http.Flusher).Flush()
	}
	return true
}

// server starts an httptest server of h, closed when the test ends.
func server(t testing.TB, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	s := httptest.NewServer(h)
	t.Cleanup(s.Close)
	return s
}

// target parses raw, failing t on an error.
func target(t testing.TB, raw string) Target {
	t.Helper()
	tg, err := Parse(raw)
	if err != nil {
		t.Fatalf("Parse(%q): %v", raw, err)
	}
	return tg
}

// stall waits until the client goes away, or the test's server closes.
func stall(r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-time.After(time.Minute):
	}
}

// readFrames reads frames off s through a wire.Reader until it fails and
// returns them, copied, and the error (io.EOF at a clean end).
func readFrames(s interface{ Read([]byte) (int, error) }) ([][]byte, *wire.Reader, error) {
	r := wire.NewReader(s, 0)
	var frames [][]byte
	for {
		f, err := r.Next(nil)
		if err != nil && wire.Skippable(r, err) {
			continue
		}
		if err != nil {
			return frames, r, err
		}
		frames = append(frames, bytes.Clone(f.Payload))
	}
}

// checkJPEG fails t unless b decodes as a w x h JPEG.
func checkJPEG(t testing.TB, b []byte, w, h int) {
	t.Helper()
	img, err := jpeg.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("frame of %d bytes does not decode: %v", len(b), err)
	}
	if got := img.Bounds().Size(); got.X != w || got.Y != h {
		t.Fatalf("frame is %v, want %dx%d", got, w, h)
	}
}

// within runs f and fails t if it has not returned after d: a hang, not a
// measure of speed.
func within(t testing.TB, d time.Duration, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("still running after %v", d)
	}
}

// openT opens tg with d, failing t on an error; the stream is closed when
// the test ends.
func openT(t testing.TB, d Dialer, tg Target) *Stream {
	t.Helper()
	s, err := d.Open(context.Background(), tg)
	if err != nil {
		t.Fatalf("Open(%s): %v", tg, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

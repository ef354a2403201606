package pull

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/vidstream/vidstream/wire"
)

func TestOpenHTTPBasicAuth(t *testing.T) {
	parts := testJPEGs(t, 3, 64, 48)
	s := server(t, func(w http.ResponseWriter, r *http.Request) {
		if u, p, ok := r.BasicAuth(); !ok || u != "pi" || p != "s3cret" {
			w.Header().Set("WWW-Authenticate", `Basic realm="MJPG-Streamer"`)
			http.Error(w, "401: Not Authenticated!", http.StatusUnauthorized)
			return
		}
		writeParts(w, parts)
	})
	host := strings.TrimPrefix(s.URL, "http://")

	st := openT(t, Dialer{}, target(t, "http://pi:s3cret@"+host+"/?action=stream"))
	frames, r, err := readFrames(st)
	if !errors.Is(err, io.EOF) {
		t.Fatalf("after %d frames: %v, want the end", len(frames), err)
	}
	if len(frames) != len(parts) || r.Protocol() != wire.ProtoMJPEG {
		t.Fatalf("read %d %v frames, want %d mjpeg", len(frames), r.Protocol(), len(parts))
	}
	for _, f := range frames {
		checkJPEG(t, f, 64, 48)
	}
	if got := st.Stats(); got.Parts != 3 || got.Skipped != 0 || got.Delivered == 0 || got.Received <= got.Delivered {
		t.Errorf("stats %+v, want 3 parts, none skipped, fewer bytes delivered than received", got)
	}

	for _, c := range []struct{ url, says string }{
		{"http://pi:wrongpass@" + host + "/?action=stream", "refused the user name or password"},
		{"http://" + host + "/?action=stream", "needs a user name and password"},
	} {
		_, err := Open(context.Background(), target(t, c.url))
		var se *StatusError
		if !errors.As(err, &se) || se.Code != http.StatusUnauthorized {
			t.Fatalf("Open(%s): %v, want a 401 StatusError", c.url, err)
		}
		if !strings.Contains(err.Error(), c.says) || !strings.Contains(err.Error(), "password") || strings.Contains(err.Error(), "wrongpass") {
			t.Errorf("Open(%s): %q, want it to say %q, and not the password", c.url, err, c.says)
		}
	}
}

// TestOpenRefusesNonStreams: replies that are no MJPEG stream give an
// error saying what they are.
func TestOpenRefusesNonStreams(t *testing.T) {
	for _, c := range []struct {
		name, ctype, body string
		code              int
		says              string
	}{
		{"no boundary", "multipart/x-mixed-replace", "--x\r\n", 200, "the server's reply has no boundary"},
		{"snapshot", "image/jpeg", "\xff\xd8\xff\xe0", 200, "a snapshot, not a stream"},
		{"web page", "text/html; charset=utf-8", "<html>", 200, "is a web page, not a stream"},
		{"other type", "application/json", "{}", 200, `not an MJPEG stream: the server sends "application/json"`},
		{"octet-stream, no boundary line", "application/octet-stream", "\xff\xd8\xff\xe0\x00\x10JFIF", 200, "not an MJPEG stream"},
		{"not found", "text/plain", "no", 404, "has no stream at this path (404 Not Found)"},
		{"server error", "text/plain", "no", 503, "answered 503 Service Unavailable"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := server(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", c.ctype)
				w.WriteHeader(c.code)
				io.WriteString(w, c.body)
			})
			st, err := Open(context.Background(), target(t, s.URL+"/stream"))
			if err == nil {
				st.Close()
				t.Fatal("Open succeeded")
			}
			if !strings.Contains(err.Error(), c.says) {
				t.Errorf("error %q, want it to say %q", err, c.says)
			}
		})
	}
}

// TestOpenOctetStream: a reply that says application/octet-stream (as
// ffmpeg -listen 1 does) but whose body is multipart is read by the
// boundary of its first line.
func TestOpenOctetStream(t *testing.T) {
	parts := testJPEGs(t, 2, 32, 32)
	s := server(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		for _, p := range parts {
			fmt.Fprintf(w, "--ffmpeg\r\nContent-type: image/jpeg\r\nContent-length: %d\r\n\r\n%s\r\n", len(p), p)
		}
	})
	frames, _, err := readFrames(openT(t, Dialer{}, target(t, s.URL)))
	if !errors.Is(err, io.EOF) || len(frames) != 2 {
		t.Fatalf("read %d frames, then %v; want 2 and the end", len(frames), err)
	}
}

// TestOpenHugePartThenStall: a part that claims 2 GB is dropped as it
// comes; when the server stops sending, the read fails with ErrIdle.
func TestOpenHugePartThenStall(t *testing.T) {
	s := server(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "multipart/x-mixed-replace; boundary=\"frame\"")
		fmt.Fprintf(w, "--frame\r\nContent-Type: image/jpeg\r\nContent-Length: %d\r\n\r\n", int64(2<<30))
		w.Write(make([]byte, 64<<10))
		w.(http.Flusher).Flush()
		stall(r)
	})
	st := openT(t, Dialer{IdleTimeout: 200 * time.Millisecond}, target(t, s.URL+"/stream.mjpg"))
	within(t, 10*time.Second, func() {
		n, err := io.Copy(io.Discard, st)
		if n != 0 || !errors.Is(err, ErrIdle) || errors.Is(err, os.ErrDeadlineExceeded) {
			t.Errorf("read %d bytes, then %v; want none, then ErrIdle", n, err)
		}
		if !strings.Contains(fmt.Sprint(err), "sent nothing for 200ms") {
			t.Errorf("error %q does not say how long nothing came", err)
		}
	})
	if got := st.Stats(); got.Oversize != 1 || got.SkippedBytes != 64<<10 || got.Delivered != 0 {
		t.Errorf("stats %+v, want one oversize part, 64 KiB skipped, nothing delivered", got)
	}
}

// TestOpenStopsMidPart: a server that stops inside a part ends the stream
// with ErrIdle after the frames that came whole.
func TestOpenStopsMidPart(t *testing.T) {
	parts := testJPEGs(t, 2, 32, 32)
	s := server(t, func(w http.ResponseWriter, r *http.Request) {
		writeParts(w, parts[:1])
		fmt.Fprintf(w, "--%s\r\nContent-Type: image/jpeg\r\n\r\n%s", mjpgBoundary, parts[1][:len(parts[1])/2])
		w.(http.Flusher).Flush()
		stall(r)
	})
	st := openT(t, Dialer{IdleTimeout: 200 * time.Millisecond}, target(t, s.URL))
	within(t, 10*time.Second, func() {
		frames, _, err := readFrames(st)
		if len(frames) != 1 || !errors.Is(err, ErrIdle) {
			t.Errorf("read %d frames, then %v; want 1, then ErrIdle", len(frames), err)
		}
	})
}

// TestHTTPDeadline: SetReadDeadline bounds a waiting read with
// os.ErrDeadlineExceeded, which ends an HTTP stream; so does a read begun
// past the deadline.
func TestHTTPDeadline(t *testing.T) {
	parts := testJPEGs(t, 1, 16, 16)
	s := server(t, func(w http.ResponseWriter, r *http.Request) {
		writeParts(w, parts)
		stall(r)
	})
	st := openT(t, Dialer{IdleTimeout: -1}, target(t, s.URL))
	buf := make([]byte, len(parts[0]))
	if _, err := io.ReadFull(st, buf); err != nil || string(buf) != string(parts[0]) {
		t.Fatalf("reading the first part: %v", err)
	}
	st.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
	within(t, 10*time.Second, func() {
		if _, err := st.Read(buf); !errors.Is(err, os.ErrDeadlineExceeded) || errors.Is(err, ErrIdle) {
			t.Errorf("read waiting past the deadline: %v, want os.ErrDeadlineExceeded", err)
		}
	})
	st.SetReadDeadline(time.Time{})
	if _, err := st.Read(buf); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("read after the deadline passed: %v, want the same error", err)
	}

	st = openT(t, Dialer{IdleTimeout: -1}, target(t, s.URL))
	st.SetReadDeadline(time.Now().Add(-time.Second))
	if _, err := st.Read(buf); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("read begun past the deadline: %v, want os.ErrDeadlineExceeded", err)
	}
}

// TestCloseEndsWaitingRead: Close from another goroutine ends a read that
// waits on a silent server, over HTTP and TCP.
func TestCloseEndsWaitingRead(t *testing.T) {
	hs := server(t, func(w http.ResponseWriter, r *http.Request) {
		writeParts(w, nil)
		stall(r)
	})
	ln := listen(t, func(c net.Conn) { io.Copy(io.Discard, c) })
	for _, raw := range []string{hs.URL, "tcp://" + ln.Addr().String()} {
		st := openT(t, Dialer{IdleTimeout: -1}, target(t, raw))
		time.AfterFunc(50*time.Millisecond, func() { st.Close() })
		within(t, 10*time.Second, func() {
			if _, err := st.Read(make([]byte, 10)); !errors.Is(err, net.ErrClosed) {
				t.Errorf("%s: read after Close: %v, want net.ErrClosed", raw, err)
			}
		})
	}
}

// TestOpenHTTPTimeouts: a server that never answers fails Open after
// DialTimeout; a cancelled ctx fails it at once.
func TestOpenHTTPTimeouts(t *testing.T) {
	s := server(t, func(w http.ResponseWriter, r *http.Request) { stall(r) })
	tg := target(t, s.URL+"/stream")
	within(t, 10*time.Second, func() {
		_, err := Dialer{DialTimeout: 200 * time.Millisecond}.Open(context.Background(), tg)
		if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "did not answer within 200ms") {
			t.Errorf("Open of a silent server: %v", err)
		}
	})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	within(t, 10*time.Second, func() {
		if _, err := Open(ctx, tg); !errors.Is(err, context.Canceled) {
			t.Errorf("Open with ctx cancelled: %v, want context.Canceled", err)
		}
	})
}

// TestOpenHTTPS: an https:// stream, verified against the Dialer's roots
// (a camera's own certificate), and refused without them.
func TestOpenHTTPS(t *testing.T) {
	parts := testJPEGs(t, 2, 32, 32)
	s := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { writeParts(w, parts) }))
	t.Cleanup(s.Close)
	roots := x509.NewCertPool()
	roots.AddCert(s.Certificate())
	tg := target(t, s.URL+"/stream")
	frames, _, err := readFrames(openT(t, Dialer{TLSConfig: &tls.Config{RootCAs: roots}}, tg))
	if !errors.Is(err, io.EOF) || len(frames) != 2 {
		t.Fatalf("read %d frames, then %v; want 2 and the end", len(frames), err)
	}
	if _, err := Open(context.Background(), tg); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("Open without the camera's root: %v, want a certificate error", err)
	}
}

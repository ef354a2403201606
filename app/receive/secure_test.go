package receive

import (
	"bytes"
	"crypto/tls"
	"errors"
	"image/color"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/pairing"
	"github.com/vidstream/vidstream/wire/pixel"
	"github.com/vidstream/vidstream/wire/wiretest"
)

// askingEvents is a Handler with a person to ask: the questions wait in asks.
type askingEvents struct {
	*events
	asks chan *PairRequest
}

func (e *askingEvents) AskPairing(r *PairRequest) { e.asks <- r }

func newAsking() *askingEvents {
	return &askingEvents{events: newEvents(true), asks: make(chan *PairRequest, 4)}
}

// testTrust is a viewer's Trust in a folder of the test's own.
func testTrust(t *testing.T, allowNew bool) *Trust {
	t.Helper()
	tr, err := LoadTrust(t.TempDir(), allowNew)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// testCamera is a camera's identity named name.
func testCamera(t *testing.T, name string) *pairing.Identity {
	t.Helper()
	id, err := pairing.LoadOrCreate(t.TempDir(), name)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// tlsCamera is a camera's side of PROTOCOL.md's "v2 over TLS", written from
// the protocol rather than with capture's dialer: the handshake and the
// session code on a connection to addr.
type tlsCamera struct {
	conn *tls.Conn
	code string
}

func dialTLS(t *testing.T, addr string, id *pairing.Identity) *tlsCamera {
	t.Helper()
	raw, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	raw.SetDeadline(time.Now().Add(10 * time.Second))
	tc := tls.Client(raw, pairing.ClientConfig(id, nil))
	if err := tc.Handshake(); err != nil {
		t.Fatal(err)
	}
	code, err := pairing.ClientSessionCode(tc, id)
	if err != nil {
		t.Fatal(err)
	}
	return &tlsCamera{conn: tc, code: code}
}

// answer reads the viewer's next admission message.
func (c *tlsCamera) answer(t *testing.T) (wire.Admission, string) {
	t.Helper()
	a, reason, err := wire.ReadAdmission(c.conn)
	if err != nil {
		t.Fatal(err)
	}
	return a, reason
}

// stream writes a v2 stream of n green JPEGs and the end marker.
func (c *tlsCamera) stream(t *testing.T, n int) {
	t.Helper()
	writeStream(t, c.conn, n)
}

// writeStream writes to conn a v2 stream of n green JPEGs, its hello named
// garden-hello, and the end marker.
func writeStream(t *testing.T, conn io.Writer, n int) {
	t.Helper()
	w, err := wire.NewWriter(conn, wire.ProtoV2, wire.Hello{Layout: pixel.Layout{Format: pixel.FormatJPEG, Width: 16, Height: 16}, Name: "garden-hello"})
	if err != nil {
		t.Fatal(err)
	}
	jpg := wiretest.JPEG(t, wiretest.Solid(16, 16, color.RGBA{0, 255, 0, 255}), 95)
	for i := range n {
		if err := w.WriteFrame(jpg, uint64(i), 0); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

// The first time: the viewer asks its person, showing the code the camera
// derived too; once allowed the camera streams, is pinned, and the next
// connection is admitted at once.
func TestPairingAllowThenKnown(t *testing.T) {
	ev := newAsking()
	trust := testTrust(t, false)
	srv := serve(t, Config{Trust: trust}, ev)
	id := testCamera(t, "garden")

	cam := dialTLS(t, srv.Addr().String(), id)
	if a, _ := cam.answer(t); a != wire.Asking {
		t.Fatalf("first answer %v, want asking", a)
	}
	req := wait(t, ev.asks, "the pairing question")
	if req.Camera != "garden" || req.Code != cam.code || req.Fingerprint != id.Fingerprint() {
		t.Fatalf("asked about %q code %s key %v; the camera is garden, code %s, key %v", req.Camera, req.Code, req.Fingerprint, cam.code, id.Fingerprint())
	}
	req.Allow()
	if a, _ := cam.answer(t); a != wire.Admitted {
		t.Fatalf("answer after Allow %v, want admitted", a)
	}
	cam.stream(t, 3)
	s := wait(t, ev.started, "the paired camera's session")
	if p := s.Peer(); p == nil || p.Name != "garden" || !p.New || p.Code != cam.code {
		t.Fatalf("session peer %+v, want garden, new, code %s", p, cam.code)
	}
	if err := wait(t, ev.ended, "the session's end"); err != nil {
		t.Fatalf("session ended with %v", err)
	}
	if got := s.Meter.Snapshot(time.Now()).Received; got != 3 {
		t.Errorf("received %d frames over TLS, want 3", got)
	}
	if v := trust.Pins.Check("garden", id.Fingerprint()); v != pairing.Known {
		t.Fatalf("after Allow the pins say %v", v)
	}
	// Reopened from the file, as the next start of the viewer would.
	again, err := pairing.OpenPins(trust.Pins.Path())
	if err != nil || again.Check("garden", id.Fingerprint()) != pairing.Known {
		t.Fatalf("the pin did not reach the file: %v", err)
	}

	cam = dialTLS(t, srv.Addr().String(), id)
	if a, _ := cam.answer(t); a != wire.Admitted {
		t.Fatalf("a paired camera was answered %v, want admitted at once", a)
	}
	cam.stream(t, 1)
	if p := wait(t, ev.started, "the second session").Peer(); p == nil || p.New {
		t.Fatalf("second session peer %+v, want paired before", p)
	}
	select {
	case r := <-ev.asks:
		t.Fatalf("asked again about %q", r.Camera)
	default:
	}
}

// Denied: the camera is told, the key is remembered and refused without
// asking next time; Forget undoes it.
func TestPairingDeny(t *testing.T) {
	ev := newAsking()
	trust := testTrust(t, false)
	srv := serve(t, Config{Trust: trust}, ev)
	id := testCamera(t, "intruder")

	cam := dialTLS(t, srv.Addr().String(), id)
	cam.answer(t)
	wait(t, ev.asks, "the pairing question").Deny()
	if a, reason := cam.answer(t); a != wire.Refused || reason != ErrDeniedCamera.Error() {
		t.Fatalf("after Deny the camera read %v %q", a, reason)
	}
	if err := wait(t, ev.refused, "the refusal"); !errors.Is(err, ErrDeniedCamera) {
		t.Fatalf("refused with %v", err)
	}
	cam = dialTLS(t, srv.Addr().String(), id)
	if a, reason := cam.answer(t); a != wire.Refused || !strings.Contains(reason, "denied") {
		t.Fatalf("a denied camera read %v %q, want refused at once", a, reason)
	}
	select {
	case <-ev.asks:
		t.Fatal("asked again about a denied camera")
	default:
	}
	if err := trust.Pins.Forget("intruder"); err != nil {
		t.Fatal(err)
	}
	cam = dialTLS(t, srv.Addr().String(), id)
	if a, _ := cam.answer(t); a != wire.Asking {
		t.Fatalf("after Forget the camera read %v, want asking", a)
	}
}

// A known name with another key (the Pi reinstalled, or someone posing as
// it) is refused, and told what to do, without asking.
func TestPairingChangedKey(t *testing.T) {
	ev := newAsking()
	trust := testTrust(t, false)
	if err := trust.Pins.Allow("garden", testCamera(t, "garden").Fingerprint()); err != nil {
		t.Fatal(err)
	}
	srv := serve(t, Config{Trust: trust}, ev)
	cam := dialTLS(t, srv.Addr().String(), testCamera(t, "garden"))
	a, reason := cam.answer(t)
	if a != wire.Refused || !strings.Contains(reason, "another key") || !strings.Contains(reason, "forget") {
		t.Fatalf("camera read %v %q", a, reason)
	}
	var changed *ChangedKeyError
	if err := wait(t, ev.refused, "the refusal"); !errors.As(err, &changed) || changed.Camera != "garden" {
		t.Fatalf("refused with %v", err)
	}
}

// Nobody answers: the camera is refused after the ask timeout, and the
// question is withdrawn.
func TestPairingNotAnswered(t *testing.T) {
	ev := newAsking()
	srv := serve(t, Config{Trust: testTrust(t, false), admit: admission{askTimeout: 200 * time.Millisecond}}, ev)
	cam := dialTLS(t, srv.Addr().String(), testCamera(t, "garden"))
	cam.answer(t)
	req := wait(t, ev.asks, "the pairing question")
	if a, reason := cam.answer(t); a != wire.Refused || reason != ErrNotAnswered.Error() {
		t.Fatalf("camera read %v %q", a, reason)
	}
	select {
	case <-req.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("the question was not withdrawn")
	}
	req.Allow() // too late: nothing happens
}

// Without a person to ask (headless): AllowNew pairs at once, else the
// camera is refused.
func TestPairingWithoutAsker(t *testing.T) {
	for _, allow := range []bool{true, false} {
		ev := newEvents(true)
		trust := testTrust(t, allow)
		srv := serve(t, Config{Trust: trust}, ev)
		id := testCamera(t, "garden")
		cam := dialTLS(t, srv.Addr().String(), id)
		a, reason := cam.answer(t)
		if !allow {
			if a != wire.Refused || reason != ErrPairingClosed.Error() {
				t.Fatalf("AllowNew off: camera read %v %q", a, reason)
			}
			continue
		}
		if a != wire.Admitted || trust.Pins.Check("garden", id.Fingerprint()) != pairing.Known {
			t.Fatalf("AllowNew: camera read %v, pins %v", a, trust.Pins.Check("garden", id.Fingerprint()))
		}
		cam.stream(t, 1)
		wait(t, ev.started, "the session")
	}
}

// recorder relays a connection and keeps what the camera sent.
type recorder struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (r *recorder) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.buf.Write(p)
}

// relay listens on loopback and relays each connection to addr, copying
// what goes to addr into rec.
func relay(t *testing.T, addr string, rec *recorder) string {
	t.Helper()
	ln := wiretest.Serve(t, func(c net.Conn) {
		up, err := net.Dial("tcp", addr)
		if err != nil {
			c.Close()
			return
		}
		go func() { io.Copy(c, up); c.Close() }()
		io.Copy(io.MultiWriter(up, rec), c)
		up.(*net.TCPConn).CloseWrite()
	})
	return ln.Addr().String()
}

// With TLS nothing of the stream crosses the socket in the clear: no JPEG
// start marker, no v2 magic or hello, not the camera's name; unencrypted,
// all of them do (the check can fail).
func TestNoPlaintextOnTheWire(t *testing.T) {
	ev := newEvents(true)
	srv := serve(t, Config{Trust: testTrust(t, true)}, ev)
	var enc recorder
	cam := dialTLS(t, relay(t, srv.Addr().String(), &enc), testCamera(t, "garden"))
	cam.answer(t)
	cam.stream(t, 5)
	if s := wait(t, ev.started, "the session"); s.Peer() == nil {
		t.Fatal("no peer")
	}
	wait(t, ev.ended, "the end")

	var plain recorder
	c, err := net.Dial("tcp", relay(t, srv.Addr().String(), &plain))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	writeStream(t, c, 5)
	if s := wait(t, ev.started, "the plain session"); s.Peer() != nil {
		t.Fatal("a plain session has a peer")
	}
	wait(t, ev.ended, "the plain end")

	// "garden" is also the name in the camera's certificate, which TLS 1.3
	// sends encrypted.
	for _, secret := range [][]byte{{0xff, 0xd8, 0xff}, []byte("VSv2"), []byte("garden")} {
		enc.mu.Lock()
		inTLS := bytes.Contains(enc.buf.Bytes(), secret)
		n := enc.buf.Len()
		enc.mu.Unlock()
		plain.mu.Lock()
		inPlain := bytes.Contains(plain.buf.Bytes(), secret)
		plain.mu.Unlock()
		if inTLS {
			t.Errorf("%q crossed the socket in the clear over TLS (%d bytes sent)", secret, n)
		}
		if !inPlain {
			t.Errorf("%q not seen in the unencrypted stream: the check is blind", secret)
		}
	}
}

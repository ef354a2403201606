package pairing

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// ends is the two ends of a loopback TLS connection and their handshake
// errors.
type ends struct {
	srv, cli       *tls.Conn
	srvErr, cliErr error
}

// connect dials a loopback TCP listener and runs a handshake between
// srvCfg and cliCfg, each end with a 5 s deadline. wrap, if not nil, wraps
// the client's TCP connection before TLS.
func connect(t *testing.T, srvCfg, cliCfg *tls.Config, wrap func(net.Conn) net.Conn) ends {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	type accepted struct {
		conn *tls.Conn
		err  error
	}
	done := make(chan accepted, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			done <- accepted{nil, err}
			return
		}
		tc := tls.Server(c, srvCfg)
		tc.SetDeadline(time.Now().Add(5 * time.Second))
		done <- accepted{tc, tc.Handshake()}
	}()
	raw, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	if wrap != nil {
		raw = wrap(raw)
	}
	cli := tls.Client(raw, cliCfg)
	cli.SetDeadline(time.Now().Add(5 * time.Second))
	cliErr := cli.Handshake()
	a := <-done
	if a.conn == nil {
		t.Fatal(a.err)
	}
	t.Cleanup(func() { cli.Close(); a.conn.Close() })
	return ends{srv: a.conn, cli: cli, srvErr: a.err, cliErr: cliErr}
}

func TestHandshakePinned(t *testing.T) {
	viewer, cam := newTestIdentity(t, "viewer"), newTestIdentity(t, "cam")
	var seen Fingerprint
	var seenName string
	verify := func(fp Fingerprint, cert *x509.Certificate) error {
		seen, seenName = fp, cert.Subject.CommonName
		return nil
	}
	pinned := viewer.Fingerprint()
	e := connect(t, ServerConfig(viewer, verify), ClientConfig(cam, &pinned), nil)
	if e.srvErr != nil || e.cliErr != nil {
		t.Fatalf("handshake: server %v, client %v", e.srvErr, e.cliErr)
	}
	for _, c := range []*tls.Conn{e.srv, e.cli} {
		cs := c.ConnectionState()
		if cs.Version != tls.VersionTLS13 || cs.NegotiatedProtocol != ALPN {
			t.Errorf("%s, ALPN %q; want TLS 1.3, %q", tls.VersionName(cs.Version), cs.NegotiatedProtocol, ALPN)
		}
	}
	if fp, err := PeerFingerprint(e.srv); err != nil || fp != cam.Fingerprint() {
		t.Errorf("server's PeerFingerprint = %v, %v; want the camera's %v", fp, err, cam.Fingerprint())
	}
	if fp, err := PeerFingerprint(e.cli); err != nil || fp != viewer.Fingerprint() {
		t.Errorf("client's PeerFingerprint = %v, %v; want the viewer's %v", fp, err, viewer.Fingerprint())
	}
	if seen != cam.Fingerprint() || seenName != "cam" {
		t.Errorf("verify saw %v %q", seen, seenName)
	}
	// And data flows.
	go e.cli.Write([]byte("hello"))
	buf := make([]byte, 5)
	if _, err := io.ReadFull(e.srv, buf); err != nil || string(buf) != "hello" {
		t.Errorf("read %q, %v", buf, err)
	}
}

func TestHandshakeFirstUse(t *testing.T) {
	viewer, cam := newTestIdentity(t, "viewer"), newTestIdentity(t, "cam")
	e := connect(t, ServerConfig(viewer, nil), ClientConfig(cam, nil), nil)
	if e.srvErr != nil || e.cliErr != nil {
		t.Fatalf("handshake: server %v, client %v", e.srvErr, e.cliErr)
	}
	if fp, _ := PeerFingerprint(e.cli); fp != viewer.Fingerprint() {
		t.Errorf("client's PeerFingerprint = %v, want %v", fp, viewer.Fingerprint())
	}
}

func TestHandshakePinMismatch(t *testing.T) {
	viewer, impostor, cam := newTestIdentity(t, "viewer"), newTestIdentity(t, "viewer"), newTestIdentity(t, "cam")
	pinned := viewer.Fingerprint()
	e := connect(t, ServerConfig(impostor, nil), ClientConfig(cam, &pinned), nil)
	var me *MismatchError
	if !errors.As(e.cliErr, &me) {
		t.Fatalf("client error %v, want a *MismatchError", e.cliErr)
	}
	if me.Expected != viewer.Fingerprint() || me.Got != impostor.Fingerprint() {
		t.Errorf("MismatchError expected %v got %v", me.Expected, me.Got)
	}
	if !strings.Contains(me.Error(), viewer.Fingerprint().String()) || !strings.Contains(me.Error(), "pair again") {
		t.Errorf("message %q", me)
	}
	if e.srvErr == nil {
		t.Error("the server's handshake succeeded")
	}
}

func TestPinnedIsCopied(t *testing.T) {
	viewer, cam := newTestIdentity(t, "viewer"), newTestIdentity(t, "cam")
	pinned := viewer.Fingerprint()
	cfg := ClientConfig(cam, &pinned)
	pinned = Fingerprint{}
	if e := connect(t, ServerConfig(viewer, nil), cfg, nil); e.cliErr != nil {
		t.Errorf("changing the pinned variable after ClientConfig changed the config: %v", e.cliErr)
	}
}

func TestServerVerifyRefuses(t *testing.T) {
	viewer, cam := newTestIdentity(t, "viewer"), newTestIdentity(t, "cam")
	errNo := errors.New("changed key")
	e := connect(t, ServerConfig(viewer, func(Fingerprint, *x509.Certificate) error { return errNo }), ClientConfig(cam, nil), nil)
	if !errors.Is(e.srvErr, errNo) || !strings.Contains(e.srvErr.Error(), cam.Fingerprint().String()) {
		t.Errorf("server error %v, want one wrapping %v naming the key", e.srvErr, errNo)
	}
	if _, err := e.cli.Read(make([]byte, 1)); err == nil {
		t.Error("the refused client could read")
	}
}

func TestClientWithoutCertificateRefused(t *testing.T) {
	viewer, cam := newTestIdentity(t, "viewer"), newTestIdentity(t, "cam")
	cfg := ClientConfig(cam, nil)
	cfg.Certificates = nil
	e := connect(t, ServerConfig(viewer, nil), cfg, nil)
	if e.srvErr == nil || !strings.Contains(e.srvErr.Error(), "didn't provide a certificate") {
		t.Errorf("server error %v, want a refusal for no certificate", e.srvErr)
	}
	// In TLS 1.3 the client's handshake ends before the server has seen its
	// certificate: the refusal arrives as an alert on its first read.
	if _, err := e.cli.Read(make([]byte, 1)); err == nil {
		t.Error("the client without a certificate could read")
	}
}

func TestTLS12ClientRefused(t *testing.T) {
	viewer, cam := newTestIdentity(t, "viewer"), newTestIdentity(t, "cam")
	cfg := ClientConfig(cam, nil)
	cfg.MinVersion, cfg.MaxVersion = tls.VersionTLS12, tls.VersionTLS12
	e := connect(t, ServerConfig(viewer, nil), cfg, nil)
	if e.srvErr == nil || e.cliErr == nil {
		t.Fatalf("TLS 1.2: server %v, client %v; want both to fail", e.srvErr, e.cliErr)
	}
	if !strings.Contains(e.srvErr.Error(), "version") {
		t.Errorf("server error %q does not say it is the version", e.srvErr)
	}
}

func TestServerRefusesOtherALPN(t *testing.T) {
	viewer, cam := newTestIdentity(t, "viewer"), newTestIdentity(t, "cam")
	cfg := ClientConfig(cam, nil)
	cfg.NextProtos = []string{"h2", "http/1.1"}
	if e := connect(t, ServerConfig(viewer, nil), cfg, nil); e.srvErr == nil {
		t.Error("a client offering only h2 and http/1.1 was accepted")
	}
}

func TestPeerFingerprintBeforeHandshake(t *testing.T) {
	a, _ := net.Pipe()
	defer a.Close()
	if _, err := PeerFingerprint(tls.Client(a, &tls.Config{})); err == nil {
		t.Error("PeerFingerprint before the handshake gave no error")
	}
}

func TestGarbageToServer(t *testing.T) {
	viewer := newTestIdentity(t, "viewer")
	for _, tc := range []struct {
		name string
		send []byte
	}{
		{"HTTP", []byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n")},
		{"v2", []byte("VSv2\x01\x1d\x00\x00\x00")},
		{"stall", []byte{0x16, 0x03, 0x01}}, // a record header begun, never finished
	} {
		t.Run(tc.name, func(t *testing.T) {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			defer ln.Close()
			c, err := net.Dial("tcp", ln.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			c.Write(tc.send)
			s, err := ln.Accept()
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			const deadline = 500 * time.Millisecond
			start := time.Now()
			srv := tls.Server(s, ServerConfig(viewer, nil))
			srv.SetDeadline(start.Add(deadline))
			err = srv.Handshake()
			t.Logf("%s: %v", tc.name, err)
			if took := time.Since(start); err == nil || took > deadline+time.Second {
				t.Errorf("handshake: %v after %v", err, took)
			}
			var ne net.Error
			if timedOut := errors.As(err, &ne) && ne.Timeout(); timedOut != (tc.name == "stall") {
				t.Errorf("handshake error %v: timeout %v", err, timedOut)
			}
		})
	}
}

// recorder is a net.Conn that keeps a copy of every byte written and read.
type recorder struct {
	net.Conn
	mu  sync.Mutex
	raw bytes.Buffer
}

func (r *recorder) Write(p []byte) (int, error) {
	r.mu.Lock()
	r.raw.Write(p)
	r.mu.Unlock()
	return r.Conn.Write(p)
}

func (r *recorder) Read(p []byte) (int, error) {
	n, err := r.Conn.Read(p)
	r.mu.Lock()
	r.raw.Write(p[:n])
	r.mu.Unlock()
	return n, err
}

func TestNoPlaintextOnTheWire(t *testing.T) {
	viewer, cam := newTestIdentity(t, "viewer"), newTestIdentity(t, "cam")
	var rec *recorder
	wrap := func(c net.Conn) net.Conn { rec = &recorder{Conn: c}; return rec }
	e := connect(t, ServerConfig(viewer, nil), ClientConfig(cam, nil), wrap)
	if e.srvErr != nil || e.cliErr != nil {
		t.Fatalf("handshake: server %v, client %v", e.srvErr, e.cliErr)
	}
	soi, magic := []byte{0xff, 0xd8, 0xff, 0xe0}, []byte("VSv2")
	var payload []byte
	for i := range 2000 {
		payload = append(payload, magic...)
		payload = append(payload, soi...)
		payload = append(payload, byte(i), byte(i>>8))
	}
	go func() { e.cli.Write(payload); e.cli.CloseWrite() }()
	got, err := io.ReadAll(e.srv)
	if err != nil || !bytes.Equal(got, payload) {
		t.Fatalf("server read %d bytes, %v; want the %d sent", len(got), err, len(payload))
	}
	e.srv.Write([]byte("VSv2 back \xff\xd8\xff\xe0"))
	e.cli.Read(make([]byte, 64))
	rec.mu.Lock()
	raw := bytes.Clone(rec.raw.Bytes())
	rec.mu.Unlock()
	if len(raw) <= len(payload) {
		t.Fatalf("captured %d bytes, fewer than the %d-byte payload", len(raw), len(payload))
	}
	for _, p := range [][]byte{soi, magic} {
		if i := bytes.Index(raw, p); i >= 0 {
			t.Errorf("% x appears on the wire at byte %d of %d", p, i, len(raw))
		}
	}
}

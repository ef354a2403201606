package pairing

import (
	"crypto/tls"
	"errors"
	"io"
	"net"
	"regexp"
	"strings"
	"testing"
	"time"
)

// codes runs the session code exchange on both ends of e.
func codes(e ends, viewer, cam *Identity) (srvCode, cliCode string, srvErr, cliErr error) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		srvCode, srvErr = ServerSessionCode(e.srv, viewer)
	}()
	cliCode, cliErr = ClientSessionCode(e.cli, cam)
	<-done
	return
}

func TestSessionCodeMatches(t *testing.T) {
	viewer, cam := newTestIdentity(t, "viewer"), newTestIdentity(t, "cam")
	seen := map[string]bool{}
	for range 3 {
		e := connect(t, ServerConfig(viewer, nil), ClientConfig(cam, nil), nil)
		if e.srvErr != nil || e.cliErr != nil {
			t.Fatalf("handshake: %v, %v", e.srvErr, e.cliErr)
		}
		s, c, serr, cerr := codes(e, viewer, cam)
		if serr != nil || cerr != nil {
			t.Fatalf("exchange: server %v, client %v", serr, cerr)
		}
		if s != c || !regexp.MustCompile(`^\d{3}-\d{3}$`).MatchString(s) {
			t.Fatalf("server code %q, client code %q", s, c)
		}
		seen[s] = true
		// The stream goes on after the exchange.
		go e.cli.Write([]byte("VSv2"))
		b := make([]byte, 4)
		if _, err := io.ReadFull(e.srv, b); err != nil || string(b) != "VSv2" {
			t.Fatalf("after the exchange read %q, %v", b, err)
		}
	}
	if len(seen) < 2 {
		t.Errorf("three connections of the same two identities gave the codes %v: a session code must be fresh", seen)
	}
}

// rawServer runs a TLS server handshake on the loopback and hands the
// connection to serve; it returns the client's end after its handshake.
func rawServer(t *testing.T, viewer, cam *Identity, serve func(*tls.Conn)) *tls.Conn {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		s := tls.Server(c, ServerConfig(viewer, nil))
		s.SetDeadline(time.Now().Add(5 * time.Second))
		if s.Handshake() == nil {
			serve(s)
		}
		s.Close()
	}()
	raw, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	cli := tls.Client(raw, ClientConfig(cam, nil))
	cli.SetDeadline(time.Now().Add(5 * time.Second))
	if err := cli.Handshake(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cli.Close() })
	return cli
}

func TestSessionCodeTamperedReveal(t *testing.T) {
	viewer, cam := newTestIdentity(t, "viewer"), newTestIdentity(t, "cam")
	cli := rawServer(t, viewer, cam, func(s *tls.Conn) {
		// A server that would steer the code: it commits to one nonce and,
		// having seen the client's, reveals another.
		ekm, _, _ := sessionInputs(s)
		writeTagged(s, tagCommit, commitment(ekm, make([]byte, nonceLen)))
		readTagged(s, tagNonce, "")
		other := make([]byte, nonceLen)
		other[0] = 1
		writeTagged(s, tagReveal, other)
	})
	_, err := ClientSessionCode(cli, cam)
	if err == nil || !strings.Contains(err.Error(), "does not match the commitment") {
		t.Errorf("tampered reveal: %v", err)
	}
}

func TestSessionCodePeerSkipsExchange(t *testing.T) {
	viewer, cam := newTestIdentity(t, "viewer"), newTestIdentity(t, "cam")
	e := connect(t, ServerConfig(viewer, nil), ClientConfig(cam, nil), nil)
	go e.cli.Write([]byte("VSv2\x01\x1d\x00\x00\x00" + strings.Repeat("\x00", 40)))
	go io.Copy(io.Discard, e.cli)
	_, err := ServerSessionCode(e.srv, viewer)
	if err == nil || !strings.Contains(err.Error(), "does not run the session code exchange") {
		t.Errorf("a client that sends v2 at once: %v", err)
	}
}

func TestSessionCodeDeadline(t *testing.T) {
	viewer, cam := newTestIdentity(t, "viewer"), newTestIdentity(t, "cam")
	e := connect(t, ServerConfig(viewer, nil), ClientConfig(cam, nil), nil)
	go io.Copy(io.Discard, e.cli) // reads the commitment, never answers
	e.srv.SetDeadline(time.Now().Add(200 * time.Millisecond))
	start := time.Now()
	_, err := ServerSessionCode(e.srv, viewer)
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() || time.Since(start) > 2*time.Second {
		t.Errorf("a silent client: %v after %v, want a timeout at the deadline", err, time.Since(start))
	}
}

package receive

import (
	"crypto/tls"
	"errors"
	"io"
	"net"
	"testing"
	"time"

	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/pairing"
	"github.com/vidstream/vidstream/wire/pixel"
)

// "Accept the blog post's client" off: an unencrypted v2 sender is told
// why, a seed one is cut off; a paired camera still streams.
func TestRefusePlain(t *testing.T) {
	ev := newEvents(true)
	srv := serve(t, Config{Trust: testTrust(t, true), RefusePlain: true}, ev)

	c := dial(t, srv)
	writeStream(t, c, 1)
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	if reason, err := wire.ReadViewer(c, nil); err != nil || reason != ErrPlainRefused.Error() {
		t.Fatalf("plain v2 sender read %q, %v", reason, err)
	}
	if err := wait(t, ev.refused, "the refusal"); !errors.Is(err, ErrPlainRefused) {
		t.Fatalf("refused with %v", err)
	}

	time.Sleep(2 * refuseEvery) // refusals are reported at most every refuseEvery
	seed := dial(t, srv)
	seed.Write(seedFrame([]byte("frame")))
	seed.SetReadDeadline(time.Now().Add(5 * time.Second))
	if n, err := seed.Read(make([]byte, 1)); n != 0 || err == nil {
		t.Fatalf("the seed sender read %d bytes, %v: want the connection closed", n, err)
	}
	wait(t, ev.refused, "the seed refusal")

	time.Sleep(2 * refuseEvery)
	cam := dialTLS(t, srv.Addr().String(), testCamera(t, "garden"))
	if a, _ := cam.answer(t); a != wire.Admitted {
		t.Fatalf("a camera over TLS read %v", a)
	}
	cam.stream(t, 1)
	wait(t, ev.started, "the encrypted session")
}

// Paired cameras first: an idle paired camera keeps its place against an
// unencrypted newcomer, and a paired camera takes the place of an
// unencrypted one that streams.
func TestPairedCameraFirst(t *testing.T) {
	ev := newEvents(true)
	srv := serve(t, Config{Trust: testTrust(t, true), admit: admission{idleAfter: 100 * time.Millisecond}}, ev)

	// A paired camera that sent its hello and one frame, then nothing.
	cam := dialTLS(t, srv.Addr().String(), testCamera(t, "garden"))
	cam.answer(t)
	w, err := wire.NewWriter(cam.conn, wire.ProtoV2, wire.Hello{Layout: pixel.Layout{Format: pixel.FormatJPEG}})
	if err != nil {
		t.Fatal(err)
	}
	w.WriteFrame([]byte("x"), 1, 0)
	paired := wait(t, ev.started, "the paired session")
	time.Sleep(300 * time.Millisecond) // idle now

	plain := dial(t, srv)
	writeStream(t, plain, 1)
	plain.SetReadDeadline(time.Now().Add(5 * time.Second))
	if reason, err := wire.ReadViewer(plain, nil); err != nil || reason != ErrBusy.Error() {
		t.Fatalf("the unencrypted newcomer read %q, %v; want refused as busy", reason, err)
	}
	if paired.Replaced() {
		t.Fatal("an unencrypted sender took the paired camera's place")
	}
	cam.conn.Close()
	if err := wait(t, ev.ended, "the paired session's end"); errors.Is(err, ErrReplaced) {
		t.Fatalf("paired session ended %v", err)
	}

	// An unencrypted sender that streams, then a paired camera comes.
	stop := make(chan struct{})
	defer close(stop)
	squat := dial(t, srv)
	go func() {
		w, _ := wire.NewWriter(squat, wire.ProtoV2, wire.Hello{Layout: pixel.Layout{Format: pixel.FormatJPEG}})
		for seq := uint64(0); ; seq++ {
			select {
			case <-stop:
				return
			case <-time.After(10 * time.Millisecond):
			}
			if w.WriteFrame([]byte("frame"), seq, 0) != nil {
				return
			}
		}
	}()
	wait(t, ev.started, "the unencrypted session")
	time.Sleep(50 * time.Millisecond)
	cam = dialTLS(t, srv.Addr().String(), testCamera(t, "porch"))
	if a, _ := cam.answer(t); a != wire.Admitted {
		t.Fatalf("camera read %v", a)
	}
	cam.stream(t, 1)
	if s := wait(t, ev.started, "the paired camera's session"); s.Peer() == nil || s.Peer().Name != "porch" {
		t.Fatalf("started %+v", s.Peer())
	}
	var displaced bool
	for range 2 {
		if err := wait(t, ev.ended, "an end"); errors.Is(err, ErrDisplaced) {
			displaced = true
		}
	}
	if !displaced {
		t.Fatal("the unencrypted stream was not displaced by the paired camera")
	}
}

// Hostile and broken TLS clients get a clear error, and the viewer goes
// on: garbage after a ClientHello's first bytes, a client without a
// certificate, a viewer without keys.
func TestBrokenTLSClients(t *testing.T) {
	ev := newEvents(true)
	srv := serve(t, Config{Trust: testTrust(t, true)}, ev)

	garbage := dial(t, srv)
	garbage.Write([]byte{0x16, 0x03, 0x01, 0x00, 0x40, 0x01, 0x00, 0x00, 0x3c, 0x03, 0x03})
	garbage.Write(make([]byte, 200))
	if err := wait(t, ev.refused, "the garbage's refusal"); !errors.Is(err, ErrHandshake) {
		t.Fatalf("garbage refused with %v", err)
	}

	time.Sleep(2 * refuseEvery) // refusals are reported at most every refuseEvery
	raw := dial(t, srv)
	raw.SetDeadline(time.Now().Add(5 * time.Second))
	anon := tls.Client(raw, &tls.Config{InsecureSkipVerify: true, MinVersion: tls.VersionTLS13, NextProtos: []string{pairing.ALPN}})
	anon.Handshake() // TLS 1.3: the client learns of the refusal on its first read
	if _, err := io.ReadAll(anon); err == nil {
		t.Error("a client without a certificate read to the end without an error")
	}
	if err := wait(t, ev.refused, "the anonymous client's refusal"); !errors.Is(err, ErrHandshake) {
		t.Fatalf("anonymous client refused with %v", err)
	}

	cam := dialTLS(t, srv.Addr().String(), testCamera(t, "garden"))
	if a, _ := cam.answer(t); a != wire.Admitted {
		t.Fatalf("after the broken clients a camera read %v", a)
	}

	time.Sleep(2 * refuseEvery)
	keyless := serve(t, Config{}, ev)
	c, err := net.Dial("tcp", keyless.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	if err := tls.Client(c, pairing.ClientConfig(testCamera(t, "garden"), nil)).Handshake(); err == nil {
		t.Error("a viewer without keys completed a handshake")
	}
	if err := wait(t, ev.refused, "the keyless refusal"); !errors.Is(err, ErrNoIdentity) {
		t.Fatalf("keyless viewer refused with %v", err)
	}
}

// A camera that asks again on a new connection (picam restarted) replaces
// its earlier question.
func TestPairingAskedAgain(t *testing.T) {
	ev := newAsking()
	srv := serve(t, Config{Trust: testTrust(t, false)}, ev)
	id := testCamera(t, "garden")
	first := dialTLS(t, srv.Addr().String(), id)
	first.answer(t)
	old := wait(t, ev.asks, "the first question")
	second := dialTLS(t, srv.Addr().String(), id)
	second.answer(t)
	req := wait(t, ev.asks, "the second question")
	select {
	case <-old.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("the first question stayed open")
	}
	if a, _ := first.answer(t); a != wire.Refused {
		t.Fatalf("the first connection read %v", a)
	}
	req.Allow()
	if a, _ := second.answer(t); a != wire.Admitted {
		t.Fatalf("the second connection read %v", a)
	}
}

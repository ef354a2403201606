package capture

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vidstream/vidstream/wire/pairing"
	"github.com/vidstream/vidstream/wire/wiretest"
)

// testSecurity is a camera's keys and pins in a folder of the test's own.
func testSecurity(t *testing.T, logs chan<- string) Security {
	t.Helper()
	dir := t.TempDir()
	id, err := pairing.LoadOrCreate(dir, "garden")
	if err != nil {
		t.Fatal(err)
	}
	pins, err := pairing.OpenPins(filepath.Join(dir, "pins.json"))
	if err != nil {
		t.Fatal(err)
	}
	return Security{Identity: id, Pins: pins, Log: func(m string) { logs <- m }}
}

// fakeViewer answers each connection as PROTOCOL.md's "v2 over TLS" says,
// with the raw admission bytes given (18 admitted, 19 asking, 16 refused).
func fakeViewer(t *testing.T, viewer *pairing.Identity, answers ...[]byte) string {
	t.Helper()
	return wiretest.Serve(t, func(c net.Conn) {
		tc := tls.Server(c, pairing.ServerConfig(viewer, nil))
		tc.SetDeadline(time.Now().Add(10 * time.Second))
		if tc.Handshake() != nil {
			return
		}
		if _, err := pairing.ServerSessionCode(tc, viewer); err != nil {
			return
		}
		for _, a := range answers {
			tc.Write(a)
		}
		time.Sleep(2 * time.Second) // the camera reads before the connection closes
	}).Addr().String()
}

func TestSecureDialer(t *testing.T) {
	viewer, err := pairing.LoadOrCreate(t.TempDir(), "Vidstream on test")
	if err != nil {
		t.Fatal(err)
	}
	asking, admitted := []byte{19, 0, 0, 0, 0}, []byte{18, 0, 0, 0, 0}
	refused := append([]byte{16, 4, 0, 0, 0}, "busy"...)

	logs := make(chan string, 8)
	sec := testSecurity(t, logs)
	dial := SecureDialer(TCPDialer(fakeViewer(t, viewer, asking, admitted), time.Second), sec)
	w, err := dial(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	if m := <-logs; !strings.Contains(m, `the viewer "Vidstream on test" asks whether to pair`) || !strings.Contains(m, "code ") {
		t.Errorf("asking logged %q", m)
	}
	if v := sec.Pins.Check("Vidstream on test", viewer.Fingerprint()); v != pairing.Known {
		t.Fatalf("after admission the viewer is %v", v)
	}

	// Another key under the paired name: refused before anything is sent.
	impostor, _ := pairing.LoadOrCreate(t.TempDir(), "Vidstream on test")
	_, err = SecureDialer(TCPDialer(fakeViewer(t, impostor, admitted), time.Second), sec)(context.Background())
	var changed *ViewerKeyError
	if !errors.As(err, &changed) || !strings.Contains(err.Error(), "picam -forget") {
		t.Fatalf("an impostor gave %v", err)
	}

	// A refusal, with the viewer's reason.
	sec2 := testSecurity(t, logs)
	_, err = SecureDialer(TCPDialer(fakeViewer(t, viewer, refused), time.Second), sec2)(context.Background())
	var no *RefusedError
	if !errors.As(err, &no) || no.Reason != "busy" {
		t.Fatalf("a refusal gave %v", err)
	}
	if _, ok := sec2.Pins.Lookup("Vidstream on test"); ok {
		t.Error("a refusing viewer was pinned")
	}

	// Stopping while the viewer asks its person returns at once.
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-logs; cancel() }()
	start := time.Now()
	_, err = SecureDialer(TCPDialer(fakeViewer(t, viewer, asking), time.Second), testSecurity(t, logs))(ctx)
	if err == nil || time.Since(start) > 5*time.Second {
		t.Fatalf("cancelled while asked: %v after %v", err, time.Since(start))
	}
}

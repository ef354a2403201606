package capture

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/pairing"
)

// Pairing timeouts, on the camera's side.
const (
	// secureTimeout bounds the TLS handshake, the session code and the
	// viewer's first answer.
	secureTimeout = 10 * time.Second
	// askWait is how long the camera waits while the viewer asks its
	// person: the viewer gives up after 2 minutes, and says so.
	askWait = 2*time.Minute + 20*time.Second
)

// Security is what a camera needs to stream over TLS and pair with viewers
// (PROTOCOL.md, "v2 over TLS"): its identity, and the viewers it is paired
// with.
type Security struct {
	Identity *pairing.Identity // the camera's key pair and certificate
	Pins     *pairing.Pins     // the viewers paired with, by name and key
	// Log is told the code to compare while a viewer asks its person, and
	// of new pairings; nil drops them.
	Log func(msg string)
}

// RefusedError is a viewer's refusal of the camera before its stream,
// with the viewer's reason.
type RefusedError struct {
	Viewer string // its name, from its certificate
	Reason string // what it said
}

// Error says who refused and why.
func (e *RefusedError) Error() string {
	return fmt.Sprintf("the viewer %q refused this camera: %s", e.Viewer, e.Reason)
}

// ViewerKeyError refuses a viewer whose name is paired with another key.
type ViewerKeyError struct {
	Viewer    string // the name it claims
	PinsFile  string // where the pin is kept
	Different pairing.Fingerprint
}

// Error says what happened and what to do.
func (e *ViewerKeyError) Error() string {
	return fmt.Sprintf("the viewer %q shows another key than the one this camera paired with (%v); if its computer was reinstalled, "+
		"run picam -forget %q (or edit %s) and pair again, else someone may be posing as it; nothing was sent", e.Viewer, e.Different, e.Viewer, e.PinsFile)
}

// SecureDialer returns a Dialer that dials with dial (a TCPDialer or
// DiscoverDialer) and makes each connection private: the TLS handshake with
// sec's identity, the session code, and the viewer's admission, which for a
// viewer not paired with yet means its person is asked and the camera logs
// the code to compare. Once admitted, the viewer is pinned (Security.Pins);
// a pinned viewer with another key is refused before anything is sent
// (*ViewerKeyError), and a viewer's refusal is a *RefusedError. The
// connections it returns are *tls.Conn.
func SecureDialer(dial Dialer, sec Security) Dialer {
	return func(ctx context.Context) (io.WriteCloser, error) {
		w, err := dial(ctx)
		if err != nil {
			return nil, err
		}
		raw, ok := w.(net.Conn)
		if !ok {
			w.Close()
			return nil, errors.New("capture: a private connection needs a network connection, not a file")
		}
		// Stopping (Ctrl+C) ends a wait for the viewer's person at once.
		stop := context.AfterFunc(ctx, func() { raw.Close() })
		tc, err := sec.handshake(ctx, raw)
		stop()
		if err != nil {
			raw.Close()
			return nil, err
		}
		return tc, nil
	}
}

// handshake runs TLS, the session code and the admission on raw.
func (sec Security) handshake(ctx context.Context, raw net.Conn) (*tls.Conn, error) {
	raw.SetDeadline(time.Now().Add(secureTimeout))
	tc := tls.Client(raw, pairing.ClientConfig(sec.Identity, nil))
	if err := tc.HandshakeContext(ctx); err != nil {
		return nil, fmt.Errorf("the viewer at %s did not complete the encrypted handshake (%w); if it is an older viewer, run picam with -plain", raw.RemoteAddr(), err)
	}
	fp, err := pairing.PeerFingerprint(tc)
	if err != nil {
		return nil, err
	}
	name := tc.ConnectionState().PeerCertificates[0].Subject.CommonName
	verdict := sec.Pins.Check(name, fp)
	if verdict == pairing.Changed || verdict == pairing.Denied {
		return nil, &ViewerKeyError{Viewer: name, PinsFile: sec.Pins.Path(), Different: fp}
	}
	code, err := pairing.ClientSessionCode(tc, sec.Identity)
	if err != nil {
		return nil, err
	}
	for {
		a, reason, err := wire.ReadAdmission(tc)
		if err != nil {
			return nil, fmt.Errorf("the viewer %q: %w", name, err)
		}
		switch a {
		case wire.Asking:
			sec.log(fmt.Sprintf("the viewer %q asks whether to pair with this camera: check that it shows the code %s, and click Allow there", name, code))
			tc.SetDeadline(time.Now().Add(askWait))
			continue
		case wire.Refused:
			return nil, &RefusedError{Viewer: name, Reason: reason}
		}
		break
	}
	if verdict != pairing.Known {
		if err := sec.Pins.Allow(name, fp); err != nil {
			return nil, fmt.Errorf("remembering the viewer %q: %w", name, err)
		}
		sec.log(fmt.Sprintf("paired with the viewer %q (code %s)", name, code))
	}
	tc.SetDeadline(time.Time{})
	return tc, nil
}

func (sec Security) log(msg string) {
	if sec.Log != nil {
		sec.Log(msg)
	}
}

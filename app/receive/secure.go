package receive

// Cameras over TLS, and pairing. A connection that starts with a TLS
// ClientHello is a camera that wants privacy (picam's v2 stream by
// default); the rest (the post's client.py, picam -plain, MJPEG) are
// unencrypted, shown as such, or refused when Config.RefusePlain says so.
//
// Over TLS (PROTOCOL.md, "v2 over TLS"): the handshake, with the viewer's
// identity and the camera's self-signed certificate; the session code;
// then the pins decide. A camera whose name is pinned with its key is
// admitted; one whose key was denied, or whose name is pinned with another
// key, is refused and told why; an unknown one is asked about: the Handler,
// if it is an Asker, puts the question to a person with the code, and the
// camera waits (askTimeout) for the answer. A Handler that cannot ask (the
// headless viewer) allows an unknown camera only with Trust.AllowNew.

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/pairing"
)

// defaultAskTimeout is how long a camera waits for the person to answer
// the pairing question.
const defaultAskTimeout = 2 * time.Minute

// maxAsking bounds the pairing questions open at once: each holds a
// connection, and a person answers one at a time.
const maxAsking = 4

// Trust is what a Server needs to take cameras over TLS: its identity, the
// cameras allowed (and denied), and what to do about an unknown camera
// when the Handler cannot ask anyone.
type Trust struct {
	Identity *pairing.Identity // the viewer's key pair and certificate
	Pins     *pairing.Pins     // cameras allowed and denied, by name and key
	// AllowNew: with a Handler that is no Asker, an unknown camera is
	// allowed and pinned (trust on first use: the headless viewer, where
	// no one is asked); false refuses it.
	AllowNew bool
	// Logf, when not nil, is told of pairings made without asking.
	Logf func(format string, args ...any)
}

// Peer is the paired camera at the other end of an encrypted session.
type Peer struct {
	Name        string              // the name in its certificate
	Fingerprint pairing.Fingerprint // of its certificate
	Code        string              // this connection's session code, "123-456"
	New         bool                // paired on this connection
}

// Asker is a Handler that can ask a person whether to pair with a camera.
type Asker interface {
	// AskPairing puts r to the person: it must return at once, and answer
	// later with r.Allow or r.Deny, or give up when r.Done is closed.
	AskPairing(r *PairRequest)
}

// PairRequest is an unknown camera asking to stream, waiting for the
// person's answer.
type PairRequest struct {
	Camera      string              // the name in its certificate
	Remote      string              // its address
	Code        string              // the session code the camera shows too
	Fingerprint pairing.Fingerprint // of its certificate

	mu       sync.Mutex
	closed   bool
	answered bool
	allowed  bool
	done     chan struct{}
}

func newPairRequest(p *Peer, remote string) *PairRequest {
	return &PairRequest{Camera: p.Name, Remote: remote, Code: p.Code, Fingerprint: p.Fingerprint, done: make(chan struct{})}
}

// Allow pairs with the camera and lets it stream.
func (r *PairRequest) Allow() { r.finish(true, true) }

// Deny refuses the camera, and remembers its key so as not to ask again.
func (r *PairRequest) Deny() { r.finish(true, false) }

// Done is closed once the request is over: answered, or given up (the
// camera waited 2 minutes, asked again on a new connection, or the viewer
// stopped). A question still shown then should go.
func (r *PairRequest) Done() <-chan struct{} { return r.done }

// finish ends the request, with the person's answer when answered; only
// the first call counts.
func (r *PairRequest) finish(answered, allow bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return
	}
	r.closed, r.answered, r.allowed = true, answered, allow
	close(r.done)
}

// answer returns the person's answer, once Done is closed.
func (r *PairRequest) answer() (answered, allowed bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.answered, r.allowed
}

// Errors of the encrypted path; each is what the camera is told as well.
var (
	// ErrNoIdentity: a camera spoke TLS to a Server without Trust.
	ErrNoIdentity = errors.New("this viewer takes no encrypted cameras (it has no key pair); run picam with -plain")
	// ErrDeniedCamera: the person denied this camera's key before.
	ErrDeniedCamera = errors.New("the viewer's user denied this camera; they can undo it in the viewer's Settings (Forget)")
	// ErrNotAnswered: nobody answered the pairing question in time.
	ErrNotAnswered = errors.New("nobody answered the viewer's question whether to pair with this camera within 2 minutes")
	// ErrPairingClosed: the Handler cannot ask and Trust.AllowNew is off.
	ErrPairingClosed = errors.New("this viewer takes only cameras paired with it before; pair this camera from a viewer window")
	// ErrPlainRefused: an unencrypted sender, with Config.RefusePlain.
	ErrPlainRefused = errors.New("this viewer takes only encrypted, paired cameras: run picam without -plain, " +
		"or turn on \"Accept the blog post's client (unencrypted)\" in the viewer's Settings")
	// ErrHandshake: a connection that began as TLS failed its handshake
	// or the session code exchange.
	ErrHandshake  = errors.New("the encrypted handshake failed")
	errAskedAgain = errors.New("the camera asked again on a new connection")
	errTooManyAsk = errors.New("too many cameras are waiting for an answer to pair; try again in a minute")
)

// ChangedKeyError refuses a camera whose name is paired with another key.
type ChangedKeyError struct{ Camera string }

// Error says what happened and what to do.
func (e *ChangedKeyError) Error() string {
	return fmt.Sprintf("the viewer is paired with a camera named %q that had another key; if that Pi was reinstalled, "+
		"forget %q in the viewer's Settings and connect again, else someone may be posing as it", e.Camera, e.Camera)
}

// bufferedConn is a connection whose first bytes were peeked into r.
type bufferedConn struct {
	net.Conn
	r *bufio.Reader
}

func (c *bufferedConn) Read(p []byte) (int, error) { return c.r.Read(p) }

// secure runs the encrypted part of admitting conn, whose first bytes (a
// TLS ClientHello) wait in br: the handshake, the session code and the
// admission. It returns the TLS connection of an admitted camera and who it
// is, or why it was refused (and the camera told so, when it can be). conn's
// read deadline bounds the handshake; released is called when the person
// is asked, so that a question does not count as a connection starting.
func (s *Server) secure(ctx context.Context, conn net.Conn, br *bufio.Reader, h Handler, released func()) (*tls.Conn, *Peer, error) {
	t := s.config().Trust
	if t == nil {
		return nil, nil, ErrNoIdentity
	}
	tc := tls.Server(&bufferedConn{Conn: conn, r: br}, pairing.ServerConfig(t.Identity, nil))
	if err := tc.HandshakeContext(ctx); err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrHandshake, err)
	}
	code, err := pairing.ServerSessionCode(tc, t.Identity)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrHandshake, err)
	}
	fp, err := pairing.PeerFingerprint(tc)
	if err != nil {
		return nil, nil, err
	}
	peer := &Peer{Name: tc.ConnectionState().PeerCertificates[0].Subject.CommonName, Fingerprint: fp, Code: code}
	switch t.Pins.Check(peer.Name, fp) {
	case pairing.Known:
	case pairing.Renamed: // the key the person allowed, under a new name
		if err := t.Pins.Allow(peer.Name, fp); err != nil {
			return nil, nil, refuseTLS(tc, err)
		}
	case pairing.Denied:
		return nil, nil, refuseTLS(tc, ErrDeniedCamera)
	case pairing.Changed:
		return nil, nil, refuseTLS(tc, &ChangedKeyError{Camera: peer.Name})
	default:
		if err := s.ask(ctx, tc, h, t, peer, released); err != nil {
			return nil, nil, refuseTLS(tc, err)
		}
		peer.New = true
	}
	if err := wire.WriteAdmission(tc, wire.Admitted); err != nil {
		return nil, nil, err
	}
	return tc, peer, nil
}

// ask decides about the unknown camera peer: asks the person through h (an
// Asker), or follows t.AllowNew; it pins the camera when allowed, and
// remembers a denial. nil means allowed.
func (s *Server) ask(ctx context.Context, tc *tls.Conn, h Handler, t *Trust, peer *Peer, released func()) error {
	asker, ok := h.(Asker)
	if !ok {
		if !t.AllowNew {
			return ErrPairingClosed
		}
		if err := t.Pins.Allow(peer.Name, peer.Fingerprint); err != nil {
			return err
		}
		if t.Logf != nil {
			t.Logf("paired with the new camera %q (code %s, key %v)", peer.Name, peer.Code, peer.Fingerprint)
		}
		return nil
	}
	req := newPairRequest(peer, tc.RemoteAddr().String())
	if err := s.openAsk(req); err != nil {
		return err
	}
	defer s.closeAsk(req)
	wait := s.config().admission().askTimeout
	tc.SetDeadline(time.Now().Add(wait + 10*time.Second))
	if err := wire.WriteAdmission(tc, wire.Asking); err != nil {
		return err
	}
	released()
	asker.AskPairing(req)
	timer := time.NewTimer(wait)
	defer timer.Stop()
	timedOut := false
	select {
	case <-req.Done():
	case <-timer.C:
		timedOut = true
		req.finish(false, false)
	case <-ctx.Done():
		req.finish(false, false)
		return ctx.Err()
	}
	answered, allowed := req.answer()
	switch {
	case !answered && timedOut:
		return ErrNotAnswered
	case !answered:
		return errAskedAgain
	case !allowed:
		if err := t.Pins.Deny(peer.Name, peer.Fingerprint); err != nil {
			return fmt.Errorf("%w (and remembering it failed: %w)", ErrDeniedCamera, err)
		}
		return ErrDeniedCamera
	}
	return t.Pins.Allow(peer.Name, peer.Fingerprint)
}

// openAsk registers req as the open question about its camera: one asked
// about before, on an earlier connection, is given up for it.
func (s *Server) openAsk(req *PairRequest) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if old := s.asks[req.Camera]; old != nil {
		old.finish(false, false)
	} else if len(s.asks) >= maxAsking {
		return errTooManyAsk
	}
	if s.asks == nil {
		s.asks = map[string]*PairRequest{}
	}
	s.asks[req.Camera] = req
	return nil
}

// closeAsk removes req, if it is still its camera's open question.
func (s *Server) closeAsk(req *PairRequest) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.asks[req.Camera] == req {
		delete(s.asks, req.Camera)
	}
}

// refuseTLS tells the camera on tc why it is refused, and returns why.
func refuseTLS(tc *tls.Conn, why error) error {
	refuseV2(tc, why)
	return why
}

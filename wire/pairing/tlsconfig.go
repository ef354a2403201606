package pairing

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
)

// ALPN is the application protocol both configurations offer: a client that
// offers others and not this one (a browser, say) is refused by the server's
// handshake.
const ALPN = "vidstream"

// MismatchError is the error a ClientConfig's handshake fails with when the
// server presents another certificate than the pinned one. The handshake is
// aborted before anything is sent: nothing goes to a server that may be an
// impostor.
type MismatchError struct {
	Expected Fingerprint // the pinned fingerprint
	Got      Fingerprint // the one the server presented
}

// Error says what differs and what it can mean.
func (e *MismatchError) Error() string {
	return fmt.Sprintf("pairing: the peer presented a key other than the one paired with: expected fingerprint %v, got %v "+
		"(if the peer was reinstalled or its identity deleted, forget the pin and pair again; otherwise someone may be impersonating it)", e.Expected, e.Got)
}

// ServerConfig returns the TLS configuration of the side that listens, the
// viewer: TLS 1.3 only, id's certificate, a client certificate required but
// not chained to any authority (tls.RequireAnyClientCert), no session
// resumption (so that every connection's certificate is checked), ALPN
// offered.
//
// Every client certificate is checked as checkPeerCerts does (at most
// MaxPeerCerts certificates of at most MaxCertSize bytes, self-signed,
// Ed25519 or ECDSA, a printable name), then, if verify is not nil, passed to
// verify with its fingerprint; an error from either aborts the handshake
// (the client gets a bad_certificate alert) and is returned, wrapped, by the
// server's Handshake.
//
// verify runs inside the handshake, which has a deadline and holds a
// connection: it must decide at once, never wait for a person. So the
// decision is split: verify refuses what is refused whatever the person
// says (Pins.Check gives Changed or Denied), and lets Known and Unknown
// through; after the handshake the caller asks PeerFingerprint and
// Pins.Check again, streams from a Known peer, and for an Unknown one runs
// ServerSessionCode and asks the person, holding the connection (or closing
// it and letting the camera come back) until they answer. With a nil verify
// every well-formed certificate completes the handshake and the whole
// decision comes after.
func ServerConfig(id *Identity, verify func(peer Fingerprint, cert *x509.Certificate) error) *tls.Config {
	return &tls.Config{
		MinVersion:             tls.VersionTLS13,
		Certificates:           []tls.Certificate{id.Certificate()},
		ClientAuth:             tls.RequireAnyClientCert,
		NextProtos:             []string{ALPN},
		SessionTicketsDisabled: true,
		VerifyPeerCertificate: func(raw [][]byte, _ [][]*x509.Certificate) error {
			cert, fp, err := checkPeerCerts(raw)
			if err != nil {
				return err
			}
			if verify != nil {
				if err := verify(fp, cert); err != nil {
					return fmt.Errorf("pairing: the client's key %v was refused: %w", fp, err)
				}
			}
			return nil
		},
		VerifyConnection: refuseResumed,
	}
}

// ClientConfig returns the TLS configuration of the side that dials, picam:
// TLS 1.3 only, id's certificate presented, ALPN offered, no session
// resumption. The server's certificate is not chained to any authority
// (InsecureSkipVerify, whose checks VerifyPeerCertificate replaces): it is
// checked as checkPeerCerts does (see ServerConfig) and, when pinned is not
// nil, must have that fingerprint, or the handshake fails with a
// *MismatchError. With pinned nil (not paired yet) any well-formed
// certificate is accepted: trust on first use, and the caller pins
// PeerFingerprint only after the person has confirmed the code
// (ClientSessionCode). pinned is copied: changing it later changes nothing.
func ClientConfig(id *Identity, pinned *Fingerprint) *tls.Config {
	var want *Fingerprint
	if pinned != nil {
		fp := *pinned
		want = &fp
	}
	return &tls.Config{
		MinVersion:         tls.VersionTLS13,
		Certificates:       []tls.Certificate{id.Certificate()},
		NextProtos:         []string{ALPN},
		InsecureSkipVerify: true, // pinned, not chained: VerifyPeerCertificate checks
		VerifyPeerCertificate: func(raw [][]byte, _ [][]*x509.Certificate) error {
			_, fp, err := checkPeerCerts(raw)
			if err != nil {
				return err
			}
			if want != nil && fp != *want {
				return &MismatchError{Expected: *want, Got: fp}
			}
			return nil
		},
		VerifyConnection: refuseResumed,
	}
}

// refuseResumed refuses a resumed session, on which crypto/tls does not call
// VerifyPeerCertificate. Neither configuration resumes; this keeps it so if
// a caller adds a session cache or tickets.
func refuseResumed(cs tls.ConnectionState) error {
	if cs.DidResume {
		return errors.New("pairing: a resumed TLS session is not accepted: every connection must show its certificate")
	}
	return nil
}

// PeerFingerprint returns the fingerprint of the certificate the other end of
// conn presented. The handshake must be complete (call conn.Handshake first;
// PeerFingerprint does not start it). With the configurations of this
// package every completed handshake has a checked peer certificate; the
// name it claims is conn.ConnectionState().PeerCertificates[0].Subject.CommonName.
func PeerFingerprint(conn *tls.Conn) (Fingerprint, error) {
	cs := conn.ConnectionState()
	if !cs.HandshakeComplete {
		return Fingerprint{}, errors.New("pairing: no peer fingerprint before the TLS handshake is complete")
	}
	if len(cs.PeerCertificates) == 0 {
		return Fingerprint{}, errors.New("pairing: the peer presented no certificate")
	}
	return FingerprintOf(cs.PeerCertificates[0].Raw), nil
}

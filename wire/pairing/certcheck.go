package pairing

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/x509"
	"errors"
	"fmt"
)

// MaxPeerCerts is the most certificates a peer may send in its handshake.
// A paired peer sends one, its self-signed certificate; a second is allowed
// (and ignored) for a sender that adds an issuer, more are refused.
const MaxPeerCerts = 2

// MaxCertSize is the largest certificate, in DER bytes, a peer may send
// (ours are about 300 bytes).
const MaxCertSize = 16 << 10

// ErrBadPeerCert is wrapped by the errors that refuse a peer's certificate
// chain for its form, not for whose it is: too many or too large
// certificates, one that does not parse, is not self-signed, has a key type
// or name this package does not accept. A peer that sends one is broken or
// hostile; pairing would not help.
var ErrBadPeerCert = errors.New("pairing: unacceptable peer certificate")

// checkPeerCerts checks the certificates a peer sent in its handshake and
// returns the first, the peer's own, and its fingerprint. The count and
// sizes are looked at before anything is parsed here. (crypto/tls itself has
// by then read at most 256 KiB of certificates and parsed every one of them;
// that is its bound, this is ours on everything after.)
func checkPeerCerts(raw [][]byte) (*x509.Certificate, Fingerprint, error) {
	switch {
	case len(raw) == 0:
		return nil, Fingerprint{}, fmt.Errorf("%w: the peer sent no certificate", ErrBadPeerCert)
	case len(raw) > MaxPeerCerts:
		return nil, Fingerprint{}, fmt.Errorf("%w: the peer sent a chain of %d certificates, at most %d accepted", ErrBadPeerCert, len(raw), MaxPeerCerts)
	}
	for i, der := range raw {
		if len(der) > MaxCertSize {
			return nil, Fingerprint{}, fmt.Errorf("%w: certificate %d of the peer's chain is %d bytes, at most %d accepted", ErrBadPeerCert, i+1, len(der), MaxCertSize)
		}
	}
	leaf, err := checkCert(raw[0])
	if err != nil {
		return nil, Fingerprint{}, fmt.Errorf("%w: %w", ErrBadPeerCert, err)
	}
	return leaf, FingerprintOf(raw[0]), nil
}

// checkCert parses der and checks it is a certificate as an identity has:
// at most MaxCertSize bytes, an Ed25519 or ECDSA (P-256, P-384) key,
// self-signed (its issuer is its subject and its signature verifies with its
// own key), and a common name that checkName accepts. Validity dates are not
// looked at: the certificate is pinned, and a peer's clock may be years off.
func checkCert(der []byte) (*x509.Certificate, error) {
	if len(der) > MaxCertSize {
		return nil, fmt.Errorf("the certificate is %d bytes, at most %d accepted", len(der), MaxCertSize)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("the certificate does not parse: %w", err)
	}
	switch k := cert.PublicKey.(type) {
	case ed25519.PublicKey:
	case *ecdsa.PublicKey:
		if k.Curve != elliptic.P256() && k.Curve != elliptic.P384() {
			return nil, fmt.Errorf("the certificate's ECDSA key is on curve %s, only P-256 and P-384 accepted", k.Curve.Params().Name)
		}
	default:
		return nil, fmt.Errorf("the certificate has a %v key, only Ed25519 and ECDSA accepted", cert.PublicKeyAlgorithm)
	}
	if !bytes.Equal(cert.RawIssuer, cert.RawSubject) {
		return nil, fmt.Errorf("the certificate for %q is issued by %q: not self-signed", cert.Subject, cert.Issuer)
	}
	if err := cert.CheckSignature(cert.SignatureAlgorithm, cert.RawTBSCertificate, cert.Signature); err != nil {
		return nil, fmt.Errorf("the certificate's signature does not verify with its own key (not self-signed, or altered): %w", err)
	}
	if err := checkName(cert.Subject.CommonName, MaxCommonName); err != nil {
		return nil, fmt.Errorf("the certificate's common name: %w", err)
	}
	return cert, nil
}

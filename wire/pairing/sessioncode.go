package pairing

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"fmt"
	"io"
)

// The session code exchange, on a TLS connection right after the handshake
// and before anything else (the v2 stream follows it): three messages of a
// 4-byte tag and 32 bytes.
//
//	server -> client  "VSpc" commit  SHA-256(commitDomain || ekm || nonceS)
//	client -> server  "VSpn" nonceC  32 random bytes
//	server -> client  "VSpr" nonceS  32 random bytes (the client checks the commit)
//
// ekm is 32 bytes of the connection's exported keying material (RFC 8446
// 7.5, label exporterLabel): equal at both ends of one TLS session, different
// on the two sessions a man in the middle has to run. The code is
// SHA-256(sessionCodeDomain || ekm || client fp || server fp || nonceS ||
// nonceC) as formatCode makes it.
//
// Why it holds where Code does not: the server fixes nonceS before it sees
// nonceC, and the client picks nonceC without knowing nonceS, so neither
// end can steer the code; each session's code is a fresh random number. A
// man in the middle runs one session with each side and needs their two
// codes to match: one chance in 10^6 per try. Who learns the code first can
// abort and try again without the other side showing anything: that is the
// server, so the attacker gets its retries as the server of a session with
// picam, at the pace picam reconnects, while every try it makes as the client
// of the viewer completes and shows the person a code.
const (
	exporterLabel     = "EXPORTER-vidstream-pairing-code"
	commitDomain      = "vidstream pairing commit v1\x00"
	sessionCodeDomain = "vidstream pairing session code v1\x00"
	nonceLen          = 32
	tagCommit         = "VSpc"
	tagNonce          = "VSpn"
	tagReveal         = "VSpr"
)

// ServerSessionCode runs the server's side of the session code exchange on
// conn, whose handshake with a ServerConfig must be complete, and returns
// the 6-digit code ("123-456") that the client's ClientSessionCode returns
// on the same connection, and a man in the middle could match only by
// chance (one in 10^6 per attempt). id is the identity the server presented.
//
// It reads and writes 108 bytes in 1.5 round trips, and sets no deadline:
// set one on conn first (the exchange is over before the person is asked, so
// a short one, the viewer's 2 s to start a stream, fits). Both sides run it
// on every connection, paired or not, so that they need not agree first
// whether to; the code is only shown when pairing.
func ServerSessionCode(conn *tls.Conn, id *Identity) (string, error) {
	ekm, peer, err := sessionInputs(conn)
	if err != nil {
		return "", err
	}
	nonceS := make([]byte, nonceLen)
	if _, err := rand.Read(nonceS); err != nil {
		return "", fmt.Errorf("pairing: choosing the session code nonce: %w", err)
	}
	if err := writeTagged(conn, tagCommit, commitment(ekm, nonceS)); err != nil {
		return "", fmt.Errorf("pairing: sending the session code commitment: %w", err)
	}
	nonceC, err := readTagged(conn, tagNonce, "the client's session code nonce")
	if err != nil {
		return "", err
	}
	if err := writeTagged(conn, tagReveal, nonceS); err != nil {
		return "", fmt.Errorf("pairing: sending the session code nonce: %w", err)
	}
	return sessionCode(ekm, peer, id.Fingerprint(), nonceS, nonceC), nil
}

// ClientSessionCode runs the client's side of the exchange that
// ServerSessionCode describes, on conn, whose handshake with a ClientConfig
// must be complete, and returns the same code. id is the identity the client
// presented. A server whose revealed nonce does not match its commitment is
// an error (a tampered exchange). Set a deadline on conn first.
func ClientSessionCode(conn *tls.Conn, id *Identity) (string, error) {
	ekm, peer, err := sessionInputs(conn)
	if err != nil {
		return "", err
	}
	commit, err := readTagged(conn, tagCommit, "the server's session code commitment")
	if err != nil {
		return "", err
	}
	nonceC := make([]byte, nonceLen)
	if _, err := rand.Read(nonceC); err != nil {
		return "", fmt.Errorf("pairing: choosing the session code nonce: %w", err)
	}
	if err := writeTagged(conn, tagNonce, nonceC); err != nil {
		return "", fmt.Errorf("pairing: sending the session code nonce: %w", err)
	}
	nonceS, err := readTagged(conn, tagReveal, "the server's session code nonce")
	if err != nil {
		return "", err
	}
	if !hmac.Equal(commitment(ekm, nonceS), commit) {
		return "", fmt.Errorf("pairing: the server's session code nonce does not match the commitment it sent first: the exchange was tampered with; do not pair")
	}
	return sessionCode(ekm, id.Fingerprint(), peer, nonceS, nonceC), nil
}

// sessionInputs returns conn's exported keying material and its peer's
// fingerprint.
func sessionInputs(conn *tls.Conn) ([]byte, Fingerprint, error) {
	peer, err := PeerFingerprint(conn)
	if err != nil {
		return nil, Fingerprint{}, err
	}
	cs := conn.ConnectionState()
	if cs.Version != tls.VersionTLS13 {
		return nil, Fingerprint{}, fmt.Errorf("pairing: the session code needs TLS 1.3, the connection has %s", tls.VersionName(cs.Version))
	}
	ekm, err := cs.ExportKeyingMaterial(exporterLabel, nil, 32)
	if err != nil {
		return nil, Fingerprint{}, fmt.Errorf("pairing: exporting the connection's keying material: %w", err)
	}
	return ekm, peer, nil
}

// commitment is the hash the server commits to nonceS with.
func commitment(ekm, nonceS []byte) []byte {
	h := sha256.New()
	h.Write([]byte(commitDomain))
	h.Write(ekm)
	h.Write(nonceS)
	return h.Sum(nil)
}

// sessionCode is the code of a finished exchange.
func sessionCode(ekm []byte, client, server Fingerprint, nonceS, nonceC []byte) string {
	h := sha256.New()
	h.Write([]byte(sessionCodeDomain))
	h.Write(ekm)
	h.Write(client[:])
	h.Write(server[:])
	h.Write(nonceS)
	h.Write(nonceC)
	return formatCode(h.Sum(nil))
}

// writeTagged writes tag and body in one write.
func writeTagged(conn *tls.Conn, tag string, body []byte) error {
	_, err := conn.Write(append([]byte(tag), body...))
	return err
}

// readTagged reads a message of tag and nonceLen bytes, what naming it in
// errors.
func readTagged(conn *tls.Conn, tag, what string) ([]byte, error) {
	msg := make([]byte, len(tag)+nonceLen)
	if _, err := io.ReadFull(conn, msg); err != nil {
		return nil, fmt.Errorf("pairing: reading %s: %w", what, err)
	}
	if got := string(msg[:len(tag)]); got != tag {
		hint := ""
		if got == "VSv2" {
			hint = " (a v2 stream: the peer does not run the session code exchange)"
		}
		return nil, fmt.Errorf("pairing: expected %s, tagged %q, got % x%s", what, tag, msg[:len(tag)], hint)
	}
	return msg[len(tag):], nil
}

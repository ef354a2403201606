package pairing

import (
	"crypto/sha256"
	"fmt"
)

// Fingerprint is the SHA-256 hash of a certificate's DER encoding: what a
// peer is known by once paired. Two certificates with the same fingerprint
// are the same certificate, so a fingerprint pins one key (and the name and
// dates signed with it). The zero Fingerprint is no certificate's.
type Fingerprint [sha256.Size]byte

// FingerprintOf returns the fingerprint of the DER-encoded certificate der
// (x509.Certificate.Raw, or tls.Certificate.Certificate[0]).
func FingerprintOf(der []byte) Fingerprint { return sha256.Sum256(der) }

// IsZero reports whether fp is the zero Fingerprint, which no certificate
// has; a Pins refuses to pin it.
func (fp Fingerprint) IsZero() bool { return fp == Fingerprint{} }

// String returns fp as 64 upper-case hex digits in eight groups of eight
// joined by dashes, "9F86D081-884C7D65-9A2FEAA0-C55AD015-A3BF4F1B-2B0B822C-D15D6C15-B0F00A08":
// short enough to read aloud by groups, and one word for double-click
// selection. ParseFingerprint reads it back.
func (fp Fingerprint) String() string {
	const digits = "0123456789ABCDEF"
	b := make([]byte, 0, 2*len(fp)+len(fp)/4-1)
	for i, c := range fp {
		if i > 0 && i%4 == 0 {
			b = append(b, '-')
		}
		b = append(b, digits[c>>4], digits[c&15])
	}
	return string(b)
}

// maxFingerprintText bounds what ParseFingerprint reads: 64 digits with a
// separator after each is 128 characters.
const maxFingerprintText = 200

// ParseFingerprint reads a fingerprint written as 64 hex digits, in either
// case, with any dashes, colons, spaces or tabs between them: String's form,
// and also OpenSSL's "9F:86:D0:…" (from `openssl x509 -noout -fingerprint
// -sha256`, without its "sha256 Fingerprint=" prefix) and unseparated hex.
// Anything else, fewer or more digits, or over 200 characters is an error
// saying what is wrong.
func ParseFingerprint(s string) (Fingerprint, error) {
	var fp Fingerprint
	if len(s) > maxFingerprintText {
		return fp, fmt.Errorf("pairing: a fingerprint of %d characters is too long: a fingerprint is 64 hex digits", len(s))
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '-' || c == ':' || c == ' ' || c == '\t' {
			continue
		}
		v, ok := hexValue(c)
		if !ok {
			return Fingerprint{}, fmt.Errorf("pairing: fingerprint %q: %q at offset %d is not a hex digit", s, c, i)
		}
		if n == 2*len(fp) {
			return Fingerprint{}, fmt.Errorf("pairing: fingerprint %q has more than %d hex digits", s, 2*len(fp))
		}
		if n%2 == 0 {
			fp[n/2] = v << 4
		} else {
			fp[n/2] |= v
		}
		n++
	}
	if n != 2*len(fp) {
		return Fingerprint{}, fmt.Errorf("pairing: fingerprint %q has %d hex digits, a fingerprint has %d", s, n, 2*len(fp))
	}
	return fp, nil
}

// hexValue returns the value of the hex digit c.
func hexValue(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// MarshalText returns String's form, so that a Fingerprint is a JSON string.
func (fp Fingerprint) MarshalText() ([]byte, error) { return []byte(fp.String()), nil }

// UnmarshalText reads what ParseFingerprint reads.
func (fp *Fingerprint) UnmarshalText(text []byte) error {
	v, err := ParseFingerprint(string(text))
	if err != nil {
		return err
	}
	*fp = v
	return nil
}

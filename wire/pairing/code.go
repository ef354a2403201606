package pairing

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
)

// codeDomain separates Code's hashes from every other use of SHA-256 on
// fingerprints.
const codeDomain = "vidstream pairing code v1\x00"

// Code returns the 6-digit code of the pair of certificates a and b, as
// "123-456": SHA-256 of a domain-separation prefix and the two fingerprints
// in byte order, read as a number modulo 10^6. It is the same whichever side
// computes it (Code(a, b) == Code(b, a)) and changes when either certificate
// does.
//
// Its strength, honestly: the code is a check for a person, who reads it on
// both screens. It tells the two devices apart from any other two (a wrong
// camera, a typo in an address, a passive eavesdropper, who cannot change
// either key), one chance in 10^6 of a false match. It does not stop a
// prepared man in the middle: the fingerprints are fixed, so an attacker who
// has seen both (the viewer shows its certificate to anyone who connects,
// picam to any viewer it reaches) can make certificates offline until one
// gives the matching code, about 10^6 tries, a minute of one CPU. Where the
// two sides are connected, prefer ServerSessionCode and ClientSessionCode,
// whose code also depends on fresh random values that each side commits to
// before seeing the other's, so an attacker gets one chance in 10^6 per
// attempt the person sees. Code is for what has no live connection: picam
// printing the code of a viewer fingerprint given on its command line, say.
func Code(a, b Fingerprint) string {
	if bytes.Compare(a[:], b[:]) > 0 {
		a, b = b, a
	}
	h := sha256.New()
	h.Write([]byte(codeDomain))
	h.Write(a[:])
	h.Write(b[:])
	return formatCode(h.Sum(nil))
}

// formatCode turns a hash into a 6-digit code, "123-456": its first 8 bytes
// as a big-endian number modulo 10^6 (2^64 mod 10^6 makes some codes likelier
// than others by under one part in 10^13).
func formatCode(sum []byte) string {
	n := binary.BigEndian.Uint64(sum[:8]) % 1_000_000
	return fmt.Sprintf("%03d-%03d", n/1000, n%1000)
}

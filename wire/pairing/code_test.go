package pairing

import (
	"regexp"
	"testing"
)

func TestCodeKnownAnswer(t *testing.T) {
	// Computed apart from this package (Python's hashlib) from the
	// definition: SHA-256 of the prefix and the sorted fingerprints, first
	// 8 bytes big-endian modulo 10^6.
	var a, b Fingerprint
	for i := range a {
		a[i], b[i] = byte(i), byte(0xff-i)
	}
	if got := Code(a, b); got != "405-372" {
		t.Errorf("Code = %s, want 405-372", got)
	}
	if got := Code(Fingerprint{}, Fingerprint{}); got != "485-907" {
		t.Errorf("Code of zeros = %s, want 485-907", got)
	}
}

func TestCodeSymmetricAndSensitive(t *testing.T) {
	form := regexp.MustCompile(`^[0-9]{3}-[0-9]{3}$`)
	seen := map[string]bool{}
	for i := range 200 {
		a := FingerprintOf([]byte{byte(i), 'a'})
		b := FingerprintOf([]byte{byte(i), 'b'})
		c := Code(a, b)
		if len(c) != 7 || !form.MatchString(c) {
			t.Fatalf("Code = %q, want 7 characters like 123-456", c)
		}
		if Code(b, a) != c {
			t.Fatalf("Code(b, a) = %s, Code(a, b) = %s", Code(b, a), c)
		}
		a2 := a
		a2[31] ^= 1
		if Code(a2, b) == c {
			t.Errorf("pair %d: a one-bit change in a fingerprint keeps the code %s", i, c)
		}
		seen[c] = true
	}
	if len(seen) < 190 {
		t.Errorf("200 pairs gave only %d codes", len(seen))
	}
}

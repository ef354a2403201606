package discover

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// The service type, and the bounds this package holds every service to,
// its own and the ones it finds.
const (
	// ServiceType is the DNS-SD service type a viewer advertises.
	ServiceType = "_vidstream._tcp"
	// Domain is the only domain this package advertises and browses in.
	Domain = "local"

	// MaxInstanceLen is the longest instance name, in bytes: one DNS
	// label (RFC 6763 section 4.1.1).
	MaxInstanceLen = 63
	// MaxTXTStrings is how many TXT strings of a service are read; the
	// rest are ignored.
	MaxTXTStrings = 32
	// MaxTXTStringLen is the longest TXT string, in bytes (one DNS
	// character-string).
	MaxTXTStringLen = 255
	// MaxTXTBytes is the most TXT data of a service that is read, counting
	// each string's length byte (RFC 6763 section 6.2: what fits one
	// 1500-byte Ethernet packet).
	MaxTXTBytes = 1300
	// MaxServices is how many distinct services a browser remembers at
	// once.
	MaxServices = 64
	// MaxAddrs is how many addresses of one service are kept.
	MaxAddrs = 16

	// KeyProtocols is the TXT key of the stream protocols a viewer takes,
	// comma-separated, e.g. "seed,v2".
	KeyProtocols = "proto"
	// KeyFingerprint is the TXT key of the viewer's certificate
	// fingerprint: the SHA-256 of its certificate in lowercase hex.
	KeyFingerprint = "fp"
	// FingerprintLen is the length of a fingerprint in hex digits.
	FingerprintLen = 64

	// maxProtocols bounds what Found.Protocols returns.
	maxProtocols = 16
)

// ErrTrimmed is wrapped by the error DecodeTXT returns when it ignored part
// of a TXT record.
var ErrTrimmed = errors.New("part of the TXT record was ignored")

// EncodeTXT turns txt into the TXT strings "key=value", sorted by key. It
// refuses what a browser of this package would trim: an empty key or one
// with "=" or a byte outside printable ASCII, keys equal but for case, a
// string over MaxTXTStringLen bytes, more than MaxTXTStrings strings or
// MaxTXTBytes in all, and a KeyFingerprint value that is not FingerprintLen
// hex digits.
func EncodeTXT(txt map[string]string) ([]string, error) {
	if len(txt) > MaxTXTStrings {
		return nil, fmt.Errorf("TXT record has %d keys, more than %d", len(txt), MaxTXTStrings)
	}
	keys := make([]string, 0, len(txt))
	seen := make(map[string]string, len(txt))
	for k := range txt {
		if err := checkKey(k); err != nil {
			return nil, fmt.Errorf("TXT key %q: %w", k, err)
		}
		low := strings.ToLower(k)
		if other, ok := seen[low]; ok {
			return nil, fmt.Errorf("TXT keys %q and %q differ only in case", other, k)
		}
		seen[low] = k
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]string, 0, len(keys))
	total := 0
	for _, k := range keys {
		v := txt[k]
		if strings.EqualFold(k, KeyFingerprint) && !ValidFingerprint(v) {
			return nil, fmt.Errorf("TXT key %q: %q is not %d hex digits", k, v, FingerprintLen)
		}
		s := k + "=" + v
		if len(s) > MaxTXTStringLen {
			return nil, fmt.Errorf("TXT key %q: %q is %d bytes, more than %d", k, truncate(s), len(s), MaxTXTStringLen)
		}
		total += 1 + len(s)
		out = append(out, s)
	}
	if total > MaxTXTBytes {
		return nil, fmt.Errorf("TXT record is %d bytes, more than %d", total, MaxTXTBytes)
	}
	return out, nil
}

// DecodeTXT reads TXT strings into a map with lowercase keys (TXT keys are
// case-insensitive; the first of equal keys wins, RFC 6763 section 6.4; a
// key without "=" has the value ""). It never keeps more than the bounds
// allow: strings past MaxTXTStrings or MaxTXTBytes, strings longer than
// MaxTXTStringLen, empty keys, keys with bytes outside printable ASCII, and
// a KeyFingerprint value that is not FingerprintLen hex digits are left
// out. The map is never nil; when something was left out, the error, which
// wraps ErrTrimmed, says what.
func DecodeTXT(strs []string) (map[string]string, error) {
	txt := make(map[string]string, min(len(strs), MaxTXTStrings))
	var notes []string
	total := 0
	for i, s := range strs {
		if i == MaxTXTStrings {
			notes = append(notes, fmt.Sprintf("%d strings past the first %d", len(strs)-i, MaxTXTStrings))
			break
		}
		if s == "" {
			continue // the single empty string of an empty TXT record
		}
		// Counted as "key=value", so that what is kept can be encoded
		// again within the bounds.
		k, v, _ := strings.Cut(s, "=")
		if n := len(k) + 1 + len(v); n > MaxTXTStringLen {
			notes = append(notes, fmt.Sprintf("a string of %d bytes", len(s)))
			continue
		} else if total += 1 + n; total > MaxTXTBytes {
			notes = append(notes, fmt.Sprintf("%d strings past %d bytes", len(strs)-i, MaxTXTBytes))
			break
		}
		if err := checkKey(k); err != nil {
			notes = append(notes, fmt.Sprintf("key %q: %v", truncate(k), err))
			continue
		}
		k = strings.ToLower(k)
		if _, dup := txt[k]; dup {
			notes = append(notes, fmt.Sprintf("a second key %q", k))
			continue
		}
		txt[k] = v
	}
	if fp, ok := txt[KeyFingerprint]; ok {
		if ValidFingerprint(fp) {
			txt[KeyFingerprint] = strings.ToLower(fp)
		} else {
			delete(txt, KeyFingerprint)
			notes = append(notes, fmt.Sprintf("fingerprint %q: not %d hex digits", truncate(fp), FingerprintLen))
		}
	}
	if len(notes) > 0 {
		return txt, fmt.Errorf("%w: %s", ErrTrimmed, strings.Join(notes, "; "))
	}
	return txt, nil
}

// ValidFingerprint says whether fp is FingerprintLen hex digits, as a
// KeyFingerprint value must be.
func ValidFingerprint(fp string) bool {
	if len(fp) != FingerprintLen {
		return false
	}
	for i := 0; i < len(fp); i++ {
		c := fp[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// checkKey says what is wrong with a TXT key (RFC 6763 section 6.4): it
// must be at least one printable US-ASCII byte, and no "=".
func checkKey(k string) error {
	if k == "" {
		return errors.New("empty key")
	}
	for i := 0; i < len(k); i++ {
		if c := k[i]; c < 0x20 || c > 0x7e || c == '=' {
			return fmt.Errorf("byte %#02x is not allowed in a key", c)
		}
	}
	return nil
}

// checkInstance says what is wrong with an instance name: it must be
// 1 to MaxInstanceLen bytes of UTF-8 without control characters (RFC 6763
// section 4.1.1).
func checkInstance(name string) error {
	switch {
	case name == "":
		return errors.New("the instance name is empty")
	case len(name) > MaxInstanceLen:
		return fmt.Errorf("the instance name is %d bytes, more than %d", len(name), MaxInstanceLen)
	case !utf8.ValidString(name):
		return fmt.Errorf("the instance name %q is not UTF-8", name)
	}
	for _, r := range name {
		if r < 0x20 || r == 0x7f {
			return fmt.Errorf("the instance name %q has a control character", name)
		}
	}
	return nil
}

// truncate shortens s for a log line.
func truncate(s string) string {
	const n = 40
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

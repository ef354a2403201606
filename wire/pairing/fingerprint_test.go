package pairing

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestFingerprintString(t *testing.T) {
	fp := FingerprintOf([]byte("abc")) // SHA-256("abc"), FIPS 180-2's example
	want := "BA7816BF-8F01CFEA-414140DE-5DAE2223-B00361A3-96177A9C-B410FF61-F20015AD"
	if got := fp.String(); got != want {
		t.Fatalf("String() = %s, want %s", got, want)
	}
	back, err := ParseFingerprint(want)
	if err != nil || back != fp {
		t.Fatalf("ParseFingerprint(String()) = %v, %v; want %v", back, err, fp)
	}
}

func TestParseFingerprintForms(t *testing.T) {
	fp := FingerprintOf([]byte("abc"))
	hex := "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
	var colons []string
	for i := 0; i < len(hex); i += 2 {
		colons = append(colons, strings.ToUpper(hex[i:i+2]))
	}
	for _, s := range []string{hex, strings.ToUpper(hex), strings.Join(colons, ":"), " " + fp.String() + "\t", strings.Join(colons, " ")} {
		got, err := ParseFingerprint(s)
		if err != nil || got != fp {
			t.Errorf("ParseFingerprint(%q) = %v, %v; want %v", s, got, err, fp)
		}
	}
}

func TestParseFingerprintErrors(t *testing.T) {
	hex := strings.Repeat("ab", 32)
	for _, tc := range []struct{ in, want string }{
		{"", "has 0 hex digits"},
		{hex[:62], "has 62 hex digits"},
		{hex + "00", "more than 64 hex digits"},
		{hex[:63] + "g", `'g' at offset 63 is not a hex digit`},
		{"SHA256 Fingerprint=" + hex, "is not a hex digit"},
		{strings.Repeat("-", 201), "too long"},
	} {
		_, err := ParseFingerprint(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseFingerprint(%.40q) error = %v, want one saying %q", tc.in, err, tc.want)
		}
	}
}

func TestFingerprintJSON(t *testing.T) {
	fp := FingerprintOf([]byte("x"))
	b, err := json.Marshal(fp)
	if err != nil || string(b) != `"`+fp.String()+`"` {
		t.Fatalf("json.Marshal = %s, %v", b, err)
	}
	var back Fingerprint
	if err := json.Unmarshal(b, &back); err != nil || back != fp {
		t.Fatalf("json.Unmarshal = %v, %v", back, err)
	}
	if err := json.Unmarshal([]byte(`"12"`), &back); err == nil {
		t.Error("a short fingerprint unmarshals")
	}
	if !(Fingerprint{}).IsZero() || fp.IsZero() {
		t.Error("IsZero is wrong")
	}
}

func FuzzParseFingerprint(f *testing.F) {
	f.Add(FingerprintOf(nil).String())
	f.Add(strings.Repeat("0", 64))
	f.Add("AB:CD")
	f.Add(strings.Repeat("a-", 100))
	f.Fuzz(func(t *testing.T, s string) {
		fp, err := ParseFingerprint(s)
		if err != nil {
			if len(err.Error()) > 600 {
				t.Errorf("error of %d bytes: unbounded", len(err.Error()))
			}
			return
		}
		if back, err := ParseFingerprint(fp.String()); err != nil || back != fp {
			t.Errorf("%q parses to %v, whose String does not parse back: %v, %v", s, fp, back, err)
		}
	})
}

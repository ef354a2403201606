package discover

import (
	"errors"
	"fmt"
	"maps"
	"strings"
	"testing"
)

var fp64 = strings.Repeat("0123456789abcdef", 4)

// manyStrings returns n TXT strings "kNNNN=v".
func manyStrings(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("k%04d=v", i)
	}
	return out
}

var decodeCases = []struct {
	name    string
	in      []string
	want    map[string]string
	trimmed bool
}{
	{"empty record", []string{""}, map[string]string{}, false},
	{"nil", nil, map[string]string{}, false},
	{"viewer", []string{"proto=seed,v2", "fp=" + fp64}, map[string]string{"proto": "seed,v2", "fp": fp64}, false},
	{"key without value", []string{"flag"}, map[string]string{"flag": ""}, false},
	{"empty value", []string{"flag="}, map[string]string{"flag": ""}, false},
	{"value with =", []string{"a=b=c"}, map[string]string{"a": "b=c"}, false},
	{"keys lowered, first wins", []string{"Proto=v2", "PROTO=seed"}, map[string]string{"proto": "v2"}, true},
	{"uppercase fingerprint lowered", []string{"FP=" + strings.ToUpper(fp64)}, map[string]string{"fp": fp64}, false},
	{"short fingerprint dropped", []string{"fp=abcd", "proto=v2"}, map[string]string{"proto": "v2"}, true},
	{"non-hex fingerprint dropped", []string{"fp=" + strings.Repeat("g", 64)}, map[string]string{}, true},
	{"long fingerprint dropped", []string{"fp=" + fp64 + "00"}, map[string]string{}, true},
	{"empty key", []string{"=v", "a=1"}, map[string]string{"a": "1"}, true},
	{"control byte in key", []string{"a\x00b=1"}, map[string]string{}, true},
	{"non-ASCII key", []string{"clé=1"}, map[string]string{}, true},
	{"binary value kept", []string{"bin=\x00\xff"}, map[string]string{"bin": "\x00\xff"}, false},
	{"string over 255 bytes", []string{"a=" + strings.Repeat("x", 300), "b=1"}, map[string]string{"b": "1"}, true},
	{"32 strings", manyStrings(32), decodedMany(32), false},
	{"1000 strings", manyStrings(1000), decodedMany(32), true},
	{"over MaxTXTBytes", []string{"a=" + strings.Repeat("x", 250), "b=" + strings.Repeat("x", 250),
		"c=" + strings.Repeat("x", 250), "d=" + strings.Repeat("x", 250), "e=" + strings.Repeat("x", 250),
		"f=" + strings.Repeat("x", 250)}, map[string]string{
		"a": strings.Repeat("x", 250), "b": strings.Repeat("x", 250), "c": strings.Repeat("x", 250),
		"d": strings.Repeat("x", 250), "e": strings.Repeat("x", 250)}, true},
}

func decodedMany(n int) map[string]string {
	m := map[string]string{}
	for i := 0; i < n; i++ {
		m[fmt.Sprintf("k%04d", i)] = "v"
	}
	return m
}

func TestDecodeTXT(t *testing.T) {
	for _, c := range decodeCases {
		t.Run(c.name, func(t *testing.T) {
			got, err := DecodeTXT(c.in)
			if !maps.Equal(got, c.want) {
				t.Errorf("DecodeTXT = %q, want %q", got, c.want)
			}
			if trimmed := errors.Is(err, ErrTrimmed); trimmed != c.trimmed {
				t.Errorf("trimmed = %v (%v), want %v", trimmed, err, c.trimmed)
			}
			checkDecoded(t, got)
		})
	}
}

func TestEncodeTXT(t *testing.T) {
	cases := []struct {
		name string
		in   map[string]string
		want []string // nil: an error
	}{
		{"empty", map[string]string{}, []string{}},
		{"nil", nil, []string{}},
		{"viewer, sorted", map[string]string{"proto": "seed,v2", "fp": fp64}, []string{"fp=" + fp64, "proto=seed,v2"}},
		{"empty value", map[string]string{"flag": ""}, []string{"flag="}},
		{"bad fingerprint", map[string]string{"fp": "abc"}, nil},
		{"bad fingerprint, other case", map[string]string{"FP": "abc"}, nil},
		{"empty key", map[string]string{"": "x"}, nil},
		{"= in key", map[string]string{"a=b": "x"}, nil},
		{"control in key", map[string]string{"a\nb": "x"}, nil},
		{"keys equal but for case", map[string]string{"a": "1", "A": "2"}, nil},
		{"255 bytes", map[string]string{"a": strings.Repeat("x", 253)}, []string{"a=" + strings.Repeat("x", 253)}},
		{"256 bytes", map[string]string{"a": strings.Repeat("x", 254)}, nil},
		{"32 keys", decodedMany(32), manyStrings(32)},
		{"33 keys", decodedMany(33), nil},
		{"over MaxTXTBytes", map[string]string{"a": strings.Repeat("x", 250), "b": strings.Repeat("x", 250),
			"c": strings.Repeat("x", 250), "d": strings.Repeat("x", 250), "e": strings.Repeat("x", 250),
			"f": strings.Repeat("x", 250)}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := EncodeTXT(c.in)
			if c.want == nil {
				if err == nil {
					t.Fatalf("EncodeTXT = %q, want an error", got)
				}
				return
			}
			if err != nil || strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Fatalf("EncodeTXT = %q, %v; want %q", got, err, c.want)
			}
			back, err := DecodeTXT(got)
			if err != nil || len(back) != len(c.in) {
				t.Fatalf("DecodeTXT(EncodeTXT) = %q, %v", back, err)
			}
		})
	}
}

func TestFoundHelpers(t *testing.T) {
	f := Found{TXT: map[string]string{"proto": " seed, v2,,x" + strings.Repeat("y", 40) + "," + strings.Repeat("p,", 30), "fp": fp64}}
	p := f.Protocols()
	if len(p) != maxProtocols || p[0] != "seed" || p[1] != "v2" || p[2] != "p" {
		t.Errorf("Protocols = %q", p)
	}
	if f.Fingerprint() != fp64 {
		t.Errorf("Fingerprint = %q", f.Fingerprint())
	}
	if (Found{}).Fingerprint() != "" || len((Found{}).Protocols()) != 0 {
		t.Error("an empty Found has protocols or a fingerprint")
	}
}

func TestCheckService(t *testing.T) {
	good := Service{Instance: "Vidstream on laptop", Port: 1308, TXT: map[string]string{"proto": "seed,v2"}}
	if _, err := checkService(good); err != nil {
		t.Fatal(err)
	}
	for _, s := range []Service{
		{Instance: "", Port: 1308},
		{Instance: strings.Repeat("x", 64), Port: 1308},
		{Instance: "tab\there", Port: 1308},
		{Instance: "bad\xffutf8", Port: 1308},
		{Instance: "ok", Port: 0},
		{Instance: "ok", Port: 70000},
		{Instance: "ok", Port: 1, TXT: map[string]string{"fp": "nothex"}},
	} {
		if _, err := checkService(s); err == nil {
			t.Errorf("checkService(%+v) = nil, want an error", s)
		}
	}
}

// checkDecoded checks the bounds DecodeTXT promises.
func checkDecoded(t *testing.T, m map[string]string) {
	t.Helper()
	if m == nil {
		t.Fatal("DecodeTXT returned nil")
	}
	if len(m) > MaxTXTStrings {
		t.Fatalf("%d keys", len(m))
	}
	total := 0
	for k, v := range m {
		if checkKey(k) != nil || strings.ToLower(k) != k {
			t.Fatalf("key %q", k)
		}
		total += len(k) + len(v) + 2
	}
	if total > MaxTXTBytes {
		t.Fatalf("%d bytes", total)
	}
	if fp, ok := m[KeyFingerprint]; ok && (!ValidFingerprint(fp) || strings.ToLower(fp) != fp) {
		t.Fatalf("fingerprint %q", fp)
	}
}

// FuzzDecodeTXT feeds DecodeTXT TXT record data (length-prefixed strings)
// and checks its bounds, and that what it keeps encodes and decodes back
// to itself.
func FuzzDecodeTXT(f *testing.F) {
	for _, c := range decodeCases {
		var b []byte
		for _, s := range c.in {
			b = append(b, byte(min(len(s), 255)))
			b = append(b, s[:min(len(s), 255)]...)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var strs []string
		for i := 0; i < len(b); {
			n := min(int(b[i]), len(b)-i-1)
			strs = append(strs, string(b[i+1:i+1+n]))
			i += 1 + n
		}
		m, _ := DecodeTXT(strs)
		checkDecoded(t, m)
		enc, err := EncodeTXT(m)
		if err != nil {
			t.Fatalf("EncodeTXT(DecodeTXT(%q)) = %v", strs, err)
		}
		back, err := DecodeTXT(enc)
		if err != nil || !maps.Equal(back, m) {
			t.Fatalf("round trip: %q, %v; want %q", back, err, m)
		}
	})
}

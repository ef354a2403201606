package wire

import (
	"bytes"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"testing"
)

// TestAdmissionBytes checks the admission messages' bytes against the
// table in PROTOCOL.md, and that ReadAdmission reads each back, skipping
// what it does not know.
func TestAdmissionBytes(t *testing.T) {
	cases := []struct {
		name   string
		write  func(w io.Writer) error
		golden string
		want   Admission
		reason string
	}{
		{"admitted", func(w io.Writer) error { return WriteAdmission(w, Admitted) }, "1200000000", Admitted, ""},
		{"asking", func(w io.Writer) error { return WriteAdmission(w, Asking) }, "1300000000", Asking, ""},
		{"refused", func(w io.Writer) error { return WriteRefusal(w, "denied") }, "1006000000" + hex.EncodeToString([]byte("denied")), Refused, "denied"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := c.write(&b); err != nil {
				t.Fatal(err)
			}
			if got := hex.EncodeToString(b.Bytes()); got != c.golden {
				t.Fatalf("bytes %s, want %s", got, c.golden)
			}
			// A time probe and an unknown type before it are skipped.
			in := append([]byte{17, 8, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 99, 1, 0, 0, 0, 'x'}, b.Bytes()...)
			a, reason, err := ReadAdmission(bytes.NewReader(in))
			if err != nil || a != c.want || reason != c.reason {
				t.Fatalf("ReadAdmission = %v, %q, %v; want %v, %q", a, reason, err, c.want, c.reason)
			}
		})
	}
}

func TestReadAdmissionErrors(t *testing.T) {
	for name, in := range map[string][]byte{
		"nothing":  nil,
		"cut":      {18, 0, 0},
		"cut body": {16, 5, 0, 0, 0, 'a'},
		"huge":     {16, 0xff, 0xff, 0xff, 0xff},
	} {
		_, _, err := ReadAdmission(bytes.NewReader(in))
		if err == nil {
			t.Errorf("%s: no error", name)
		}
		if name == "nothing" && !errors.Is(err, io.EOF) {
			t.Errorf("%s: %v, want io.EOF wrapped", name, err)
		}
		if name == "huge" && !strings.Contains(err.Error(), "over 4096") {
			t.Errorf("%s: %v", name, err)
		}
	}
	if err := WriteAdmission(io.Discard, Refused); err == nil {
		t.Error("WriteAdmission(Refused) wrote")
	}
}

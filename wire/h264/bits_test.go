package h264

import (
	"errors"
	"testing"
)

func TestBitReader(t *testing.T) {
	var w bitWriter
	ues := []uint64{0, 1, 2, 3, 7, 255, 1<<16 - 1, 1<<31 - 1, 1<<32 - 2}
	ses := []int64{0, 1, -1, 2, -2, 127, -128, 1<<31 - 1, -(1<<31 - 1)}
	for _, v := range ues {
		w.ue(v)
	}
	for _, v := range ses {
		w.se(v)
	}
	w.u(5, 0x15)
	w.u(16, 0) // zeros: emulation prevention follows them
	w.u(8, 1)
	w.trailing()
	nal := w.nal(0)
	r := newBitReader(nal[1:])
	for _, want := range ues {
		if v, err := r.ue(); err != nil || uint64(v) != want {
			t.Fatalf("ue %d: %d, %v", want, v, err)
		}
	}
	for _, want := range ses {
		if v, err := r.se(); err != nil || int64(v) != want {
			t.Fatalf("se %d: %d, %v", want, v, err)
		}
	}
	if v, err := r.bits(5); v != 0x15 || err != nil {
		t.Fatalf("u(5): %#x, %v", v, err)
	}
	if v, err := r.bits(24); v != 1 || err != nil {
		t.Fatalf("u(24) over 00 00 03 01: %#x, %v", v, err)
	}
	if f, err := r.flag(); !f || err != nil {
		t.Fatalf("stop bit: %v, %v", f, err)
	}
	for i := 0; ; i++ {
		f, err := r.flag()
		if errors.Is(err, errShort) && i < 8 {
			break
		}
		if f || err != nil || i >= 8 {
			t.Fatalf("alignment bit %d: %v, %v", i, f, err)
		}
	}
}

func TestBitReaderErrors(t *testing.T) {
	tests := []struct {
		name string
		b    []byte
		err  error
	}{
		{"32 leading zeros", []byte{0, 0, 3, 0, 0, 3, 0x80}, errOverlong},
		{"40 zero bits", []byte{0, 0, 3, 0, 0, 3, 0}, errOverlong},
		{"out of data in the prefix", []byte{0x00}, errShort},
		{"out of data in the suffix", []byte{0x01}, errShort},
		{"ends at an emulation-prevention byte", []byte{0, 0, 3}, errShort},
		{"empty", nil, errShort},
	}
	for _, tc := range tests {
		r := newBitReader(tc.b)
		if _, err := r.ue(); !errors.Is(err, tc.err) {
			t.Errorf("%s: ue: %v, want %v", tc.name, err, tc.err)
		}
		r = newBitReader(tc.b)
		if _, err := r.se(); !errors.Is(err, tc.err) {
			t.Errorf("%s: se: %v, want %v", tc.name, err, tc.err)
		}
	}
}

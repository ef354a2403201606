package jpeg

import (
	"bytes"
	"testing"

	"github.com/vidstream/vidstream/wire/wiretest"
)

func TestFrameHeader(t *testing.T) {
	sof := func(h, w int, comps byte) []byte {
		return []byte{0xFF, 0xC0, 0, 8 + 3*comps, 8, byte(h >> 8), byte(h), byte(w >> 8), byte(w), comps}
	}
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	soi := []byte{0xFF, 0xD8}
	tests := []struct {
		name        string
		b           []byte
		w, h, comps int
		ok          bool
	}{
		{"quadrants", wiretest.QuadrantsJPEG(), 64, 48, 3, true},
		{"grey", wiretest.GreyJPEG(), 32, 16, 1, true},
		{"cmyk", wiretest.CMYKJPEG(), 16, 8, 4, true},
		{"huge", wiretest.HugeJPEGHeader(), 65000, 65000, 1, true},
		{"fill bytes, junk, RST, TEM", cat(soi, []byte{1, 2, 0xFF, 0x00, 0xFF, 0xFF, 0xD3, 0xFF, 0x01}, sof(7, 9, 3)), 9, 7, 3, true},
		{"progressive SOF2", cat(soi, []byte{0xFF, 0xC2, 0, 11, 8, 0, 5, 0, 6, 1}), 6, 5, 1, true},
		{"DHT is not a SOF", cat(soi, []byte{0xFF, 0xC4, 0, 2}, sof(3, 4, 1)), 4, 3, 1, true},
		{"skips APP by length", cat(soi, []byte{0xFF, 0xE1, 0, 6, 0xFF, 0xC0, 0, 0}, sof(1, 2, 3)), 2, 1, 3, true},
		{"not a jpeg", []byte("hello"), 0, 0, 0, false},
		{"empty", nil, 0, 0, 0, false},
		{"SOI only", soi, 0, 0, 0, false},
		{"SOS first", cat(soi, []byte{0xFF, 0xDA, 0, 2}, sof(1, 1, 1)), 0, 0, 0, false},
		{"EOI first", cat(soi, []byte{0xFF, 0xD9}, sof(1, 1, 1)), 0, 0, 0, false},
		{"second SOI", cat(soi, soi, sof(1, 1, 1)), 0, 0, 0, false},
		{"SOF cut short", cat(soi, sof(1, 1, 1)[:8]), 0, 0, 0, false},
		{"length cut short", cat(soi, []byte{0xFF, 0xE0, 0}), 0, 0, 0, false},
		{"length below 2", cat(soi, []byte{0xFF, 0xE0, 0, 1}, sof(1, 1, 1)), 0, 0, 0, false},
		{"segment past the end", cat(soi, []byte{0xFF, 0xE0, 0xFF, 0xFF}, sof(1, 1, 1)), 0, 0, 0, false},
	}
	for _, tc := range tests {
		w, h, c, ok := frameHeader(tc.b)
		if w != tc.w || h != tc.h || c != tc.comps || ok != tc.ok {
			t.Errorf("%s: %d x %d, %d components, %v; want %d x %d, %d, %v", tc.name, w, h, c, ok, tc.w, tc.h, tc.comps, tc.ok)
		}
	}
}

func TestNextSegment(t *testing.T) {
	tests := []struct {
		name   string
		b      []byte
		from   int
		marker byte
		at     int
		next   int
		ok     bool
	}{
		{"a segment", []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 1, 2, 0xFF, 0xD9}, 2, 0xE0, 2, 8, true},
		{"through entropy-coded data", []byte{0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD3, 0xFF, 0xFF, 0x00, 0x56, 0xFF, 0x01, 0xFF, 0xFF, 0xC4, 0, 2}, 0, 0xC4, 13, 17, true},
		{"EOI after data", []byte{0x12, 0xFF, 0x00, 0xFF, 0xD9}, 0, MarkerEOI, 3, 5, true},
		{"the end", []byte{0x12, 0xFF, 0x00, 0xFF}, 0, 0, 0, 0, false},
		{"the end in a length", []byte{0xFF, 0xDB, 0}, 0, 0, 0, 0, false},
		{"a length below 2", []byte{0xFF, 0xD8, 0xFF, 0xFE, 0, 1, 0xFF, 0xD9}, 2, 0xFE, 2, 0, false},
	}
	for _, tc := range tests {
		seg, next, ok := nextSegment(tc.b, tc.from)
		if seg.marker != tc.marker || ok != tc.ok || next != tc.next || tc.marker != 0 && seg.at != tc.at {
			t.Errorf("%s: marker %#02x at %d, next %d, %v; want %#02x at %d, %d, %v", tc.name, seg.marker, seg.at, next, ok, tc.marker, tc.at, tc.next, tc.ok)
		}
	}
}

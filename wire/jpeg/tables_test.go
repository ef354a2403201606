package jpeg

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// Builders of synthetic JPEG marker streams for planTables, which reads
// only their markers.

// seg returns a marker segment: FF, marker, length, body.
func seg(marker byte, body ...byte) []byte {
	return append([]byte{0xFF, marker, byte((len(body) + 2) >> 8), byte(len(body) + 2)}, body...)
}

// dqt returns a DQT segment of 8-bit tables numbered tq.
func dqt(tq ...byte) []byte {
	var body []byte
	for _, q := range tq {
		body = append(append(body, q), bytes.Repeat([]byte{1}, 64)...)
	}
	return seg(markerDQT, body...)
}

// dht returns a DHT segment of one-code tables of class and number tcth.
func dht(tcth ...byte) []byte {
	var body []byte
	for _, tc := range tcth {
		body = append(append(body, tc, 1), make([]byte, 15+1)...)
	}
	return seg(markerDHT, body...)
}

// sof returns a SOF segment of marker m, 8x8, with components 1, 2, ... of
// quantisation tables q.
func sof(m byte, q ...byte) []byte {
	body := []byte{8, 0, 8, 0, 8, byte(len(q))}
	for c, t := range q {
		body = append(body, byte(c+1), 0x11, t)
	}
	return seg(m, body...)
}

// sos returns a SOS segment for components 1, 2, ... with table selectors
// sel (DC<<4 | AC) and spectral selection ss..se, successive approximation
// ahal, followed by entropy-coded data holding a stuffed FF, a restart
// marker and fill bytes.
func sos(ss, se, ahal byte, sel ...byte) []byte {
	body := []byte{byte(len(sel))}
	for c, s := range sel {
		body = append(body, byte(c+1), s)
	}
	body = append(body, ss, se, ahal)
	return append(seg(MarkerSOS, body...), 0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD3, 0x56, 0xFF, 0xFF, 0x00, 0x78)
}

var (
	soi = []byte{0xFF, MarkerSOI}
	eoi = []byte{0xFF, MarkerEOI}
)

func TestPlanTables(t *testing.T) {
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	cut := func(b []byte, n int) []byte { return b[:len(b)-n] }
	const (
		sof0, sof2, sof3, sof9, sof10 = 0xC0, 0xC2, 0xC3, 0xC9, 0xCA
		dc0, ac0, dc1, ac1            = 0x00, 0x10, 0x01, 0x11
	)
	head := cat(soi, dqt(0, 1)) // before each frame header
	tests := []struct {
		name    string
		b       []byte
		missing [4]bool // DC0, AC0, DC1, AC1
		err     string  // part of the error; "" for none
	}{
		{"baseline with its tables", cat(head, sof(sof0, 0, 1, 1), dht(dc0, ac0, dc1, ac1), sos(0, 63, 0, 0x00, 0x11, 0x11), eoi), [4]bool{}, ""},
		{"baseline without DHT", cat(head, sof(sof0, 0, 1, 1), sos(0, 63, 0, 0x00, 0x11, 0x11), eoi), [4]bool{true, true, true, true}, ""},
		{"grey without DHT", cat(head, sof(sof0, 0), sos(0, 63, 0, 0x00), eoi), [4]bool{true, true, false, false}, ""},
		{"baseline with some", cat(head, sof(sof0, 0, 1, 1), dht(dc0, dc1), sos(0, 63, 0, 0x00, 0x11, 0x11), eoi), [4]bool{false, true, false, true}, ""},
		{"baseline using table 2", cat(head, sof(sof0, 0, 1, 1), dht(dc0, ac0), sos(0, 63, 0, 0x00, 0x22, 0x22), eoi), [4]bool{}, "scan 1 uses DC Huffman table 2"},
		{"baseline defining table 2", cat(head, sof(sof0, 0, 1, 1), dht(dc0, ac0, 0x02, 0x12), sos(0, 63, 0, 0x00, 0x22, 0x22), eoi), [4]bool{}, ""},
		{"table number over 3: for the decoder", cat(head, sof(sof0, 0), sos(0, 63, 0, 0x55), eoi), [4]bool{}, ""},
		// A single-scan image ends at its scan: what follows is not walked.
		{"baseline, then junk", cat(head, sof(sof0, 0), dht(dc0, ac0), sos(0, 63, 0, 0x00), sos(0, 63, 0, 0x22), eoi), [4]bool{}, ""},
		// Non-interleaved sequential: a scan per component.
		{"a scan per component", cat(head, sof(sof0, 0, 1), dht(dc0, ac0), sos(0, 63, 0, 0x00), sos(0, 63, 0, 0x11), eoi), [4]bool{false, false, true, true}, ""},
		{"a scan per component, table 3", cat(head, sof(sof0, 0, 1), dht(dc0, ac0), sos(0, 63, 0, 0x00), sos(0, 63, 0, 0x13), eoi), [4]bool{}, "scan 2 uses AC Huffman table 3"},
		// Progressive: DC scans read DC tables (refinements none), AC scans an AC table.
		{"progressive, tables between scans", cat(head, sof(sof2, 0, 1), dht(dc0, dc1), sos(0, 0, 0x01, 0x00, 0x10), dht(ac0), sos(1, 63, 0, 0x00),
			dht(ac1), sos(1, 63, 0, 0x01), sos(0, 0, 0x10, 0x33, 0x33), eoi), [4]bool{}, ""},
		{"progressive, an AC table nowhere", cat(head, sof(sof2, 0, 1), dht(dc0, dc1), sos(0, 0, 0x01, 0x00, 0x10), dht(ac0), sos(1, 63, 0, 0x00),
			sos(1, 63, 0, 0x01), eoi), [4]bool{false, false, false, true}, ""},
		{"progressive without DHT", cat(head, sof(sof2, 0, 1), sos(0, 0, 0, 0x00, 0x10), sos(1, 63, 0, 0x00), sos(1, 63, 0, 0x01), eoi), [4]bool{true, true, true, true}, ""},
		{"progressive, AC table 2 nowhere", cat(head, sof(sof2, 0, 1), dht(dc0), sos(0, 0, 0, 0x00, 0x00), sos(1, 63, 0, 0x02), eoi), [4]bool{}, "scan 2 uses AC Huffman table 2"},
		{"progressive, AC table 2 before its scan", cat(head, sof(sof2, 0, 1), dht(dc0), sos(0, 0, 0, 0x00, 0x00), dht(0x12), sos(1, 63, 0, 0x02), eoi), [4]bool{}, ""},
		{"progressive, cut in a later scan", cut(cat(head, sof(sof2, 0, 1), dht(dc0), sos(0, 0, 0, 0x00, 0x00), sos(1, 63, 0, 0x01)), 3), [4]bool{false, false, false, true}, ""},
		{"progressive, TEM and fill in the data", cat(head, sof(sof2, 0), dht(dc0), sos(0, 0, 0, 0x00), []byte{0xFF, 0x01, 0xFF, 0xFF}, sos(1, 63, 0, 0x01), eoi), [4]bool{false, false, false, true}, ""},
		// Lossless reads DC tables only; arithmetic coding none.
		{"lossless", cat(head, sof(sof3, 0), sos(1, 0, 0, 0x00), eoi), [4]bool{true, false, false, false}, ""},
		{"arithmetic", cat(head, sof(sof9, 0, 1, 1), sos(0, 63, 0, 0x00, 0x11, 0x11), eoi), [4]bool{}, ""},
		{"arithmetic progressive, table 2", cat(head, sof(sof10, 0, 1), sos(0, 0, 0, 0x00, 0x10), sos(1, 63, 0, 0x22), eoi), [4]bool{}, ""},
		// Quantisation tables: every one the SOF names, before the first scan.
		{"no DQT", cat(soi, sof(sof0, 0), dht(dc0, ac0), sos(0, 63, 0, 0x00), eoi), [4]bool{}, "component 1 uses quantisation table 0, which no DQT"},
		{"no DQT, arithmetic", cat(soi, sof(sof9, 0), sos(0, 63, 0, 0x00), eoi), [4]bool{}, "quantisation table 0"},
		{"DQT of table 0 only", cat(soi, dqt(0), sof(sof0, 0, 1, 1), sos(0, 63, 0, 0x00, 0x11, 0x11), eoi), [4]bool{}, "component 2 uses quantisation table 1"},
		{"DQT after the SOF", cat(soi, sof(sof0, 0, 1), dqt(1), dqt(0), sos(0, 63, 0, 0x00, 0x11), eoi), [4]bool{true, true, true, true}, ""},
		{"16-bit DQT", cat(soi, seg(markerDQT, append([]byte{0x10}, make([]byte, 128)...)...), sof(sof0, 0), sos(0, 63, 0, 0x00), eoi), [4]bool{true, true, false, false}, ""},
		{"DQT only between scans", cat(soi, dqt(0), sof(sof2, 0, 1), sos(0, 0, 0, 0x00), dqt(1), sos(0, 0, 0, 0x00), eoi), [4]bool{}, "component 2 uses quantisation table 1"},
		{"SOF naming table 4", cat(head, sof(sof0, 4), sos(0, 63, 0, 0x00), eoi), [4]bool{}, "quantisation table 4"},
		// What libjpeg refuses is left for the decoder to say.
		{"DQT of table 4", cat(soi, dqt(4), sof(sof0, 0), sos(0, 63, 0, 0x00), eoi), [4]bool{}, ""},
		{"DHT of class 2", cat(head, sof(sof0, 0), dht(0x20), sos(0, 63, 0, 0x00), eoi), [4]bool{}, ""},
		{"DHT of 16 spare bytes", cat(head, sof(sof0, 0), seg(markerDHT, make([]byte, 16)...), sos(0, 63, 0, 0x00), eoi), [4]bool{}, ""},
		{"a second SOF", cat(head, sof(sof0, 0), sof(sof0, 0), sos(0, 63, 0, 0x00), eoi), [4]bool{}, ""},
		{"SOF length wrong", cat(head, seg(sof0, 8, 0, 8, 0, 8, 1, 1, 0x11, 0, 0), sos(0, 63, 0, 0x00), eoi), [4]bool{}, ""},
		{"SOS length wrong", cat(head, sof(sof0, 0), seg(MarkerSOS, 1, 1, 0x00, 0, 63, 0, 0), eoi), [4]bool{}, ""},
		{"no scan", cat(head, sof(sof0, 0), eoi), [4]bool{}, ""},
		{"not a JPEG", []byte("hello"), [4]bool{}, ""},
		// A length libjpeg steps over but the walk cannot follow.
		{"length below 2", cat(head, sof(sof0, 0), []byte{0xFF, 0xFE, 0, 1}, sos(0, 63, 0, 0x00), eoi), [4]bool{}, "length below 2"},
	}
	for _, tc := range tests {
		p, err := planTables(tc.b)
		if tc.err == "" && err != nil || tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("%s: error %v, want one saying %q", tc.name, err, tc.err)
			continue
		}
		if err != nil && !errors.Is(err, errNotOnItsOwn) {
			t.Errorf("%s: %v does not wrap errNotOnItsOwn", tc.name, err)
		}
		if p.missing != tc.missing {
			t.Errorf("%s: missing %v, want %v", tc.name, p.missing, tc.missing)
		}
		if first := bytes.Index(tc.b, []byte{0xFF, MarkerSOS}); p.needsTables() && p.at != first {
			t.Errorf("%s: tables go at %d, not before the first scan at %d", tc.name, p.at, first)
		}
	}
}

// TestPlanTablesFixtures: the JPEGs of encoders need nothing put in, the
// progressive one included, whose AC tables come between its scans.
func TestPlanTablesFixtures(t *testing.T) {
	for _, f := range sequenceFrames(t) {
		p, err := planTables(f.b)
		switch {
		case strings.Contains(f.name, "without DQT"):
			if err == nil {
				t.Errorf("%s: no error", f.name)
			}
		case err != nil:
			t.Errorf("%s: %v", f.name, err)
		case p.needsTables() != (strings.Contains(f.name, "without DHT") || strings.Contains(f.name, "DC tables only")):
			t.Errorf("%s: missing %v", f.name, p.missing)
		}
	}
}

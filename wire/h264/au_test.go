package h264

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"testing/iotest"
)

// splitEvent is what one Next returned: an access unit (a copy of its
// Data) or, with tooLarge > 0, an AUTooLargeError of that length.
type splitEvent struct {
	data     []byte
	key      bool
	tooLarge int64
}

// splitAll runs a Splitter of r with cap max to its end, checking what every
// call returns, and returns the events, the final error and the bytes
// skipped.
func splitAll(t testing.TB, r io.Reader, max int) ([]splitEvent, error, int64) {
	s := NewSplitter(r, max)
	var evs []splitEvent
	var offset int64
	for {
		au, err := s.Next()
		var tl *AUTooLargeError
		switch {
		case errors.As(err, &tl):
			if tl.Length <= int64(s.Max()) || tl.Max != s.Max() || tl.Offset < offset {
				t.Fatalf("%v with cap %d after offset %d", tl, s.Max(), offset)
			}
			offset = tl.Offset + tl.Length
			evs = append(evs, splitEvent{tooLarge: tl.Length})
			continue
		case err != nil:
			return evs, err, s.Skipped()
		}
		if len(au.Data) == 0 || len(au.Data) > s.Max() || au.Offset < offset {
			t.Fatalf("access unit of %d bytes at %d (cap %d, after %d)", len(au.Data), au.Offset, s.Max(), offset)
		}
		n := 0
		for range NALUnits(au.Data) {
			n++
		}
		if n == 0 || au.Keyframe != IsKeyframe(au.Data) {
			t.Fatalf("access unit of %d bytes with %d NAL units, keyframe %v: % x", len(au.Data), n, au.Keyframe, au.Data[:min(len(au.Data), 16)])
		}
		offset = au.Offset + int64(len(au.Data))
		evs = append(evs, splitEvent{data: bytes.Clone(au.Data), key: au.Keyframe})
	}
}

// readers are the ways TestSplitter feeds a stream to the splitter.
var readers = []struct {
	name string
	wrap func(io.Reader) io.Reader
}{
	{"whole", func(r io.Reader) io.Reader { return r }},
	{"one byte", iotest.OneByteReader},
	{"half", iotest.HalfReader},
	{"data with EOF", iotest.DataErrReader},
}

func TestSplitterX264(t *testing.T) {
	for _, tc := range x264Cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			stream := tc.x.Encode(t)
			pkts, w, h, profile := probe(t, stream)
			evs, err, skipped := splitAll(t, bytes.NewReader(stream), 0)
			if err != io.EOF || skipped != 0 {
				t.Fatalf("ended with %v, %d bytes skipped", err, skipped)
			}
			if len(evs) != len(pkts) {
				t.Errorf("%d access units, ffprobe has %d packets", len(evs), len(pkts))
			}
			var all []byte
			for i, ev := range evs {
				all = append(all, ev.data...)
				if i < len(pkts) && (len(ev.data) != pkts[i].size || ev.key != pkts[i].key) {
					t.Errorf("access unit %d: %d bytes, keyframe %v; ffprobe: %d, %v", i, len(ev.data), ev.key, pkts[i].size, pkts[i].key)
				}
			}
			if !bytes.Equal(all, stream) {
				t.Errorf("access units joined are %d bytes, not the %d of the stream", len(all), len(stream))
			}
			var ps ParamSets
			ps.Observe(evs[0].data)
			sps, ok := ps.SPS()
			if !ok || sps.Width != w || sps.Height != h {
				t.Errorf("SPS %dx%d (%v), ffprobe %dx%d", sps.Width, sps.Height, ok, w, h)
			}
			if want := map[string]uint8{"Constrained Baseline": 66, "Baseline": 66, "Main": 77, "High": 100}[profile]; sps.ProfileIDC != want {
				t.Errorf("profile_idc %d, ffprobe says %s", sps.ProfileIDC, profile)
			}
			for _, rd := range readers[1:] {
				again, err, _ := splitAll(t, rd.wrap(bytes.NewReader(stream)), 0)
				if err != io.EOF || !sameEvents(again, evs) {
					t.Errorf("%s reader: %d access units, %v; differ from a whole read", rd.name, len(again), err)
				}
			}
		})
	}
}

func sameEvents(a, b []splitEvent) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !bytes.Equal(a[i].data, b[i].data) || a[i].key != b[i].key || a[i].tooLarge != b[i].tooLarge {
			return false
		}
	}
	return true
}

// sliceNAL builds a slice NAL unit of header byte hdr whose header starts
// with first_mb_in_slice first, then pad bytes of slice data.
func sliceNAL(hdr byte, first uint64, pad int) []byte {
	var w bitWriter
	w.ue(first)
	w.ue(7) // slice_type I
	w.ue(0) // pic_parameter_set_id
	for i := range pad {
		w.u(8, uint64(i%251+1))
	}
	w.trailing()
	return w.nal(hdr)
}

// The NAL units of the hand-built streams.
var (
	tSPS   = writeSPS(baseSPS(66, 20, 15))
	tPPS   = []byte{0x68, 0xCE, 0x38, 0x80}
	tAUD   = []byte{0x09, 0xF0}
	tSEI   = []byte{0x06, 0x05, 0x01, 0xAA, 0x80}
	tIDR   = sliceNAL(0x65, 0, 20)
	tIDR2  = sliceNAL(0x65, 40, 20)
	tP     = sliceNAL(0x41, 0, 10)
	tP2    = sliceNAL(0x41, 150, 10)
	tBigP  = sliceNAL(0x41, 0, 300)
	tEPB   = sliceNAL(0x41, 1<<23-1, 4)           // first_mb_in_slice coded with emulation-prevention bytes
	tJunk  = []byte{0x7F, 0x00, 0x00, 0x03, 0x01} // type 31, unspecified
	tType0 = []byte{0x20, 0x42}
	tBadMB = []byte{0x41, 0x00, 0x00, 0x03, 0x00, 0x00, 0x03, 0x00, 0x00, 0x03, 0x00, 0x00, 0x03, 0x00, 0x00, 0x03, 0x00, 0x01}
)

// annexB3 joins NAL units, each after a 3-byte start code.
func annexB3(nals ...[]byte) []byte {
	var b []byte
	for _, n := range nals {
		b = append(append(b, 0, 0, 1), n...)
	}
	return b
}

func au(key bool, parts ...[]byte) splitEvent { return splitEvent{data: cat(parts...), key: key} }

// splitCases drive TestSplitter and seed FuzzSplitter.
var splitCases = []struct {
	name    string
	stream  []byte
	max     int
	want    []splitEvent
	end     error // the final error; nil means io.EOF
	skipped int64
}{
	{name: "two pictures, 4-byte start codes", stream: annexB(tSPS, tPPS, tIDR, tP),
		want: []splitEvent{au(true, annexB(tSPS, tPPS, tIDR)), au(false, annexB(tP))}},
	{name: "3-byte start codes", stream: annexB3(tSPS, tPPS, tIDR, tP, tP),
		want: []splitEvent{au(true, annexB3(tSPS, tPPS, tIDR)), au(false, annexB3(tP)), au(false, annexB3(tP))}},
	{name: "mixed start codes", stream: cat(annexB(tSPS), annexB3(tPPS), annexB(tIDR), annexB3(tIDR2), annexB(tP), annexB3(tP2)),
		want: []splitEvent{au(true, annexB(tSPS), annexB3(tPPS), annexB(tIDR), annexB3(tIDR2)), au(false, annexB(tP), annexB3(tP2))}},
	{name: "AUD, SEI, SPS, PPS after a slice start an access unit", stream: annexB(tIDR, tAUD, tP2, tSEI, tP2, tSPS, tP2, tPPS, tP2, tP2),
		want: []splitEvent{au(true, annexB(tIDR)), au(false, annexB(tAUD, tP2)), au(false, annexB(tSEI, tP2)), au(false, annexB(tSPS, tP2)), au(false, annexB(tPPS, tP2, tP2))}},
	{name: "NAL units before a slice stay together", stream: annexB(tAUD, tSPS, tPPS, tSEI, tIDR, tAUD, tSEI, tP),
		want: []splitEvent{au(true, annexB(tAUD, tSPS, tPPS, tSEI, tIDR)), au(false, annexB(tAUD, tSEI, tP))}},
	{name: "types 14 to 18 start one, 13 and 19 to 31 do not", stream: annexB(tIDR, []byte{0x0D, 1}, []byte{0x13, 1}, []byte{0x1F, 1}, []byte{0x0E, 1}, tP2, []byte{0x12, 1}, tP2),
		want: []splitEvent{au(true, annexB(tIDR, []byte{0x0D, 1}, []byte{0x13, 1}, []byte{0x1F, 1})), au(false, annexB([]byte{0x0E, 1}, tP2)), au(false, annexB([]byte{0x12, 1}, tP2))}},
	{name: "garbage before the first start code", stream: cat([]byte("junk\x00\x00"), annexB(tIDR, tP)), skipped: 6,
		want: []splitEvent{au(true, annexB(tIDR)), au(false, annexB(tP))}},
	{name: "garbage NAL types stay in the access unit", stream: annexB(tIDR, tJunk, tType0, tP, tJunk),
		want: []splitEvent{au(true, annexB(tIDR, tJunk, tType0)), au(false, annexB(tP, tJunk))}},
	{name: "emulation prevention in first_mb_in_slice", stream: annexB(tIDR, tEPB, tP),
		want: []splitEvent{au(true, annexB(tIDR, tEPB)), au(false, annexB(tP))}},
	{name: "unreadable first_mb_in_slice is not a first slice", stream: annexB(tIDR, tBadMB, tP),
		want: []splitEvent{au(true, annexB(tIDR, tBadMB)), au(false, annexB(tP))}},
	{name: "an access unit over the cap is skipped", stream: annexB(tSPS, tPPS, tIDR, tBigP, tP, tBigP), max: 200,
		want: []splitEvent{au(true, annexB(tSPS, tPPS, tIDR)), {tooLarge: int64(len(tBigP) + 4)}, au(false, annexB(tP)), {tooLarge: int64(len(tBigP) + 4)}}},
	{name: "no SPS or PPS", stream: annexB(tIDR, tIDR2, tP, tP2),
		want: []splitEvent{au(true, annexB(tIDR, tIDR2)), au(false, annexB(tP, tP2))}},
	{name: "cut mid-NAL", stream: annexB(tIDR, tP)[:len(tIDR)+4+6],
		want: []splitEvent{au(true, annexB(tIDR)), au(false, annexB(tP)[:6])}},
	{name: "cut in a start code", stream: cat(annexB(tIDR), []byte{0, 0}),
		want: []splitEvent{au(true, annexB(tIDR), []byte{0, 0})}},
	{name: "zero-length NAL units", stream: cat([]byte{0, 0, 1}, annexB3(tIDR), []byte{0, 0, 1, 0, 0, 0, 1}, annexB(tP), []byte{0, 0, 1}),
		want: []splitEvent{au(true, []byte{0, 0, 1}, annexB3(tIDR), []byte{0, 0, 1, 0, 0, 0, 1}), au(false, annexB(tP), []byte{0, 0, 1})}},
	{name: "only start codes", stream: []byte{0, 0, 1, 0, 0, 0, 1, 0, 0, 1}, skipped: 10},
	{name: "trailing zeros go with the access unit before", stream: cat(annexB(tIDR), []byte{0, 0, 0}, annexB(tP), []byte{0}),
		want: []splitEvent{au(true, annexB(tIDR), []byte{0, 0, 0}), au(false, annexB(tP), []byte{0})}},
	{name: "leading zeros", stream: cat([]byte{0, 0, 0, 0}, annexB(tIDR)), skipped: 4,
		want: []splitEvent{au(true, annexB(tIDR))}},
	{name: "empty", stream: nil},
	{name: "no start code", stream: []byte("\x00\x00\x02hello\x00\x00"), skipped: 10},
	{name: "SPS of 16384x16384", stream: annexB(writeSPS(baseSPS(100, 1024, 1024)), tPPS, tIDR),
		want: []splitEvent{au(true, annexB(writeSPS(baseSPS(100, 1024, 1024)), tPPS, tIDR))}},
}

func TestSplitter(t *testing.T) {
	for _, tc := range splitCases {
		for _, rd := range readers {
			got, err, skipped := splitAll(t, rd.wrap(bytes.NewReader(tc.stream)), tc.max)
			want := tc.end
			if want == nil {
				want = io.EOF
			}
			if err != want || skipped != tc.skipped || !sameEvents(got, tc.want) {
				t.Errorf("%s, %s reader: ended with %v after %d bytes skipped and %d events:", tc.name, rd.name, err, skipped, len(got))
				for i, ev := range got {
					t.Logf("  %d: key %v, too large %d, % x", i, ev.key, ev.tooLarge, ev.data)
				}
				for i, ev := range tc.want {
					t.Logf("  want %d: key %v, too large %d, % x", i, ev.key, ev.tooLarge, ev.data)
				}
			}
		}
	}
}

func TestSplitterReadError(t *testing.T) {
	boom := errors.New("boom")
	r := io.MultiReader(bytes.NewReader(annexB(tIDR, tP, tBigP)), iotest.ErrReader(boom))
	s := NewSplitter(r, 0)
	for i := range 2 {
		if _, err := s.Next(); err != nil {
			t.Fatalf("access unit %d: %v", i, err)
		}
	}
	for range 2 { // sticky
		if _, err := s.Next(); !errors.Is(err, boom) {
			t.Fatalf("after the read error: %v", err)
		}
	}
}

// TestSplitterLargeCap splits a stream of access units bigger than the read
// chunk, with and without a cap between their sizes, to exercise growing and
// skipping across reads.
func TestSplitterLargeCap(t *testing.T) {
	big := sliceNAL(0x65, 0, 200_000)
	small := sliceNAL(0x41, 0, 1000)
	stream := annexB(tSPS, tPPS, big, small, big, small)
	bigAU := int64(len(big) + 4)
	for _, tc := range []struct {
		max  int
		want []splitEvent
	}{
		{0, []splitEvent{au(true, annexB(tSPS, tPPS, big)), au(false, annexB(small)), au(true, annexB(big)), au(false, annexB(small))}},
		{100_000, []splitEvent{{tooLarge: bigAU + int64(len(tSPS)+len(tPPS)+8)}, au(false, annexB(small)), {tooLarge: bigAU}, au(false, annexB(small))}},
	} {
		for _, rd := range readers {
			got, err, _ := splitAll(t, rd.wrap(bytes.NewReader(stream)), tc.max)
			if err != io.EOF || !sameEvents(got, tc.want) {
				t.Errorf("cap %d, %s reader: %d events, %v", tc.max, rd.name, len(got), err)
			}
		}
	}
}

package h264

import (
	"bytes"
	"testing"
)

func TestParamSets(t *testing.T) {
	var ps ParamSets
	if ps.Ready() || len(ps.AppendTo(nil)) != 0 {
		t.Fatal("a zero ParamSets is ready")
	}
	if _, err := ps.Complete(nil, annexB(tIDR)); err == nil {
		t.Fatal("completed a keyframe without parameter sets")
	}
	ps.Observe(annexB(tSPS, tIDR))
	if ps.Ready() {
		t.Fatal("ready with an SPS only")
	}
	newSPS := writeSPS(baseSPS(100, 120, 68))
	ps.Observe(annexB(tAUD, tSPS, tPPS, tIDR))
	ps.Observe(annexB3(newSPS, tP))
	huge := append([]byte{0x68}, bytes.Repeat([]byte{0x55}, MaxParamSetSize)...)
	ps.Observe(annexB(huge, []byte{0x67, 1}, tP)) // refused: kept the ones before
	if !ps.Ready() || ps.Refused() != 2 {
		t.Fatalf("ready %v, %d refused", ps.Ready(), ps.Refused())
	}
	if s, ok := ps.SPS(); !ok || s.Width != 1920 || s.Height != 1088 {
		t.Fatalf("SPS %dx%d, %v", s.Width, s.Height, ok)
	}
	if got := ps.AppendTo([]byte("x")); !bytes.Equal(got, cat([]byte("x"), annexB(newSPS, tPPS))) {
		t.Fatalf("AppendTo: % x", got)
	}
	tests := []struct {
		name   string
		au     []byte
		want   []byte
		intact bool
	}{
		{"IDR alone", annexB(tIDR), annexB(newSPS, tPPS, tIDR), false},
		{"after the AUD", annexB(tAUD, tSEI, tIDR), cat(annexB(tAUD, newSPS, tPPS), annexB(tSEI, tIDR)), false},
		{"3-byte codes after the AUD", annexB3(tAUD, tIDR), cat(annexB3(tAUD), annexB(newSPS, tPPS), annexB3(tIDR)), false},
		{"carrying its own", annexB(tAUD, tSPS, tPPS, tIDR), nil, true},
		{"not a keyframe", annexB(tP), nil, true},
	}
	for _, tc := range tests {
		got, err := ps.Complete([]byte("y"), tc.au)
		if tc.intact {
			tc.want = tc.au
		}
		if err != nil || !bytes.Equal(got, cat([]byte("y"), tc.want)) {
			t.Errorf("%s: %v\n got % x\nwant % x", tc.name, err, got, tc.want)
		}
		if !tc.intact && !CarriesParamSets(got[1:]) {
			t.Errorf("%s: completed access unit lacks its parameter sets", tc.name)
		}
	}
	again := annexB3(newSPS, tPPS)
	if n := testing.AllocsPerRun(10, func() { ps.Observe(again) }); n > 0 {
		t.Errorf("Observe allocates %v times", n)
	}
}

func TestParamSetsPrepare(t *testing.T) {
	var ps ParamSets
	// An IDR before any SPS and PPS: appended as it is, no keyframe.
	if got, key := ps.Prepare([]byte("y"), annexB(tIDR)); key || !bytes.Equal(got, cat([]byte("y"), annexB(tIDR))) {
		t.Fatalf("IDR without parameter sets: key %v, % x", key, got)
	}
	own := annexB(tSPS, tPPS, tIDR)
	if got, key := ps.Prepare(nil, own); !key || !bytes.Equal(got, own) {
		t.Fatalf("IDR with its own: key %v, % x", key, got)
	}
	if got, key := ps.Prepare(nil, annexB(tP)); key || !bytes.Equal(got, annexB(tP)) {
		t.Fatalf("P slice: key %v, % x", key, got)
	}
	// Observed above: a later bare IDR is completed.
	if got, key := ps.Prepare(nil, annexB(tIDR)); !key || !bytes.Equal(got, annexB(tSPS, tPPS, tIDR)) {
		t.Fatalf("bare IDR: key %v, % x", key, got)
	}
}

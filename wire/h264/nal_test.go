package h264

import (
	"bytes"
	"testing"
)

func TestNALUnits(t *testing.T) {
	tests := []struct {
		name string
		b    []byte
		want [][]byte
	}{
		{"4-byte start codes", annexB(tSPS, tPPS, tIDR), [][]byte{tSPS, tPPS, tIDR}},
		{"3-byte start codes", annexB3(tAUD, tP), [][]byte{tAUD, tP}},
		{"garbage before the first start code", cat([]byte("xy\x00"), annexB3(tAUD)), [][]byte{tAUD}},
		{"trailing zeros belong to no NAL unit", cat(annexB(tAUD), []byte{0, 0, 0}, annexB3(tP), []byte{0, 0}), [][]byte{tAUD, tP}},
		{"zero-length NAL units are left out", []byte{0, 0, 1, 0, 0, 1, 0x09, 0xF0, 0, 0, 0, 1, 0, 0, 1}, [][]byte{tAUD}},
		{"emulation prevention is kept", annexB(tEPB), [][]byte{tEPB}},
		{"no start code", []byte{0, 0, 2, 1}, nil},
		{"empty", nil, nil},
	}
	for _, tc := range tests {
		var got [][]byte
		for nal := range NALUnits(tc.b) {
			got = append(got, nal)
		}
		if len(got) != len(tc.want) {
			t.Errorf("%s: %d NAL units, want %d", tc.name, len(got), len(tc.want))
			continue
		}
		for i := range got {
			if !bytes.Equal(got[i], tc.want[i]) {
				t.Errorf("%s: NAL unit %d is % x, want % x", tc.name, i, got[i], tc.want[i])
			}
		}
		for range NALUnits(tc.b) {
			break // stopping early is allowed
		}
	}
}

func TestAUQueries(t *testing.T) {
	tests := []struct {
		name                   string
		au                     []byte
		key, sps, pps, carries bool
	}{
		{"IDR with parameter sets", annexB(tAUD, tSPS, tPPS, tIDR), true, true, true, true},
		{"IDR alone", annexB(tIDR), true, false, false, false},
		{"P picture", annexB3(tP), false, false, false, false},
		{"SPS only", annexB(tSPS, tIDR), true, true, false, false},
		{"parameter sets after the slice", annexB(tIDR, tSPS, tPPS), true, true, true, false},
		{"nothing", nil, false, false, false, false},
	}
	for _, tc := range tests {
		if IsKeyframe(tc.au) != tc.key || HasSPS(tc.au) != tc.sps || HasPPS(tc.au) != tc.pps || CarriesParamSets(tc.au) != tc.carries {
			t.Errorf("%s: keyframe %v, SPS %v, PPS %v, carries %v", tc.name, IsKeyframe(tc.au), HasSPS(tc.au), HasPPS(tc.au), CarriesParamSets(tc.au))
		}
	}
	if NALType(nil) != -1 || NALType([]byte{0xE5}) != NALIDR {
		t.Error("NALType")
	}
}

func TestFirstMBInSlice(t *testing.T) {
	tests := []struct {
		name string
		nal  []byte
		want uint32
		ok   bool
	}{
		{"IDR first slice", tIDR, 0, true},
		{"second slice", tIDR2, 40, true},
		{"non-IDR", tP2, 150, true},
		{"through emulation prevention", tEPB, 1<<23 - 1, true},
		{"largest", sliceNAL(0x41, 1<<32-2, 0), 1<<32 - 2, true},
		{"overlong", []byte{0x41, 0, 0, 3, 0, 0, 3, 0, 0, 3, 0, 0, 3, 0, 0, 3, 1}, 0, false},
		{"cut", []byte{0x41, 0x00}, 0, false},
		{"header only", []byte{0x65}, 0, false},
		{"not a slice", tSPS, 0, false},
		{"empty", nil, 0, false},
	}
	for _, tc := range tests {
		got, err := FirstMBInSlice(tc.nal)
		if got != tc.want || (err == nil) != tc.ok {
			t.Errorf("%s: %d, %v; want %d, ok %v", tc.name, got, err, tc.want, tc.ok)
		}
	}
}

package wire

import (
	"bytes"
	"encoding/hex"
	"testing"
)

func TestReaderDetectsMJPEG(t *testing.T) {
	tail := seqBytes(10)
	tests := []struct {
		start string // hex, the first 4 bytes
		want  Protocol
	}{
		{"ffd8ffe0", ProtoMJPEG}, // JFIF, as libjpeg writes: seed length 3,774,863,615
		{"ffd8ffdb", ProtoMJPEG}, // image/jpeg's DQT: 3,690,854,655
		{"ffd8ff10", ProtoMJPEG}, // 285,202,687: over MaxFrameLimit, so not seed
		{"ffd8ff0f", ProtoSeed},  // 268,425,471: a legal seed length
		{"ffd8fe00", ProtoSeed},
		{"ffd800e0", ProtoMJPEG}, // a JPEG broken at its third byte: 3,758,151,935
		{"ffd8fe10", ProtoMJPEG}, // 285,137,151
		{"ffd8000f", ProtoSeed},  // 251,713,791: a legal seed length
		{"ffd80100", ProtoSeed},  // 121,087: a JPEG of that length from client.py
		{"56537632", ProtoV2},
	}
	for _, tc := range tests {
		start, _ := hex.DecodeString(tc.start)
		r := NewReader(bytes.NewReader(cat(start, tail)), MaxFrameLimit)
		r.Next(nil)
		if r.Protocol() != tc.want {
			t.Errorf("stream starting %s: %v, want %v", tc.start, r.Protocol(), tc.want)
		}
	}
}

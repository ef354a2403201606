package stats

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestKindOfDropsNumbers(t *testing.T) {
	cases := []struct{ msg, kind string }{
		{"frame 12: jpeg: decoding 320x240 (1234 bytes) at 320x240: libjpeg-turbo: Corrupt JPEG data: premature end of data segment",
			"jpeg: decoding NxN (N bytes) at NxN: libjpeg-turbo: Corrupt JPEG data: premature end of data segment"},
		{"frame 7: codec: seed raw frame: 24 bytes match no raw format at 320x240",
			"codec: seed raw frame: N bytes match no raw format at NxN"},
		{"wire: MJPEG frame 3 cut short", "wire: MJPEG frame N cut short"},
		{"", ""},
	}
	for _, tc := range cases {
		if got := kindOf(tc.msg); got != tc.kind {
			t.Errorf("kindOf(%q) = %q, want %q", tc.msg, got, tc.kind)
		}
	}
}

func TestMeterCountsErrorsByKind(t *testing.T) {
	m := NewMeter(0, time.Now())
	m.DecodeError(errors.New("frame 1: jpeg: 900 bytes cannot hold the 640x480 image"))
	m.DecodeError(errors.New("frame 2: codec: seed raw frame: 24 bytes match no raw format"))
	m.DecodeError(errors.New("frame 5: jpeg: 12 bytes cannot hold the 640x480 image"))
	got := m.ErrorKinds()
	want := []ErrorKind{
		{"jpeg: N bytes cannot hold the NxN image", 2, "frame 1: jpeg: 900 bytes cannot hold the 640x480 image"},
		{"codec: seed raw frame: N bytes match no raw format", 1, "frame 2: codec: seed raw frame: 24 bytes match no raw format"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("ErrorKinds() = %v, want %v", got, want)
	}
	got[0].Count = 99 // the caller's copy
	if m.ErrorKinds()[0].Count != 2 {
		t.Fatal("ErrorKinds returned the meter's own slice")
	}
}

// A sender making every frame fail a new way costs the meter a bounded
// number of kinds; the rest are counted as other errors.
func TestErrorKindsAreBounded(t *testing.T) {
	m := NewMeter(0, time.Now())
	for i := range 1000 {
		m.DecodeError(fmt.Errorf("kind %c%c%c: broken", 'a'+i%26, 'a'+i/26%26, 'a'+i/676))
	}
	kinds := m.ErrorKinds()
	if len(kinds) != maxErrorKinds {
		t.Fatalf("%d kinds, want %d", len(kinds), maxErrorKinds)
	}
	var total int64
	for _, k := range kinds {
		total += k.Count
	}
	last := kinds[len(kinds)-1]
	if total != 1000 || last.Kind != otherKind || last.Count != 1000-(maxErrorKinds-1) {
		t.Fatalf("total %d, last %+v; want 1000 counted, the rest as %q", total, last, otherKind)
	}
}

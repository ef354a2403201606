package h264

import (
	"bytes"
	"io"
	"testing"
	"testing/iotest"

	"github.com/vidstream/vidstream/wire/wiretest"
)

// Fuzz targets. Their seeds are the cases of splitCases and spsCases (and a
// short libx264 stream), plus the corpus files under testdata/fuzz;
// FuzzParseSPS is in sps_test.go.

func FuzzSplitter(f *testing.F) {
	for _, tc := range splitCases {
		f.Add(tc.stream, uint16(tc.max))
	}
	x := wiretest.X264{Width: 64, Height: 48, Frames: 3, Slices: 2, AUD: true}.Encode(f)
	f.Add(x, uint16(0))
	f.Add(x, uint16(300))
	f.Fuzz(func(t *testing.T, data []byte, max uint16) {
		evs, err, skipped := splitAll(t, bytes.NewReader(data), int(max))
		if err != io.EOF {
			t.Fatalf("ended with %v", err)
		}
		// Every byte is in an access unit, a skipped one or Skipped, in order.
		var all []byte
		total := skipped
		for _, ev := range evs {
			all = append(all, ev.data...)
			total += int64(len(ev.data)) + ev.tooLarge
		}
		if total != int64(len(data)) {
			t.Fatalf("%d bytes in access units and skipped, of %d", total, len(data))
		}
		if skipped == 0 && len(evs) > 0 && evs[0].tooLarge == 0 && !bytes.HasPrefix(data, evs[0].data) {
			t.Fatal("the first access unit is not the stream's start")
		}
		if !hasTooLarge(evs) && !bytes.HasSuffix(data, all) {
			t.Fatal("access units joined are not the stream's end")
		}
		// Read a byte at a time, the stream splits the same.
		again, err, againSkipped := splitAll(t, iotest.OneByteReader(bytes.NewReader(data)), int(max))
		if err != io.EOF || againSkipped != skipped || !sameEvents(again, evs) {
			t.Fatalf("one byte at a time: %d events, %v, %d skipped; want %d, %d", len(again), err, againSkipped, len(evs), skipped)
		}
	})
}

func hasTooLarge(evs []splitEvent) bool {
	for _, ev := range evs {
		if ev.tooLarge > 0 {
			return true
		}
	}
	return false
}

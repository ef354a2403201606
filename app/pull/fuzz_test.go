package pull

import (
	"bytes"
	"strings"
	"testing"
	"testing/iotest"
)

// FuzzMultipart feeds the parser any body: it must not panic nor loop, pass
// on no more bytes than came, and give the same bytes and end however the
// body is split into reads.
func FuzzMultipart(f *testing.F) {
	for _, c := range multipartCases() {
		if len(c.in) > 16<<10 {
			continue // the cases over the buffer's size: minimizing inputs grown from them takes minutes
		}
		f.Add([]byte(c.in), c.boundary, c.maxPart)
	}
	f.Fuzz(func(t *testing.T, in []byte, boundary string, maxPart int) {
		if maxPart <= 0 || maxPart > 1<<20 {
			maxPart = 1 << 20
		}
		if len(boundary) > maxBoundary || checkBoundary(boundary) != nil {
			boundary = "" // Open refuses it; learn one instead
		}
		whole, werr := readAll(newMultipartReader(bytes.NewReader(in), boundary, maxPart, "fuzz"), 4096)
		if werr != nil && strings.Contains(werr.Error(), "reads returned nothing") {
			t.Fatalf("no progress: %v", werr)
		}
		if len(whole) > len(in) {
			t.Fatalf("passed on %d bytes of a %d-byte body", len(whole), len(in))
		}
		bytewise, berr := readAll(newMultipartReader(iotest.OneByteReader(bytes.NewReader(in)), boundary, maxPart, "fuzz"), 3)
		if werr != nil && strings.Contains(werr.Error(), "no Content-Length and no boundary") {
			// How much of the part went on before the cap depends on the reads.
			if berr == nil || berr.Error() != werr.Error() || !bytes.HasPrefix(bytewise, whole[:min(len(whole), len(bytewise))]) {
				t.Fatalf("read whole: %d bytes, %v; a byte at a time: %d bytes, %v", len(whole), werr, len(bytewise), berr)
			}
			return
		}
		if !bytes.Equal(whole, bytewise) || (werr == nil) != (berr == nil) || (werr != nil && werr.Error() != berr.Error()) {
			t.Fatalf("read whole: %d bytes, %v; a byte at a time: %d bytes, %v", len(whole), werr, len(bytewise), berr)
		}
	})
}

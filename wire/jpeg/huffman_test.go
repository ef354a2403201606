package jpeg

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"testing"

	"github.com/vidstream/vidstream/wire/wiretest"
)

// withoutHuffmanTables returns the JPEG in b with its DHT segments removed,
// as UVC webcams send MJPEG frames.
func withoutHuffmanTables(t testing.TB, b []byte) []byte {
	t.Helper()
	return onlyTables(t, b, func(byte) bool { return false })
}

// encodeTestJPEG encodes a w x h gradient, in colour or grey, with image/jpeg
// (which codes with the standard tables).
func encodeTestJPEG(t testing.TB, w, h int, grey bool) []byte {
	t.Helper()
	var img image.Image
	if grey {
		g := image.NewGray(image.Rect(0, 0, w, h))
		for i := range g.Pix {
			g.Pix[i] = byte(i * 7)
		}
		img = g
	} else {
		c := image.NewRGBA(image.Rect(0, 0, w, h))
		for y := range h {
			for x := range w {
				c.Set(x, y, color.RGBA{byte(4 * x), byte(5 * y), byte(x * y), 255})
			}
		}
		img = c
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 80}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestWithHuffmanTables(t *testing.T) {
	n := 0
	for k, tb := range stdTables {
		if defined, ok := dhtSlots(tb); !ok || defined != stdSlot[k] {
			t.Fatalf("standard table %02x is malformed or in the wrong slot", tb[0])
		}
		n += len(tb)
	}
	if n+4 != stdDHTLen || n != 4*17+2*12+2*162 {
		t.Fatalf("standard tables of %d bytes", n)
	}
	for _, grey := range []bool{false, true} {
		full := encodeTestJPEG(t, 64, 48, grey)
		want, err := jpeg.Decode(bytes.NewReader(full))
		if err != nil {
			t.Fatal(err)
		}
		bare := withoutHuffmanTables(t, full)
		if len(bare) >= len(full) {
			t.Fatal("the test JPEG had no tables to remove")
		}
		if _, err := jpeg.Decode(bytes.NewReader(bare)); err == nil {
			t.Fatal("image/jpeg decoded a JPEG without Huffman tables: the test proves nothing")
		}
		dst := make([]byte, 0, 64<<10)
		fixed, added := WithHuffmanTables(dst, bare)
		wantLen := stdDHTLen // the scan uses every table; a grey one the luminance tables only
		if grey {
			wantLen = 4 + 2*17 + 12 + 162
		}
		if !added || len(fixed) != len(bare)+wantLen || &fixed[0] != &dst[:1][0] {
			t.Fatalf("grey %v: added %v, %d bytes from %d, in dst %v", grey, added, len(fixed), len(bare), &fixed[0] == &dst[:1][0])
		}
		got, err := jpeg.Decode(bytes.NewReader(fixed))
		if err != nil {
			t.Fatalf("grey %v: decoding with the tables put in: %v", grey, err)
		}
		if !samePixels(got, want) {
			t.Fatalf("grey %v: pixels differ from the original JPEG's", grey)
		}
		if allocs := testing.AllocsPerRun(20, func() { WithHuffmanTables(dst, bare) }); allocs != 0 {
			t.Errorf("%v allocations with room in dst", allocs)
		}
		// A JPEG with tables, and things that are no JPEG, come back as they are.
		for _, b := range [][]byte{full, full[:1], nil, {0xFF, 0xD8, 0xFF}, bare[:20], append([]byte{0}, bare...)} {
			if out, added := WithHuffmanTables(dst, b); added || len(out) != len(b) || (len(b) > 0 && &out[0] != &b[0]) {
				t.Errorf("WithHuffmanTables changed %d bytes % x...", len(b), b[:min(len(b), 4)])
			}
		}
	}
}

// stdDHTLen is the length of a DHT segment holding all four standard tables.
const stdDHTLen = 4 + 4*17 + 2*12 + 2*162

// onlyTables returns the JPEG in b with its DHT segments keeping only the
// tables keep says to.
func onlyTables(t testing.TB, b []byte, keep func(tcth byte) bool) []byte {
	t.Helper()
	out := append([]byte(nil), b[:2]...)
	for i := 2; ; {
		seg, next, ok := nextSegment(b, i)
		if !ok {
			t.Fatal("no scan in the test JPEG")
		}
		if seg.marker == MarkerSOS {
			return append(out, b[seg.at:]...)
		}
		if seg.marker != markerDHT {
			out = append(out, b[seg.at:next]...)
			i = next
			continue
		}
		var tables []byte
		for body := b[seg.body+2 : next]; len(body) > 0; {
			n := 17
			for _, c := range body[1:17] {
				n += int(c)
			}
			if keep(body[0]) {
				tables = append(tables, body[:n]...)
			}
			body = body[n:]
		}
		if len(tables) > 0 {
			out = append(out, 0xFF, markerDHT, byte((len(tables)+2)>>8), byte(len(tables)+2))
			out = append(out, tables...)
		}
		i = next
	}
}

// TestWithHuffmanTablesSome: a JPEG defining some of the tables before its
// scan gets the others.
func TestWithHuffmanTablesSome(t *testing.T) {
	full := encodeTestJPEG(t, 64, 48, false)
	want, err := jpeg.Decode(bytes.NewReader(full))
	if err != nil {
		t.Fatal(err)
	}
	dcOnly := onlyTables(t, full, func(tcth byte) bool { return tcth>>4 == 0 })
	if _, err := jpeg.Decode(bytes.NewReader(dcOnly)); err == nil {
		t.Fatal("image/jpeg decoded a JPEG without AC tables: the test proves nothing")
	}
	fixed, added := WithHuffmanTables(nil, dcOnly)
	if !added || len(fixed) != len(dcOnly)+4+2*(17+162) {
		t.Fatalf("added %v, %d bytes from %d: want the two AC tables only", added, len(fixed), len(dcOnly))
	}
	if got, err := jpeg.Decode(bytes.NewReader(fixed)); err != nil || !samePixels(got, want) {
		t.Fatalf("decoding with the AC tables put in: %v", err)
	}
	// A malformed DHT (a count past its end) is left for the decoder to refuse.
	bad := bytes.Clone(full)
	at := bytes.Index(bad, []byte{0xFF, markerDHT})
	bad[at+4+16] = 0xFF // luminance DC: 255 codes of length 16
	if out, added := WithHuffmanTables(nil, bad); added || &out[0] != &bad[0] {
		t.Fatal("changed a JPEG with a malformed DHT")
	}
}

// samePixels compares two decoded images pixel by pixel.
func samePixels(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				return false
			}
		}
	}
	return true
}

// TestWithHuffmanTablesProgressive: a progressive JPEG defining its AC tables
// between its scans is left alone; one without any DHT gets the standard
// tables its scans read, before the first.
func TestWithHuffmanTablesProgressive(t *testing.T) {
	prog := wiretest.ProgressiveJPEG()
	if out, added := WithHuffmanTables(nil, prog); added || &out[0] != &prog[0] {
		t.Error("changed a progressive JPEG with its tables")
	}
	bare := wiretest.DropSegments(t, prog, markerDHT)
	out, added := WithHuffmanTables(nil, bare)
	first := bytes.Index(bare, []byte{0xFF, MarkerSOS})
	if !added || len(out) != len(bare)+stdDHTLen || !bytes.Equal(out[:first], bare[:first]) ||
		!bytes.Equal(out[first:first+2], []byte{0xFF, markerDHT}) || !bytes.Equal(out[first+stdDHTLen:], bare[first:]) {
		t.Errorf("a progressive JPEG without DHT: added %v, %d bytes from %d", added, len(out), len(bare))
	}
}

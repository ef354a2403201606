package wire

import (
	"bytes"
	"encoding/hex"
	"errors"
	"image"
	"io"
	"testing"
)

// Fuzz targets. Their seeds are the raw table (rawCases), the golden streams
// and the JPEGs under testdata, plus the corpus files under testdata/fuzz.

// smallRawCases returns the table cases small enough to seed a fuzzer with.
func smallRawCases() []int {
	var idx []int
	for i, tc := range rawCases {
		if tc.size <= 8<<10 {
			idx = append(idx, i)
		}
	}
	return idx
}

func FuzzReader(f *testing.F) {
	golden, _ := hex.DecodeString(goldenV2)
	f.Add(golden, uint16(0))
	f.Add(golden[:len(golden)-7], uint16(0))
	f.Add(seedStream(true, []byte("abc"), []byte{0xff, 0xd8, 0xff}), uint16(0))
	f.Add(seedStream(true, seqBytes(100)), uint16(50))
	f.Add(v2Stream(msg(9, seqBytes(600)), frameMsg(1, 2, []byte("x")), msg(msgEnd, nil)), uint16(1000))
	for _, s := range mjpegSeeds(f) {
		f.Add(s, uint16(0))
	}
	f.Add(mjpegSeeds(f)[0], uint16(500))
	f.Fuzz(func(t *testing.T, data []byte, max uint16) {
		r := NewReader(bytes.NewReader(data), int(max))
		var frames []Frame
		var err error
		for {
			var fr Frame
			fr, err = r.Next(nil)
			if err != nil {
				break
			}
			if len(fr.Payload) == 0 || len(fr.Payload) > r.Max() {
				t.Fatalf("payload of %d bytes (cap %d)", len(fr.Payload), r.Max())
			}
			if c := cap(fr.Payload); c > 2*len(data)+minGrow {
				t.Fatalf("buffer of %d bytes for a %d-byte stream", c, len(data))
			}
			fr.Payload = bytes.Clone(fr.Payload)
			frames = append(frames, fr)
		}
		if r.BytesRead() > int64(len(data)) {
			t.Fatalf("BytesRead %d > %d", r.BytesRead(), len(data))
		}
		if err != io.EOF {
			return
		}
		// A stream read to its end marker is written back the same.
		if r.Protocol() == ProtoMJPEG && len(frames) == 0 {
			return // nothing to write back: all garbage
		}
		var buf bytes.Buffer
		w := NewSeedWriter(&buf)
		switch r.Protocol() {
		case ProtoV2:
			w = NewV2Writer(&buf, *r.Hello())
		case ProtoMJPEG:
			w = NewMJPEGWriter(&buf)
		}
		for _, fr := range frames {
			if err := w.WriteFrame(fr.Payload, fr.Seq, fr.CaptureTime); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		if r.Protocol() == ProtoSeed && !bytes.Equal(buf.Bytes(), data[:r.BytesRead()]) {
			t.Fatalf("seed stream rewritten differs:\n%x\n%x", buf.Bytes(), data[:r.BytesRead()])
		}
		again := NewReader(&buf, int(max))
		for i, want := range frames {
			fr, err := again.Next(nil)
			if err != nil || !bytes.Equal(fr.Payload, want.Payload) || fr.Seq != want.Seq || fr.CaptureTime != want.CaptureTime {
				t.Fatalf("rewritten frame %d differs: %v", i, err)
			}
		}
		if _, err := again.Next(nil); err != io.EOF {
			t.Fatalf("rewritten stream ends with %v", err)
		}
	})
}

func FuzzDecodeJPEG(f *testing.F) {
	good := readTestdata(f, "quadrants.jpg")
	f.Add(good)
	f.Add(readTestdata(f, "grey.jpg"))
	f.Add(good[:len(good)/2])
	f.Add(hugeJPEGHeader)
	const maxPixels = 1 << 16
	f.Fuzz(func(t *testing.T, b []byte) {
		img, err := DecodeJPEG(b, maxPixels)
		if err != nil {
			var tl *ImageTooLargeError
			if errors.As(err, &tl) && int64(tl.Width)*int64(tl.Height) <= maxPixels {
				t.Fatalf("refused %dx%d as too large", tl.Width, tl.Height)
			}
			return
		}
		r := img.Bounds()
		if r.Empty() || r.Dx()*r.Dy() > maxPixels {
			t.Fatalf("decoded bounds %v", r)
		}
		if got := ToRGBA(nil, img); got.Rect.Size() != r.Size() {
			t.Fatalf("ToRGBA rect %v for %v", got.Rect, r)
		}
	})
}

func FuzzDecodeRaw(f *testing.F) {
	for _, i := range smallRawCases() {
		l := rawCases[i].l
		f.Add(encode(nil, quadrants(l.Width, l.Height), l), uint32(l.Format), l.Width, l.Height, l.Stride, l.Rows)
	}
	f.Add([]byte{1, 2, 3}, uint32(FormatI420), 2, 2, 2, 2)
	f.Fuzz(func(t *testing.T, b []byte, format uint32, w, h, stride, rows int) {
		l := Layout{Format(format), w, h, stride, rows}
		want := image.Rect(0, 0, w, h)
		if g, err := DecodeGray(b, l); err == nil && (g.Rect != want || len(b) < l.Size()) {
			t.Fatalf("DecodeGray rect %v for %v", g.Rect, l)
		}
		if yc, err := DecodeI420(b, l); err == nil {
			if yc.Rect != want {
				t.Fatalf("DecodeI420 rect %v for %v", yc.Rect, l)
			}
			ToRGBA(nil, yc) // reads every sample: must stay in bounds
		}
		if p, err := DecodePacked(nil, b, l); err == nil && p.Rect != want {
			t.Fatalf("DecodePacked rect %v for %v", p.Rect, l)
		}
		// Any valid small layout round-trips the quadrant image.
		if l.Validate() != nil || l.Format == FormatJPEG || l.Size() > 1<<18 {
			return
		}
		src := quadrants(w, h)
		enc := encode(nil, src, l)
		if len(enc) != l.Size() {
			t.Fatalf("encoded %d bytes for %v", len(enc), l)
		}
		switch l.Format {
		case FormatGray, FormatI420:
			g, err := DecodeGray(enc, l)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range []image.Point{{0, 0}, {w - 1, h - 1}} {
				if got, exp := g.GrayAt(p.X, p.Y).Y, qLuma[quadrant(p.X, p.Y, w, h)]; got != exp {
					t.Fatalf("%v: grey %v = %#x, want %#x", l, p, got, exp)
				}
			}
		default:
			p, err := DecodePacked(nil, enc, l)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(p.Pix, src.Pix) {
				t.Fatalf("%v: packed round trip differs", l)
			}
		}
	})
}

func FuzzDecoder(f *testing.F) {
	for _, i := range smallRawCases() {
		l := rawCases[i].l
		p := encode(nil, quadrants(l.Width, l.Height), l)
		f.Add(p, uint32(l.Format), l.Width, l.Height, l.Stride, l.Rows, true, true)
		f.Add(p, uint32(0), l.Width, l.Height, 0, 0, false, false)
	}
	f.Add(readTestdata(f, "quadrants.jpg"), uint32(FormatJPEG), 0, 0, 0, 0, false, true)
	f.Add(readTestdata(f, "grey.jpg"), uint32(FormatJPEG), 32, 16, 0, 0, true, false)
	f.Add(make([]byte, 1234), uint32(0), 320, 240, 0, 0, false, false)
	f.Fuzz(func(t *testing.T, payload []byte, format uint32, w, h, stride, rows int, useHello, color bool) {
		d := Decoder{Size: image.Pt(w, h), Color: color, MaxPixels: 1 << 16}
		var hello *Hello
		if useHello {
			hello = &Hello{Version: 2, Layout: Layout{Format(format), w, h, stride, rows}}
		}
		rgba, l, err := d.RGBA(nil, payload, hello)
		if err != nil {
			return
		}
		if rgba.Rect != image.Rect(0, 0, l.Width, l.Height) || rgba.Stride != 4*l.Width {
			t.Fatalf("rect %v stride %d for %v", rgba.Rect, rgba.Stride, l)
		}
		if int64(l.Width)*int64(l.Height) > int64(d.MaxPixels) {
			t.Fatalf("%v decoded over MaxPixels", l)
		}
		if l.Format != FormatJPEG && len(payload) != l.Size() {
			t.Fatalf("%d-byte payload decoded as %v (%d bytes)", len(payload), l, l.Size())
		}
		// The result does not alias the payload.
		before := bytes.Clone(rgba.Pix)
		for i := range payload {
			payload[i] ^= 0xFF
		}
		if !bytes.Equal(before, rgba.Pix) {
			t.Fatal("RGBA result aliases the payload")
		}
	})
}

// mjpegSeeds returns small MJPEG streams: the testdata JPEGs back to back,
// with garbage, a thumbnail in APP1, restart markers, and cut short.
func mjpegSeeds(t testing.TB) [][]byte {
	q, g := readTestdata(t, "quadrants.jpg"), readTestdata(t, "grey.jpg")
	rst, _ := restartJPEG(t, []*image.RGBA{noiseTile(0), noiseTile(1)})
	return [][]byte{
		cat(g, q),
		cat(q, []byte("\xff\xd8junk\xff"), g, []byte("\xff")),
		cat(withAPP1(g, g), rst),
		cat(g, q[:len(q)/2], g, q[:len(q)-1]),
	}
}

func FuzzMJPEGReader(f *testing.F) {
	for _, s := range mjpegSeeds(f) {
		f.Add(s, uint16(0))
	}
	f.Add(mjpegSeeds(f)[1], uint16(400))
	f.Fuzz(func(t *testing.T, data []byte, max uint16) {
		m := NewMJPEGReader(bytes.NewReader(data), int(max))
		var frames [][]byte
		var total int64
		var err error
		for range len(data) + 1 { // every Next consumes at least a byte
			var fr []byte
			fr, err = m.Next(nil)
			var tl *FrameTooLargeError
			if errors.As(err, &tl) {
				if tl.Length <= int64(m.Max()) || tl.Max != m.Max() {
					t.Fatalf("FrameTooLargeError %v with cap %d", tl, m.Max())
				}
				continue
			}
			if err != nil {
				break
			}
			if len(fr) > m.Max() || !IsJPEG(fr) || !bytes.HasSuffix(fr, []byte{0xFF, 0xD9}) {
				t.Fatalf("frame of %d bytes (cap %d): % x", len(fr), m.Max(), fr[:min(len(fr), 8)])
			}
			total += int64(len(fr))
			frames = append(frames, bytes.Clone(fr))
		}
		if cap(m.own) > m.Max() {
			t.Fatalf("buffer of %d bytes, cap %d", cap(m.own), m.Max())
		}
		switch {
		case err == io.EOF:
			if total+m.Skipped() != int64(len(data)) {
				t.Fatalf("frames %d + skipped %d != %d bytes", total, m.Skipped(), len(data))
			}
		case errors.Is(err, io.ErrUnexpectedEOF):
			if total+m.Skipped() >= int64(len(data)) {
				t.Fatalf("cut frame has no bytes: frames %d + skipped %d, %d bytes", total, m.Skipped(), len(data))
			}
		default:
			t.Fatalf("ended with %v", err)
		}
		if m.consumed != int64(len(data)) {
			t.Fatalf("consumed %d of %d bytes", m.consumed, len(data))
		}
		if (m.Skipped() == 0) != (m.SkippedRuns() == 0) || int64(m.SkippedRuns()) > m.Skipped() {
			t.Fatalf("%d bytes skipped in %d runs", m.Skipped(), m.SkippedRuns())
		}
		// The frames alone split into themselves, with nothing skipped.
		again, m2, err := splitAll(bytes.NewReader(bytes.Join(frames, nil)), int(max))
		if err != io.EOF || len(again) != len(frames) || m2.Skipped() != 0 {
			t.Fatalf("re-split: %d of %d frames, %d skipped, %v", len(again), len(frames), m2.Skipped(), err)
		}
		for i := range frames {
			if !bytes.Equal(again[i], frames[i]) {
				t.Fatalf("re-split frame %d differs", i)
			}
		}
	})
}

func FuzzWithHuffmanTables(f *testing.F) {
	good := readTestdata(f, "quadrants.jpg")
	f.Add(good)
	f.Add(withoutHuffmanTables(f, good))
	f.Add(hugeJPEGHeader)
	f.Fuzz(func(t *testing.T, b []byte) {
		out, added := WithHuffmanTables(nil, b)
		if !added {
			if !bytes.Equal(out, b) {
				t.Fatal("changed a JPEG it did not add tables to")
			}
			return
		}
		// out is b with one DHT segment inserted before a marker (FF ..).
		i := 0
		for i < len(b) && out[i] == b[i] {
			i++
		}
		if i > 0 && out[i-1] == 0xFF && b[i-1] == 0xFF && out[i] == markerDHT {
			i-- // the inserted FF matched the scan's
		}
		d := len(out) - len(b)
		if i < 2 || i+4 > len(out) || d < 4+17 || out[i] != 0xFF || out[i+1] != markerDHT ||
			int(out[i+2])<<8|int(out[i+3]) != d-2 || !bytes.Equal(out[i+d:], b[i:]) {
			t.Fatalf("%d bytes became %d: not the input with a DHT segment inserted", len(b), len(out))
		}
	})
}

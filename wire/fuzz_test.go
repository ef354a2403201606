package wire

import (
	"bytes"
	"encoding/hex"
	"errors"
	"image"
	"io"
	"testing"
	"time"

	"github.com/vidstream/vidstream/wire/jpeg"
	"github.com/vidstream/vidstream/wire/wiretest"
)

// Fuzz targets. Their seeds are the golden streams and the JPEGs of package
// wiretest, plus the corpus files under testdata/fuzz.

func FuzzReader(f *testing.F) {
	golden, _ := hex.DecodeString(goldenV2)
	f.Add(golden, uint16(0))
	f.Add(golden[:len(golden)-7], uint16(0))
	timed, _ := hex.DecodeString(goldenTimed)
	f.Add(timed, uint16(0))
	f.Add(timed[:90], uint16(0))
	flagged, _ := hex.DecodeString(goldenFlagged)
	f.Add(flagged, uint16(0))
	f.Add(flagged[:60], uint16(0))
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
		lost := int64(0)
		for range len(data) + 2 { // a frame or a lost one consumes at least a byte
			var fr Frame
			fr, err = r.Next(nil)
			if err != nil && Skippable(r, err) {
				lost++ // a lost MJPEG frame: the stream goes on
				continue
			}
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
		if r.Protocol() == ProtoMJPEG && lost != r.mjpeg.Lost() {
			t.Fatalf("%d lost frames reported, %d counted", lost, r.mjpeg.Lost())
		}
		if err != io.EOF {
			return
		}
		if r.Protocol() == ProtoMJPEG && (int64(r.mjpeg.SkippedRuns()) > lost || lost > r.Skipped()) {
			t.Fatalf("%d lost frames for %d bytes skipped in %d runs", lost, r.Skipped(), r.mjpeg.SkippedRuns())
		}
		// A stream read to its end marker is written back the same.
		if r.Protocol() == ProtoMJPEG && len(frames) == 0 {
			return // nothing to write back: all garbage
		}
		var buf bytes.Buffer
		w := newSeedWriter(&buf)
		switch r.Protocol() {
		case ProtoV2:
			w = newV2Writer(&buf, *r.Hello())
		case ProtoMJPEG:
			w = newMJPEGWriter(&buf)
		}
		for _, fr := range frames {
			w.StampSends(nil)
			if fr.SentTime != 0 {
				w.StampSends(func() time.Time { return time.Unix(0, fr.SentTime) })
			}
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
			if err != nil || !bytes.Equal(fr.Payload, want.Payload) || fr.Seq != want.Seq || fr.CaptureTime != want.CaptureTime ||
				fr.SentTime != want.SentTime {
				t.Fatalf("rewritten frame %d differs: %v", i, err)
			}
		}
		if _, err := again.Next(nil); err != io.EOF {
			t.Fatalf("rewritten stream ends with %v", err)
		}
	})
}

// mjpegSeeds returns small MJPEG streams: the testdata JPEGs back to back,
// with garbage, a thumbnail in APP1, restart markers, and cut short; cut
// inside a segment (in a DQT, an APP1 with a thumbnail, right after a
// marker code, on the next frame's marker) before the next JPEG; a first
// JPEG broken at its third byte; a quantisation table holding an SOI.
func mjpegSeeds(t testing.TB) [][]byte {
	q, g := wiretest.QuadrantsJPEG(), wiretest.GreyJPEG()
	rst, _ := restartJPEG(t, []*image.RGBA{noiseTile(0), noiseTile(1)})
	thumbed := withAPP1(g, g)
	offs := segments(t, q)
	soiTable := bytes.Clone(q)
	copy(soiTable[offs[1]+10:], soiStart)
	return [][]byte{
		cat(g, q),
		cat(q, []byte("\xff\xd8junk\xff"), g, []byte("\xff")),
		cat(thumbed, rst),
		cat(g, q[:len(q)/2], g, q[:len(q)-1]),
		cat(g, q[:offs[1]+30], g, q[:offs[2]+2], q, thumbed[:40], g),
		cat(q[:offs[2]-2], q, q[:offs[3]-2], g),
		cat(withByte(g, 2, 0), q, []byte("tail")),
		cat(soiTable, g),
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
			if len(fr) > m.Max() || !jpeg.IsJPEG(fr) || !bytes.HasSuffix(fr, []byte{0xFF, 0xD9}) {
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
		if err == io.EOF && int64(m.SkippedRuns()) > m.Lost() || m.Lost() > m.Skipped() {
			t.Fatalf("%d frames lost for %d bytes skipped in %d runs", m.Lost(), m.Skipped(), m.SkippedRuns())
		}
		// Reporting each loss, as a Reader does, the splitter returns the
		// same frames, with an error for every frame lost.
		rm := NewMJPEGReader(bytes.NewReader(data), int(max))
		rm.report = true
		k, reported := 0, int64(0)
		for range 2*len(data) + 2 {
			fr, err := rm.Next(nil)
			var lost *FrameLostError
			var tl *FrameTooLargeError
			if errors.As(err, &lost) || errors.As(err, &tl) {
				reported++
				continue
			}
			if err != nil {
				break
			}
			if k >= len(frames) || !bytes.Equal(fr, frames[k]) {
				t.Fatalf("reporting splitter: frame %d differs", k)
			}
			k++
		}
		if k != len(frames) || reported != rm.Lost() || rm.Lost() != m.Lost() || rm.Skipped() != m.Skipped() {
			t.Fatalf("reporting splitter: %d of %d frames, %d losses reported, %d and %d counted", k, len(frames), reported, rm.Lost(), m.Lost())
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

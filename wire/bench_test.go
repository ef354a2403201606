package wire

import (
	"io"
	"testing"

	"github.com/vidstream/vidstream/wire/pixel"
)

// loopReader replays data forever.
type loopReader struct {
	data []byte
	pos  int
}

func (l *loopReader) Read(p []byte) (int, error) {
	n := copy(p, l.data[l.pos:])
	l.pos = (l.pos + n) % len(l.data)
	return n, nil
}

func BenchmarkReaderNext(b *testing.B) {
	const frame = 67621 // the post's average 320x240 JPEG
	p := seqBytes(frame)
	r := NewReader(&loopReader{data: seedStream(false, p, p, p, p)}, 0)
	b.SetBytes(frame)
	b.ReportAllocs()
	var buf []byte
	for b.Loop() {
		f, err := r.Next(buf)
		if err != nil {
			b.Fatal(err)
		}
		buf = f.Payload
	}
}

func BenchmarkWriterWriteFrame(b *testing.B) {
	p := seqBytes(67621)
	w := newV2Writer(io.Discard, Hello{Layout: pixel.Layout{Format: pixel.FormatJPEG}})
	b.SetBytes(int64(len(p)))
	b.ReportAllocs()
	for b.Loop() {
		if err := w.WriteFrame(p, 1, 2); err != nil {
			b.Fatal(err)
		}
	}
}

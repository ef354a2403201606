package wire

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"testing"
)

// benchImage is a w x h picture with gradients and deterministic noise, so
// JPEG sizes are closer to a camera's than flat colour would give.
func benchImage(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	seed := uint32(1)
	for y := range h {
		for x := range w {
			seed = seed*1664525 + 1013904223
			n := uint8(seed >> 28)
			img.SetRGBA(x, y, color.RGBA{uint8(x*255/w) + n, uint8(y*255/h) + n, uint8((x+y)*127/(w+h)) + n, 255})
		}
	}
	return img
}

var benchSizes = []image.Point{{320, 240}, {1920, 1080}}

func BenchmarkDecoderRGBA(b *testing.B) {
	for _, size := range benchSizes {
		w, h := size.X, size.Y
		src := benchImage(w, h)
		var jb bytes.Buffer
		if err := jpeg.Encode(&jb, src, &jpeg.Options{Quality: 85}); err != nil {
			b.Fatal(err)
		}
		i420 := PicameraLayout(FormatI420, w, h)
		rgb := PicameraLayout(FormatRGB24, w, h)
		cases := []struct {
			name    string
			d       Decoder
			payload []byte
			hello   *Hello
		}{
			{"jpeg", Decoder{}, jb.Bytes(), &Hello{Layout: Layout{Format: FormatJPEG}}},
			{"yuv-grey", Decoder{}, EncodeI420(nil, src, i420), &Hello{Layout: i420}},
			{"yuv-colour", Decoder{Color: true}, EncodeI420(nil, src, i420), &Hello{Layout: i420}},
			{"rgb", Decoder{}, EncodePacked(nil, src, rgb), &Hello{Layout: rgb}},
		}
		for _, c := range cases {
			b.Run(fmt.Sprintf("%s/%dx%d", c.name, w, h), func(b *testing.B) {
				dst, _, err := c.d.RGBA(nil, c.payload, c.hello)
				if err != nil {
					b.Fatal(err)
				}
				b.SetBytes(int64(len(c.payload)))
				b.ReportAllocs()
				for b.Loop() {
					if _, _, err := c.d.RGBA(dst, c.payload, c.hello); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

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
	w := NewV2Writer(io.Discard, Hello{Layout: Layout{Format: FormatJPEG}})
	b.SetBytes(int64(len(p)))
	b.ReportAllocs()
	for b.Loop() {
		if err := w.WriteFrame(p, 1, 2); err != nil {
			b.Fatal(err)
		}
	}
}

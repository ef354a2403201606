package codec

import (
	"fmt"
	"image"
	"testing"

	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/pixel"
	"github.com/vidstream/vidstream/wire/wiretest"
)

// BenchmarkDecode decodes each format through its stream's decoder into a
// reused RGBA, as a decode goroutine does.
func BenchmarkDecode(b *testing.B) {
	for _, size := range []image.Point{{320, 240}, {1920, 1080}} {
		w, h := size.X, size.Y
		src := wiretest.NoiseImage(w, h)
		i420 := pixel.PicameraLayout(pixel.FormatI420, w, h)
		rgb := pixel.PicameraLayout(pixel.FormatRGB24, w, h)
		cases := []struct {
			name    string
			o       Options
			payload []byte
			hello   *wire.Hello
		}{
			{"jpeg", Options{}, wiretest.JPEG(b, src, 85), jpegHello},
			{"yuv-grey", Options{}, pixel.Encode(nil, src, i420), &wire.Hello{Layout: i420}},
			{"yuv-colour", Options{Color: true}, pixel.Encode(nil, src, i420), &wire.Hello{Layout: i420}},
			{"rgb", Options{}, pixel.Encode(nil, src, rgb), &wire.Hello{Layout: rgb}},
		}
		for _, c := range cases {
			b.Run(fmt.Sprintf("%s/%dx%d", c.name, w, h), func(b *testing.B) {
				d := newDecoder(b, c.o, c.hello)
				dst, _, err := d.Decode(nil, c.payload, image.Point{})
				if err != nil {
					b.Fatal(err)
				}
				b.SetBytes(int64(len(c.payload)))
				b.ReportAllocs()
				for b.Loop() {
					if _, _, err := d.Decode(dst, c.payload, image.Point{}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

//go:build turbojpeg && cgo

package jpeg

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"strings"
	"testing"

	"github.com/vidstream/vidstream/wire/wiretest"
)

func TestBackendTurbo(t *testing.T) {
	if Backend != "libjpeg-turbo" {
		t.Fatalf("Backend = %q with the turbojpeg tag", Backend)
	}
	if len(scaleDenoms) != 4 || scaleDenoms[0] != 8 || scaleDenoms[3] != 1 {
		t.Errorf("scaling factors 1/%v, want 1/8, 1/4, 1/2, 1", scaleDenoms)
	}
}

func TestFitDenom(t *testing.T) {
	tests := []struct {
		w, h int
		fit  image.Point
		want image.Point
	}{
		{1920, 1080, image.Point{}, image.Pt(1920, 1080)},
		{1920, 1080, image.Pt(480, 270), image.Pt(480, 270)},
		{1920, 1080, image.Pt(500, 300), image.Pt(960, 540)},
		{1920, 1080, image.Pt(481, 10), image.Pt(960, 540)},
		{1920, 1080, image.Pt(240, 135), image.Pt(240, 135)},
		{1920, 1080, image.Pt(1, 1), image.Pt(240, 135)},
		{1920, 1080, image.Pt(961, 540), image.Pt(1920, 1080)},
		{1920, 1080, image.Pt(4000, 4000), image.Pt(1920, 1080)},
		{1920, 1080, image.Pt(0, 100), image.Pt(1920, 1080)},
		{1920, 1080, image.Pt(100, -1), image.Pt(1920, 1080)},
		{321, 241, image.Pt(80, 60), image.Pt(81, 61)}, // rounds up, as TJSCALED
		{321, 241, image.Pt(81, 61), image.Pt(81, 61)},
		{321, 241, image.Pt(82, 61), image.Pt(161, 121)},
		{1, 1, image.Pt(1, 1), image.Pt(1, 1)},
	}
	for _, tc := range tests {
		if got := scaledSize(tc.w, tc.h, fitDenom(tc.w, tc.h, tc.fit)); got != tc.want {
			t.Errorf("%dx%d fit %v: %v, want %v", tc.w, tc.h, tc.fit, got, tc.want)
		}
	}
}

// smoothJPEG encodes a w x h picture of smooth gradients and four soft
// blobs at quality 95.
func smoothJPEG(t *testing.T, w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			blob := uint8(0)
			if dx, dy := (x%(w/2))-w/4, (y%(h/2))-h/4; dx*dx+dy*dy < (h/8)*(h/8) {
				blob = 60
			}
			img.SetRGBA(x, y, color.RGBA{uint8(x * 200 / w), uint8(y * 200 / h), 40 + blob, 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestTurboJPEGScaledSizes(t *testing.T) {
	b := smoothJPEG(t, 1920, 1080)
	d := newDecoder(t)
	for _, tc := range []struct{ fit, want image.Point }{
		{image.Pt(480, 270), image.Pt(480, 270)},
		{image.Pt(500, 300), image.Pt(960, 540)},
		{image.Point{}, image.Pt(1920, 1080)},
		{image.Pt(200, 100), image.Pt(240, 135)},
		{image.Pt(1920, 1080), image.Pt(1920, 1080)},
	} {
		rgba, full, err := d.Decode(nil, b, Limits{}, tc.fit)
		if err != nil || full != image.Pt(1920, 1080) {
			t.Fatalf("fit %v: %v %v", tc.fit, full, err)
		}
		if rgba.Rect != (image.Rectangle{Max: tc.want}) || rgba.Stride != 4*tc.want.X || len(rgba.Pix) != 4*tc.want.X*tc.want.Y {
			t.Errorf("fit %v: rect %v stride %d, want %v", tc.fit, rgba.Rect, rgba.Stride, tc.want)
		}
	}
}

// boxDown averages src over denom x denom blocks (the last ones partial),
// the size libjpeg-turbo decodes at 1/denom.
func boxDown(src *image.RGBA, denom int) *image.RGBA {
	s := scaledSize(src.Rect.Dx(), src.Rect.Dy(), denom)
	dst := image.NewRGBA(image.Rectangle{Max: s})
	for y := range s.Y {
		for x := range s.X {
			var sum [3]int
			n := 0
			for yy := y * denom; yy < min((y+1)*denom, src.Rect.Dy()); yy++ {
				for xx := x * denom; xx < min((x+1)*denom, src.Rect.Dx()); xx++ {
					c := src.RGBAAt(xx, yy)
					sum[0], sum[1], sum[2] = sum[0]+int(c.R), sum[1]+int(c.G), sum[2]+int(c.B)
					n++
				}
			}
			dst.SetRGBA(x, y, color.RGBA{uint8(sum[0] / n), uint8(sum[1] / n), uint8(sum[2] / n), 255})
		}
	}
	return dst
}

func TestTurboJPEGScaledPixels(t *testing.T) {
	const w, h = 642, 482 // not a multiple of 8: partial blocks at the edges
	b := smoothJPEG(t, w, h)
	d := newDecoder(t)
	full, _, err := d.Decode(nil, b, Limits{}, image.Point{})
	if err != nil {
		t.Fatal(err)
	}
	for _, denom := range []int{2, 4, 8} {
		s := scaledSize(w, h, denom)
		got, _, err := d.Decode(nil, b, Limits{}, s)
		if err != nil || got.Rect.Size() != s {
			t.Fatalf("1/%d: %v %v", denom, got.Rect, err)
		}
		want := boxDown(full, denom)
		var sum, worst int
		for i, v := range got.Pix {
			d := max(int(v)-int(want.Pix[i]), int(want.Pix[i])-int(v))
			sum += d
			worst = max(worst, d)
		}
		if mean := float64(sum) / float64(len(got.Pix)); mean > 1.5 || worst > 40 {
			t.Errorf("1/%d: mean difference %.2f, worst %d from the full decode box-filtered", denom, mean, worst)
		}
		for i := 3; i < len(got.Pix); i += 4 {
			if got.Pix[i] != 0xFF {
				t.Fatalf("1/%d: alpha %d at byte %d", denom, got.Pix[i], i)
			}
		}
	}
}

func TestTurboJPEGNoAllocs(t *testing.T) {
	b := wiretest.CameraJPEG(t, 320, 240)
	// A frame without Huffman tables is completed in the Decoder's buffer,
	// reused; a progressive one is walked scan by scan.
	bare := wiretest.DropSegments(t, b, markerDHT)
	d := newDecoder(t)
	for _, in := range []struct {
		name string
		b    []byte
	}{{"camera", b}, {"without DHT", bare}, {"progressive", wiretest.ProgressiveJPEG()}} {
		for _, fit := range []image.Point{{}, {80, 60}} {
			dst, _, err := d.Decode(nil, in.b, Limits{}, fit)
			if err != nil {
				t.Fatal(err)
			}
			allocs := testing.AllocsPerRun(20, func() {
				if got, _, err := d.Decode(dst, in.b, Limits{}, fit); err != nil || got != dst {
					t.Fatalf("dst not reused: %v", err)
				}
			})
			if allocs != 0 {
				t.Errorf("%s, fit %v: %v allocations per frame, want 0", in.name, fit, allocs)
			}
		}
	}
}

func TestTurboJPEGStaysInDst(t *testing.T) {
	// dst's Pix runs past the image: libjpeg-turbo must not write there,
	// whatever the data.
	good := wiretest.QuadrantsJPEG()
	inputs := [][]byte{good}
	d := newDecoder(t)
	for _, b := range badJPEGs() {
		inputs = append(inputs, b)
	}
	for _, fit := range []image.Point{{}, {16, 12}, {8, 6}} {
		s := scaledSize(64, 48, fitDenom(64, 48, fit))
		pix := bytes.Repeat([]byte{0xA5}, 4*s.X*s.Y+256)
		dst := &image.RGBA{Pix: pix, Stride: 4 * s.X, Rect: image.Rectangle{Max: s}}
		for _, b := range inputs {
			got, _, err := d.Decode(dst, b, Limits{}, fit)
			if err == nil && got != dst {
				t.Fatalf("fit %v: dst not reused", fit)
			}
			if tail := pix[4*s.X*s.Y:]; bytes.Count(tail, []byte{0xA5}) != len(tail) {
				t.Fatalf("fit %v: libjpeg-turbo wrote past the image (%d-byte input)", fit, len(b))
			}
		}
	}
}

func TestTurboJPEGErrors(t *testing.T) {
	good := wiretest.QuadrantsJPEG()
	tests := []struct {
		name string
		b    []byte
		want string
	}{
		{"truncated", good[:len(good)-40], "libjpeg-turbo: Premature end of JPEG file"},
		{"no EOI", good[:len(good)-2], "libjpeg-turbo: Premature end of JPEG file"},
		{"no SOF", []byte{0xFF, 0xD8, 0xFF, 0xD9}, "no frame header"},
		{"unsupported SOF3", []byte{0xFF, 0xD8, 0xFF, 0xC3, 0, 11, 8, 0, 8, 0, 8, 1, 1, 0x11, 0, 0xFF, 0xD9}, "libjpeg-turbo: Unsupported JPEG process"},
	}
	d := newDecoder(t)
	for _, tc := range tests {
		_, _, err := d.Decode(nil, tc.b, Limits{}, image.Point{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

func TestDecoderClose(t *testing.T) {
	j, err := NewDecoder()
	if err != nil {
		t.Fatal(err)
	}
	b := wiretest.QuadrantsJPEG()
	if _, _, err := j.Decode(nil, b, Limits{}, image.Point{}); err != nil {
		t.Fatal(err)
	}
	j.Close()
	j.Close() // a second Close does nothing
	if _, _, err := j.Decode(nil, b, Limits{}, image.Point{}); err == nil || !strings.Contains(err.Error(), "after Close") {
		t.Errorf("decode after Close: %v", err)
	}
}

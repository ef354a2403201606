package pixel_test

import (
	"image"
	"image/color"
	"testing"

	. "github.com/vidstream/vidstream/wire/pixel"
	"github.com/vidstream/vidstream/wire/wiretest"
)

func TestToRGBAReuse(t *testing.T) {
	src := wiretest.Quadrants(10, 6)
	fit := image.NewRGBA(image.Rect(0, 0, 10, 6))
	if got := ToRGBA(fit, src); got != fit {
		t.Error("a fitting dst was not reused")
	}
	for name, dst := range map[string]*image.RGBA{
		"nil":         nil,
		"wrong size":  image.NewRGBA(image.Rect(0, 0, 10, 7)),
		"offset":      image.NewRGBA(image.Rect(1, 1, 11, 7)),
		"wide stride": image.NewRGBA(image.Rect(0, 0, 12, 6)).SubImage(image.Rect(0, 0, 10, 6)).(*image.RGBA),
	} {
		got := ToRGBA(dst, src)
		if got == dst || got.Rect != image.Rect(0, 0, 10, 6) || got.Stride != 40 {
			t.Errorf("%s: reused or wrong shape: %v stride %d", name, got.Rect, got.Stride)
		}
		if got.RGBAAt(9, 5) != wiretest.Yellow() || got.RGBAAt(0, 0) != wiretest.Red() {
			t.Errorf("%s: pixels %v %v", name, got.RGBAAt(0, 0), got.RGBAAt(9, 5))
		}
	}
}

func TestToRGBASources(t *testing.T) {
	gray := image.NewGray(image.Rect(0, 0, 4, 2))
	gray.SetGray(3, 1, color.Gray{200})
	sub := wiretest.Quadrants(8, 8).SubImage(image.Rect(4, 4, 8, 8)) // yellow, Min (4,4)
	yc := image.NewYCbCr(image.Rect(0, 0, 4, 2), image.YCbCrSubsampleRatio420)
	for i := range yc.Y {
		yc.Y[i] = 0x4c
	}
	for i := range yc.Cb {
		yc.Cb[i], yc.Cr[i] = 0x55, 0xff
	}
	tests := []struct {
		name string
		src  image.Image
		at   image.Point
		want color.RGBA
	}{
		{"gray", gray, image.Pt(3, 1), color.RGBA{200, 200, 200, 255}},
		{"subimage", sub, image.Pt(0, 0), wiretest.Yellow()},
		{"ycbcr", yc, image.Pt(1, 1), color.RGBA{254, 0, 0, 255}},
	}
	for _, tc := range tests {
		got := ToRGBA(nil, tc.src)
		if got.Rect.Min != (image.Point{}) || got.Rect.Size() != tc.src.Bounds().Size() {
			t.Errorf("%s: rect %v", tc.name, got.Rect)
		}
		if c := got.RGBAAt(tc.at.X, tc.at.Y); c != tc.want {
			t.Errorf("%s: %v at %v, want %v", tc.name, c, tc.at, tc.want)
		}
	}
}

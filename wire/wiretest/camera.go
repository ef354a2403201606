package wiretest

import (
	"image"
	"image/color"
	"testing"
)

// cameraImage returns a new w x h picture of gradients with independent
// noise of +-amp on each channel of each pixel (deterministic), standing in
// for a camera's sensor noise.
func cameraImage(w, h, amp int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	seed := uint32(1)
	noisy := func(v int) uint8 {
		seed = seed*1664525 + 1013904223
		return uint8(min(255, max(0, v+int(seed>>24)%(2*amp+1)-amp)))
	}
	for y := range h {
		for x := range w {
			img.SetRGBA(x, y, color.RGBA{noisy(x * 255 / w), noisy(y * 255 / h), noisy((x + y) * 127 / (w + h)), 255})
		}
	}
	return img
}

// CameraJPEG encodes a camera-like w x h frame at quality 95 with image/jpeg
// (4:2:0). The noise is set so that a 320x240 frame is near the post's 67 KB
// and a 1920x1080 one near 400 KB.
func CameraJPEG(tb testing.TB, w, h int) []byte {
	tb.Helper()
	amp := 4
	if w*h <= 640*480 {
		amp = 64
	}
	return JPEG(tb, cameraImage(w, h, amp), 95)
}

// NoiseImage returns a new w x h picture of gradients with deterministic
// noise on all channels together, so JPEG sizes are closer to a camera's
// than flat colour would give.
func NoiseImage(w, h int) *image.RGBA {
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

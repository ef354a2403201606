package pixel

import "fmt"

// DefaultMaxPixels is the largest image, in pixels (16.7 MP), decoded when no
// other cap is given; larger declared images are refused before decoding.
const DefaultMaxPixels = 1 << 24

// ImageTooLargeError is returned when an image declares more than Max pixels.
// Nothing has been allocated for its pixels.
type ImageTooLargeError struct{ Width, Height, Max int }

// Error says the declared size and the cap.
func (e *ImageTooLargeError) Error() string {
	return fmt.Sprintf("pixel: image of %dx%d pixels is over the cap of %d pixels", e.Width, e.Height, e.Max)
}

// CheckPixels returns an *ImageTooLargeError when a w x h image has more
// than max pixels (max <= 0 means DefaultMaxPixels), else nil.
func CheckPixels(w, h, max int) error {
	if max <= 0 {
		max = DefaultMaxPixels
	}
	if int64(w)*int64(h) > int64(max) {
		return &ImageTooLargeError{Width: w, Height: h, Max: max}
	}
	return nil
}

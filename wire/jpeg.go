package wire

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
)

// DefaultMaxPixels is the largest image, in pixels (16.7 MP), decoded when no
// other cap is given; larger declared images are refused before decoding.
const DefaultMaxPixels = 1 << 24

// ImageTooLargeError is returned when an image declares more than Max pixels.
// Nothing has been allocated for its pixels.
type ImageTooLargeError struct{ Width, Height, Max int }

// Error says the declared size and the cap.
func (e *ImageTooLargeError) Error() string {
	return fmt.Sprintf("wire: image of %dx%d pixels is over the cap of %d pixels", e.Width, e.Height, e.Max)
}

// IsJPEG reports whether b starts with a JPEG start-of-image marker followed
// by another marker (FF D8 FF).
func IsJPEG(b []byte) bool {
	return len(b) >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF
}

// DecodeJPEG decodes the JPEG in b with image/jpeg after reading its declared
// size and refusing, with *ImageTooLargeError, one of more than maxPixels
// pixels (maxPixels <= 0 means DefaultMaxPixels). The image (usually an
// *image.YCbCr, or *image.Gray for greyscale JPEGs) is newly allocated and
// does not alias b.
func DecodeJPEG(b []byte, maxPixels int) (image.Image, error) {
	if maxPixels <= 0 {
		maxPixels = DefaultMaxPixels
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("wire: reading jpeg header (%d bytes): %w", len(b), err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, fmt.Errorf("wire: jpeg declares an empty %dx%d image", cfg.Width, cfg.Height)
	}
	if int64(cfg.Width)*int64(cfg.Height) > int64(maxPixels) {
		return nil, &ImageTooLargeError{Width: cfg.Width, Height: cfg.Height, Max: maxPixels}
	}
	img, err := jpeg.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("wire: decoding %dx%d jpeg (%d bytes): %w", cfg.Width, cfg.Height, len(b), err)
	}
	return img, nil
}

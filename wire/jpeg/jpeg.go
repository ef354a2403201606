package jpeg

import (
	"bytes"
	"fmt"
	"image"
	stdjpeg "image/jpeg"

	"github.com/vidstream/vidstream/wire/pixel"
)

// JPEG marker codes (the byte after 0xFF) that the stream splitter in package
// wire and the header walks here act on.
const (
	MarkerSOI = 0xD8 // start of image
	MarkerEOI = 0xD9 // end of image
	MarkerSOS = 0xDA // start of scan: entropy-coded data follows its header
	markerDHT = 0xC4 // define Huffman tables
)

// IsJPEG reports whether b starts with a JPEG start-of-image marker followed
// by another marker (FF D8 FF).
func IsJPEG(b []byte) bool {
	return len(b) >= 3 && b[0] == 0xFF && b[1] == MarkerSOI && b[2] == 0xFF
}

// decodeStd decodes the JPEG in b with image/jpeg after reading its declared
// size and refusing, with *pixel.ImageTooLargeError, one of more than
// maxPixels pixels (maxPixels <= 0 means pixel.DefaultMaxPixels). The image
// (usually an *image.YCbCr, or *image.Gray for greyscale JPEGs) is newly
// allocated and does not alias b.
func decodeStd(b []byte, maxPixels int) (image.Image, error) {
	cfg, err := stdjpeg.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("jpeg: reading the header (%d bytes): %w", len(b), err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, fmt.Errorf("jpeg: the header declares an empty %dx%d image", cfg.Width, cfg.Height)
	}
	if err := pixel.CheckPixels(cfg.Width, cfg.Height, maxPixels); err != nil {
		return nil, err
	}
	img, err := stdjpeg.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("jpeg: decoding %dx%d (%d bytes): %w", cfg.Width, cfg.Height, len(b), err)
	}
	return img, nil
}

package settings

import (
	"fmt"
	"image"
	"strconv"
	"strings"
)

const (
	// minSide and maxSide bound the width and height of a raw frame, in pixels.
	minSide, maxSide = 16, 8192
	maxSizeText      = 32 // bytes of "WIDTHxHEIGHT" text accepted
)

// ParseSize parses a frame size written "WIDTHxHEIGHT" ("320x240"; an upper
// case X and spaces around the text are accepted), each side in
// minSide..maxSide.
func ParseSize(s string) (image.Point, error) {
	if len(s) > maxSizeText {
		return image.Point{}, fmt.Errorf("%q… is too long for a size such as 320x240", s[:maxSizeText])
	}
	t := strings.TrimSpace(s)
	i := strings.IndexAny(t, "xX")
	if i < 0 {
		return image.Point{}, fmt.Errorf("%q is not a size such as 320x240", s)
	}
	w, werr := parseSide(t[:i])
	h, herr := parseSide(t[i+1:])
	if werr != nil || herr != nil {
		return image.Point{}, fmt.Errorf("%q is not a size such as 320x240", s)
	}
	p := image.Point{X: w, Y: h}
	if err := checkSize(p); err != nil {
		return image.Point{}, err
	}
	return p, nil
}

// FormatSize writes p as ParseSize reads it, e.g. "320x240".
func FormatSize(p image.Point) string {
	return strconv.Itoa(p.X) + "x" + strconv.Itoa(p.Y)
}

// parseSide parses plain decimal digits, without sign or spaces.
func parseSide(s string) (int, error) {
	if s == "" || strings.TrimLeft(s, "0123456789") != "" {
		return 0, fmt.Errorf("%q is not a number of pixels", s)
	}
	return strconv.Atoi(s) // at most maxSizeText digits: may only overflow, which is reported
}

func checkSize(p image.Point) error {
	if p.X < minSide || p.X > maxSide || p.Y < minSide || p.Y > maxSide {
		return fmt.Errorf("size %s is out of range: each side must be %d..%d pixels", FormatSize(p), minSide, maxSide)
	}
	return nil
}

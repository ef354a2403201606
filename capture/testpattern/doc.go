// Package testpattern draws a moving test card: eight full-saturation colour
// bars that scroll horizontally, and a box holding a frame counter and a
// clock, drawn with the basicfont 7x13 face. It stands in for a camera when
// none is attached, so that every stage of the pipeline can be exercised and
// measured (the counter and clock make dropped frames and latency visible on
// screen).
//
// The package is pure Go and writes image.RGBA pixels directly.
package testpattern

package testpattern

import (
	"image"
	"time"
)

// The timecode: a strip across the bottom of the frame that carries the
// frame's capture time in a form a program reads back from a screen grab,
// after JPEG, scaling and the screen (the latency probe, app/probe). The
// strip is TimecodeCells cells of equal width across the whole frame,
// each black or white:
//
//	white, black, 32 bits (white is 1, most significant first), black, white
//
// The 32 bits are the capture time in milliseconds since the Unix epoch,
// modulo 2^24 (4.66 hours: a reader takes the nearest time before its own
// clock), in the top 24 bits, and a check byte in the low 8: the sum of
// the three time bytes, XOR 0x5A. The white cells at both ends mark where
// the picture starts and ends on a row, whatever black surrounds it; the
// black ones after and before them, and the check byte, make a row that
// only looks like a strip (bars, text) fail to read.

// TimecodeCells is the number of cells across the strip.
const TimecodeCells = 36

// timecodeBits is the number of data cells.
const timecodeBits = 32

// TimecodeMask is the range of the time a strip carries: milliseconds
// modulo TimecodeMask+1.
const TimecodeMask = 1<<24 - 1

// timecodeRows is the strip's height for a frame h rows high: a tenth of
// the frame, at least 8 rows (all of a tiny frame).
func timecodeRows(h int) int { return min(h, max(8, h/10)) }

// TimecodeRect returns where the strip is drawn in a w x h frame.
func TimecodeRect(w, h int) image.Rectangle {
	return image.Rect(0, h-timecodeRows(h), w, h)
}

// timecodeWord is the 32 bits a strip carries for capture time t.
func timecodeWord(t time.Time) uint32 {
	ms := uint32(t.UnixMilli()) & TimecodeMask
	return ms<<8 | uint32(check(ms))
}

// check is the check byte of a 24-bit time.
func check(ms uint32) byte { return byte(ms>>16+ms>>8+ms) ^ 0x5A }

// timecodeCell reports whether cell i of the strip for word is white.
func timecodeCell(word uint32, i int) bool {
	switch {
	case i == 0 || i == TimecodeCells-1:
		return true
	case i == 1 || i == TimecodeCells-2:
		return false
	}
	return word>>(timecodeBits-1-(i-2))&1 == 1
}

// drawTimecode draws the strip for capture time t into dst (p's size, its
// pixels starting at offset start).
func (p *Pattern) drawTimecode(dst *image.RGBA, start int, t time.Time) {
	word := timecodeWord(t)
	r := TimecodeRect(p.w, p.h)
	for i := range TimecodeCells {
		c := black
		if timecodeCell(word, i) {
			c = white
		}
		cell := image.Rect(i*p.w/TimecodeCells, r.Min.Y, (i+1)*p.w/TimecodeCells, r.Max.Y)
		fillRect(dst, start, cell, c)
	}
}

// ReadTimecode reads a strip from one row of luma values (0..255) that
// crosses it, the picture anywhere on the row with black around it, and
// returns the time it carries, in milliseconds modulo TimecodeMask+1
// (see FullTime). ok is false when the row holds no strip that reads
// whole: guard cells and check byte right, cells at least 3 pixels wide.
func ReadTimecode(row []uint8) (ms uint32, ok bool) {
	lo, hi := uint8(255), uint8(0)
	for _, v := range row {
		lo, hi = min(lo, v), max(hi, v)
	}
	if hi-lo < 96 {
		return 0, false // no contrast: not a strip
	}
	mid := lo + (hi-lo)/2
	x0, x1 := -1, -1
	for x, v := range row {
		if v > mid {
			if x0 < 0 {
				x0 = x
			}
			x1 = x + 1
		}
	}
	width := x1 - x0
	if x0 < 0 || width < 3*TimecodeCells {
		return 0, false
	}
	var word uint32
	for i := range TimecodeCells {
		// The middle half of the cell, by majority: edges blur in JPEG
		// and scaling.
		a := x0 + (4*i+1)*width/(4*TimecodeCells)
		b := max(a+1, x0+(4*i+3)*width/(4*TimecodeCells))
		white := 0
		for _, v := range row[a:b] {
			if v > mid {
				white++
			}
		}
		bit := 2*white > b-a
		switch {
		case i == 0 || i == TimecodeCells-1:
			if !bit {
				return 0, false
			}
		case i == 1 || i == TimecodeCells-2:
			if bit {
				return 0, false
			}
		default:
			word <<= 1
			if bit {
				word |= 1
			}
		}
	}
	ms = word >> 8
	if byte(word) != check(ms) {
		return 0, false
	}
	return ms, true
}

// FullTime returns the time a strip's ms (modulo TimecodeMask+1) stands
// for: the latest such time at or before now, as a frame on the screen was
// captured before it is seen.
func FullTime(ms uint32, now time.Time) time.Time {
	n := now.UnixMilli()
	back := (n - int64(ms)) & TimecodeMask
	return time.UnixMilli(n - back)
}

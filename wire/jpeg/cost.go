package jpeg

import (
	"fmt"

	"github.com/vidstream/vidstream/wire/pixel"
)

// Limits bound what decoding one JPEG may cost.
type Limits struct {
	// MaxPixels caps the JPEG's full declared size; 0 means
	// pixel.DefaultMaxPixels.
	MaxPixels int
	// Budget is the memory decoding may hold at once, shared with other
	// decoders: before it allocates, Decode reserves what the frame will
	// need (see need) and waits its turn, and refuses a frame that needs
	// more than the whole budget. nil limits nothing.
	Budget *pixel.Budget
}

// What decoding holds, by decoder, for a JPEG of w x h pixels whose
// components cover B 8x8 blocks in all (each component padded to whole MCUs,
// as the decoders allocate it), decoded to an RGBA of W x H:
//
//   - image/jpeg: the component planes, 64 bytes a block; for a progressive
//     JPEG its coefficients, 256 bytes a block ([64]int32); for CMYK (and
//     for the subsamplings image/jpeg converts on its own) a second w x h x 4
//     image; and the RGBA, W x H x 4 (at full size).
//   - libjpeg-turbo: the RGBA, W x H x 4 (scaled); for a progressive JPEG or
//     one coded in several scans, the whole image's coefficients, 128 bytes
//     a block (JBLOCK, 64 JCOEFs); else a few MCU rows of samples.
//
// These are upper bounds from the libraries' sources (image/jpeg's
// reader.go and scan.go; libjpeg-turbo's jdcoefct.c, jdmainct.c), within
// a few KB of overhead per decode.
const (
	stdPlaneBytes    = 64  // a block of samples
	stdCoeffBytes    = 256 // a progressive block: [64]int32
	turboCoeffBytes  = 128 // JBLOCK: [64]int16
	turboRowsPerComp = 3   // MCU rows of samples held per component: main, context above and below
)

// geometry is what decoding a JPEG will cost depends on: its frame header
// and the components of its first scan, as planTables read them.
type geometry struct {
	frameInfo
	scanComps int // components in the first scan; 0 when no scan was found
}

// valid reports whether g was read from a frame header whose sampling
// factors are all 1..4: else the decoders refuse the JPEG before they
// allocate (as they do one with no frame header, or a malformed one, which
// leave g zero).
func (g geometry) valid() bool {
	if g.comps == 0 {
		return false
	}
	for c := range g.comps {
		if h, v := g.samp[c][0], g.samp[c][1]; h < 1 || h > 4 || v < 1 || v > 4 {
			return false
		}
	}
	return true
}

// maxSampling returns the largest horizontal and vertical sampling factors:
// an MCU is 8 times them in pixels.
func (g geometry) maxSampling() (hmax, vmax int) {
	hmax, vmax = 1, 1
	for c := range g.comps {
		hmax, vmax = max(hmax, g.samp[c][0]), max(vmax, g.samp[c][1])
	}
	return hmax, vmax
}

// blocks returns the 8x8 blocks of all components, each padded to whole
// MCUs, and those of the first component unpadded.
func (g geometry) blocks() (all, first int64) {
	hmax, vmax := g.maxSampling()
	mcuX, mcuY := int64(ceilDiv(g.w, 8*hmax)), int64(ceilDiv(g.h, 8*vmax))
	for c := range g.comps {
		all += mcuX * int64(g.samp[c][0]) * mcuY * int64(g.samp[c][1])
	}
	first = int64(ceilDiv(ceilDiv(g.w*g.samp[0][0], hmax), 8)) * int64(ceilDiv(ceilDiv(g.h*g.samp[0][1], vmax), 8))
	return all, first
}

// multiScan reports whether libjpeg buffers the whole image's coefficients:
// a progressive or lossless JPEG, or one whose first scan does not code
// every component.
func (g geometry) multiScan() bool {
	m := g.marker
	return isProgressive(m) || m&0x03 == 0x03 || g.scanComps < g.comps
}

// checkLength refuses a Huffman-coded JPEG of n bytes too short to hold the
// image it declares: each 8x8 block of its first component takes at least a
// bit (its DC code), so a whole one has at least a byte for each 8 blocks.
// A JPEG cut short (or one declaring a huge image in a few bytes) is refused
// before the decoder allocates and works for the whole image. Arithmetic
// and lossless coding may take less and are not checked.
func (g geometry) checkLength(n int) error {
	if !g.valid() || isArithmetic(g.marker) || g.marker&0x03 == 0x03 {
		return nil
	}
	_, first := g.blocks()
	if least := first / 8; int64(n) < least {
		return fmt.Errorf("jpeg: %d bytes cannot hold the %dx%d image the header declares (a whole one takes at least %d): cut short?",
			n, g.w, g.h, least)
	}
	return nil
}

// needStd returns the bytes image/jpeg holds decoding g (see the table
// above).
func (g geometry) needStd() int64 {
	all, _ := g.blocks()
	px := int64(g.w) * int64(g.h)
	n := stdPlaneBytes*all + 4*px + 4*px // planes, a converted image, the RGBA
	if isProgressive(g.marker) {
		n += stdCoeffBytes * all
	}
	return n
}

// needTurbo returns the bytes libjpeg-turbo holds decoding g to out (see
// the table above).
func (g geometry) needTurbo(out int64) int64 {
	all, _ := g.blocks()
	if g.multiScan() {
		return out + turboCoeffBytes*all
	}
	hmax, _ := g.maxSampling()
	mcuX := int64(ceilDiv(g.w, 8*hmax))
	var rows int64
	for c := range g.comps {
		rows += mcuX * int64(g.samp[c][0]*8) * int64(g.samp[c][1]*8) * turboRowsPerComp
	}
	return out + rows
}

// reserve checks the JPEG of n bytes whose geometry is g against lim and
// reserves need bytes of lim.Budget; the caller releases them when the
// decode is done. Frames too short for their image and frames over the
// budget are errors, and nothing is reserved for them.
func reserve(lim Limits, g geometry, n int, need int64) error {
	if err := g.checkLength(n); err != nil {
		return err
	}
	if err := lim.Budget.Reserve(need); err != nil {
		return fmt.Errorf("jpeg: %dx%d image: %w", g.w, g.h, err)
	}
	return nil
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

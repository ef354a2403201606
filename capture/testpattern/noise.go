package testpattern

import "image"

// saturate maps v+255 to v clamped to 0..255, for v in -255..510.
var saturate = func() (t [766]uint8) {
	for i := range t {
		t[i] = uint8(clamp(i-255, 0, 255))
	}
	return t
}()

// addNoise adds deterministic noise of amplitude p.Noise to the R, G and B
// channels of every pixel; frame n always gets the same noise. It is branch
// free in the inner loop: one xorshift64 step gives the deltas of two pixels,
// and table look-ups do the scaling and the clamping.
func (p *Pattern) addNoise(dst *image.RGBA, start int, n uint64) {
	amp := clamp(p.Noise, 0, MaxNoise)
	if amp == 0 {
		return
	}
	if amp != p.noiseAmp {
		// Map a random byte to 255 + a delta in [-amp, amp].
		for i := range p.noiseTab {
			p.noiseTab[i] = int16(255 + i*(2*amp+1)>>8 - amp)
		}
		p.noiseAmp = amp
	}
	tab := &p.noiseTab
	sat := &saturate
	x := seed(n)
	var r uint64
	w4 := 4 * p.w
	for y := 0; y < p.h; y++ {
		off := start + y*dst.Stride
		px := dst.Pix[off : off+w4 : off+w4]
		for i := 0; i < len(px); i += 4 {
			if i&4 == 0 {
				x ^= x << 13
				x ^= x >> 7
				x ^= x << 17
				r = x
			} else {
				r >>= 24 // the next three bytes
			}
			px[i] = sat[int(px[i])+int(tab[uint8(r)])]
			px[i+1] = sat[int(px[i+1])+int(tab[uint8(r>>8)])]
			px[i+2] = sat[int(px[i+2])+int(tab[uint8(r>>16)])]
		}
	}
}

// seed derives a non-zero xorshift state from the frame number (splitmix64).
func seed(n uint64) uint64 {
	z := n + 0x9e3779b97f4a7c15
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	z ^= z >> 31
	if z == 0 {
		z = 1
	}
	return z
}

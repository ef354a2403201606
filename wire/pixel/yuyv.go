package pixel

// YUYV (YUV 4:2:2 packed, what USB webcams give) to I420 (what picam sends).

import "encoding/binary"

// YUYVToI420 converts a w x h YUYV (YUV 4:2:2, bytes Y0 U Y1 V) frame
// whose rows start srcStride bytes apart into I420 in I420Layout(w, h): a Y
// stride of w and Y rows of h, each rounded up to even (the padding column or
// row repeats the last one); each chroma sample is the rounded mean of the two
// rows'. It writes into dst[:0], grown when its capacity is short, and
// returns it: the result aliases dst when it fit and is owned by the
// caller; src is only read. It returns nil when w or h is outside
// 1..MaxDimension, srcStride is below 2*w rounded up to 4, or src is
// shorter than srcStride*(h-1) plus one row.
func YUYVToI420(dst, src []byte, w, h, srcStride int) []byte {
	if w < 1 || h < 1 || w > MaxDimension || h > MaxDimension {
		return nil
	}
	cw := (w + 1) / 2 // macropixels a row, and the chroma width
	row := 4 * cw
	if srcStride < row || srcStride > 4*MaxDimension || len(src) < srcStride*(h-1)+row {
		return nil
	}
	l := I420Layout(w, h)
	ys, rows := l.Stride, l.Rows
	n := l.Size()
	if cap(dst) < n {
		dst = make([]byte, n)
	}
	out := dst[:n]
	yp, up, vp := out[:ys*rows], out[ys*rows:ys*rows+cw*rows/2], out[ys*rows+cw*rows/2:]
	for cy := 0; cy < rows/2; cy++ {
		y0 := 2 * cy
		y1 := min(y0+1, h-1)
		r0 := src[y0*srcStride : y0*srcStride+row]
		r1 := src[y1*srcStride : y1*srcStride+row]
		o0 := yp[y0*ys : y0*ys+2*cw]
		o1 := yp[(y0+1)*ys : (y0+1)*ys+2*cw]
		u := up[cy*cw : cy*cw+cw]
		v := vp[cy*cw : cy*cw+cw]
		yuyvRowPair(o0, o1, u, v, r0, r1)
	}
	return out
}

// yuyvRowPair converts two YUYV rows r0 and r1 of len(u) macropixels into
// the Y rows o0 and o1 and one row of u and v, each the rounded mean of the
// two rows' samples. It does two macropixels at a time in a uint64 (the
// mean per byte is (a|b) - ((a^b)>>1), masked so no bit crosses a byte).
func yuyvRowPair(o0, o1, u, v, r0, r1 []byte) {
	const low7 = 0x7F7F7F7F7F7F7F7F
	cw := len(u)
	_, _, _, _ = o0[2*cw-1], o1[2*cw-1], v[cw-1], r0[4*cw-1]
	_ = r1[4*cw-1]
	i := 0
	for ; i+2 <= cw; i += 2 {
		a := binary.LittleEndian.Uint64(r0[4*i:])
		b := binary.LittleEndian.Uint64(r1[4*i:])
		binary.LittleEndian.PutUint32(o0[2*i:], uint32(a&0xFF|a>>8&0xFF00|a>>16&0xFF0000|a>>24&0xFF000000))
		binary.LittleEndian.PutUint32(o1[2*i:], uint32(b&0xFF|b>>8&0xFF00|b>>16&0xFF0000|b>>24&0xFF000000))
		m := (a | b) - ((a^b)>>1)&low7
		u[i], v[i], u[i+1], v[i+1] = byte(m>>8), byte(m>>24), byte(m>>40), byte(m>>56)
	}
	for ; i < cw; i++ {
		a, b := r0[4*i:4*i+4:4*i+4], r1[4*i:4*i+4:4*i+4]
		o0[2*i], o0[2*i+1] = a[0], a[2]
		o1[2*i], o1[2*i+1] = b[0], b[2]
		u[i] = uint8((uint(a[1]) + uint(b[1]) + 1) >> 1)
		v[i] = uint8((uint(a[3]) + uint(b[3]) + 1) >> 1)
	}
}

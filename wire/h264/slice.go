package h264

import "fmt"

// FirstMBInSlice returns first_mb_in_slice, the first ue(v) of the slice
// header of nal, a slice NAL unit (type 1 or 5, without its start code): 0
// for a picture's first slice. It reads only as far as that value.
func FirstMBInSlice(nal []byte) (uint32, error) {
	if !isSlice(NALType(nal)) {
		return 0, fmt.Errorf("h264: slice: NAL type %d is not a slice", NALType(nal))
	}
	r := newBitReader(nal[1:])
	v, err := r.ue()
	if err != nil {
		return 0, fmt.Errorf("h264: slice: first_mb_in_slice: %w", err)
	}
	return v, nil
}

package h264

import (
	"errors"
	"fmt"
)

// MaxSPSDimensionMBs bounds pic_width_in_mbs_minus1 and
// pic_height_in_map_units_minus1 + 1: 65,536 macroblocks, over a million
// pixels, 62 times the widest picture any level allows (1,055 macroblocks
// at level 6.2, H.264 A.3.1). It is no pixel cap (a caller compares Width
// and Height with its own) but keeps Width, Height and their product exact
// in int arithmetic, also with a 32-bit int; ParseSPS refuses an SPS beyond
// it.
const MaxSPSDimensionMBs = 1 << 16

// SPS is what a sequence parameter set (H.264 7.3.2.1.1) says about the
// pictures that refer to it, up to vui_parameters_present_flag.
type SPS struct {
	ID              uint32 // seq_parameter_set_id, 0 to 31
	ProfileIDC      uint8  // 66 baseline, 77 main, 100 high, ...
	Constraints     uint8  // constraint_set0..5 flags and reserved_zero_2bits, as coded
	LevelIDC        uint8  // 10 times the level: 42 for 4.2 (9 for 1b)
	ChromaFormatIDC uint32 // 0 monochrome, 1 4:2:0, 2 4:2:2, 3 4:4:4 (1 when absent)
	// SeparateColourPlane: 4:4:4 coded as three monochrome planes.
	SeparateColourPlane bool
	// BitDepth and BitDepthChroma: bits per luma and chroma sample, 8 to 14.
	BitDepth, BitDepthChroma int
	TransformBypass          bool // qpprime_y_zero_transform_bypass_flag
	ScalingMatrix            bool // seq_scaling_matrix_present_flag
	Log2MaxFrameNum          int  // 4 to 16
	PicOrderCntType          int  // 0, 1 or 2
	Log2MaxPicOrderCntLSB    int  // 4 to 16, for PicOrderCntType 0
	// DeltaPicOrderAlwaysZero, OffsetForNonRefPic,
	// OffsetForTopToBottomField and RefFramesInPicOrderCntCycle (0 to 255)
	// are for PicOrderCntType 1 (the offsets for each reference frame are
	// read and not kept).
	DeltaPicOrderAlwaysZero     bool
	OffsetForNonRefPic          int32
	OffsetForTopToBottomField   int32
	RefFramesInPicOrderCntCycle int
	MaxNumRefFrames             int  // max_num_ref_frames, 0 to 16
	GapsInFrameNumAllowed       bool // gaps_in_frame_num_value_allowed_flag
	// WidthMBs and HeightMapUnits: pic_width_in_mbs_minus1 + 1 and
	// pic_height_in_map_units_minus1 + 1, each 1 to MaxSPSDimensionMBs.
	WidthMBs, HeightMapUnits int
	FrameMBsOnly             bool // frame_mbs_only_flag: no field coding
	MBAdaptiveFrameField     bool // mb_adaptive_frame_field_flag (MBAFF)
	Direct8x8Inference       bool // direct_8x8_inference_flag
	// CropLeft, CropRight, CropTop, CropBottom: frame_crop_*_offset as
	// coded, in units of CropUnitX (left, right) and CropUnitY (top,
	// bottom); 0 without frame cropping.
	CropLeft, CropRight, CropTop, CropBottom uint32
	VUI                                      bool // vui_parameters_present_flag (the VUI is not read)
	// Width and Height: the picture size after frame cropping, the size a
	// decoder outputs and ffprobe reports.
	Width, Height int
}

// highProfile reports whether an SPS of profile_idc p codes chroma format,
// bit depths and scaling matrices (H.264 7.3.2.1.1).
func highProfile(p uint8) bool {
	switch p {
	case 100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135:
		return true
	}
	return false
}

// ChromaArrayType is ChromaFormatIDC, or 0 when the colour planes are coded
// separately (H.264 7.4.2.1.1).
func (s *SPS) ChromaArrayType() uint32 {
	if s.SeparateColourPlane {
		return 0
	}
	return s.ChromaFormatIDC
}

// CropUnitX and CropUnitY return the units of the horizontal and vertical
// crop offsets in luma samples (H.264 equations 7-19 to 7-22).
func (s *SPS) CropUnitX() int {
	if s.ChromaArrayType() == 1 || s.ChromaArrayType() == 2 {
		return 2 // SubWidthC
	}
	return 1
}

// CropUnitY: see CropUnitX.
func (s *SPS) CropUnitY() int {
	u := 2
	if s.FrameMBsOnly {
		u = 1
	}
	if s.ChromaArrayType() == 1 {
		u *= 2 // SubHeightC
	}
	return u
}

// FrameHeightMBs is the height of a frame in macroblocks: HeightMapUnits, or
// twice that for field coding.
func (s *SPS) FrameHeightMBs() int {
	if s.FrameMBsOnly {
		return s.HeightMapUnits
	}
	return 2 * s.HeightMapUnits
}

// Pixels returns Width times Height, exactly.
func (s *SPS) Pixels() int64 { return int64(s.Width) * int64(s.Height) }

// ParseSPS parses the SPS NAL unit nal (without its start code, header byte
// first). It checks each value it reads against the range H.264 7.4.2.1.1
// gives it, and refuses a picture wider or taller than MaxSPSDimensionMBs
// macroblocks and cropping that leaves no picture; it caps nothing else: an
// SPS of 16384x16384 pixels parses, for the caller to compare with its pixel
// cap. Errors say which value failed ("h264: sps: ..."); none panics.
func ParseSPS(nal []byte) (SPS, error) {
	var s SPS
	if len(nal) < 4 {
		return s, fmt.Errorf("h264: sps: %d bytes: %w", len(nal), errShort)
	}
	if nal[0]&0x80 != 0 || NALType(nal) != NALSPS {
		return s, fmt.Errorf("h264: sps: NAL header %#02x is not an SPS's", nal[0])
	}
	// The emulation prevention covers all after the header byte: profile,
	// constraints and level 00 00 00 are coded 00 00 03 00.
	p := spsParser{r: newBitReader(nal[1:])}
	s.ProfileIDC = p.u8("profile_idc")
	s.Constraints = p.u8("constraint_set_flags")
	s.LevelIDC = p.u8("level_idc")
	s.ID = uint32(p.ue("seq_parameter_set_id", 31))
	s.ChromaFormatIDC, s.BitDepth, s.BitDepthChroma = 1, 8, 8
	if highProfile(s.ProfileIDC) {
		p.highProfile(&s)
	}
	s.Log2MaxFrameNum = p.ue("log2_max_frame_num_minus4", 12) + 4
	p.picOrderCnt(&s)
	s.MaxNumRefFrames = p.ue("max_num_ref_frames", 16)
	s.GapsInFrameNumAllowed = p.flag()
	s.WidthMBs = p.ue("pic_width_in_mbs_minus1", MaxSPSDimensionMBs-1) + 1
	s.HeightMapUnits = p.ue("pic_height_in_map_units_minus1", MaxSPSDimensionMBs-1) + 1
	s.FrameMBsOnly = p.flag()
	if !s.FrameMBsOnly {
		s.MBAdaptiveFrameField = p.flag()
	}
	s.Direct8x8Inference = p.flag()
	if p.flag() { // frame_cropping_flag
		s.CropLeft = p.ue32("frame_crop_left_offset")
		s.CropRight = p.ue32("frame_crop_right_offset")
		s.CropTop = p.ue32("frame_crop_top_offset")
		s.CropBottom = p.ue32("frame_crop_bottom_offset")
	}
	s.VUI = p.flag()
	if p.err != nil {
		return SPS{}, p.err
	}
	if err := s.size(); err != nil {
		return SPS{}, err
	}
	return s, nil
}

// size sets Width and Height from the size in macroblocks and the
// cropping, refusing cropping that leaves no picture.
func (s *SPS) size() error {
	w := int64(s.WidthMBs) * 16
	h := int64(s.FrameHeightMBs()) * 16
	cw := int64(s.CropUnitX()) * (int64(s.CropLeft) + int64(s.CropRight))
	ch := int64(s.CropUnitY()) * (int64(s.CropTop) + int64(s.CropBottom))
	if cw >= w || ch >= h {
		return fmt.Errorf("h264: sps: cropping %d+%d x %d+%d units leaves nothing of %dx%d", s.CropLeft, s.CropRight, s.CropTop, s.CropBottom, w, h)
	}
	s.Width, s.Height = int(w-cw), int(h-ch)
	return nil
}

// spsParser reads an SPS's fields with a bitReader, keeping the first
// error: after it every read returns 0.
type spsParser struct {
	r   bitReader
	err error
}

// fail records the first error, saying which field it was in.
func (p *spsParser) fail(field string, err error) {
	if p.err == nil {
		p.err = fmt.Errorf("h264: sps: %s: %w", field, err)
	}
}

// errRange is the error of a value beyond its range.
var errRange = errors.New("out of range")

// ue reads ue(v) field, which must be at most max.
func (p *spsParser) ue(field string, max int) int {
	v := p.ue32(field)
	if p.err == nil && int64(v) > int64(max) {
		p.fail(field, fmt.Errorf("%d over %d: %w", v, max, errRange))
		return 0
	}
	return int(v)
}

// ue32 reads the ue(v) field, any value.
func (p *spsParser) ue32(field string) uint32 {
	if p.err != nil {
		return 0
	}
	v, err := p.r.ue()
	if err != nil {
		p.fail(field, err)
	}
	return v
}

// se reads the se(v) field, between lo and hi.
func (p *spsParser) se(field string, lo, hi int32) int32 {
	if p.err != nil {
		return 0
	}
	v, err := p.r.se()
	switch {
	case err != nil:
		p.fail(field, err)
	case v < lo || v > hi:
		p.fail(field, fmt.Errorf("%d not in %d..%d: %w", v, lo, hi, errRange))
		return 0
	}
	return v
}

// u8 reads the u(8) field.
func (p *spsParser) u8(field string) uint8 {
	if p.err != nil {
		return 0
	}
	v, err := p.r.bits(8)
	if err != nil {
		p.fail(field, err)
	}
	return uint8(v)
}

// flag reads a u(1) flag.
func (p *spsParser) flag() bool {
	if p.err != nil {
		return false
	}
	v, err := p.r.flag()
	if err != nil {
		p.fail("flag", err)
	}
	return v
}

// highProfile reads the fields of the high profiles: chroma format, bit
// depths, the transform bypass flag and the scaling lists (12 of them for
// 4:4:4, else 8).
func (p *spsParser) highProfile(s *SPS) {
	s.ChromaFormatIDC = uint32(p.ue("chroma_format_idc", 3))
	if s.ChromaFormatIDC == 3 {
		s.SeparateColourPlane = p.flag()
	}
	s.BitDepth = p.ue("bit_depth_luma_minus8", 6) + 8
	s.BitDepthChroma = p.ue("bit_depth_chroma_minus8", 6) + 8
	s.TransformBypass = p.flag()
	s.ScalingMatrix = p.flag()
	if !s.ScalingMatrix {
		return
	}
	lists := 8
	if s.ChromaFormatIDC == 3 {
		lists = 12
	}
	for i := range lists {
		if !p.flag() { // seq_scaling_list_present_flag[i]
			continue
		}
		size := 16
		if i >= 6 {
			size = 64
		}
		p.scalingList(size)
	}
}

// scalingList reads a scaling_list of size entries (H.264 7.3.2.1.1.1),
// checking each delta_scale.
func (p *spsParser) scalingList(size int) {
	last, next := int32(8), int32(8)
	for range size {
		if next != 0 {
			delta := p.se("delta_scale", -128, 127)
			next = (last + delta + 256) % 256
		}
		if next != 0 {
			last = next
		}
		if p.err != nil {
			return
		}
	}
}

// picOrderCnt reads pic_order_cnt_type and the fields of types 0 and 1.
func (p *spsParser) picOrderCnt(s *SPS) {
	s.PicOrderCntType = p.ue("pic_order_cnt_type", 2)
	switch s.PicOrderCntType {
	case 0:
		s.Log2MaxPicOrderCntLSB = p.ue("log2_max_pic_order_cnt_lsb_minus4", 12) + 4
	case 1:
		const span = 1<<31 - 1
		s.DeltaPicOrderAlwaysZero = p.flag()
		s.OffsetForNonRefPic = p.se("offset_for_non_ref_pic", -span, span)
		s.OffsetForTopToBottomField = p.se("offset_for_top_to_bottom_field", -span, span)
		s.RefFramesInPicOrderCntCycle = p.ue("num_ref_frames_in_pic_order_cnt_cycle", 255)
		for range s.RefFramesInPicOrderCntCycle {
			p.se("offset_for_ref_frame", -span, span)
			if p.err != nil {
				return
			}
		}
	}
}

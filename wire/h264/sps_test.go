package h264

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// writeSPS encodes s as an SPS NAL unit with the test's bitWriter: the
// fields ParseSPS keeps, scaling lists (every other one present, with
// varied deltas) when s.ScalingMatrix, and offsets for each reference frame
// of a pic_order_cnt_type 1 cycle. Width and Height are not read.
func writeSPS(s SPS) []byte {
	var w bitWriter
	w.u(8, uint64(s.ProfileIDC))
	w.u(8, uint64(s.Constraints))
	w.u(8, uint64(s.LevelIDC))
	w.ue(uint64(s.ID))
	if highProfile(s.ProfileIDC) {
		w.ue(uint64(s.ChromaFormatIDC))
		if s.ChromaFormatIDC == 3 {
			w.flag(s.SeparateColourPlane)
		}
		w.ue(uint64(s.BitDepth - 8))
		w.ue(uint64(s.BitDepthChroma - 8))
		w.flag(s.TransformBypass)
		w.flag(s.ScalingMatrix)
		if s.ScalingMatrix {
			lists := 8
			if s.ChromaFormatIDC == 3 {
				lists = 12
			}
			for i := range lists {
				w.flag(i%2 == 0)
				if i%2 == 0 {
					writeScalingList(&w, i, map[bool]int{true: 16, false: 64}[i < 6])
				}
			}
		}
	}
	w.ue(uint64(s.Log2MaxFrameNum - 4))
	w.ue(uint64(s.PicOrderCntType))
	switch s.PicOrderCntType {
	case 0:
		w.ue(uint64(s.Log2MaxPicOrderCntLSB - 4))
	case 1:
		w.flag(s.DeltaPicOrderAlwaysZero)
		w.se(int64(s.OffsetForNonRefPic))
		w.se(int64(s.OffsetForTopToBottomField))
		w.ue(uint64(s.RefFramesInPicOrderCntCycle))
		for i := range s.RefFramesInPicOrderCntCycle {
			w.se(int64(i - 3))
		}
	}
	w.ue(uint64(s.MaxNumRefFrames))
	w.flag(s.GapsInFrameNumAllowed)
	w.ue(uint64(s.WidthMBs - 1))
	w.ue(uint64(s.HeightMapUnits - 1))
	w.flag(s.FrameMBsOnly)
	if !s.FrameMBsOnly {
		w.flag(s.MBAdaptiveFrameField)
	}
	w.flag(s.Direct8x8Inference)
	crop := s.CropLeft|s.CropRight|s.CropTop|s.CropBottom != 0
	w.flag(crop)
	if crop {
		for _, v := range []uint32{s.CropLeft, s.CropRight, s.CropTop, s.CropBottom} {
			w.ue(uint64(v))
		}
	}
	w.flag(s.VUI)
	w.trailing()
	return w.nal(0x67)
}

// writeScalingList writes scaling list i of size entries, ending early
// (nextScale 0) in list 2.
func writeScalingList(w *bitWriter, i, size int) {
	last, next := 8, 8
	for j := range size {
		if next != 0 {
			d := (j*7+i)%11 - 5
			if i == 2 && j == 3 {
				d = -last // nextScale 0: the rest repeats the last scale
			}
			w.se(int64(d))
			next = (last + d + 256) % 256
		}
		if next != 0 {
			last = next
		}
	}
}

// baseSPS is a 4:2:0 8-bit high-profile SPS of w x h macroblocks, frames
// only, as x264 writes them.
func baseSPS(profile uint8, w, h int) SPS {
	return SPS{ProfileIDC: profile, LevelIDC: 40, ChromaFormatIDC: 1, BitDepth: 8, BitDepthChroma: 8,
		Log2MaxFrameNum: 4, Log2MaxPicOrderCntLSB: 6, MaxNumRefFrames: 1, WidthMBs: w, HeightMapUnits: h,
		FrameMBsOnly: true, Direct8x8Inference: true, Width: 16 * w, Height: 16 * h}
}

// with returns s changed by f, with the size f sets.
func with(s SPS, f func(*SPS)) SPS { f(&s); return s }

// raw builds an SPS NAL unit bit by bit, for the ones writeSPS cannot write.
func raw(f func(w *bitWriter)) []byte {
	var w bitWriter
	f(&w)
	return w.nal(0x67)
}

// spsCases drive TestParseSPS and seed FuzzParseSPS: SPSs writeSPS builds,
// which must parse back to the same fields, and broken ones.
var spsCases = []struct {
	name string
	nal  []byte // nil: writeSPS(want)
	want SPS
	err  string // what the error says; "" for none
}{
	{name: "high 1920x1080 cropped from 1088", want: with(baseSPS(100, 120, 68), func(s *SPS) { s.CropBottom, s.Height = 4, 1080 })},
	{name: "baseline 320x240", want: with(baseSPS(66, 20, 15), func(s *SPS) { s.ChromaFormatIDC, s.Constraints = 1, 0xC0 })},
	{name: "16384x16384", want: baseSPS(100, 1024, 1024)},
	{name: "65536x65536", want: baseSPS(77, 4096, 4096)},
	{name: "largest 1048576x2097152 fields", want: with(baseSPS(77, 1<<16, 1<<16), func(s *SPS) { s.FrameMBsOnly, s.MBAdaptiveFrameField, s.Height = false, true, 1<<21 })},
	{name: "interlaced 1080 (CropUnitY 4)", want: with(baseSPS(100, 120, 34), func(s *SPS) { s.FrameMBsOnly, s.CropBottom, s.Height = false, 2, 1080 })},
	{name: "4:4:4 12 scaling lists, crop unit 1", want: with(baseSPS(244, 20, 15), func(s *SPS) {
		s.ChromaFormatIDC, s.ScalingMatrix, s.TransformBypass = 3, true, true
		s.CropLeft, s.CropRight, s.CropTop, s.CropBottom, s.Width, s.Height = 1, 2, 3, 4, 317, 233
	})},
	{name: "4:2:0 8 scaling lists", want: with(baseSPS(100, 20, 15), func(s *SPS) { s.ScalingMatrix = true })},
	{name: "4:4:4 separate planes", want: with(baseSPS(244, 20, 15), func(s *SPS) {
		s.ChromaFormatIDC, s.SeparateColourPlane, s.CropRight, s.CropBottom, s.Width, s.Height = 3, true, 3, 5, 317, 235
	})},
	{name: "4:2:2 10-bit", want: with(baseSPS(122, 20, 15), func(s *SPS) {
		s.ChromaFormatIDC, s.BitDepth, s.BitDepthChroma, s.CropRight, s.CropBottom, s.Width, s.Height = 2, 10, 10, 1, 1, 318, 239
	})},
	{name: "monochrome 14-bit fields", want: with(baseSPS(100, 20, 15), func(s *SPS) {
		s.ChromaFormatIDC, s.BitDepth, s.BitDepthChroma, s.FrameMBsOnly, s.CropLeft, s.Width, s.Height = 0, 14, 14, false, 1, 319, 480
	})},
	{name: "poc type 1, 255 frames in cycle", want: with(baseSPS(77, 20, 15), func(s *SPS) {
		s.PicOrderCntType, s.Log2MaxPicOrderCntLSB, s.RefFramesInPicOrderCntCycle, s.OffsetForNonRefPic, s.OffsetForTopToBottomField = 1, 0, 255, -7, 1<<31-1
	})},
	{name: "poc type 2, ID 31, 16 frames", want: with(baseSPS(66, 20, 15), func(s *SPS) {
		s.PicOrderCntType, s.Log2MaxPicOrderCntLSB, s.ID, s.MaxNumRefFrames, s.Log2MaxFrameNum, s.GapsInFrameNumAllowed, s.VUI = 2, 0, 31, 16, 16, true, true
	})},
	{name: "poc cycle of 256", nal: writeSPS(with(baseSPS(77, 2, 2), func(s *SPS) { s.PicOrderCntType, s.RefFramesInPicOrderCntCycle = 1, 256 })), err: "num_ref_frames_in_pic_order_cnt_cycle: 256 over 255"},
	{name: "width over 65536 MBs", nal: writeSPS(baseSPS(77, 1<<16+1, 2)), err: "pic_width_in_mbs_minus1: 65536 over 65535"},
	{name: "height over 65536 map units", nal: writeSPS(baseSPS(77, 2, 1<<16+1)), err: "pic_height_in_map_units_minus1"},
	{name: "ID 32", nal: writeSPS(with(baseSPS(77, 2, 2), func(s *SPS) { s.ID = 32 })), err: "seq_parameter_set_id: 32 over 31"},
	{name: "chroma_format_idc 4", nal: writeSPS(with(baseSPS(100, 2, 2), func(s *SPS) { s.ChromaFormatIDC = 4 })), err: "chroma_format_idc"},
	{name: "bit depth 15", nal: writeSPS(with(baseSPS(100, 2, 2), func(s *SPS) { s.BitDepth = 15 })), err: "bit_depth_luma_minus8"},
	{name: "poc type 3", nal: writeSPS(with(baseSPS(77, 2, 2), func(s *SPS) { s.PicOrderCntType = 3 })), err: "pic_order_cnt_type"},
	{name: "17 reference frames", nal: writeSPS(with(baseSPS(77, 2, 2), func(s *SPS) { s.MaxNumRefFrames = 17 })), err: "max_num_ref_frames"},
	{name: "crop the whole width", nal: writeSPS(with(baseSPS(77, 2, 2), func(s *SPS) { s.CropLeft, s.CropRight = 8, 8 })), err: "leaves nothing"},
	{name: "crop beyond 32 bits", nal: writeSPS(with(baseSPS(77, 2, 2), func(s *SPS) { s.CropTop = 1<<32 - 2 })), err: "leaves nothing"},
	{name: "delta_scale -129", nal: raw(func(w *bitWriter) {
		w.u(24, 100<<16|40)
		w.ue(0)    // id
		w.ue(1)    // 4:2:0
		w.ue(0)    // depths
		w.ue(0)    //
		w.u(2, 1)  // bypass 0, scaling 1
		w.u(1, 1)  // list 0 present
		w.se(-129) // out of range
		w.trailing()
	}), err: "delta_scale: -129 not in -128..127"},
	{name: "overlong Exp-Golomb", nal: raw(func(w *bitWriter) {
		w.u(24, 66<<16|30)
		w.u(32, 0)
		w.u(8, 0x80)
	}), err: "seq_parameter_set_id: exp-golomb code over 32 bits"},
	{name: "largest ue, out of range", nal: raw(func(w *bitWriter) {
		w.u(24, 66<<16|30)
		w.ue(1<<32 - 2)
		w.trailing()
	}), err: "seq_parameter_set_id: 4294967294 over 31"},
	{name: "cut short", nal: writeSPS(baseSPS(100, 120, 68))[:9], err: "out of data"},
	{name: "header only", nal: []byte{0x67, 100, 0}, err: "3 bytes"},
	{name: "not an SPS", nal: []byte{0x68, 0xCE, 0x38, 0x80}, err: "not an SPS"},
	{name: "forbidden bit", nal: append([]byte{0xE7}, writeSPS(baseSPS(66, 2, 2))[1:]...), err: "not an SPS"},
}

func TestParseSPS(t *testing.T) {
	epb := false
	for _, tc := range spsCases {
		nal := tc.nal
		if nal == nil {
			nal = writeSPS(tc.want)
		}
		epb = epb || bytes.Contains(nal, []byte{0, 0, 3})
		got, err := ParseSPS(nal)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) || !strings.HasPrefix(err.Error(), "h264: sps: ") {
				t.Errorf("%s: error %v, want one saying %q", tc.name, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%s: %v\n got %+v\nwant %+v", tc.name, err, got, tc.want)
		}
		if got.Pixels() != int64(tc.want.Width)*int64(tc.want.Height) {
			t.Errorf("%s: Pixels %d", tc.name, got.Pixels())
		}
	}
	if !epb {
		t.Error("no case has an emulation-prevention byte")
	}
	if _, err := ParseSPS(spsCases[0].want.nalCut()); !errors.Is(err, errShort) {
		t.Errorf("cut SPS: %v", err)
	}
}

// nalCut is s's SPS NAL unit without its last 3 bytes.
func (s SPS) nalCut() []byte { b := writeSPS(s); return b[:len(b)-3] }

func TestCropUnits(t *testing.T) {
	tests := []struct {
		chroma   uint32
		separate bool
		frames   bool
		x, y     int
	}{
		{0, false, true, 1, 1}, {0, false, false, 1, 2},
		{1, false, true, 2, 2}, {1, false, false, 2, 4},
		{2, false, true, 2, 1}, {2, false, false, 2, 2},
		{3, false, true, 1, 1}, {3, false, false, 1, 2},
		{3, true, true, 1, 1}, {3, true, false, 1, 2},
	}
	for _, tc := range tests {
		s := SPS{ChromaFormatIDC: tc.chroma, SeparateColourPlane: tc.separate, FrameMBsOnly: tc.frames}
		if x, y := s.CropUnitX(), s.CropUnitY(); x != tc.x || y != tc.y {
			t.Errorf("chroma %d separate %v frames %v: crop units %d, %d; want %d, %d", tc.chroma, tc.separate, tc.frames, x, y, tc.x, tc.y)
		}
	}
}

func FuzzParseSPS(f *testing.F) {
	for _, tc := range spsCases {
		if tc.nal != nil {
			f.Add(tc.nal)
		} else {
			f.Add(writeSPS(tc.want))
		}
	}
	f.Fuzz(func(t *testing.T, nal []byte) {
		s, err := ParseSPS(nal)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "h264: sps: ") {
				t.Fatalf("error %q", err)
			}
			return
		}
		if s.Width <= 0 || s.Height <= 0 || s.Width > 16*MaxSPSDimensionMBs || s.Height > 32*MaxSPSDimensionMBs {
			t.Fatalf("size %dx%d", s.Width, s.Height)
		}
		again, err := ParseSPS(writeSPS(s))
		if err != nil || again != s {
			t.Fatalf("written back: %v\n got %+v\nwant %+v", err, again, s)
		}
	})
}

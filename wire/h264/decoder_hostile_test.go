//go:build avcodec && cgo

package h264

import (
	"bytes"
	"errors"
	"image"
	"math/rand/v2"
	"syscall"
	"testing"

	"github.com/vidstream/vidstream/wire/pixel"
	"github.com/vidstream/vidstream/wire/wiretest"
)

// gopStreamForTest is a 320x240 stream of 30 frames with an IDR (and SPS and
// PPS) every 10, split into access units, and its source pictures.
func gopStreamForTest(t *testing.T, slices int) ([][]byte, [][]byte) {
	x := wiretest.X264{GOP: 10, Slices: slices, AUD: true}
	return splitAtAUDsForTest(t, x.Encode(t)), x.Source(t)
}

// openWarmForTest opens a Decoder of o and decodes aus[:n] on it, which
// must give no error.
func openWarmForTest(t *testing.T, o DecoderOptions, aus [][]byte, n int) *Decoder {
	t.Helper()
	d, err := NewDecoder(o)
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if _, _, _, err := d.Decode(nil, aus[i], image.Point{}); err != nil {
			d.Close()
			t.Fatalf("access unit %d: %v", i, err)
		}
	}
	return d
}

// expectCleanForTest decodes aus[from:] on d and fails t unless every one
// gives a good picture of its source.
func expectCleanForTest(t *testing.T, d *Decoder, aus, src [][]byte, from int) {
	t.Helper()
	for i := from; i < len(aus); i++ {
		img, _, _, err := d.Decode(nil, aus[i], image.Point{})
		if err != nil {
			t.Fatalf("access unit %d after the damage: %v", i, err)
		}
		if p := lumaPSNRForTest(img, src[i]); p < 40 {
			t.Fatalf("access unit %d after the damage: luma PSNR %.1f dB", i, p)
		}
	}
}

func TestDecodeGarbage(t *testing.T) {
	aus, src := gopStreamForTest(t, 1)
	r := rand.New(rand.NewPCG(1, 2))
	for _, threads := range []int{1, 4} {
		d := openWarmForTest(t, DecoderOptions{Threads: threads}, aus, 5)
		errs := map[string]int{}
		for i := range 300 {
			g := make([]byte, 1+r.IntN(4000))
			for j := range g {
				g[j] = byte(r.Uint32())
			}
			if i%2 == 1 { // a NAL unit of any type and random contents
				g = append([]byte{0, 0, 0, 1}, g...)
			}
			img, _, _, err := d.Decode(nil, g, image.Point{})
			if err == nil || img != nil {
				t.Fatalf("garbage %d (% x...) gave a picture (%v)", i, g[:min(8, len(g))], err)
			}
			errs[err.Error()]++
		}
		t.Logf("threads %d: %d kinds of error, e.g. %v", threads, len(errs), firstKeyForTest(errs))
		for i := 5; i < 10; i++ {
			if _, _, _, err := d.Decode(nil, aus[i], image.Point{}); err == nil {
				t.Logf("threads %d: P picture %d after the garbage decoded without error", threads, i)
			}
		}
		expectCleanForTest(t, d, aus, src, 10)
		d.Close()
	}
}

// firstKeyForTest returns the smallest key of m.
func firstKeyForTest(m map[string]int) string {
	var k string
	for s := range m {
		if k == "" || s < k {
			k = s
		}
	}
	return k
}

func TestDecodeTruncated(t *testing.T) {
	for _, tc := range []struct {
		name            string
		slices, threads int
	}{{"one slice", 1, 1}, {"4 slices, 1 thread", 4, 1}, {"4 slices, 4 threads", 4, 4}} {
		t.Run(tc.name, func(t *testing.T) {
			aus, src := gopStreamForTest(t, tc.slices)
			d := openWarmForTest(t, DecoderOptions{Threads: tc.threads}, aus, 5)
			defer d.Close()
			half := aus[5][:len(aus[5])/2]
			img, _, _, err := d.Decode(nil, half, image.Point{})
			if err == nil || img != nil {
				t.Fatalf("half an access unit gave a picture (%v)", err)
			}
			t.Logf("half of access unit 5: %v", err)
			for i := 6; i < 10; i++ {
				if img, _, _, err := d.Decode(nil, aus[i], image.Point{}); !errors.Is(err, ErrNeedKeyframe) || img != nil {
					t.Fatalf("access unit %d, after the damaged one: %v, want ErrNeedKeyframe", i, err)
				}
			}
			expectCleanForTest(t, d, aus, src, 10)
		})
	}
}

func TestDecodeStartWithoutParamSets(t *testing.T) {
	aus, src := gopStreamForTest(t, 1)
	d, err := NewDecoder(DecoderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for i := 3; i < 10; i++ {
		img, _, _, err := d.Decode(nil, aus[i], image.Point{})
		if err == nil || img != nil {
			t.Fatalf("access unit %d, without SPS and PPS, gave a picture (%v)", i, err)
		}
		if i == 3 {
			t.Logf("P picture without SPS and PPS: %v", err)
		}
	}
	expectCleanForTest(t, d, aus, src, 10)
}

func TestDecodeSizeChange(t *testing.T) {
	small := splitAtAUDsForTest(t, wiretest.X264{Frames: 5, AUD: true}.Encode(t))
	large := splitAtAUDsForTest(t, wiretest.X264{Width: 640, Height: 480, Frames: 5, AUD: true}.Encode(t))
	d, err := NewDecoder(DecoderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var dst *image.RGBA
	for i, au := range append(small, large...) {
		want := image.Pt(320, 240)
		if i >= len(small) {
			want = image.Pt(640, 480)
		}
		img, w, h, err := d.Decode(dst, au, image.Point{})
		if err != nil {
			t.Fatalf("access unit %d: %v", i, err)
		}
		if img.Rect.Size() != want || image.Pt(w, h) != want {
			t.Fatalf("access unit %d: a %v picture of a %dx%d stream, want %v", i, img.Rect, w, h, want)
		}
		dst = img
	}
}

func TestDecodeOverMaxPixels(t *testing.T) {
	aus := splitAtAUDsForTest(t, wiretest.X264{Frames: 2, Profile: "baseline", AUD: true}.Encode(t))
	check := func(t *testing.T, d *Decoder, au []byte, want pixel.ImageTooLargeError) {
		t.Helper()
		var before, after syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &before)
		img, _, _, err := d.Decode(nil, au, image.Point{})
		syscall.Getrusage(syscall.RUSAGE_SELF, &after)
		var tl *pixel.ImageTooLargeError
		if !errors.As(err, &tl) || *tl != want || img != nil {
			t.Fatalf("Decode = %v, %v; want *pixel.ImageTooLargeError %+v", img, err, want)
		}
		// Linux counts ru_maxrss in KiB; the picture would have been 96 MiB
		// (8192x4096) or 384 MiB (16384x16384) of YUV.
		if grew := after.Maxrss - before.Maxrss; grew > 16<<10 {
			t.Errorf("the peak RSS grew by %d KiB", grew)
		}
		t.Log(err)
	}
	t.Run("MaxPixels 10000", func(t *testing.T) {
		d, err := NewDecoder(DecoderOptions{MaxPixels: 10000})
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		check(t, d, aus[0], pixel.ImageTooLargeError{Width: 320, Height: 240, Max: 10000})
	})
	for _, size := range []image.Point{{8192, 4096}, {16384, 16384}} {
		t.Run(size.String(), func(t *testing.T) {
			d, err := NewDecoder(DecoderOptions{})
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			check(t, d, resizeSPSForTest(t, aus[0], size), pixel.ImageTooLargeError{
				Width: size.X, Height: size.Y, Max: pixel.DefaultMaxPixels})
		})
	}
}

// resizeSPSForTest returns au with its SPS (a baseline one of a picture
// that is whole macroblocks, so without cropping) rewritten to declare a
// picture of size.
func resizeSPSForTest(t *testing.T, au []byte, size image.Point) []byte {
	t.Helper()
	i := bytes.Index(au, []byte{0, 0, 0, 1, 0x67})
	if i < 0 {
		t.Fatal("no SPS in the access unit")
	}
	end := i + 4 + bytes.Index(au[i+4:], []byte{0, 0, 1})
	if end < i+4 {
		t.Fatal("no NAL unit after the SPS")
	}
	for au[end-1] == 0 {
		end--
	}
	rbsp := bytes.ReplaceAll(au[i+5:end], []byte{0, 0, 3}, []byte{0, 0})
	if rbsp[0] != 66 {
		t.Fatalf("profile_idc %d, want baseline", rbsp[0])
	}
	r := bitsForTest{b: rbsp, n: 24}
	var w bitsForTest
	w.b = append(w.b, rbsp[:3]...)
	w.n = 24
	w.putUE(r.ue()) // seq_parameter_set_id
	w.putUE(r.ue()) // log2_max_frame_num_minus4
	poc := r.ue()
	w.putUE(poc)
	if poc == 0 {
		w.putUE(r.ue()) // log2_max_pic_order_cnt_lsb_minus4
	} else if poc == 1 {
		t.Fatal("pic_order_cnt_type 1")
	}
	w.putUE(r.ue())    // max_num_ref_frames
	w.put(r.get(1), 1) // gaps_in_frame_num_value_allowed_flag
	r.ue()             // pic_width_in_mbs_minus1
	r.ue()             // pic_height_in_map_units_minus1
	w.putUE(uint32(size.X/16 - 1))
	w.putUE(uint32(size.Y/16 - 1))
	for r.n < 8*len(r.b) { // the rest, with the trailing bits
		w.put(r.get(1), 1)
	}
	var nal []byte
	zeros := 0
	for _, c := range w.b { // emulation prevention
		if zeros == 2 && c <= 3 {
			nal, zeros = append(nal, 3), 0
		}
		nal = append(nal, c)
		if c == 0 {
			zeros++
		} else {
			zeros = 0
		}
	}
	out := append([]byte(nil), au[:i+5]...)
	out = append(out, nal...)
	return append(out, au[end:]...)
}

// bitsForTest reads or writes big-endian bits; n counts them.
type bitsForTest struct {
	b []byte
	n int
}

func (r *bitsForTest) get(k int) uint32 {
	var v uint32
	for range k {
		v = v<<1 | uint32(r.b[r.n/8]>>(7-r.n%8)&1)
		r.n++
	}
	return v
}

func (r *bitsForTest) ue() uint32 {
	z := 0
	for r.get(1) == 0 {
		z++
	}
	return 1<<z - 1 + r.get(z)
}

func (w *bitsForTest) put(v uint32, k int) {
	for j := k - 1; j >= 0; j-- {
		if w.n%8 == 0 {
			w.b = append(w.b, 0)
		}
		w.b[w.n/8] |= byte(v>>j&1) << (7 - w.n%8)
		w.n++
	}
}

func (w *bitsForTest) putUE(v uint32) {
	z := 0
	for (v+1)>>(z+1) != 0 {
		z++
	}
	w.put(0, z)
	w.put(v+1, z+1)
}

//go:build avcodec && cgo

package h264

import (
	"errors"
	"image"
	"strings"
	"testing"

	"github.com/vidstream/vidstream/wire/wiretest"
)

// decodeAllForTest decodes every access unit of aus and returns the
// pictures, at full size.
func decodeAllForTest(t *testing.T, d *Decoder, aus [][]byte) []*image.RGBA {
	t.Helper()
	var pics []*image.RGBA
	for i, au := range aus {
		img, w, h, err := d.Decode(nil, au, image.Point{})
		if errors.Is(err, ErrNoPicture) {
			continue
		}
		if err != nil {
			t.Fatalf("access unit %d of %d: %v", i, len(aus), err)
		}
		if img.Rect.Size() != image.Pt(w, h) {
			t.Fatalf("access unit %d: a %v picture for a %dx%d stream", i, img.Rect, w, h)
		}
		for j := 3; j < len(img.Pix); j += 4 {
			if img.Pix[j] != 255 {
				t.Fatalf("access unit %d: alpha %d at byte %d", i, img.Pix[j], j)
			}
		}
		pics = append(pics, img)
	}
	return pics
}

// psnrSlackForTest is how far below the prediction a picture's luma PSNR
// may be. The prediction adds the error FFmpeg's psnr filter measures on its
// own decode of the same bytes (the codec's loss, 51-55 dB on these testsrc2
// streams) to the error of a float BT.601 round trip I420 -> RGBA -> Y (8-bit
// rounding and gamut clipping, 53-54 dB). libswscale's table-driven
// converter is less precise than the float model: on every stream here the
// pictures came out 1.9-3.1 dB below the prediction (47.6-48.1 dB absolute).
// A decoding fault (a wrong or damaged picture, the range or matrix
// misread) costs 10-30 dB.
const psnrSlackForTest = 4

func TestDecodeX264(t *testing.T) {
	for _, tc := range x264Cases { // the splitter's cases: decoded, they cover the decoder's
		t.Run(tc.name, func(t *testing.T) {
			x := tc.x
			x.AUD = true
			enc := x.Encode(t)
			src := x.Source(t)
			d, err := NewDecoder(DecoderOptions{})
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			pics := decodeAllForTest(t, d, splitAtAUDsForTest(t, enc))
			// With B-frames the last picture stays in libavcodec's reorder
			// buffer until the next access unit, which a live stream always
			// sends (an end-of-sequence NAL unit does not release it: "no
			// frame!"; only draining, which ends the stream, would).
			want := len(src)
			if x.BFrames {
				want--
			}
			if len(pics) != want {
				t.Fatalf("%d pictures, want %d", len(pics), want)
			}
			ref := ffmpegPSNRForTest(t, enc, src, pics[0].Rect.Dx(), pics[0].Rect.Dy())
			if len(ref) < len(pics) {
				t.Fatalf("ffmpeg measured %d frames, want %d", len(ref), len(src))
			}
			w, h := pics[0].Rect.Dx(), pics[0].Rect.Dy()
			worst := 100.0
			for i, p := range pics {
				got := lumaPSNRForTest(p, src[i])
				conv := conversionPSNRForTest(src[i], w, h)
				want := addPSNRForTest(ref[i], conv)
				worst = min(worst, got-want)
				if got < want-psnrSlackForTest {
					t.Errorf("frame %d: luma PSNR %.2f dB; ffmpeg's decode %.2f dB and the RGBA round trip %.2f dB predict %.2f",
						i, got, ref[i], conv, want)
				}
			}
			t.Logf("%d pictures; worst luma PSNR against the prediction: %+.2f dB", len(pics), worst)
		})
	}
}

// TestDecodeMissingSlices drops whole slice NAL units from access units of
// a stream of several slices. With one thread libavcodec conceals the missing
// macroblocks and flags the picture (decode_error_flags); with slice threads
// it does neither, and the Decoder's row coverage must catch it.
func TestDecodeMissingSlices(t *testing.T) {
	aus, src := gopStreamForTest(t, 4)
	for _, threads := range []int{1, 2, 4} {
		// x264 makes 2 slices of these 15 macroblock rows: drop each.
		for _, drop := range []int{0, 1} {
			d := openWarmForTest(t, DecoderOptions{Threads: threads}, aus, 5)
			img, _, _, err := d.Decode(nil, dropSliceForTest(t, aus[5], drop), image.Point{})
			if img != nil || err == nil {
				t.Fatalf("threads %d: a picture without slice %d came out (%v)", threads, drop, err)
			}
			t.Logf("threads %d, without slice %d: %v", threads, drop, err)
			if _, _, _, err := d.Decode(nil, aus[6], image.Point{}); !errors.Is(err, ErrNeedKeyframe) {
				t.Fatalf("threads %d: the picture after: %v, want ErrNeedKeyframe", threads, err)
			}
			expectCleanForTest(t, d, aus, src, 10)
			d.Close()
		}
	}
}

// dropSliceForTest returns au without its n-th slice NAL unit.
func dropSliceForTest(t *testing.T, au []byte, n int) []byte {
	t.Helper()
	var starts []int
	for i := 0; i+3 < len(au); i++ {
		if au[i] == 0 && au[i+1] == 0 && au[i+2] == 1 && (au[i+3]&0x1f == 1 || au[i+3]&0x1f == 5) {
			starts = append(starts, i)
		}
	}
	if len(starts) <= n {
		t.Fatalf("%d slices, want more than %d", len(starts), n)
	}
	end := len(au)
	if n+1 < len(starts) {
		end = starts[n+1]
	}
	return append(append([]byte(nil), au[:starts[n]]...), au[end:]...)
}

func TestDecodeFit(t *testing.T) {
	x := wiretest.X264{Width: 1920, Height: 1080, Frames: 3, AUD: true}
	aus := splitAtAUDsForTest(t, x.Encode(t))
	d, err := NewDecoder(DecoderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for i, tc := range []struct{ fit, want image.Point }{
		{image.Pt(640, 360), image.Pt(640, 360)},
		{image.Pt(700, 300), image.Pt(700, 394)},
		{image.Pt(400, 400), image.Pt(712, 400)},
	} {
		img, w, h, err := d.Decode(nil, aus[i], tc.fit)
		if err != nil {
			t.Fatal(err)
		}
		if w != 1920 || h != 1080 || img.Rect != (image.Rectangle{Max: tc.want}) {
			t.Errorf("fit %v: a %v picture of %dx%d, want %v", tc.fit, img.Rect, w, h, tc.want)
		}
	}
	for _, tc := range []struct {
		w, h      int
		fit, want image.Point
	}{
		{1920, 1080, image.Pt(0, 360), image.Pt(1920, 1080)},
		{1920, 1080, image.Pt(3840, 2160), image.Pt(1920, 1080)},
		{1920, 1080, image.Pt(2000, 100), image.Pt(1920, 1080)},
		{320, 240, image.Pt(1, 1), image.Pt(2, 1)},
	} {
		if got := fitSize(tc.w, tc.h, tc.fit); got != tc.want {
			t.Errorf("fitSize(%d, %d, %v) = %v, want %v", tc.w, tc.h, tc.fit, got, tc.want)
		}
	}
}

// TestDecodeReusesDst checks that the picture goes into dst when dst fits
// and that a steady stream costs no Go allocations.
func TestDecodeReusesDst(t *testing.T) {
	aus, _ := gopStreamForTest(t, 1)
	d, err := NewDecoder(DecoderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	dst, _, _, err := d.Decode(nil, aus[0], image.Point{})
	if err != nil {
		t.Fatal(err)
	}
	i := 1
	allocs := testing.AllocsPerRun(len(aus)-2, func() {
		img, _, _, err := d.Decode(dst, aus[i], image.Point{})
		if err != nil || img != dst {
			t.Fatalf("access unit %d: %v, reused %v", i, err, img == dst)
		}
		i++
	})
	if allocs != 0 {
		t.Errorf("%v allocations per access unit", allocs)
	}
}

func TestDecodeMisuse(t *testing.T) {
	d, err := NewDecoder(DecoderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := d.Decode(nil, nil, image.Point{}); err == nil {
		t.Error("an empty access unit decoded")
	}
	if !strings.HasPrefix(Backend, "libavcodec ") {
		t.Errorf("Backend = %q", Backend)
	}
	d.Close()
	d.Close()
	if _, _, _, err := d.Decode(nil, []byte{0, 0, 0, 1, 9, 0xf0}, image.Point{}); err == nil {
		t.Error("Decode after Close succeeded")
	}
}

//go:build avcodec && cgo

package h264

import (
	"bytes"
	"image"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
)

// audStartForTest is an access unit delimiter's start code and header.
var audStartForTest = []byte{0, 0, 0, 1, 9}

// splitAtAUDsForTest splits a stream encoded with wiretest.X264{AUD: true}
// into its access units, each starting at its delimiter.
func splitAtAUDsForTest(t testing.TB, stream []byte) [][]byte {
	t.Helper()
	var aus [][]byte
	for len(stream) > 0 {
		if !bytes.HasPrefix(stream, audStartForTest) {
			t.Fatalf("an access unit does not start with an AUD: % x", stream[:min(8, len(stream))])
		}
		n := bytes.Index(stream[len(audStartForTest):], audStartForTest)
		if n < 0 {
			n = len(stream)
		} else {
			n += len(audStartForTest)
		}
		aus = append(aus, stream[:n:n])
		stream = stream[n:]
	}
	return aus
}

// lumaPSNRForTest returns the PSNR in dB of the luma of img (RGBA, back to
// BT.601 limited-range Y) against the Y plane of the I420 picture src of
// img's size.
func lumaPSNRForTest(img *image.RGBA, src []byte) float64 {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	var sum float64
	for y := range h {
		row := img.Pix[y*img.Stride:]
		for x := range w {
			r, g, b := float64(row[4*x]), float64(row[4*x+1]), float64(row[4*x+2])
			yy := 16 + (65.481*r+128.553*g+24.966*b)/255
			d := yy - float64(src[y*w+x])
			sum += d * d
		}
	}
	return psnrForTest(sum / float64(w*h))
}

// psnrForTest returns the PSNR of 8-bit samples of mean squared error mse,
// capped at 100 dB as FFmpeg's psnr filter caps identical pictures.
func psnrForTest(mse float64) float64 {
	if mse <= 0 {
		return 100
	}
	return min(100, 10*math.Log10(255*255/mse))
}

// ffmpegPSNRForTest runs
//
//	ffmpeg -f h264 -i enc.h264 -f rawvideo -pix_fmt yuv420p -s WxH -i src.yuv \
//	    -lavfi psnr=stats_file=psnr.txt -f null -
//
// on the encoded stream and its source pictures and returns the luma PSNR
// of each frame that FFmpeg's own decoder reaches.
func ffmpegPSNRForTest(t testing.TB, enc []byte, src [][]byte, w, h int) []float64 {
	t.Helper()
	dir := t.TempDir()
	encPath, srcPath, stats := filepath.Join(dir, "enc.h264"), filepath.Join(dir, "src.yuv"), filepath.Join(dir, "psnr.txt")
	if err := os.WriteFile(encPath, enc, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(srcPath, bytes.Join(src, nil), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "h264", "-i", encPath,
		"-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", strconv.Itoa(w)+"x"+strconv.Itoa(h), "-i", srcPath,
		"-lavfi", "psnr=stats_file="+stats, "-f", "null", "-")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v: %v\n%s", cmd.Args, err, out)
	}
	b, err := os.ReadFile(stats)
	if err != nil {
		t.Fatal(err)
	}
	var ps []float64
	for _, m := range regexp.MustCompile(`psnr_y:(\S+)`).FindAllSubmatch(b, -1) {
		p, err := strconv.ParseFloat(string(m[1]), 64)
		if err != nil {
			p = 100 // "inf"
		}
		ps = append(ps, p)
	}
	return ps
}

// conversionPSNRForTest returns the luma PSNR that converting the I420
// picture src (w x h) to 8-bit RGBA with BT.601 limited-range coefficients
// (chroma repeated, as libswscale's unscaled converter does) and back to Y
// costs by itself: the ceiling lumaPSNRForTest can reach on a perfect
// decode, set by rounding to 8 bits and by clipping colours out of the RGB
// gamut.
func conversionPSNRForTest(src []byte, w, h int) float64 {
	cw := (w + 1) / 2
	u, v := src[w*h:], src[w*h+cw*((h+1)/2):]
	clip := func(f float64) float64 { return math.Round(min(255, max(0, f))) }
	var sum float64
	for y := range h {
		for x := range w {
			yy := 1.164 * (float64(src[y*w+x]) - 16)
			cb, cr := float64(u[y/2*cw+x/2])-128, float64(v[y/2*cw+x/2])-128
			r, g, b := clip(yy+1.596*cr), clip(yy-0.392*cb-0.813*cr), clip(yy+2.017*cb)
			d := 16 + (65.481*r+128.553*g+24.966*b)/255 - float64(src[y*w+x])
			sum += d * d
		}
	}
	return psnrForTest(sum / float64(w*h))
}

// addPSNRForTest returns the PSNR of two independent errors of PSNR a and b
// added: their mean squared errors add.
func addPSNRForTest(a, b float64) float64 {
	return -10 * math.Log10(math.Pow(10, -a/10)+math.Pow(10, -b/10))
}

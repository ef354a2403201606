//go:build turbojpeg && cgo

package jpeg

// A thin binding of libjpeg-turbo's TurboJPEG 2.1 API, built with the
// turbojpeg tag and cgo; decoder_std.go is the same API over image/jpeg.
//
// Linking: on Linux the static archive (Debian's libturbojpeg0-dev ships
// /usr/lib/<triplet>/libturbojpeg.a) is linked by name with -l:, so the binary
// does not need libturbojpeg.so at run time. On macOS pkg-config finds
// Homebrew's jpeg-turbo, which links the .dylib. The Mac app must run without
// Homebrew, so build it with PKG_CONFIG_PATH pointing at a libturbojpeg.pc
// whose Libs line names the archive by its path,
//
//	Libs: /opt/homebrew/opt/jpeg-turbo/lib/libturbojpeg.a
//
// (Intel Macs: /usr/local/opt/...): ld64 has no -Bstatic and takes the
// .dylib over the .a found next to it for -lturbojpeg. Check the bundle's
// binary with `otool -L`: no libturbojpeg may be listed.

/*
#cgo linux LDFLAGS: -l:libturbojpeg.a
#cgo darwin pkg-config: libturbojpeg
#cgo !linux,!darwin pkg-config: libturbojpeg
#include <string.h>
#include <turbojpeg.h>

// vs_status receives the outcome of a failed vs_decode.
typedef struct {
	int code;      // tjGetErrorCode: TJERR_WARNING or TJERR_FATAL
	char msg[200]; // tjGetErrorStr2 (JMSG_LENGTH_MAX)
} vs_status;

// vs_benign reports whether a warning message is the one libjpeg gives after
// the whole image was decoded: junk bytes before the EOI marker
// (JWRN_EXTRANEOUS_DATA for marker 0xd9).
static int vs_benign(const char *m) {
	static const char pre[] = "Corrupt JPEG data: ";
	static const char suf[] = " extraneous bytes before marker 0xd9";
	size_t n = strlen(m), np = sizeof pre - 1, ns = sizeof suf - 1;
	return n >= np + ns && strncmp(m, pre, np) == 0 && strcmp(m + n - ns, suf) == 0;
}

// vs_decode runs tjDecompress2 into dst, TJPF_RGBA. It succeeds when
// tjDecompress2 does, or when its only problem is the benign warning of
// vs_benign. Otherwise it copies the error code and message into st within the
// same C call (TurboJPEG keeps its messages in thread-local storage, and Go may
// run the next cgo call on another thread) and returns -1.
static int vs_decode(tjhandle h, const unsigned char *src, unsigned long n,
		unsigned char *dst, int w, int pitch, int hgt, int flags, vs_status *st) {
	if (tjDecompress2(h, src, n, dst, w, pitch, hgt, TJPF_RGBA, flags) == 0) {
		return 0;
	}
	const char *m = tjGetErrorStr2(h);
	if (m == NULL) {
		m = "unknown error";
	}
	st->code = tjGetErrorCode(h);
	if (st->code == TJERR_WARNING && vs_benign(m)) {
		return 0;
	}
	strncpy(st->msg, m, sizeof st->msg - 1);
	st->msg[sizeof st->msg - 1] = 0;
	return -1;
}

// vs_has_scale reports whether libjpeg-turbo offers the scaling factor 1/denom.
static int vs_has_scale(int denom) {
	int n = 0;
	tjscalingfactor *sf = tjGetScalingFactors(&n);
	for (int i = 0; sf != NULL && i < n; i++) {
		if (sf[i].num == 1 && sf[i].denom == denom) {
			return 1;
		}
	}
	return 0;
}
*/
import "C"

import (
	"fmt"
	"image"
	"unsafe"

	"github.com/vidstream/vidstream/wire/pixel"
)

// Backend names the JPEG decoder this build uses: "libjpeg-turbo" with the
// turbojpeg build tag and cgo, "image/jpeg" otherwise.
const Backend = "libjpeg-turbo"

// turboFlags are the tjDecompress2 flags: refuse progressive JPEGs with an
// absurd number of scans (a CPU exhaustion attack). Warnings do not stop the
// decode (TJFLAG_STOPONWARNING is off) but make it fail: see Decode.
const turboFlags = C.TJFLAG_LIMITSCANS

// scaleDenoms are the scaling factors 1/d Decoder.Decode's fit chooses among, smallest
// output first. Only 1/2, 1/4 and 1/8, where libjpeg-turbo's reduced IDCTs are
// cheap: the M/8 ones cost more than they save (decoding a 1080p frame at 3/8
// took 15% more CPU than at 1/2 here). Filled by init with the ones this
// libjpeg-turbo offers; 1 is always there.
var scaleDenoms = []int{1}

func init() {
	for _, d := range []int{2, 4, 8} {
		if C.vs_has_scale(C.int(d)) != 0 {
			scaleDenoms = append([]int{d}, scaleDenoms...)
		}
	}
}

// scaledSize returns TJSCALED of w x h by 1/denom: the size libjpeg-turbo
// decodes to, rounding up.
func scaledSize(w, h, denom int) image.Point {
	return image.Pt((w+denom-1)/denom, (h+denom-1)/denom)
}

// fitDenom returns the largest denominator d in scaleDenoms (the smallest
// output) whose w x h output still covers fit in both dimensions; 1 when fit
// has a coordinate <= 0.
func fitDenom(w, h int, fit image.Point) int {
	if fit.X <= 0 || fit.Y <= 0 {
		return 1
	}
	for _, d := range scaleDenoms {
		if s := scaledSize(w, h, d); s.X >= fit.X && s.Y >= fit.Y {
			return d
		}
	}
	return 1
}

// Decoder decodes JPEGs with one TurboJPEG handle, reused frame after frame;
// each frame decodes as it would alone (the handle keeps the tables of the
// frames before it: see planTables). It belongs to one goroutine, from
// NewDecoder to Close (which frees the handle; there is no finalizer).
type Decoder struct {
	h C.tjhandle
	// st receives vs_decode's error; a field, so that passing its address to
	// C does not allocate.
	st C.vs_status
	// tables puts in the standard Huffman tables a frame lacks, in a buffer
	// of the Decoder's.
	tables completer
}

// NewDecoder makes a TurboJPEG decompressor. The caller owns it and must
// Close it.
func NewDecoder() (*Decoder, error) {
	h := C.tjInitDecompress()
	if h == nil {
		return nil, fmt.Errorf("jpeg: tjInitDecompress failed (out of memory)")
	}
	return &Decoder{h: h}, nil
}

// Close frees the handle; Decode fails after it. A second Close does nothing.
func (j *Decoder) Close() {
	if j.h != nil {
		C.tjDestroy(j.h)
		j.h = nil
	}
}

// Decode decodes the JPEG in b into dst (reused when it is a tightly packed
// RGBA at (0,0) of the decoded size, else replaced by a new one) and returns
// it and the JPEG's full size. The image is decoded at the smallest scale
// 1/8, 1/4 or 1/2 whose size still covers fit in both dimensions (1920x1080
// with fit 480x270 decodes at 480x270, with fit 500x300 at 960x540; a fit
// with a coordinate <= 0 means full size). A JPEG of more than
// lim.MaxPixels pixels (its full size) is refused with
// *pixel.ImageTooLargeError before anything is allocated or decoded; so is
// one too short for the image it declares. What the decode will hold (the
// RGBA, and a progressive JPEG's coefficients) is reserved in lim.Budget
// first, waiting for other decoders, and a JPEG needing more than the whole
// budget is refused with an error wrapping *pixel.OverBudgetError. b is only
// read, during the call.
//
// A frame decodes the same whatever the Decoder decoded before: Huffman
// tables 0 and 1 that a scan uses and the frame does not define are the
// standard ones (Motion-JPEG frames of UVC webcams leave them out), put into
// a copy of the frame in a buffer the Decoder keeps; a frame that uses
// another table it does not define, or a quantisation table no DQT before its
// first scan defines, is refused (see planTables).
//
// Corrupt data is an error even where libjpeg only warns: libjpeg-turbo
// completes a truncated or damaged JPEG with grey or garbled blocks and reports
// a warning, and a live stream is better served by dropping such a frame than
// by showing it. The one warning accepted is junk before the EOI marker
// (vs_benign), which image/jpeg accepts too: libjpeg gives it once the whole
// image is decoded, and reports only the first warning of an image, so when it
// is the message no other warning or error occurred. The pixels of dst are
// unspecified after an error. CMYK and YCCK JPEGs (4 components), which
// TurboJPEG cannot turn into RGBA, are decoded by image/jpeg at full size.
//
// Only b (or j.tables.buf) and dst.Pix, which hold no Go pointers, and j.st
// are passed to C, and only for the duration of the call.
func (j *Decoder) Decode(dst *image.RGBA, b []byte, lim Limits, fit image.Point) (*image.RGBA, image.Point, error) {
	w, h, comps, ok := frameHeader(b)
	if !ok {
		return nil, image.Point{}, fmt.Errorf("jpeg: reading the header (%d bytes): no frame header before the image data", len(b))
	}
	full := image.Pt(w, h)
	if w <= 0 || h <= 0 {
		return nil, full, fmt.Errorf("jpeg: the header declares an empty %dx%d image", w, h)
	}
	if err := pixel.CheckPixels(w, h, lim.MaxPixels); err != nil {
		return nil, full, err
	}
	n := len(b)
	b, g, err := j.tables.complete(b)
	if err != nil {
		return nil, full, err
	}
	if comps == 4 {
		if g.valid() { // else image/jpeg refuses it before allocating
			need := g.needStd()
			if err := reserve(lim, g, n, need); err != nil {
				return nil, full, err
			}
			defer lim.Budget.Release(need)
		}
		img, err := decodeStd(b, lim.MaxPixels)
		if err != nil {
			return nil, full, err
		}
		return pixel.ToRGBA(dst, img), full, nil
	}
	if j.h == nil {
		return nil, full, fmt.Errorf("jpeg: decoder used after Close")
	}
	s := scaledSize(w, h, fitDenom(w, h, fit))
	// The RGBA is reserved even when the geometry is unknown (libjpeg
	// refuses such a frame, but after dst is made).
	need := 4 * int64(s.X) * int64(s.Y)
	if g.valid() {
		need = g.needTurbo(need)
	}
	if err := reserve(lim, g, n, need); err != nil {
		return nil, full, err
	}
	defer lim.Budget.Release(need)
	dst = pixel.ReuseRGBA(dst, s.X, s.Y)
	// tjDecompress2 reads the same header and picks the largest scaling
	// factor whose output fits in s.X x s.Y, here exactly s; whatever the data,
	// it writes at most s.Y rows of 4*s.X bytes, pitch apart.
	if C.vs_decode(j.h, (*C.uchar)(unsafe.Pointer(&b[0])), C.ulong(len(b)),
		(*C.uchar)(unsafe.Pointer(&dst.Pix[0])), C.int(s.X), C.int(dst.Stride), C.int(s.Y),
		turboFlags, &j.st) != 0 {
		return nil, full, fmt.Errorf("jpeg: decoding %dx%d (%d bytes) at %dx%d: libjpeg-turbo: %s",
			w, h, n, s.X, s.Y, C.GoString(&j.st.msg[0]))
	}
	return dst, full, nil
}

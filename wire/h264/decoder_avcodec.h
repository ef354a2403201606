// The C half of decoder_avcodec.go: one libavcodec H.264 decoder with the
// packet, frame and scaler it reuses, and what libavcodec logged about it.

#ifndef VS_DECODER_AVCODEC_H
#define VS_DECODER_AVCODEC_H

#include <stdint.h>
#include <libavcodec/avcodec.h>
#include <libavutil/frame.h>
#include <libswscale/swscale.h>

// VS_MAGIC marks a vs_dec, so that the log callback writes only into ours.
#define VS_MAGIC 0x76736463

// VS_RING pictures' coverage is kept: H.264 holds at most 16 for reordering.
#define VS_RING 16
// VS_COVER_ROWS is the tallest picture whose coverage is checked, in units of
// 4 pixel rows (the granularity of libavcodec's bands).
#define VS_COVER_ROWS (32768 / 4)

// vs_cover records which rows of the picture decoded from the packet of
// timestamp pts libavcodec reported finished (draw_horiz_band), one bit per
// 4 pixel rows.
typedef struct {
	int64_t pts;
	uint8_t bits[VS_COVER_ROWS / 8];
} vs_cover;

// vs_dec is one decoder. It lives in C memory (av_mallocz): libavcodec's
// slice threads write its log fields while the Go goroutine waits in
// vs_decode, and C may not keep Go pointers.
typedef struct {
	int magic;
	AVCodecContext *ctx;
	AVPacket *pkt;
	AVFrame *frame, *spare;
	AVBufferRef *buf; // the padded copy of the access unit, reused
	struct SwsContext *sws;
	int sws_key[5];           // source w, h, format, output w, h of sws
	int sws_space, sws_range; // the colour details last given to sws
	// Set by the log callback during a vs_decode, read after it returns.
	int errors;     // messages at AV_LOG_ERROR or worse (atomic)
	char msg[256];  // the first of them
	unsigned big_w, big_h; // a picture size libavutil refused
	// With slice threads (error concealment off), the rows of recent
	// pictures, written by the slice threads during vs_decode.
	int slice_threads;
	vs_cover cover[VS_RING];
} vs_dec;

vs_dec *vs_open(int threads, int64_t max_pixels, int *err);
void vs_close(vs_dec *d);
int vs_decode(vs_dec *d, const uint8_t *src, int n, int64_t pts);
int vs_convert(vs_dec *d, uint8_t *dst, int stride, int w, int h);
void vs_release(vs_dec *d);
int vs_covered(vs_dec *d);
// vs_key_frame reports whether f is a keyframe (IDR or recovery point):
// AVFrame.key_frame before FFmpeg 6.1, AV_FRAME_FLAG_KEY after.
int vs_key_frame(const AVFrame *f);
void vs_strerror(int code, char *buf, int size);

// vs_invaliddata is AVERROR_INVALIDDATA, which cgo cannot evaluate.
extern const int vs_invaliddata;

#endif

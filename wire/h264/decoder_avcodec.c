//go:build avcodec && cgo

// The C half of decoder_avcodec.go: see decoder_avcodec.h.

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <libavutil/error.h>
#include <libavutil/log.h>
#include <libavutil/mem.h>
#include <libavutil/pixdesc.h>
#include "decoder_avcodec.h"

// vs_owner returns the vs_dec of the AVCodecContext that logs through avcl,
// itself or its parent (av_image_check_size2 logs through a context of its
// own whose parent is the codec context), or NULL when it is none of ours.
static vs_dec *vs_owner(void *avcl) {
	for (int depth = 0; avcl != NULL && depth < 2; depth++) {
		const AVClass *c = *(const AVClass **)avcl;
		if (c == NULL) {
			return NULL;
		}
		if (c == avcodec_get_class()) {
			vs_dec *d = ((AVCodecContext *)avcl)->opaque;
			return d != NULL && d->magic == VS_MAGIC ? d : NULL;
		}
		if (c->parent_log_context_offset <= 0) {
			return NULL;
		}
		avcl = *(void **)((uint8_t *)avcl + c->parent_log_context_offset);
	}
	return NULL;
}

// vs_log is the process's av_log callback. Messages about our decoders at
// AV_LOG_ERROR or worse are counted and the first is kept, for vs_decode's
// caller; the others about them are dropped (they are returned as errors, so
// hostile input does not flood stderr). Everything else goes to the default
// callback. It runs on libavcodec's slice threads too.
static void vs_log(void *avcl, int level, const char *fmt, va_list vl) {
	vs_dec *d = vs_owner(avcl);
	if (d == NULL) {
		av_log_default_callback(avcl, level, fmt, vl);
		return;
	}
	if (level > AV_LOG_ERROR) {
		return;
	}
	if (__atomic_fetch_add(&d->errors, 1, __ATOMIC_SEQ_CST) != 0) {
		return;
	}
	va_list cp;
	va_copy(cp, vl);
	// av_image_check_size2's two refusals (libavutil/imgutils.c).
	if (strncmp(fmt, "Picture size %ux%u ", 19) == 0) {
		unsigned w = va_arg(cp, unsigned), h = va_arg(cp, unsigned);
		d->big_w = w;
		d->big_h = h;
	}
	va_end(cp);
	vsnprintf(d->msg, sizeof d->msg, fmt, vl);
	size_t n = strlen(d->msg);
	while (n > 0 && (d->msg[n - 1] == '\n' || d->msg[n - 1] == ' ')) {
		d->msg[--n] = 0;
	}
}

// vs_band is the draw_horiz_band callback, used with slice threads only:
// libavcodec calls it, from the slice thread, as each macroblock row's last
// macroblock is decoded (decode_finish_row in h264_slice.c: with deblocking
// the band is the row 20 pixels up, the last row's reaches the bottom; the
// first row's is empty), and it marks the band's rows in the picture's
// vs_cover.
static void vs_band(AVCodecContext *c, const AVFrame *src, int offset[AV_NUM_DATA_POINTERS],
		int y, int type, int height) {
	vs_dec *d = c->opaque;
	if (d == NULL || d->magic != VS_MAGIC || y < 0 || height <= 0) {
		return;
	}
	vs_cover *cv = &d->cover[(uint64_t)src->pts % VS_RING];
	if (cv->pts != src->pts) {
		return;
	}
	for (int u = y / 4; u < (y + height + 3) / 4 && u < VS_COVER_ROWS; u++) {
		__atomic_fetch_or(&cv->bits[u / 8], (uint8_t)(1 << (u % 8)), __ATOMIC_RELAXED);
	}
}

// vs_interlaced reports whether f is interlaced: AVFrame.interlaced_frame
// before FFmpeg 6.1, AV_FRAME_FLAG_INTERLACED after (the field is gone in 8).
static int vs_interlaced(const AVFrame *f) {
#ifdef AV_FRAME_FLAG_INTERLACED
	return (f->flags & AV_FRAME_FLAG_INTERLACED) != 0;
#else
	return f->interlaced_frame;
#endif
}

int vs_key_frame(const AVFrame *f) {
#ifdef AV_FRAME_FLAG_KEY
	return (f->flags & AV_FRAME_FLAG_KEY) != 0;
#else
	return f->key_frame;
#endif
}

// vs_covered reports whether every row of d->frame was reported decoded:
// 1 if so, or when it cannot be told (no slice threads: error concealment
// then flags what is missing; field pictures; pictures taller than
// VS_COVER_ROWS), 0 if some macroblock rows were never decoded. A slice
// missing less than a whole row and no row's end goes unnoticed.
int vs_covered(vs_dec *d) {
	const AVFrame *f = d->frame;
	if (!d->slice_threads || vs_interlaced(f) || f->height > 4 * VS_COVER_ROWS) {
		return 1;
	}
	vs_cover *cv = &d->cover[(uint64_t)f->pts % VS_RING];
	if (cv->pts != f->pts) {
		return 0;
	}
	for (int u = 0; u < (f->height + 3) / 4; u++) {
		if (!(__atomic_load_n(&cv->bits[u / 8], __ATOMIC_RELAXED) & (1 << (u % 8)))) {
			return 0;
		}
	}
	return 1;
}

static pthread_once_t vs_log_once = PTHREAD_ONCE_INIT;

static void vs_log_init(void) { av_log_set_callback(vs_log); }

vs_dec *vs_open(int threads, int64_t max_pixels, int *err) {
	pthread_once(&vs_log_once, vs_log_init);
	const AVCodec *codec = avcodec_find_decoder(AV_CODEC_ID_H264);
	if (codec == NULL) {
		*err = AVERROR_DECODER_NOT_FOUND;
		return NULL;
	}
	vs_dec *d = av_mallocz(sizeof *d);
	if (d == NULL) {
		*err = AVERROR(ENOMEM);
		return NULL;
	}
	d->magic = VS_MAGIC;
	d->sws_space = d->sws_range = -1;
	d->ctx = avcodec_alloc_context3(codec);
	d->pkt = av_packet_alloc();
	d->frame = av_frame_alloc();
	d->spare = av_frame_alloc();
	if (d->ctx == NULL || d->pkt == NULL || d->frame == NULL || d->spare == NULL) {
		vs_close(d);
		*err = AVERROR(ENOMEM);
		return NULL;
	}
	d->ctx->opaque = d;
	d->ctx->flags |= AV_CODEC_FLAG_LOW_DELAY;
	// Pictures libavcodec knows to be damaged (decoded from a point that is
	// not a keyframe or recovery point) are not output: the default, made sure.
	d->ctx->flags &= ~AV_CODEC_FLAG_OUTPUT_CORRUPT;
	d->ctx->flags2 &= ~AV_CODEC_FLAG2_SHOW_ALL;
	d->ctx->thread_count = threads;
	d->ctx->thread_type = FF_THREAD_SLICE;
	d->ctx->max_pixels = max_pixels;
	for (int i = 0; i < VS_RING; i++) {
		d->cover[i].pts = AV_NOPTS_VALUE;
	}
	if (threads > 1) {
		d->ctx->draw_horiz_band = vs_band;
	}
	*err = avcodec_open2(d->ctx, codec, NULL);
	if (*err < 0) {
		vs_close(d);
		return NULL;
	}
	d->slice_threads = (d->ctx->active_thread_type & FF_THREAD_SLICE) != 0;
	if (!d->slice_threads) {
		d->ctx->draw_horiz_band = NULL;
	}
	return d;
}

void vs_close(vs_dec *d) {
	if (d == NULL) {
		return;
	}
	avcodec_free_context(&d->ctx);
	av_packet_free(&d->pkt);
	av_frame_free(&d->frame);
	av_frame_free(&d->spare);
	av_buffer_unref(&d->buf);
	sws_freeContext(d->sws);
	d->magic = 0;
	av_free(d);
}

// vs_fill makes d->buf a writable buffer of at least n bytes and
// AV_INPUT_BUFFER_PADDING_SIZE zeroes after them, holding src. It keeps the
// buffer from call to call; one much larger than needed is replaced, so that
// one huge access unit does not keep its memory for ever.
static int vs_fill(vs_dec *d, const uint8_t *src, int n) {
	size_t need = (size_t)n + AV_INPUT_BUFFER_PADDING_SIZE;
	if (d->buf == NULL || !av_buffer_is_writable(d->buf) || d->buf->size < need ||
			(d->buf->size > (1 << 20) && d->buf->size / 4 > need)) {
		av_buffer_unref(&d->buf);
		d->buf = av_buffer_alloc(need + need / 4);
		if (d->buf == NULL) {
			return AVERROR(ENOMEM);
		}
	}
	memcpy(d->buf->data, src, n);
	memset(d->buf->data + n, 0, AV_INPUT_BUFFER_PADDING_SIZE);
	return 0;
}

// vs_decode sends the access unit src[:n] with timestamp pts and receives the
// picture it completes into d->frame: 0 when there is one, 1 when there is
// none yet, else a negative AVERROR. A second picture (libavcodec gives at
// most one per packet here) replaces the first. What libavcodec logged about
// the decoder during the call is in d->errors, d->msg and d->big_w/h.
int vs_decode(vs_dec *d, const uint8_t *src, int n, int64_t pts) {
	__atomic_store_n(&d->errors, 0, __ATOMIC_SEQ_CST);
	d->msg[0] = 0;
	d->big_w = d->big_h = 0;
	av_frame_unref(d->frame);
	int ret = vs_fill(d, src, n);
	if (ret < 0) {
		return ret;
	}
	d->pkt->buf = av_buffer_ref(d->buf);
	if (d->pkt->buf == NULL) {
		return AVERROR(ENOMEM);
	}
	d->pkt->data = d->buf->data;
	d->pkt->size = n;
	d->pkt->pts = d->pkt->dts = pts;
	if (d->slice_threads) {
		vs_cover *cv = &d->cover[(uint64_t)pts % VS_RING];
		memset(cv->bits, 0, sizeof cv->bits);
		cv->pts = pts;
	}
	ret = avcodec_send_packet(d->ctx, d->pkt);
	if (ret == AVERROR(EAGAIN)) {
		// A picture not received (never left here: every call receives
		// them all) would keep the packet out; drop it and send again.
		while (avcodec_receive_frame(d->ctx, d->spare) == 0) {
			av_frame_unref(d->spare);
		}
		ret = avcodec_send_packet(d->ctx, d->pkt);
	}
	av_packet_unref(d->pkt);
	if (ret < 0) {
		return ret;
	}
	ret = avcodec_receive_frame(d->ctx, d->frame);
	if (ret == AVERROR(EAGAIN)) {
		return 1;
	}
	if (ret < 0) {
		return ret;
	}
	while (avcodec_receive_frame(d->ctx, d->spare) == 0) {
		av_frame_unref(d->frame);
		av_frame_move_ref(d->frame, d->spare);
	}
	return 0;
}

// vs_full_range reports whether f's samples use the full 0-255 range.
static int vs_full_range(const AVFrame *f) {
	switch (f->format) {
	case AV_PIX_FMT_YUVJ420P:
	case AV_PIX_FMT_YUVJ422P:
	case AV_PIX_FMT_YUVJ444P:
		return 1;
	}
	return f->color_range == AVCOL_RANGE_JPEG;
}

// vs_convert converts d->frame to RGBA, scaled to w x h, into dst (h rows of
// stride bytes), honouring the frame's matrix and range, and releases the
// frame. It returns 0 or a negative AVERROR.
int vs_convert(vs_dec *d, uint8_t *dst, int stride, int w, int h) {
	AVFrame *f = d->frame;
	int scaled = w != f->width || h != f->height;
	// libswscale's SIMD YUV-to-RGB path (FFmpeg 5.1, x86) leaves the last
	// pixels of each row unwritten when the width is not a multiple of 16
	// (a 322x182 stream: 2 pixels a row, found by the odd-size test case);
	// accurate rounding takes the C path, which writes every pixel.
	int flags = (scaled ? SWS_BILINEAR : SWS_POINT) | (f->width % 16 ? SWS_ACCURATE_RND : 0);
	struct SwsContext *s = sws_getCachedContext(d->sws, f->width, f->height, f->format,
		w, h, AV_PIX_FMT_RGBA, flags, NULL, NULL, NULL);
	if (s == NULL) {
		d->sws = NULL; // sws_getCachedContext freed it
		av_frame_unref(f);
		return AVERROR(EINVAL);
	}
	int key[5] = {f->width, f->height, f->format, w, h};
	int space = f->colorspace, range = vs_full_range(f);
	// A new context may reuse the old one's address: compare what made it.
	if (s != d->sws || memcmp(key, d->sws_key, sizeof key) != 0 ||
			space != d->sws_space || range != d->sws_range) {
		d->sws = s;
		memcpy(d->sws_key, key, sizeof key);
		d->sws_space = space;
		d->sws_range = range;
		// sws_getCoefficients gives BT.601 for unspecified and unknown spaces.
		sws_setColorspaceDetails(s, sws_getCoefficients(space), range,
			sws_getCoefficients(SWS_CS_DEFAULT), 1, 0, 1 << 16, 1 << 16);
	}
	uint8_t *planes[4] = {dst, NULL, NULL, NULL};
	int strides[4] = {stride, 0, 0, 0};
	int ret = sws_scale(s, (const uint8_t *const *)f->data, f->linesize, 0, f->height, planes, strides);
	av_frame_unref(f);
	return ret == h ? 0 : AVERROR(EINVAL);
}

void vs_release(vs_dec *d) { av_frame_unref(d->frame); }

const int vs_invaliddata = AVERROR_INVALIDDATA;

void vs_strerror(int code, char *buf, int size) {
	if (av_strerror(code, buf, size) < 0) {
		snprintf(buf, size, "error %d", code);
	}
}

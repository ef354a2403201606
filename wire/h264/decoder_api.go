package h264

import (
	"errors"
	"image"
	"runtime"
)

// What both Decoders (decoder_avcodec.go, decoder_none.go) share.

// DecoderOptions say how NewDecoder sets up a Decoder. The zero value is the
// default for a viewer.
type DecoderOptions struct {
	// MaxPixels caps the picture size; 0 means pixel.DefaultMaxPixels. A
	// stream declaring a larger picture is refused before libavcodec
	// allocates it (AVCodecContext.max_pixels).
	MaxPixels int
	// Threads is the number of slice threads; 0 means min(runtime.NumCPU(),
	// 4). Only pictures of several slices (x264's slices=N, rpicam-vid
	// --low-latency on a Pi 5) decode faster on more than one. With more
	// than one libavcodec (FFmpeg 5.1) turns its error concealment off,
	// which is what flags a picture lacking whole slices; the Decoder then
	// checks that every macroblock row of a picture was decoded instead,
	// which misses only a lost slice of less than one row that ends no row.
	// One thread keeps libavcodec's own detection. There is no frame
	// threading: each frame thread adds a frame of latency. More than 16
	// means 16.
	Threads int
}

// threads returns the slice threads o asks for.
func (o DecoderOptions) threads() int {
	if o.Threads > 0 {
		return min(o.Threads, 16)
	}
	return min(runtime.NumCPU(), 4)
}

// ErrNoPicture is Decoder.Decode's error when the access unit decoded
// without error but completes no picture yet: with B-frames (x264 -bf 1)
// pictures come out one access unit late, so the first gives none, and
// pictures before the stream's first keyframe are never output. Callers
// skip it silently.
var ErrNoPicture = errors.New("h264: the access unit completes no picture yet")

// ErrNeedKeyframe is Decoder.Decode's error for a picture that decoded
// without error of its own but refers to one that was damaged or missing
// (an earlier access unit failed): it is dropped, as are the ones after it,
// until a keyframe decodes cleanly.
var ErrNeedKeyframe = errors.New("h264: picture dropped: it depends on a damaged one; waiting for a keyframe")

// AVError is a failure libavcodec reported: the AVERROR code, the text
// av_strerror gives for it, and the first error libavcodec logged about the
// decoder during the call (empty when it logged none).
type AVError struct {
	Code int
	Text string
	Log  string
}

// Error says what libavcodec said.
func (e *AVError) Error() string {
	if e.Log == "" {
		return "libavcodec: " + e.Text
	}
	return "libavcodec: " + e.Text + ": " + e.Log
}

// fitSize returns the size a w x h picture is shown at for fit: the
// smallest size keeping the aspect ratio that covers fit in both dimensions,
// but never larger than w x h; w x h itself when fit has a coordinate <= 0.
func fitSize(w, h int, fit image.Point) image.Point {
	if fit.X <= 0 || fit.Y <= 0 || (fit.X >= w && fit.Y >= h) {
		return image.Pt(w, h)
	}
	var s image.Point
	if int64(fit.X)*int64(h) >= int64(fit.Y)*int64(w) {
		// fit is wider than the picture: its width decides.
		s = image.Pt(fit.X, int((int64(fit.X)*int64(h)+int64(w)-1)/int64(w)))
	} else {
		s = image.Pt(int((int64(fit.Y)*int64(w)+int64(h)-1)/int64(h)), fit.Y)
	}
	return image.Pt(min(max(s.X, 1), w), min(max(s.Y, 1), h))
}

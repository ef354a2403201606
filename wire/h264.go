package wire

// Raw H.264: an Annex-B byte stream, as rpicam-vid --codec h264 -o - and
// ffmpeg -f h264 write it, read one access unit a frame. Keyframes are told
// by the payload: an IDR access unit, completed with the stream's last SPS
// and PPS when it lacks them, so that a reader can start or resume at every
// one.

import (
	"bytes"
	"errors"
	"io"

	"github.com/vidstream/vidstream/wire/h264"
)

// isH264Start reports whether a stream's first 4 bytes, b, start an H.264
// Annex-B stream: a 4-byte start code, 00 00 00 01, or a 3-byte one followed
// by the header of a NAL unit a stream starts with (forbidden bit clear;
// an AUD, SPS, SEI, or a slice). As a seed length the first is 16,777,216
// and the second at least 16,842,752 bytes: a seed stream whose first frame
// is that long (a 4096x4096 grey frame) is read as H.264.
func isH264Start(b []byte) bool {
	if len(b) < 4 || b[0] != 0 || b[1] != 0 {
		return false
	}
	if b[2] == 0 && b[3] == 1 {
		return true
	}
	switch t := int(b[3] & 0x1f); {
	case b[2] != 1 || b[3]&0x80 != 0:
		return false
	default:
		return t == h264.NALAUD || t == h264.NALSPS || t == h264.NALSEI || t == h264.NALIDR || t == h264.NALSlice
	}
}

// h264Reader is a Reader's state for a raw H.264 stream.
type h264Reader struct {
	split  *h264.Splitter
	params h264.ParamSets
}

// startH264 makes r read the raw H.264 stream whose first bytes it has read.
func (r *Reader) startH264() {
	head := bytes.NewReader(bytes.Clone(r.scratch[:4]))
	r.h264 = &h264Reader{split: h264.NewSplitter(io.MultiReader(head, &r.src), r.max)}
}

// h264Frame returns the next access unit, copied into buf. An access unit
// over the cap is reported as a *FrameTooLargeError, which is not final.
func (r *Reader) h264Frame(buf []byte) (Frame, error) {
	au, err := r.h264.split.Next()
	var tl *h264.AUTooLargeError
	switch {
	case errors.As(err, &tl):
		return Frame{}, &FrameTooLargeError{Length: tl.Length, Max: tl.Max}
	case err != nil:
		return Frame{}, err // io.EOF at the end: a recording has no end marker
	}
	useOwn := buf == nil
	if useOwn {
		buf = r.own
	}
	f := Frame{Seq: r.frames}
	f.Payload, f.Keyframe = r.h264.params.Prepare(buf[:0], au.Data)
	if useOwn {
		r.own = f.Payload[:0]
	}
	return f, nil
}

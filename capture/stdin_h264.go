package capture

import (
	"errors"
	"fmt"
	"io"

	"github.com/vidstream/vidstream/wire/h264"
)

// h264Reader is a ReaderSource's state for an H.264 Annex-B stream
// (rpicam-vid --codec h264 -o -): access units split by an h264.Splitter,
// and the newest SPS and PPS, put in front of a keyframe that lacks them
// (rpicam-vid without --inline sends them once, at the start) so that
// every keyframe is one a new viewer can start at.
type h264Reader struct {
	split  *h264.Splitter
	params h264.ParamSets
	buf    []byte // the access unit, completed with the parameter sets when a keyframe lacks them; reused
	noKey  int64  // IDR access units dropped: no SPS and PPS seen yet
}

// readH264 returns the next access unit, skipping (and counting) those over
// the cap; Keyframe is set for an IDR access unit with its SPS and PPS. An
// IDR before any SPS and PPS is passed over as a frame nobody can decode
// (counted in Skipped); slices before the first keyframe are sent, and the
// stream's first viewer waits for a keyframe.
func (s *ReaderSource) readH264() (Frame, error) {
	r := s.h264
	for {
		au, err := r.split.Next()
		s.skipped.Store(r.split.Skipped())
		var tl *h264.AUTooLargeError
		switch {
		case errors.As(err, &tl):
			s.tooLarge.Add(1)
			continue
		case err == io.EOF:
			return Frame{}, io.EOF
		case err != nil:
			return Frame{}, fmt.Errorf("capture: h264 stream: %w", err)
		}
		data, key := r.params.Prepare(r.buf[:0], au.Data)
		r.buf = data
		if au.Keyframe && !key { // an IDR before any SPS and PPS: nobody can decode it
			r.noKey++
			s.skipped.Add(int64(len(au.Data)))
			continue
		}
		f := s.frame(data)
		f.Keyframe = key
		return f, nil
	}
}

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
	buf    []byte // a keyframe completed with the parameter sets; reused
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
		r.params.Observe(au.Data)
		data := au.Data
		if au.Keyframe {
			out, err := r.params.Complete(r.buf[:0], au.Data)
			if err != nil {
				r.noKey++
				s.skipped.Add(int64(len(au.Data)))
				continue
			}
			r.buf, data = out, out
		}
		f := s.frame(data)
		f.Keyframe = au.Keyframe
		return f, nil
	}
}

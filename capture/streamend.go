package capture

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// ErrInputCut is wrapped by the error Stream returns when the source's input
// ended in the middle of a frame (the source's error wraps
// io.ErrUnexpectedEOF): Stream sent the frames before it, dropped and
// counted the partial one, and ended the stream as at the clean end of the
// input, with the end marker when a viewer was connected.
var ErrInputCut = errors.New("capture: the source's input ended in the middle of a frame")

// endOfSource ends the stream once the capture stopped by itself (ctx is not
// done): at the end of the source's input, clean or cut, it sends the
// pending frames and the end marker, and returns nil or the cut's error; any
// other source error is returned as it is, without the end marker (the
// stream failed).
func (s *streamer) endOfSource(ctx context.Context) error {
	cut := s.cut()
	if cut == nil && !errors.Is(s.capErr, io.EOF) {
		return s.capErr
	}
	for { // one frame pending, or an interframe stream's queue
		it, ok := s.out.Take()
		if !ok {
			break
		}
		var err error
		if s.startsAtKeyframe(it) {
			err = s.write(ctx, it, false)
		}
		s.out.Release(it)
		if err != nil {
			return err // the viewer is gone: no end marker to write
		}
	}
	if err := s.finish(); err != nil {
		return err
	}
	return cut
}

// ended returns the error Stream returns when connect gave up with err: the
// cut's error when connect stopped because the source's input was cut while
// no viewer was connected, else err.
func (s *streamer) ended(err error) error {
	select {
	case <-s.capDone: // capErr is set
	default:
		return err
	}
	if err == s.capErr {
		if cut := s.cut(); cut != nil {
			return cut
		}
	}
	return err
}

// cut handles a capture stopped by the source's input ending inside a frame
// (capErr wraps io.ErrUnexpectedEOF; capDone is closed): it counts the
// partial frame as dropped, logs it and returns the error Stream returns,
// wrapping ErrInputCut and capErr. For any other end it returns nil. It is
// called at most once, as the stream ends.
func (s *streamer) cut() error {
	if !errors.Is(s.capErr, io.ErrUnexpectedEOF) {
		return nil
	}
	s.dropped.Add(1)
	s.log(fmt.Sprintf("dropped a partial frame: the source's input ended in the middle of it (%v)", errors.Unwrap(s.capErr)))
	return fmt.Errorf("%w: %w", ErrInputCut, s.capErr)
}

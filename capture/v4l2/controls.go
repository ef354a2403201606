package v4l2

import (
	"errors"
	"fmt"
	"math"

	"github.com/vidstream/vidstream/wire/pixel"
)

// The V4L2 controls picam uses (linux/v4l2-controls.h): the JPEG quality of
// cameras that encode JPEG, and the H.264 encoder's keyframes (the legacy
// camera stack's bcm2835-v4l2 has them all).
const (
	ctrlJPEGQuality     = 0x009d0903 // V4L2_CID_JPEG_COMPRESSION_QUALITY
	ctrlRepeatSeqHeader = 0x009909e2 // V4L2_CID_MPEG_VIDEO_REPEAT_SEQ_HEADER
	ctrlForceKeyFrame   = 0x009909e5 // V4L2_CID_MPEG_VIDEO_FORCE_KEY_FRAME (a button)
	ctrlH264IPeriod     = 0x00990a66 // V4L2_CID_MPEG_VIDEO_H264_I_PERIOD
)

// ctrlInfo is a control's value and range.
type ctrlInfo struct{ value, min, max int32 }

// errClosedCamera is a control used after Close.
var errClosedCamera = errors.New("the camera is closed")

// withControls runs fn with the device while s is open; it may run while
// Next waits for a frame (the driver serialises its ioctls), never after
// Close has closed the device.
func (s *Source) withControls(fn func(device) error) error {
	s.ctlMu.Lock()
	defer s.ctlMu.Unlock()
	if s.ctlClosed {
		return errClosedCamera
	}
	return fn(s.dev)
}

// setUpEncoder asks an H.264 camera for its SPS and PPS before every
// keyframe (picam completes keyframes without them too) and a keyframe a
// second; a camera without those controls keeps its own settings, said in
// the notes.
func (s *Source) setUpEncoder(fps float64) {
	if err := s.dev.setControl(ctrlRepeatSeqHeader, 1); err != nil {
		s.notes = append(s.notes, "the camera cannot repeat its SPS and PPS before keyframes; picam adds them")
	}
	if fps > 0 {
		if err := s.dev.setControl(ctrlH264IPeriod, int32(math.Round(fps))); err != nil {
			s.notes = append(s.notes, "the camera's keyframe interval cannot be set: a new viewer waits for its next keyframe")
		}
	}
}

// RequestKeyframe asks the camera's H.264 encoder for a keyframe soon (a
// viewer connected, or frames were dropped up to the next one); for other
// formats it does nothing. It is safe to call while Next runs.
func (s *Source) RequestKeyframe() error {
	if s.hello.Layout.Format != pixel.FormatH264 {
		return nil
	}
	return s.withControls(func(d device) error {
		if err := d.setControl(ctrlForceKeyFrame, 0); err != nil {
			return fmt.Errorf("camera %s: asking for a keyframe: %w", s.path, err)
		}
		return nil
	})
}

// HasQuality reports whether the camera encodes JPEG with a quality picam
// can change (the JPEG compression quality control).
func (s *Source) HasQuality() bool { return s.quality.max > 0 }

// Quality returns the camera's JPEG quality, 1..100 scaled from the
// control's range; 0 when it has none.
func (s *Source) Quality() int {
	if !s.HasQuality() {
		return 0
	}
	var v int32
	err := s.withControls(func(d device) error {
		c, err := d.control(ctrlJPEGQuality)
		v = c.value
		return err
	})
	if err != nil {
		return int(s.quality.value) // closed, or the driver failed: the last known
	}
	return s.toPercent(v)
}

// AdjustQuality sets the camera's JPEG quality, q 1..100 mapped onto the
// control's range. It is safe to call while Next runs (capture.QualityKnob).
func (s *Source) AdjustQuality(q int) error {
	if !s.HasQuality() {
		return fmt.Errorf("camera %s has no JPEG quality control", s.path)
	}
	if q < 1 || q > 100 {
		return fmt.Errorf("camera %s: JPEG quality %d out of range 1..100", s.path, q)
	}
	r := s.quality
	v := r.min + int32(math.Round(float64(q)/100*float64(r.max-r.min)))
	return s.withControls(func(d device) error {
		if err := d.setControl(ctrlJPEGQuality, v); err != nil {
			return fmt.Errorf("camera %s: setting the JPEG quality to %d: %w", s.path, q, err)
		}
		return nil
	})
}

// toPercent maps a quality control value onto 1..100.
func (s *Source) toPercent(v int32) int {
	r := s.quality
	if r.max <= r.min {
		return 100
	}
	return min(100, max(1, int(math.Round(float64(v-r.min)*100/float64(r.max-r.min)))))
}

// findQuality looks for the JPEG quality control of a camera sending JPEG.
func (s *Source) findQuality() {
	if s.hello.Layout.Format != pixel.FormatJPEG {
		return
	}
	if c, err := s.dev.control(ctrlJPEGQuality); err == nil && c.max > c.min {
		s.quality = c
	}
}

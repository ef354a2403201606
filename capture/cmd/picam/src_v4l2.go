package main

// -source v4l2: a V4L2 camera, opened again when it is lost; and -list.

import (
	"fmt"
	"io"
	"strings"
	"sync/atomic"

	"github.com/vidstream/vidstream/capture"
	"github.com/vidstream/vidstream/capture/v4l2"
	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/pixel"
)

// sourceV4L2 is -source v4l2.
const sourceV4L2 = "v4l2"

var v4l2Source = sourceKind{name: sourceV4L2, check: checkV4L2, open: openV4L2}

// checkV4L2 makes the format the camera's best unless -format is given (or
// -proto mjpeg needs JPEG). The camera says which formats and sizes it
// offers.
func checkV4L2(c *config, set map[string]bool) error {
	if !set["format"] && c.Proto != wire.ProtoMJPEG {
		c.Format = pixel.FormatUnknown // the camera's best
	}
	return nil
}

// openV4L2 opens the camera cfg names, with its notes; a camera unplugged
// or stalled is opened again, saying so to log.
func openV4L2(cfg config, _ io.Reader, log func(string)) (openedSource, error) {
	cam, err := openCamera(cfg)
	if err != nil {
		return openedSource{}, err
	}
	var current atomic.Pointer[v4l2.Source] // the camera open now, for its controls
	current.Store(cam)
	reopen := func() (capture.Source, error) {
		again, err := openCamera(cfg)
		if err != nil {
			return nil, err // not a nil *v4l2.Source in the interface
		}
		current.Store(again)
		return again, nil
	}
	src := capture.Reopen(cam, reopen, capture.ReopenConfig{Log: log})
	o := openedSource{src: src, notes: cam.Notes()}
	if cam.Hello().Layout.Format == pixel.FormatH264 {
		o.keyframe = func() error { return current.Load().RequestKeyframe() }
	}
	if cam.HasQuality() {
		o.quality = cameraQuality{&current}
	}
	return o, nil
}

// cameraQuality is the JPEG quality control of the camera open now.
type cameraQuality struct{ cam *atomic.Pointer[v4l2.Source] }

// Quality returns the camera's JPEG quality.
func (q cameraQuality) Quality() int { return q.cam.Load().Quality() }

// AdjustQuality sets the camera's JPEG quality.
func (q cameraQuality) AdjustQuality(v int) error { return q.cam.Load().AdjustQuality(v) }

// openCamera opens the V4L2 camera cfg names.
func openCamera(cfg config) (*v4l2.Source, error) {
	src, err := v4l2.Open(v4l2.Config{
		Device: cfg.Device, Width: cfg.Width, Height: cfg.Height, FPS: cfg.FPS, Format: cfg.Format, Name: cfg.Name,
	})
	if err != nil {
		return nil, nameDevice("-source v4l2", cfg.Device, err)
	}
	return src, nil
}

// listCameras writes what the camera at device offers to w (-list); device
// "" lists every video node.
func listCameras(device string, w io.Writer) error {
	if err := v4l2.List(device, w); err != nil {
		return nameDevice("-list", device, err)
	}
	return nil
}

// nameDevice wraps err with what failed, naming device unless err does.
func nameDevice(what, device string, err error) error {
	if strings.Contains(err.Error(), device) {
		return fmt.Errorf("%s: %w", what, err)
	}
	return fmt.Errorf("%s %s: %w", what, device, err)
}

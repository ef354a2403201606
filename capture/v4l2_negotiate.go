package capture

// The V4L2 source's negotiation with the camera: the pixel format, size and
// frame rate picam asks for and what the driver grants, the layout of the
// frames that follow, and advice on the result.

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"os"
	"strings"
	"syscall"
	"unicode/utf8"

	"github.com/vidstream/vidstream/wire"
)

// negotiate picks and sets the camera format, sets the frame rate, fills
// s's layout and hello and starts streaming.
func (s *V4L2Source) negotiate(cfg V4L2Config, cands []fourCC, w, h int) error {
	descs, err := s.dev.formats()
	if err != nil {
		return v4l2StepError(s.path, "list formats", err)
	}
	// Each candidate the camera lists, best first; one it refuses or
	// adjusts (drivers that list no sizes do) gives way to the next. The
	// first refusal is the error if none is taken; busy ends the search.
	var pf v4l2PixFormat
	var refused error
	found := false
	for _, c := range cands {
		if !v4l2HasFormat(descs, c) {
			continue
		}
		if sizes, err := s.dev.frameSizes(c); err == nil && len(sizes) > 0 && !v4l2AnyContains(sizes, w, h) {
			continue
		}
		var err error
		if pf, err = s.dev.setFormat(c, w, h); err != nil {
			err = v4l2StepError(s.path, fmt.Sprintf("set format %v %dx%d", c, w, h), err)
			if errors.Is(err, syscall.EBUSY) {
				return err
			}
		} else if pf.fcc != c || pf.width != w || pf.height != h {
			err = fmt.Errorf("camera %s gave %v %dx%d when asked for %v %dx%d; %s",
				s.path, pf.fcc, pf.width, pf.height, c, w, h, v4l2Offers(s.dev, descs))
		}
		if err != nil {
			refused = cmp.Or(refused, err)
			continue
		}
		found = true
		break
	}
	if !found && refused != nil {
		return refused
	}
	if !found {
		what := "a format picam captures (MJPG, JPEG, YUYV, YU12, RGB3)"
		if cfg.Format != wire.FormatUnknown {
			names := make([]string, len(cands))
			for i, c := range cands {
				names[i] = c.String()
			}
			what = fmt.Sprintf("%v (%s)", cfg.Format, strings.Join(names, " or "))
		}
		return fmt.Errorf("camera %s does not offer %s at %dx%d; %s", s.path, what, w, h, v4l2Offers(s.dev, descs))
	}
	layout, err := s.setLayout(pf)
	if err != nil {
		return err
	}
	s.notes = v4l2Advice(s.dev.info(), pf)
	fps, err := s.dev.setFPS(cfg.FPS)
	if err != nil {
		return v4l2StepError(s.path, "set frame rate", err)
	}
	if math.IsNaN(fps) || fps < 0 || fps > v4l2MaxFPS {
		fps = 0
	}
	s.hello = wire.Hello{Version: wire.Version, Layout: layout, FPS: fps, Name: v4l2SenderName(cfg.Name, s.path)}
	s.stall = v4l2StallAfter(cmp.Or(fps, cfg.FPS)) // the driver's rate, else the one asked
	if err := s.dev.start(); err != nil {
		return v4l2StepError(s.path, "start streaming", err)
	}
	return nil
}

// setLayout checks the set format pf and fills s's frame geometry; it
// returns the layout of the frames Next returns.
func (s *V4L2Source) setLayout(pf v4l2PixFormat) (wire.Layout, error) {
	w, h, bpl := pf.width, pf.height, pf.bpl
	out := pf.fcc.sends()
	if bpp := v4l2BytesPerPixel(pf.fcc); bpp > 0 {
		if bpl == 0 {
			bpl = w * bpp
		}
		lo := w * bpp
		if pf.fcc == fccYUYV {
			lo = 4 * ((w + 1) / 2) // whole macropixels
		}
		if bpl < lo || bpl > wire.MaxDimension*4 {
			return wire.Layout{}, fmt.Errorf("camera %s: %v %dx%d has %d bytes per line, want %d..%d",
				s.path, pf.fcc, w, h, bpl, lo, wire.MaxDimension*4)
		}
	}
	s.camW, s.camH, s.camBPL = w, h, bpl
	var l wire.Layout
	switch pf.fcc {
	case fccMJPG, fccJPEG:
		l, s.need = wire.Layout{Format: out, Width: w, Height: h}, 3
	case fccYUYV:
		l = yuyvI420Layout(w, h)
		s.need, s.convert = bpl*(h-1)+4*((w+1)/2), true
	default:
		l = wire.Layout{Format: out, Width: w, Height: h, Stride: bpl, Rows: h}
		s.need = l.Size()
	}
	if err := l.Validate(); err != nil {
		return wire.Layout{}, fmt.Errorf("camera %s: %v %dx%d (%d bytes per line): %w", s.path, pf.fcc, w, h, bpl, err)
	}
	return l, nil
}

// v4l2SenderName returns name, or "picam on <hostname> <device>", at most 255 bytes.
func v4l2SenderName(name, path string) string {
	if name == "" {
		name = "picam on " + path
		if host, err := os.Hostname(); err == nil && host != "" {
			name = "picam on " + host + " " + path
		}
	}
	for len(name) > 255 {
		_, n := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-n]
	}
	return name
}

// bcm2835 raw limits: above this size the legacy Pi camera driver captures
// raw formats through the camera's still port (its max_video_width and
// max_video_height module parameters), a few frames a second.
const bcm2835MaxVideoW, bcm2835MaxVideoH = 1280, 720

// v4l2Advice returns notes on a negotiated format the user may want to
// change: raw frames above 1280x720 from the legacy Pi camera driver.
func v4l2Advice(in v4l2Info, pf v4l2PixFormat) []string {
	if strings.Contains(in.driver, "2835 mmal") && pf.fcc.sends().IsRaw() &&
		(pf.width > bcm2835MaxVideoW || pf.height > bcm2835MaxVideoH) {
		return []string{fmt.Sprintf("%v at %dx%d: the legacy Pi camera driver captures raw formats above %dx%d "+
			"through the still port, at a few frames a second; -format jpeg (MJPEG from its encoder) keeps video rates",
			pf.fcc, pf.width, pf.height, bcm2835MaxVideoW, bcm2835MaxVideoH)}
	}
	return nil
}

// Notes returns advice about the format the camera was set to (say, a raw
// format the driver delivers slowly at that size), one line each; none
// usually.
func (s *V4L2Source) Notes() []string { return s.notes }

package v4l2

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
	"github.com/vidstream/vidstream/wire/pixel"
)

// negotiate picks and sets the camera format, sets the frame rate, fills
// s's layout and hello and starts streaming.
func (s *Source) negotiate(cfg Config, cands []cameraFormat, w, h int) error {
	descs, err := s.dev.formats()
	if err != nil {
		return stepError(s.path, "list formats", err)
	}
	// Each candidate the camera lists, best first; one it refuses or
	// adjusts (drivers that list no sizes do) gives way to the next. The
	// first refusal is the error if none is taken; busy ends the search.
	var pf pixFormat
	var cf cameraFormat
	var refused error
	found := false
	for _, cand := range cands {
		c := cand.code
		if !hasFormat(descs, c) {
			continue
		}
		if sizes, err := s.dev.frameSizes(c); err == nil && len(sizes) > 0 && !anyContains(sizes, w, h) {
			continue
		}
		var err error
		if pf, err = s.dev.setFormat(c, w, h); err != nil {
			err = stepError(s.path, fmt.Sprintf("set format %s %dx%d", c.Code(), w, h), err)
			if errors.Is(err, syscall.EBUSY) {
				return err
			}
		} else if pf.fcc != c || pf.width != w || pf.height != h {
			err = fmt.Errorf("camera %s gave %s %dx%d when asked for %s %dx%d; %s",
				s.path, pf.fcc.Code(), pf.width, pf.height, c.Code(), w, h, offers(s.dev, descs))
		}
		if err != nil {
			refused = cmp.Or(refused, err)
			continue
		}
		cf, found = cand, true
		break
	}
	if !found && refused != nil {
		return refused
	}
	if !found {
		what := "a format picam captures (" + bestCodes() + ")"
		if cfg.Format != pixel.FormatUnknown {
			names := make([]string, len(cands))
			for i, c := range cands {
				names[i] = c.code.Code()
			}
			what = fmt.Sprintf("%v (%s)", cfg.Format, strings.Join(names, " or "))
		}
		return fmt.Errorf("camera %s does not offer %s at %dx%d; %s", s.path, what, w, h, offers(s.dev, descs))
	}
	layout, err := s.setLayout(pf, cf)
	if err != nil {
		return err
	}
	s.notes = advice(s.dev.info(), pf)
	fps, err := s.dev.setFPS(cfg.FPS)
	if err != nil {
		return stepError(s.path, "set frame rate", err)
	}
	if math.IsNaN(fps) || fps < 0 || fps > maxFPS {
		fps = 0
	}
	s.hello = wire.Hello{Version: wire.Version, Layout: layout, FPS: fps, Name: senderName(cfg.Name, s.path), Clock: wire.ClockCamera}
	s.stall = stallAfter(cmp.Or(fps, cfg.FPS)) // the driver's rate, else the one asked
	if err := s.dev.start(); err != nil {
		return stepError(s.path, "start streaming", err)
	}
	return nil
}

// setLayout checks the format pf the camera set, cf in the table, and
// fills s's frame geometry; it returns the layout of the frames Next
// returns.
func (s *Source) setLayout(pf pixFormat, cf cameraFormat) (pixel.Layout, error) {
	w, h, bpl := pf.width, pf.height, pf.bpl
	if bpp := cf.bpp; bpp > 0 {
		if bpl == 0 {
			bpl = w * bpp
		}
		lo := w * bpp
		if cf.convert {
			lo = 4 * ((w + 1) / 2) // whole YUYV macropixels
		}
		if bpl < lo || bpl > pixel.MaxDimension*4 {
			return pixel.Layout{}, fmt.Errorf("camera %s: %s %dx%d has %d bytes per line, want %d..%d",
				s.path, pf.fcc.Code(), w, h, bpl, lo, pixel.MaxDimension*4)
		}
	}
	s.camW, s.camH, s.camBPL = w, h, bpl
	var l pixel.Layout
	switch {
	case cf.bpp == 0: // compressed: JPEG (its SOI and a marker), H.264 (a start code and a NAL header)
		l, s.need = pixel.Layout{Format: cf.sends, Width: w, Height: h}, 4
	case cf.convert: // YUYV, sent as I420
		l = pixel.I420Layout(w, h)
		s.need, s.convert = bpl*(h-1)+4*((w+1)/2), true
	default:
		l = pixel.Layout{Format: cf.sends, Width: w, Height: h, Stride: bpl, Rows: h}
		s.need = l.Size()
	}
	if err := l.Validate(); err != nil {
		return pixel.Layout{}, fmt.Errorf("camera %s: %s %dx%d (%d bytes per line): %w", s.path, pf.fcc.Code(), w, h, bpl, err)
	}
	return l, nil
}

// senderName returns name, or "picam on <hostname> <device>", at most 255 bytes.
func senderName(name, path string) string {
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

// advice returns notes on a negotiated format the user may want to
// change: raw frames above 1280x720 from the legacy Pi camera driver.
func advice(in deviceInfo, pf pixFormat) []string {
	if cf, ok := lookup(pf.fcc); ok && cf.sends.IsRaw() && strings.Contains(in.driver, "2835 mmal") &&
		(pf.width > bcm2835MaxVideoW || pf.height > bcm2835MaxVideoH) {
		return []string{fmt.Sprintf("%s at %dx%d: the legacy Pi camera driver captures raw formats above %dx%d "+
			"through the still port, at a few frames a second; -format jpeg (MJPEG from its encoder) keeps video rates",
			pf.fcc.Code(), pf.width, pf.height, bcm2835MaxVideoW, bcm2835MaxVideoH)}
	}
	return nil
}

// Notes returns advice about the format the camera was set to (say, a raw
// format the driver delivers slowly at that size), one line each; none
// usually.
func (s *Source) Notes() []string { return s.notes }

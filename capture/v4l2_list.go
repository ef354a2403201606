package capture

// picam -list, and the list of what a camera offers in negotiation errors.

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/vidstream/vidstream/wire"
)

// v4l2FPSString formats a frame rate to at most 3 decimals: "30", "7.5", "29.97".
func v4l2FPSString(fps float64) string {
	return fmt.Sprint(math.Round(fps*1000) / 1000)
}

// v4l2RatesString formats a size's frame rates: "30, 15 fps" or "1-90 fps".
func v4l2RatesString(rates []v4l2FrameRate) string {
	var parts []string
	for _, r := range rates {
		if r.stepwise {
			parts = append(parts, v4l2FPSString(r.max.fps())+"-"+v4l2FPSString(r.min.fps()))
		} else {
			parts = append(parts, v4l2FPSString(r.min.fps()))
		}
	}
	return strings.Join(parts, ", ") + " fps"
}

// ListV4L2 writes to w what the camera at device offers: its card and
// driver, then each pixel format with what picam does with it, and under it
// each frame size (discrete, or a stepwise range) with its frame rates, one
// per line. With device "" it lists every /dev/video* node: each camera so,
// the other nodes (a Pi's codec and ISP nodes, say) a line each saying what
// they are; it fails only when none is a camera.
func ListV4L2(device string, w io.Writer) error {
	if !v4l2Available {
		_, err := openPlatformDevice(device) // says why this build has none
		return err
	}
	if device == "" {
		return listAllV4L2(w, openPlatformDevice)
	}
	return listV4L2(device, w, openPlatformDevice)
}

// v4l2SortedNodes returns the video nodes in numeric order: /dev/video2
// before /dev/video10.
func v4l2SortedNodes() []string {
	nodes := v4l2VideoNodes()
	slices.SortFunc(nodes, func(a, b string) int {
		return cmp.Or(cmp.Compare(len(a), len(b)), strings.Compare(a, b))
	})
	return nodes
}

// listAllV4L2 is ListV4L2 of every video node, in numeric order.
func listAllV4L2(w io.Writer, open func(string) (device, error)) error {
	nodes := v4l2SortedNodes()
	var b strings.Builder
	cameras := 0
	for _, path := range nodes {
		dev, err := open(path)
		if err != nil {
			fmt.Fprintf(&b, "%s: %v\n\n", path, err)
			continue
		}
		text, err := v4l2Listing(path, dev)
		if err = errors.Join(err, dev.close()); err != nil {
			fmt.Fprintf(&b, "%s: %v\n\n", path, err)
			continue
		}
		b.WriteString(text + "\n")
		cameras++
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("capture: writing the camera list: %w", err)
	}
	if cameras == 0 {
		return fmt.Errorf("no camera found (%s)", v4l2Found())
	}
	return nil
}

// v4l2Offers says what the camera offers, e.g. "it offers MJPG 640x480,
// 1280x720; YUYV 640x480", with a hint when picam can capture none of it.
func v4l2Offers(dev device, descs []v4l2FormatDesc) string {
	var parts []string
	usable := false
	for _, d := range descs {
		p := d.fcc.String()
		if sizes, err := dev.frameSizes(d.fcc); err == nil && len(sizes) > 0 {
			var ss []string
			for _, sz := range sizes {
				ss = append(ss, sz.String())
			}
			p += " " + strings.Join(ss, ", ")
		}
		if d.fcc.sends() == wire.FormatUnknown {
			p += " (not captured by picam)"
		} else {
			usable = true
		}
		parts = append(parts, p)
	}
	if len(parts) == 0 {
		return "it offers no capture formats"
	}
	r := "it offers " + strings.Join(parts, "; ")
	if !usable {
		r += "; " + v4l2LibcameraHint
	}
	return r
}

// v4l2LibcameraHint is the way out when the camera node gives only raw Bayer.
const v4l2LibcameraHint = "on libcamera-era Pis (Camera Module 3, Bookworm, Pi 5) the camera node gives raw Bayer only: " +
	"use rpicam-vid -t 0 --codec mjpeg -o - | picam -source stdin -format jpeg"

// listV4L2 is ListV4L2 on the devices open makes.
func listV4L2(path string, w io.Writer, open func(string) (device, error)) error {
	path = v4l2OrDefault(path, DefaultV4L2Device)
	dev, err := open(path)
	if err != nil {
		return v4l2OpenError(path, err)
	}
	text, err := v4l2Listing(path, dev)
	err = errors.Join(err, dev.close())
	if err != nil {
		return err
	}
	if _, err := io.WriteString(w, text); err != nil {
		return fmt.Errorf("capture: writing the camera list: %w", err)
	}
	return nil
}

// v4l2Listing returns ListV4L2's text for dev.
func v4l2Listing(path string, dev device) (string, error) {
	descs, err := dev.formats()
	if err != nil {
		return "", v4l2StepError(path, "list formats", err)
	}
	var b strings.Builder
	in := dev.info()
	fmt.Fprintf(&b, "%s: %s (driver %s, bus %s)\n", path, in.card, in.driver, in.bus)
	usable := false
	for _, d := range descs {
		fmt.Fprintf(&b, "%v  %s", d.fcc, d.desc)
		if d.compressed {
			b.WriteString(" (compressed)")
		}
		if d.emulated {
			b.WriteString(" (emulated)")
		}
		switch out := d.fcc.sends(); {
		case out == wire.FormatUnknown:
			b.WriteString(": not captured by picam\n")
		case d.fcc == fccYUYV:
			b.WriteString(": picam -format yuv (converted to I420)\n")
			usable = true
		default:
			fmt.Fprintf(&b, ": picam -format %v\n", out)
			usable = true
		}
		sizes, err := dev.frameSizes(d.fcc)
		if err != nil || len(sizes) == 0 {
			b.WriteString("    sizes not listed by the driver\n")
			continue
		}
		for _, sz := range sizes {
			at := ""
			rw, rh := sz.minW, sz.minH
			if sz.stepwise {
				rw, rh = sz.maxW, sz.maxH
				at = fmt.Sprintf(" at %dx%d", rw, rh)
			}
			if rates, err := dev.frameRates(d.fcc, rw, rh); err == nil && len(rates) > 0 {
				fmt.Fprintf(&b, "    %v: %s%s\n", sz, v4l2RatesString(rates), at)
			} else {
				fmt.Fprintf(&b, "    %v\n", sz)
			}
		}
	}
	if len(descs) == 0 {
		b.WriteString("no capture formats\n")
	} else if !usable {
		b.WriteString("picam captures none of these: " + v4l2LibcameraHint + "\n")
	}
	return b.String(), nil
}

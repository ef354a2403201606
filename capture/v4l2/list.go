package v4l2

// picam -list, and the list of what a camera offers in negotiation errors.

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
)

// fpsString formats a frame rate to at most 3 decimals: "30", "7.5", "29.97".
func fpsString(fps float64) string {
	return fmt.Sprint(math.Round(fps*1000) / 1000)
}

// ratesString formats a size's frame rates: "30, 15 fps" or "1-90 fps".
func ratesString(rates []frameRate) string {
	var parts []string
	for _, r := range rates {
		if r.stepwise {
			parts = append(parts, fpsString(r.max.fps())+"-"+fpsString(r.min.fps()))
		} else {
			parts = append(parts, fpsString(r.min.fps()))
		}
	}
	return strings.Join(parts, ", ") + " fps"
}

// List writes to w what the camera at path offers: its card and driver,
// then each pixel format with what picam does with it, and under it each
// frame size (discrete, or a stepwise range) with its frame rates, one per
// line. With path "" it lists every /dev/video* node: each camera so, the
// other nodes (a Pi's codec and ISP nodes, say) a line each saying what
// they are; it fails only when none is a camera.
func List(path string, w io.Writer) error {
	if !Available {
		_, err := openPlatformDevice(path) // says why this build has none
		return err
	}
	if path == "" {
		return listAll(w, openPlatformDevice)
	}
	return listOne(path, w, openPlatformDevice)
}

// sortedNodes returns the video nodes in numeric order: /dev/video2
// before /dev/video10.
func sortedNodes() []string {
	nodes := videoNodes()
	slices.SortFunc(nodes, func(a, b string) int {
		return cmp.Or(cmp.Compare(len(a), len(b)), strings.Compare(a, b))
	})
	return nodes
}

// listAll is List of every video node, in numeric order.
func listAll(w io.Writer, open func(string) (device, error)) error {
	nodes := sortedNodes()
	var b strings.Builder
	cameras := 0
	for _, path := range nodes {
		dev, err := open(path)
		if err != nil {
			fmt.Fprintf(&b, "%s: %v\n\n", path, err)
			continue
		}
		text, err := listing(path, dev)
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
		return fmt.Errorf("no camera found (%s)", foundNodes())
	}
	return nil
}

// offers says what the camera offers, e.g. "it offers MJPG 640x480,
// 1280x720; YUYV 640x480", with a hint when picam can capture none of it.
func offers(dev device, descs []formatDesc) string {
	var parts []string
	usable := false
	for _, d := range descs {
		p := d.fcc.Code()
		if sizes, err := dev.frameSizes(d.fcc); err == nil && len(sizes) > 0 {
			var ss []string
			for _, sz := range sizes {
				ss = append(ss, sz.String())
			}
			p += " " + strings.Join(ss, ", ")
		}
		if _, ok := lookup(d.fcc); !ok {
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
		r += "; " + libcameraHint
	}
	return r
}

// libcameraHint is the way out when the camera node gives only raw Bayer.
const libcameraHint = "on libcamera-era Pis (Camera Module 3, Bookworm, Pi 5) the camera node gives raw Bayer only: " +
	"use rpicam-vid -t 0 --codec mjpeg --flush -o - | picam -source stdin -format jpeg"

// listOne is List on the devices open makes.
func listOne(path string, w io.Writer, open func(string) (device, error)) error {
	path = cmp.Or(path, DefaultDevice)
	dev, err := open(path)
	if err != nil {
		return openError(path, err)
	}
	text, err := listing(path, dev)
	err = errors.Join(err, dev.close())
	if err != nil {
		return err
	}
	if _, err := io.WriteString(w, text); err != nil {
		return fmt.Errorf("capture: writing the camera list: %w", err)
	}
	return nil
}

// listing returns List's text for dev.
func listing(path string, dev device) (string, error) {
	descs, err := dev.formats()
	if err != nil {
		return "", stepError(path, "list formats", err)
	}
	var b strings.Builder
	in := dev.info()
	fmt.Fprintf(&b, "%s: %s (driver %s, bus %s)\n", path, in.card, in.driver, in.bus)
	usable := false
	for _, d := range descs {
		fmt.Fprintf(&b, "%s  %s", d.fcc.Code(), d.desc)
		if d.compressed {
			b.WriteString(" (compressed)")
		}
		if d.emulated {
			b.WriteString(" (emulated)")
		}
		switch cf, ok := lookup(d.fcc); {
		case !ok:
			b.WriteString(": not captured by picam\n")
		case cf.convert:
			fmt.Fprintf(&b, ": picam -format %v (converted to I420)\n", cf.sends)
			usable = true
		default:
			fmt.Fprintf(&b, ": picam -format %v\n", cf.sends)
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
				fmt.Fprintf(&b, "    %v: %s%s\n", sz, ratesString(rates), at)
			} else {
				fmt.Fprintf(&b, "    %v\n", sz)
			}
		}
	}
	if len(descs) == 0 {
		b.WriteString("no capture formats\n")
	} else if !usable {
		b.WriteString("picam captures none of these: " + libcameraHint + "\n")
	}
	return b.String(), nil
}

package main

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/vidstream/vidstream/capture"
	"github.com/vidstream/vidstream/capture/testpattern"
	"github.com/vidstream/vidstream/capture/v4l2"
	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/pixel"
)

// maxFPS bounds -fps for every source.
const maxFPS = capture.MaxTestFPS

// config is picam's command line, parsed and checked.
type config struct {
	Source  string        // a name in sources: sourceTest, sourceV4L2 or sourceStdin
	Addr    string        // viewer address host:port (-to HOST), or "" (found on the network, or -o)
	Find    bool          // look for the viewer on the network (DNS-SD): no -to, or -to NAME
	Viewer  string        // the viewer's name to look for (-to NAME); "" takes the only one
	Out     string        // output file (-o), "-" for stdout, or "" with -to
	Width   int           // frame width in pixels
	Height  int           // frame height in pixels
	SizeSet bool          // -W or -H was given
	Format  pixel.Format  // payload format; FormatUnknown: the camera's best (v4l2 without -format)
	FPS     float64       // frame rate; 0 = as fast as possible (test) or the camera's (v4l2)
	Frames  int           // frames to send; 0 = until interrupted or the source ends
	Proto   wire.Protocol // wire.ProtoSeed, ProtoV2, ProtoMJPEG or ProtoH264
	Device  string        // V4L2 device node
	List    bool          // -list: print the device's formats and exit; Device "" lists every node
	Name    string        // sender name in the v2 hello; "" = the source's default
	Quality int           // JPEG quality 1..100 (test source)
	Noise   int           // test pattern noise amplitude 0..255 (test source)
	Code    bool          // -timecode: draw the capture time as a machine-readable strip (test source)
	MinQ    int           // lowest JPEG quality when the link is too slow (-min-quality)
	YUV     string        // stdin I420 padding: capture.YUVRpicam or capture.YUVPicamera
	Plain   bool          // -plain: a v2 stream to the viewer unencrypted, without pairing
	Keys    string        // -keys: the folder of picam's key pair and paired viewers; "" = keysDir()
	Forget  string        // -forget NAME: unpair the viewer NAME and exit
}

// flagSet returns picam's flags, bound to c (and to the raw strings that
// parseConfig checks afterwards), writing its messages to out.
func flagSet(c *config, to, format, proto *string, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("picam", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&c.Source, "source", sourceTest, "frame source: test (a moving test pattern), v4l2 (a camera, see -device)\n"+
		"or stdin (JPEGs or fixed-size raw frames, e.g. from rpicam-vid -t 0 --codec mjpeg --flush -o -)")
	fs.StringVar(to, "to", "", "viewer address HOST[:PORT] (port "+strconv.Itoa(wire.DefaultPort)+" when omitted), or the name of a viewer found on\n"+
		"the network when there are several; without -to (and -o), the viewer on the network is found by itself. Retried until it answers")
	fs.StringVar(&c.Out, "o", "", "write the stream to this file instead (- for stdout)")
	fs.IntVar(&c.Width, "W", wire.SeedWidth, "frame width in pixels")
	fs.IntVar(&c.Height, "H", wire.SeedHeight, "frame height in pixels")
	fs.StringVar(format, "format", "jpeg", "frame format: jpeg, h264, yuv, rgb, bgr, rgba, bgra or grey\n"+
		"(v4l2 without -format: the camera's best; stdin: jpeg, h264 or yuv; test: not h264)")
	fs.Float64Var(&c.FPS, "fps", 30, "frames per second (0: as fast as possible, or the camera's rate)")
	fs.IntVar(&c.Frames, "frames", 0, "frames to send, then end the stream (0: until interrupted or the source ends)")
	fs.StringVar(proto, "proto", wire.ProtoV2.String(), "protocol: seed (the blog post's), v2 (with a hello, sequence numbers\n"+
		"and capture times), mjpeg (plain concatenated JPEGs, for recordings) or h264 (a raw .h264 file)")
	fs.StringVar(&c.YUV, "yuv-layout", capture.YUVRpicam, "padding of -source stdin -format yuv frames: rpicam (rpicam-vid --codec yuv420:\n"+
		"rows of the width rounded up to 64 bytes) or picamera (raspividyuv: width to 32, height to 16)")
	fs.StringVar(&c.Device, "device", v4l2.DefaultDevice, "V4L2 camera device (-source v4l2, -list)")
	fs.BoolVar(&c.List, "list", false, "print the formats, sizes and frame rates -device offers (without -device: every /dev/video* node), and exit")
	fs.StringVar(&c.Name, "name", "", "sender name announced in the v2 hello")
	fs.IntVar(&c.Quality, "quality", capture.DefaultQuality, "JPEG quality, 1..100 (-source test)")
	fs.IntVar(&c.MinQ, "min-quality", capture.DefaultMinQuality, "lowest JPEG quality picam lowers to while the link cannot carry\n"+
		"every frame (-source test, or a camera with a JPEG quality control); -min-quality 100 never lowers it")
	fs.IntVar(&c.Noise, "noise", 0, "test pattern noise amplitude, 0..255, for camera-like JPEG sizes (-source test)")
	fs.BoolVar(&c.Code, "timecode", false, "draw each frame's capture time as a strip of blocks across the bottom, for a latency probe to read off the screen (-source test)")
	fs.BoolVar(&c.Plain, "plain", false, "send the v2 stream to the viewer unencrypted, without pairing (for viewers before pairing);\n"+
		"-proto seed (the blog post's) and mjpeg are always unencrypted")
	fs.StringVar(&c.Keys, "keys", "", "folder of picam's key pair and the viewers it paired with (default: $STATE_DIRECTORY\n"+
		"under systemd, else "+filepath.Join("~", ".config", "picam")+")")
	fs.StringVar(&c.Forget, "forget", "", "forget the viewer NAME paired with (so as to pair again after it was reinstalled), and exit")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: picam -to HOST[:PORT] | -o FILE|- [flags]\n"+
			"       picam -list [-device /dev/video0]\n\n"+
			"picam streams camera frames to a vidstream viewer over TCP, or writes them to a file.\n\nflags:\n")
		fs.PrintDefaults()
	}
	return fs
}

// usage writes picam's usage text to w.
func usage(w io.Writer) {
	var c config
	var to, format, proto string
	flagSet(&c, &to, &format, &proto, w).Usage()
}

// parseConfig parses and checks picam's arguments (without the program
// name). It returns flag.ErrHelp for -h.
func parseConfig(args []string) (config, error) {
	var c config
	var to, format, proto string
	fs := flagSet(&c, &to, &format, &proto, io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return config{}, err
		}
		return config{}, fmt.Errorf("bad arguments: %w", err)
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	c.SizeSet = set["W"] || set["H"]
	if c.Device == "" {
		return config{}, errors.New("-device: empty")
	}
	if c.YUV != capture.YUVRpicam && c.YUV != capture.YUVPicamera {
		return config{}, fmt.Errorf("-yuv-layout %q: must be %s or %s", c.YUV, capture.YUVRpicam, capture.YUVPicamera)
	}
	var err error
	// -list needs no protocol: a bad -proto is refused only when streaming.
	if c.Proto, err = wire.ParseProtocol(proto); err != nil && !c.List {
		return config{}, fmt.Errorf("-proto %q: must be %v, %v, %v or %v", proto, wire.ProtoSeed, wire.ProtoV2, wire.ProtoMJPEG, wire.ProtoH264)
	}
	if c.Forget != "" {
		return c, nil // -forget needs nothing else
	}
	if c.List {
		if !set["device"] {
			c.Device = "" // every video node
		}
		return c, nil // -list needs nothing else
	}
	switch {
	case to != "" && c.Out != "":
		return config{}, errors.New("-to and -o exclude each other: stream to a viewer or write a file")
	case to == "" && c.Out == "":
		c.Find = true // the viewer on the network
	case to != "":
		c.Addr, c.Find, c.Viewer, err = viewerTarget(to)
		if err != nil {
			return config{}, err
		}
	}
	if c.Format, err = pixel.ParseFormat(format); err != nil {
		return config{}, fmt.Errorf("-format: %w", err)
	}
	if err := c.checkSource(set); err != nil {
		return config{}, err
	}
	switch {
	case !(c.FPS >= 0 && c.FPS <= maxFPS): // also catches NaN
		return config{}, fmt.Errorf("-fps %v: must be in 0..%d", c.FPS, maxFPS)
	case c.Frames < 0:
		return config{}, fmt.Errorf("-frames %d: must be 0 (no limit) or more", c.Frames)
	case c.Format.Interframe() && c.Proto != wire.ProtoV2 && c.Proto != wire.ProtoH264:
		return config{}, fmt.Errorf("-format %v needs -proto v2 (or -proto h264 for a raw .h264 file): seed and mjpeg cannot carry it", c.Format)
	case c.Proto == wire.ProtoH264 && c.Format != pixel.FormatH264:
		return config{}, fmt.Errorf("-proto h264 carries -format h264 only, not %v", c.Format)
	case c.Proto == wire.ProtoMJPEG && c.Format != pixel.FormatJPEG:
		return config{}, fmt.Errorf("-proto mjpeg carries JPEG frames only, not -format %v", c.Format)
	case len(c.Name) > 255:
		return config{}, fmt.Errorf("-name is %d bytes, at most 255 allowed", len(c.Name))
	case c.Quality < 1 || c.Quality > 100:
		return config{}, fmt.Errorf("-quality %d: must be in 1..100", c.Quality)
	case c.MinQ < 1 || c.MinQ > 100:
		return config{}, fmt.Errorf("-min-quality %d: must be in 1..100", c.MinQ)
	case c.Noise < 0 || c.Noise > testpattern.MaxNoise:
		return config{}, fmt.Errorf("-noise %d: must be in 0..%d", c.Noise, testpattern.MaxNoise)
	}
	return c, nil
}

// checkSource checks -source and the flags that depend on it (completing
// them: -source v4l2 without -format takes the camera's best); set holds
// the flags given on the command line.
func (c *config) checkSource(set map[string]bool) error {
	k, err := lookupSource(c.Source)
	if err != nil {
		return err
	}
	if k.check != nil {
		if err := k.check(c, set); err != nil {
			return err
		}
	}
	minSize, maxSize := cmp.Or(k.minSize, 1), cmp.Or(k.maxSize, pixel.MaxDimension)
	if c.Width < minSize || c.Width > maxSize || c.Height < minSize || c.Height > maxSize {
		return fmt.Errorf("-W %d -H %d: each must be in %d..%d for -source %s", c.Width, c.Height, minSize, maxSize, c.Source)
	}
	if c.Source == sourceStdin && set["min-quality"] {
		return errors.New("-min-quality applies to -source test and v4l2: picam does not encode what stdin gives it")
	}
	if c.Source != sourceTest {
		for _, f := range []string{"quality", "noise"} {
			if set[f] {
				return fmt.Errorf("-%s applies to -source test only", f)
			}
		}
	}
	return nil
}

// viewerTarget reads -to: HOST[:PORT] is dialed; a name that may be a
// viewer's (no port, not an address) is also looked for on the network
// when it does not resolve as a host (capture.DiscoverDialer), and one that
// cannot be a host name ("Vidstream on mac") only looked for.
func viewerTarget(to string) (addr string, find bool, name string, err error) {
	addr, err = viewerAddr(to)
	if err != nil {
		if strings.TrimSpace(to) != "" && !strings.ContainsAny(to, ":[]/") {
			return "", true, strings.TrimSpace(to), nil
		}
		return "", false, "", err
	}
	if _, _, perr := net.SplitHostPort(to); perr == nil || net.ParseIP(strings.Trim(to, "[]")) != nil {
		return addr, false, "", nil // a port, or an address: no name
	}
	return addr, true, to, nil
}

// viewerAddr turns -to's HOST or HOST:PORT into host:port, adding
// wire.DefaultPort when the port is missing. IPv6 addresses may be given bare
// (::1) or bracketed ([::1] or [::1]:1308).
func viewerAddr(to string) (string, error) {
	if to == "" {
		return "", errors.New("missing -to HOST[:PORT]: the viewer's address")
	}
	host, port, err := net.SplitHostPort(to)
	if err != nil {
		// No port: a name, an IPv4 address, or a bare or bracketed IPv6 one.
		host = to
		if strings.HasPrefix(host, "[") && strings.HasSuffix(host, "]") {
			host = host[1 : len(host)-1]
		}
		if strings.Contains(host, ":") && net.ParseIP(host) == nil {
			return "", fmt.Errorf("-to %q: not HOST or HOST:PORT: %w", to, err)
		}
		port = strconv.Itoa(wire.DefaultPort)
	}
	if host == "" || strings.ContainsAny(host, " \t/[]") {
		return "", fmt.Errorf("-to %q: bad host %q", to, host)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return "", fmt.Errorf("-to %q: port %q is not a number in 1..65535", to, port)
	}
	return net.JoinHostPort(host, port), nil
}

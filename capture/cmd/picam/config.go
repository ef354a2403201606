package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"

	"github.com/vidstream/vidstream/capture"
	"github.com/vidstream/vidstream/capture/testpattern"
	"github.com/vidstream/vidstream/wire"
)

// DefaultPort is the viewer's port when -to gives none (the blog post's).
const DefaultPort = 1308

// config is picam's command line, parsed and checked.
type config struct {
	Source  string      // frame source; only "test" exists so far
	Addr    string      // viewer address, host:port
	Width   int         // frame width in pixels
	Height  int         // frame height in pixels
	Format  wire.Format // payload format
	FPS     float64     // frame rate; 0 = as fast as possible
	Frames  int         // frames to send; 0 = until interrupted
	Proto   string      // capture.ProtoSeed or capture.ProtoV2
	Name    string      // sender name in the v2 hello; "" = the source's default
	Quality int         // JPEG quality 1..100
	Noise   int         // test pattern noise amplitude 0..255
}

// flagSet returns picam's flags, bound to c (and to the raw strings that
// parseConfig checks afterwards), writing its messages to out.
func flagSet(c *config, to, format *string, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("picam", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&c.Source, "source", "test", "frame source: test (a moving test pattern)")
	fs.StringVar(to, "to", "", "viewer address HOST[:PORT] (port "+strconv.Itoa(DefaultPort)+" when omitted)")
	fs.IntVar(&c.Width, "W", 320, "frame width in pixels")
	fs.IntVar(&c.Height, "H", 240, "frame height in pixels")
	fs.StringVar(format, "format", "jpeg", "frame format: jpeg, yuv, rgb, bgr, rgba, bgra or grey")
	fs.Float64Var(&c.FPS, "fps", 30, "frames per second (0: as fast as possible)")
	fs.IntVar(&c.Frames, "frames", 0, "frames to send, then end the stream (0: until interrupted)")
	fs.StringVar(&c.Proto, "proto", capture.ProtoV2, "protocol: seed (the blog post's) or v2 (with a hello, sequence numbers and capture times)")
	fs.StringVar(&c.Name, "name", "", "sender name announced in the v2 hello")
	fs.IntVar(&c.Quality, "quality", capture.DefaultQuality, "JPEG quality, 1..100")
	fs.IntVar(&c.Noise, "noise", 0, "test pattern noise amplitude, 0..255 (gives camera-like JPEG sizes)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: picam -to HOST[:PORT] [flags]\n\n"+
			"picam streams frames to a vidstream viewer over TCP.\n\nflags:\n")
		fs.PrintDefaults()
	}
	return fs
}

// usage writes picam's usage text to w.
func usage(w io.Writer) {
	var c config
	var to, format string
	flagSet(&c, &to, &format, w).Usage()
}

// parseConfig parses and checks picam's arguments (without the program
// name). It returns flag.ErrHelp for -h.
func parseConfig(args []string) (config, error) {
	var c config
	var to, format string
	fs := flagSet(&c, &to, &format, io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return config{}, err
		}
		return config{}, fmt.Errorf("bad arguments: %w", err)
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if c.Source != "test" {
		return config{}, fmt.Errorf("source %q is not available yet (only \"test\" is)", c.Source)
	}
	addr, err := viewerAddr(to)
	if err != nil {
		return config{}, err
	}
	c.Addr = addr
	if c.Format, err = wire.ParseFormat(format); err != nil {
		return config{}, fmt.Errorf("-format: %w", err)
	}
	switch {
	case c.Width < capture.MinTestSize || c.Width > capture.MaxTestSize ||
		c.Height < capture.MinTestSize || c.Height > capture.MaxTestSize:
		return config{}, fmt.Errorf("-W %d -H %d: each must be in %d..%d",
			c.Width, c.Height, capture.MinTestSize, capture.MaxTestSize)
	case !(c.FPS >= 0 && c.FPS <= capture.MaxTestFPS): // also catches NaN
		return config{}, fmt.Errorf("-fps %v: must be in 0..%d", c.FPS, capture.MaxTestFPS)
	case c.Frames < 0:
		return config{}, fmt.Errorf("-frames %d: must be 0 (no limit) or more", c.Frames)
	case c.Proto != capture.ProtoSeed && c.Proto != capture.ProtoV2:
		return config{}, fmt.Errorf("-proto %q: must be %s or %s", c.Proto, capture.ProtoSeed, capture.ProtoV2)
	case len(c.Name) > 255:
		return config{}, fmt.Errorf("-name is %d bytes, at most 255 allowed", len(c.Name))
	case c.Quality < 1 || c.Quality > 100:
		return config{}, fmt.Errorf("-quality %d: must be in 1..100", c.Quality)
	case c.Noise < 0 || c.Noise > testpattern.MaxNoise:
		return config{}, fmt.Errorf("-noise %d: must be in 0..%d", c.Noise, testpattern.MaxNoise)
	}
	return c, nil
}

// viewerAddr turns -to's HOST or HOST:PORT into host:port, adding
// DefaultPort when the port is missing. IPv6 addresses may be given bare
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
		port = strconv.Itoa(DefaultPort)
	}
	if host == "" || strings.ContainsAny(host, " \t/[]") {
		return "", fmt.Errorf("-to %q: bad host %q", to, host)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return "", fmt.Errorf("-to %q: port %q is not a number in 1..65535", to, port)
	}
	return net.JoinHostPort(host, port), nil
}

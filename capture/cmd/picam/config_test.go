package main

import (
	"bytes"
	"errors"
	"flag"
	"net"
	"strings"
	"testing"

	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/pixel"
)

func TestParseConfigDefaults(t *testing.T) {
	c, err := parseConfig([]string{"-to", "192.168.0.108"})
	if err != nil {
		t.Fatal(err)
	}
	want := config{
		Source: "test", Addr: "192.168.0.108:1308", Width: 320, Height: 240,
		Format: pixel.FormatJPEG, FPS: 30, Frames: 0, Proto: wire.ProtoV2, Device: "/dev/video0", Quality: 85, MinQ: 40, YUV: "rpicam",
	}
	if c != want {
		t.Errorf("got  %+v\nwant %+v", c, want)
	}
}

func TestParseConfigAll(t *testing.T) {
	c, err := parseConfig(strings.Fields("-source test -to pi.local:9000 -W 640 -H 480 -format yuv " +
		"-fps 12.5 -frames 100 -proto v2 -name kitchen -quality 60 -noise 20"))
	if err != nil {
		t.Fatal(err)
	}
	want := config{
		Source: "test", Addr: "pi.local:9000", Width: 640, Height: 480, SizeSet: true, Format: pixel.FormatI420,
		FPS: 12.5, Frames: 100, Proto: wire.ProtoV2, Device: "/dev/video0", Name: "kitchen", Quality: 60, MinQ: 40, Noise: 20, YUV: "rpicam",
	}
	if c != want {
		t.Errorf("got  %+v\nwant %+v", c, want)
	}
}

// The pairing flags: -plain, -keys, and -forget, which needs nothing else.
func TestParseConfigPairing(t *testing.T) {
	c, err := parseConfig(strings.Fields("-plain -keys /var/lib/picam"))
	if err != nil || !c.Plain || c.Keys != "/var/lib/picam" || !private(config{Proto: wire.ProtoV2, Find: true}) || private(c) {
		t.Fatalf("-plain -keys: %+v, %v", c, err)
	}
	if private(config{Proto: wire.ProtoSeed, Addr: "h:1"}) || private(config{Proto: wire.ProtoV2, Out: "f"}) {
		t.Error("seed, or a file, would be encrypted")
	}
	if c, err := parseConfig([]string{"-forget", "Vidstream on mac"}); err != nil || c.Forget != "Vidstream on mac" {
		t.Fatalf("-forget: %+v, %v", c, err)
	}
	t.Setenv("STATE_DIRECTORY", "/var/lib/picam:/other")
	if d, err := keysDir(config{}); err != nil || d != "/var/lib/picam" {
		t.Errorf("under systemd the keys go to %q, %v", d, err)
	}
	if d, _ := keysDir(config{Keys: "/k"}); d != "/k" {
		t.Errorf("-keys /k: %q", d)
	}
}

// TestParseConfigViewer: without -to the viewer is found on the network;
// -to HOST:PORT and an address are dialed; a bare word is a host or a
// viewer's name; words no host can be are a name alone.
func TestParseConfigViewer(t *testing.T) {
	for _, tc := range []struct {
		args, addr, viewer string
		find               bool
	}{
		{"", "", "", true},
		{"-to 192.168.0.108", "192.168.0.108:1308", "", false},
		{"-to [::1]", "[::1]:1308", "", false},
		{"-to mac.local:1400", "mac.local:1400", "", false},
		{"-to mac.local", "mac.local:1308", "mac.local", true},
		{"-to kitchen", "kitchen:1308", "kitchen", true},
	} {
		c, err := parseConfig(strings.Fields(tc.args))
		if err != nil || c.Addr != tc.addr || c.Find != tc.find || c.Viewer != tc.viewer {
			t.Errorf("%q: addr %q find %v viewer %q, %v; want %q %v %q", tc.args, c.Addr, c.Find, c.Viewer, err, tc.addr, tc.find, tc.viewer)
		}
	}
	c, err := parseConfig([]string{"-to", "Vidstream on mac"})
	if err != nil || c.Addr != "" || !c.Find || c.Viewer != "Vidstream on mac" {
		t.Errorf("-to 'Vidstream on mac': %+v, %v; want a name to look for", c, err)
	}
	if d := destination(c); d != `the viewer "Vidstream on mac"` {
		t.Errorf("destination %q", d)
	}
}

func TestParseConfigSources(t *testing.T) {
	tests := []struct {
		args string
		want config
	}{
		{"-source v4l2 -device /dev/video2 -o cam.mjpeg -proto mjpeg -fps 0", config{
			Source: "v4l2", Out: "cam.mjpeg", Width: 320, Height: 240, Format: pixel.FormatJPEG,
			Proto: wire.ProtoMJPEG, Device: "/dev/video2", Quality: 85, MinQ: 40, YUV: "rpicam"}},
		// Without -format, v4l2 takes the camera's best.
		{"-source v4l2 -to pi -W 1920 -H 1080", config{
			Source: "v4l2", Addr: "pi:1308", Find: true, Viewer: "pi", Width: 1920, Height: 1080, SizeSet: true, Format: pixel.FormatUnknown,
			FPS: 30, Proto: wire.ProtoV2, Device: "/dev/video0", Quality: 85, MinQ: 40, YUV: "rpicam"}},
		{"-source stdin -format yuv -W 640 -H 480 -o - -proto seed -yuv-layout picamera", config{
			Source: "stdin", Out: "-", Width: 640, Height: 480, SizeSet: true, Format: pixel.FormatI420,
			FPS: 30, Proto: wire.ProtoSeed, Device: "/dev/video0", Quality: 85, MinQ: 40, YUV: "picamera"}},
		{"-source stdin -to 10.0.0.2:8000 -frames 5", config{
			Source: "stdin", Addr: "10.0.0.2:8000", Width: 320, Height: 240, Format: pixel.FormatJPEG,
			FPS: 30, Frames: 5, Proto: wire.ProtoV2, Device: "/dev/video0", Quality: 85, MinQ: 40, YUV: "rpicam"}},
		{"-list -device /dev/video1", config{
			Source: "test", Width: 320, Height: 240, FPS: 30, Proto: wire.ProtoV2, Device: "/dev/video1", List: true, Quality: 85, MinQ: 40, YUV: "rpicam"}},
		{"-list", config{ // every video node
			Source: "test", Width: 320, Height: 240, FPS: 30, Proto: wire.ProtoV2, Device: "", List: true, Quality: 85, MinQ: 40, YUV: "rpicam"}},
	}
	for _, tc := range tests {
		c, err := parseConfig(strings.Fields(tc.args))
		if err != nil || c != tc.want {
			t.Errorf("%s:\ngot  %+v, %v\nwant %+v", tc.args, c, err, tc.want)
		}
	}
}

func TestParseConfigFormats(t *testing.T) {
	tests := map[string]pixel.Format{
		"jpeg": pixel.FormatJPEG, "mjpeg": pixel.FormatJPEG, "yuv": pixel.FormatI420, "i420": pixel.FormatI420,
		"rgb": pixel.FormatRGB24, "bgr": pixel.FormatBGR24, "rgba": pixel.FormatRGBA, "grey": pixel.FormatGray,
		"gray": pixel.FormatGray,
	}
	for name, want := range tests {
		c, err := parseConfig([]string{"-to", "h", "-format", name})
		if err != nil || c.Format != want {
			t.Errorf("-format %s: %v, %v; want %v", name, c.Format, err, want)
		}
	}
}

func TestViewerAddr(t *testing.T) {
	tests := []struct{ in, want string }{
		{"192.168.0.108", "192.168.0.108:1308"},
		{"192.168.0.108:8000", "192.168.0.108:8000"},
		{"laptop.local", "laptop.local:1308"},
		{"localhost:1", "localhost:1"},
		{"::1", "[::1]:1308"},
		{"[::1]", "[::1]:1308"},
		{"[fe80::1]:65535", "[fe80::1]:65535"},
	}
	for _, tc := range tests {
		got, err := viewerAddr(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("viewerAddr(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestParseConfigErrors(t *testing.T) {
	tests := []struct {
		args string
		msg  string
	}{
		{"-to h -o f", "-to and -o exclude each other"},
		{"-to h -source camera", `-source "camera": must be test, v4l2 or stdin`},
		{"-to h -source stdin -format rgb", "-source stdin -format rgb: must be jpeg"},
		{"-to h -source stdin -format yuv", "needs -W and -H"},
		{"-to h -source stdin -format yuv -W 640", "needs -W and -H"},
		{"-to h -source v4l2 -noise 3", "-noise applies to -source test only"},
		{"-to h -source stdin -quality 50", "-quality applies to -source test only"},
		{"-to h -source v4l2 -W 0", "-W 0 -H 240: each must be in 1..16384"},
		{"-to h -proto mjpeg -format yuv", "-proto mjpeg carries JPEG frames only, not -format yuv"},
		{"-list -device=", "-device: empty"},
		{"-to h:0", "port"},
		{"-to h:65536", "port"},
		{"-to h:http", "port"},
		{"-to :1308", "bad host"},
		{"-to a:b:c", "not HOST or HOST:PORT"},
		{"-to h -format png", "-format"},
		{"-to h -W 15", "-W 15"},
		{"-to h -H 9000", "-H 9000"},
		{"-to h -fps -1", "-fps"},
		{"-to h -fps NaN", "-fps"},
		{"-to h -fps 5000", "-fps"},
		{"-to h -frames -3", "-frames"},
		{"-to h -proto v3", "-proto"},
		{"-to h -quality 0", "-quality"},
		{"-to h -quality 101", "-quality"},
		{"-to h -noise 256", "-noise"},
		{"-to h -noise -1", "-noise"},
		{"-to h -W abc", "bad arguments"},
		{"-to h -bogus", "bad arguments"},
		{"-to h -yuv-layout sideways", "-yuv-layout"},
		{"-to h extra", `unexpected argument "extra"`},
		{"-to h -name " + strings.Repeat("n", 256), "-name"},
	}
	for _, tc := range tests {
		t.Run(tc.args, func(t *testing.T) {
			_, err := parseConfig(strings.Fields(tc.args))
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %q does not mention %q", err, tc.msg)
			}
		})
	}
}

func TestParseConfigHelp(t *testing.T) {
	if _, err := parseConfig([]string{"-h"}); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("-h: %v, want flag.ErrHelp", err)
	}
	var b bytes.Buffer
	usage(&b)
	for _, f := range []string{"-to", "-o", "-source", "-format", "-proto", "-frames", "-noise", "-device", "-list", "1308", "mjpeg", "stdin", "v4l2"} {
		if !strings.Contains(b.String(), f) {
			t.Errorf("usage does not mention %s:\n%s", f, b.String())
		}
	}
}

// FuzzViewerAddr checks that any -to value either fails or yields an address
// that net.SplitHostPort accepts, with a numeric port.
func FuzzViewerAddr(f *testing.F) {
	for _, s := range []string{"h", "h:1", "::1", "[::1]:2", "[", "]:", "a:b:c", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		addr, err := viewerAddr(s)
		if err != nil {
			return
		}
		host, port, err := net.SplitHostPort(addr)
		if err != nil || host == "" || port == "" {
			t.Fatalf("viewerAddr(%q) = %q: not host:port (%v)", s, addr, err)
		}
	})
}

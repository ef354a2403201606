package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vidstream/vidstream/capture"
	"github.com/vidstream/vidstream/wire"
)

func TestOpenSource(t *testing.T) {
	yuv := bytes.Repeat([]byte{7}, 64*48*3/2)
	tests := []struct {
		args   string
		stdin  []byte
		layout wire.Layout
		name   string
		size   int // of the first frame; 0: a JPEG
	}{
		{"-o x -W 64 -H 48 -format rgb -name cam", nil, wire.PicameraLayout(wire.FormatRGB24, 64, 48), "cam", 64 * 48 * 3},
		{"-o x -W 64 -H 48 -quality 20 -noise 9", nil, wire.Layout{Format: wire.FormatJPEG, Width: 64, Height: 48}, capture.DefaultTestName, 0},
		{"-o x -source stdin -format yuv -W 64 -H 48 -name pipe", yuv, wire.PicameraLayout(wire.FormatI420, 64, 48), "pipe", len(yuv)},
	}
	for _, tc := range tests {
		t.Run(tc.args, func(t *testing.T) {
			cfg, err := parseConfig(strings.Fields(tc.args))
			if err != nil {
				t.Fatal(err)
			}
			src, err := openSource(cfg, bytes.NewReader(tc.stdin))
			if err != nil {
				t.Fatal(err)
			}
			defer src.Close()
			if h := src.Hello(); h.Layout != tc.layout || h.Name != tc.name || h.FPS != 30 {
				t.Errorf("hello %+v, want layout %v, name %q, 30 fps", h, tc.layout, tc.name)
			}
			f, err := src.Next(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if tc.size == 0 && !wire.IsJPEG(f.Data) || tc.size != 0 && len(f.Data) != tc.size {
				t.Errorf("first frame: %d bytes", len(f.Data))
			}
		})
	}
}

func TestOpenSourceNoCamera(t *testing.T) {
	cfg, err := parseConfig(strings.Fields("-source v4l2 -device /dev/nonexistent -to h"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = openSource(cfg, nil)
	if err == nil || !strings.HasPrefix(err.Error(), "-source v4l2") || !strings.Contains(err.Error(), "/dev/nonexistent") {
		t.Errorf("openSource: %v, want an error naming the device", err)
	}
}

func TestNameDevice(t *testing.T) {
	tests := []struct{ err, want string }{
		{"no camera at /dev/video9", "-list: no camera at /dev/video9"},
		{"needs Linux", "-list /dev/video9: needs Linux"},
	}
	for _, tc := range tests {
		if got := nameDevice("-list", "/dev/video9", errors.New(tc.err)).Error(); got != tc.want {
			t.Errorf("nameDevice(%q) = %q, want %q", tc.err, got, tc.want)
		}
	}
}

func TestOutput(t *testing.T) {
	name := filepath.Join(t.TempDir(), "out")
	if err := os.WriteFile(name, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	dial, reconnect, done, err := output(config{Out: name}, nil)
	if err != nil || reconnect {
		t.Fatalf("output: %v, reconnect %v", err, reconnect)
	}
	if b, _ := os.ReadFile(name); len(b) != 0 {
		t.Errorf("-o did not truncate the file: %q", b)
	}
	w, err := dial(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, "new")
	w.Close()
	if _, err := dial(context.Background()); err == nil {
		t.Error("the file was handed out twice")
	}
	done()
	if b, _ := os.ReadFile(name); string(b) != "new" {
		t.Errorf("file holds %q", b)
	}

	var stdout bytes.Buffer
	dial, _, done, err = output(config{Out: "-"}, &stdout)
	if err != nil {
		t.Fatal(err)
	}
	w, _ = dial(context.Background())
	io.WriteString(w, "frames")
	w.Close()
	done()
	if stdout.String() != "frames" {
		t.Errorf("stdout %q", stdout.String())
	}

	if _, reconnect, _, err := output(config{Addr: "127.0.0.1:1308"}, nil); err != nil || !reconnect {
		t.Errorf("viewer output: %v, reconnect %v", err, reconnect)
	}
	for cfg, want := range map[config]string{{Addr: "pi:1308"}: "pi:1308", {Out: "-"}: "stdout", {Out: "a.mjpeg"}: "a.mjpeg"} {
		if got := destination(cfg); got != want {
			t.Errorf("destination(%+v) = %q, want %q", cfg, got, want)
		}
	}
}

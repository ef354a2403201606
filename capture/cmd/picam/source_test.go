package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/vidstream/vidstream/capture"
	"github.com/vidstream/vidstream/wire/jpeg"
	"github.com/vidstream/vidstream/wire/pixel"
)

func TestOpenSource(t *testing.T) {
	yuv := bytes.Repeat([]byte{7}, 64*48*3/2)
	tests := []struct {
		args   string
		stdin  []byte
		layout pixel.Layout
		name   string
		size   int // of the first frame; 0: a JPEG
	}{
		{"-o x -W 64 -H 48 -format rgb -name cam", nil, pixel.PicameraLayout(pixel.FormatRGB24, 64, 48), "cam", 64 * 48 * 3},
		{"-o x -W 64 -H 48 -quality 20 -noise 9", nil, pixel.Layout{Format: pixel.FormatJPEG, Width: 64, Height: 48}, capture.DefaultTestName, 0},
		{"-o x -source stdin -format yuv -W 64 -H 48 -name pipe", yuv, pixel.PicameraLayout(pixel.FormatI420, 64, 48), "pipe", len(yuv)},
	}
	for _, tc := range tests {
		t.Run(tc.args, func(t *testing.T) {
			cfg, err := parseConfig(strings.Fields(tc.args))
			if err != nil {
				t.Fatal(err)
			}
			opened, err := openSource(cfg, bytes.NewReader(tc.stdin), func(msg string) { t.Log(msg) })
			if err != nil {
				t.Fatal(err)
			}
			src := opened.src
			defer src.Close()
			if h := src.Hello(); h.Layout != tc.layout || h.Name != tc.name || h.FPS != 30 {
				t.Errorf("hello %+v, want layout %v, name %q, 30 fps", h, tc.layout, tc.name)
			}
			f, err := src.Next(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if tc.size == 0 && !jpeg.IsJPEG(f.Data) || tc.size != 0 && len(f.Data) != tc.size {
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
	_, err = openSource(cfg, nil, func(msg string) { t.Log(msg) })
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

package settings

import (
	"errors"
	"image"
	"math"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/vidstream/vidstream/app/receive"
	"github.com/vidstream/vidstream/app/save"
	"github.com/vidstream/vidstream/wire/codec"
)

func TestDefaults(t *testing.T) {
	want := Settings{
		Port:      1308,
		FrameSize: image.Pt(320, 240),
		Window:    10 * time.Second,
		SaveDir:   save.DefaultDir(),
		YUVColor:  false,
		Cameras:   4,

		AcceptPlain: true,
	}
	d := Defaults()
	if d != want {
		t.Errorf("Defaults() = %+v, want %+v", d, want)
	}
	if err := d.Validate(); err != nil {
		t.Errorf("defaults are invalid: %v", err)
	}
}

func TestLoadEmptyGivesDefaults(t *testing.T) {
	p := test.NewTempApp(t).Preferences()
	if got := Load(p); got != Defaults() {
		t.Errorf("Load(empty) = %+v, want %+v", got, Defaults())
	}
}

func TestStoreLoadRoundTrip(t *testing.T) {
	p := test.NewTempApp(t).Preferences()
	s := Settings{
		Port:      8000,
		FrameSize: image.Pt(1280, 720),
		Window:    2500 * time.Millisecond,
		SaveDir:   "/media/usb/shots",
		YUVColor:  true,
		Cameras:   2,
	}
	s.Store(p)
	if got := Load(p); got != s {
		t.Errorf("Load after Store = %+v, want %+v", got, s)
	}
	if got := p.String(keyFrameSize); got != "1280x720" {
		t.Errorf("stored frame size %q, want 1280x720", got)
	}
	if got := p.Float(keyWindow); got != 2.5 {
		t.Errorf("stored window %v, want 2.5 seconds", got)
	}
}

func TestLoadFallsBackPerField(t *testing.T) {
	d := Defaults()
	good := Settings{Port: 9000, FrameSize: image.Pt(640, 480), Window: 30 * time.Second, SaveDir: "/srv/pics", YUVColor: true, Cameras: 3}
	cases := []struct {
		name string
		bad  func(p prefs)
		want func(s *Settings) // what Load gives for that field instead
	}{
		{"port zero", func(p prefs) { p.SetInt(keyPort, 0) }, func(s *Settings) { s.Port = d.Port }},
		{"port too big", func(p prefs) { p.SetInt(keyPort, 70000) }, func(s *Settings) { s.Port = d.Port }},
		{"port wrong type", func(p prefs) { p.SetString(keyPort, "8000") }, func(s *Settings) { s.Port = d.Port }},
		{"size garbage", func(p prefs) { p.SetString(keyFrameSize, "big") }, func(s *Settings) { s.FrameSize = d.FrameSize }},
		{"size too small", func(p prefs) { p.SetString(keyFrameSize, "8x8") }, func(s *Settings) { s.FrameSize = d.FrameSize }},
		{"size wrong type", func(p prefs) { p.SetInt(keyFrameSize, 320) }, func(s *Settings) { s.FrameSize = d.FrameSize }},
		{"window short", func(p prefs) { p.SetFloat(keyWindow, 0.5) }, func(s *Settings) { s.Window = d.Window }},
		{"window long", func(p prefs) { p.SetFloat(keyWindow, 3601) }, func(s *Settings) { s.Window = d.Window }},
		{"window NaN", func(p prefs) { p.SetFloat(keyWindow, math.NaN()) }, func(s *Settings) { s.Window = d.Window }},
		{"window wrong type", func(p prefs) { p.SetString(keyWindow, "10s") }, func(s *Settings) { s.Window = d.Window }},
		{"save dir empty", func(p prefs) { p.SetString(keySaveDir, "") }, func(s *Settings) { s.SaveDir = d.SaveDir }},
		{"save dir blank", func(p prefs) { p.SetString(keySaveDir, "  ") }, func(s *Settings) { s.SaveDir = d.SaveDir }},
		{"colour wrong type", func(p prefs) { p.SetString(keyYUVColor, "yes") }, func(s *Settings) { s.YUVColor = d.YUVColor }},
		{"cameras zero", func(p prefs) { p.SetInt(keyCameras, 0) }, func(s *Settings) { s.Cameras = d.Cameras }},
		{"cameras too many", func(p prefs) { p.SetInt(keyCameras, 17) }, func(s *Settings) { s.Cameras = d.Cameras }},
		{"window as int seconds", func(p prefs) { p.SetInt(keyWindow, 60) }, func(s *Settings) { s.Window = time.Minute }},
	}
	for _, c := range cases {
		p := test.NewTempApp(t).Preferences()
		good.Store(p)
		c.bad(p)
		want := good
		c.want(&want)
		if got := Load(p); got != want {
			t.Errorf("%s: Load = %+v\nwant        %+v", c.name, got, want)
		}
	}
}

// prefs is the part of fyne.Preferences the fallback cases write with.
type prefs interface {
	SetInt(string, int)
	SetString(string, string)
	SetFloat(string, float64)
}

func TestValidate(t *testing.T) {
	ok := Settings{Port: 1, FrameSize: image.Pt(16, 8192), Window: time.Hour, SaveDir: "/x", Cameras: 16}
	if err := ok.Validate(); err != nil {
		t.Errorf("valid settings at the bounds: %v", err)
	}
	ok.Port, ok.Window = 65535, time.Second
	if err := ok.Validate(); err != nil {
		t.Errorf("valid settings at the other bounds: %v", err)
	}
	tests := []struct {
		name   string
		change func(s *Settings)
		want   string
	}{
		{"port 0", func(s *Settings) { s.Port = 0 }, "port 0 is out of range 1..65535"},
		{"port 65536", func(s *Settings) { s.Port = 65536 }, "port 65536 is out of range 1..65535"},
		{"width 15", func(s *Settings) { s.FrameSize.X = 15 }, "frame size 15x8192 is out of range"},
		{"height 8193", func(s *Settings) { s.FrameSize.Y = 8193 }, "frame size 16x8193 is out of range"},
		{"window 999ms", func(s *Settings) { s.Window = 999 * time.Millisecond }, "window 999ms is out of range 1s..1h0m0s"},
		{"window 1h1ns", func(s *Settings) { s.Window = time.Hour + 1 }, "window 1h0m0.000000001s is out of range"},
		{"no save dir", func(s *Settings) { s.SaveDir = "" }, "no save folder given"},
		{"no camera", func(s *Settings) { s.Cameras = 0 }, "cameras at once 0 is out of range 1..16"},
		{"17 cameras", func(s *Settings) { s.Cameras = 17 }, "cameras at once 17 is out of range 1..16"},
	}
	for _, tt := range tests {
		s := ok
		tt.change(&s)
		err := s.Validate()
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Validate() = %v, want an error with %q", tt.name, err, tt.want)
		}
	}
	// Every bad field is reported, each on its own line.
	all := Settings{}
	err := all.Validate()
	if err == nil || strings.Count(err.Error(), "\n") != 4 {
		t.Errorf("Validate(zero settings) = %v, want 5 errors", err)
	}
	var joined interface{ Unwrap() []error }
	if !errors.As(err, &joined) || len(joined.Unwrap()) != 5 {
		t.Errorf("Validate(zero settings) does not list its 5 errors: %v", err)
	}
}

func TestReceive(t *testing.T) {
	s := Defaults()
	s.Port, s.FrameSize, s.Window, s.YUVColor, s.Cameras = 1400, image.Pt(640, 480), 5*time.Second, true, 3
	base := receive.Config{Addr: "127.0.0.1:1308", FrameTimeout: 3 * time.Second, Decoders: 2, MaxFrame: 1 << 20}
	got := s.Receive(base)
	want := base
	want.Addr = "127.0.0.1:1400"
	want.Decode = codec.Options{Size: image.Pt(640, 480), Color: true}
	want.Window = 5 * time.Second
	want.Cameras = 3
	if got.Addr != want.Addr || got.Decode != want.Decode || got.Window != want.Window || got.Cameras != want.Cameras ||
		got.FrameTimeout != want.FrameTimeout || got.Decoders != want.Decoders || got.MaxFrame != want.MaxFrame {
		t.Errorf("Receive = %+v, want %+v", got, want)
	}
	if got.RefusePlain {
		t.Error("the defaults refuse the post's client")
	}
	s.AcceptPlain = false
	if !s.Receive(base).RefusePlain {
		t.Error("AcceptPlain off does not refuse unencrypted senders")
	}
	for _, addr := range []string{"", ":1308"} {
		if got := s.Receive(receive.Config{Addr: addr}).Addr; got != ":1400" {
			t.Errorf("base address %q: listens on %q, want every interface, port 1400", addr, got)
		}
	}
	// What is no HOST:PORT is left for the listener to refuse or resolve.
	for _, addr := range []string{"1308", ":http"} {
		if got := s.Receive(receive.Config{Addr: addr}).Addr; got != addr {
			t.Errorf("base address %q: listens on %q, want it kept", addr, got)
		}
	}
	if got := Defaults().Receive(receive.Config{Addr: "[::1]:1"}).Addr; got != "[::1]:1308" {
		t.Errorf("IPv6 host: %q", got)
	}
}

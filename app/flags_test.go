package app

import (
	"bytes"
	"image"
	"strings"
	"testing"
	"time"

	"github.com/vidstream/vidstream/app/settings"
)

func TestParseFlags(t *testing.T) {
	cases := []struct {
		args  []string
		want  string // error text; "" → valid
		check func(options) bool
	}{
		{nil, "", func(o options) bool {
			return !o.headless && o.listen == ":1308" && o.size == image.Pt(320, 240) && o.window == 10*time.Second
		}},
		{strings.Fields("-headless -listen 127.0.0.1:9000 -size 640x480 -window 5s -records 3 -summary s.csv -snapshot f.png"), "", func(o options) bool {
			return o.headless && o.listen == "127.0.0.1:9000" && o.size == image.Pt(640, 480) && o.window == 5*time.Second &&
				o.records == 3 && o.summary == "s.csv" && o.snapshot == "f.png" && o.set["size"] && !o.set["demo"]
		}},
		{strings.Fields("-demo -color"), "", func(o options) bool { return o.demo && o.color && o.set["color"] }},
		{strings.Fields("-size 10x10"), "size", nil},
		{strings.Fields("-window 0s"), "-window", nil},
		{strings.Fields("-headless -records -1"), "-records", nil},
		{strings.Fields("-summary s.csv"), "go with -headless", nil},
		{strings.Fields("-stats s.json"), "go with -headless", nil},
		{strings.Fields("-headless -stats s.json"), "", func(o options) bool { return o.stats == "s.json" }},
		{strings.Fields("-demo extra"), "unexpected argument", nil},
		{strings.Fields("-refuse-new"), "goes with -headless", nil},
		{strings.Fields("-headless -refuse-new -keys /srv/k -accept-plain=false"), "", func(o options) bool {
			return o.refuseNew && o.keys == "/srv/k" && !o.plain && o.set["accept-plain"]
		}},
		{strings.Fields("-nosuchflag"), "not defined", nil},
	}
	for _, tc := range cases {
		o, err := parseFlags(tc.args, &bytes.Buffer{})
		if tc.want == "" {
			if err != nil || !tc.check(o) {
				t.Errorf("parseFlags(%q) = %+v, %v", tc.args, o, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("parseFlags(%q) error %v, want one with %q", tc.args, err, tc.want)
		}
	}
}

func TestMainExitStatus(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := Main([]string{"-h"}, &out, &errOut); code != 0 || !strings.Contains(errOut.String(), "vidstream -headless") {
		t.Errorf("-h: exit %d, usage %q", code, errOut.String())
	}
	errOut.Reset()
	if code := Main([]string{"-window", "soon"}, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "vidstream:") {
		t.Errorf("bad flag: exit %d, message %q", code, errOut.String())
	}
	errOut.Reset()
	// A headless run that cannot listen fails with status 1 and says why.
	if code := Main([]string{"-headless", "-listen", "256.0.0.1:1", "-keys", t.TempDir()}, &out, &errOut); code != 1 || !strings.Contains(errOut.String(), "listen on 256.0.0.1:1") {
		t.Errorf("headless on a bad address: exit %d, message %q", code, errOut.String())
	}
}

func TestFlagsOverSettings(t *testing.T) {
	o, err := parseFlags(strings.Fields("-listen 127.0.0.1:1400 -size 640x480 -color -timeout 3s -decoders 2"), &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	saved := settings.Defaults()
	saved.Port, saved.Window = 2000, 7*time.Second
	s := o.apply(saved)
	if s.Port != 1400 || s.FrameSize != image.Pt(640, 480) || !s.YUVColor || s.Window != 7*time.Second {
		t.Errorf("settings after the flags: %+v", s)
	}
	cfg := s.Receive(o.tuning())
	if cfg.Addr != "127.0.0.1:1400" || cfg.FrameTimeout != 3*time.Second || cfg.Decoders != 2 ||
		cfg.Decode.Size != image.Pt(640, 480) || !cfg.Decode.Color || cfg.Window != 7*time.Second {
		t.Errorf("receive config %+v", cfg)
	}
	if !s.AcceptPlain || cfg.RefusePlain {
		t.Error("without -accept-plain the saved choice (accept) changed")
	}
	o, _ = parseFlags([]string{"-accept-plain=false"}, &bytes.Buffer{})
	if o.apply(saved).AcceptPlain {
		t.Error("-accept-plain=false did not turn the setting off")
	}
	// Without -listen, the saved port stays and every interface is listened on.
	o, _ = parseFlags(nil, &bytes.Buffer{})
	if cfg := o.apply(saved).Receive(o.tuning()); cfg.Addr != ":2000" {
		t.Errorf("no -listen: %q, want :2000", cfg.Addr)
	}
}

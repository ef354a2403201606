package ui

import (
	"image"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vidstream/vidstream/app/settings"
)

func itoa(n int) string { return strconv.Itoa(n) }

func TestSettingsForm(t *testing.T) {
	ok := settingsForm{Port: "1308", FrameSize: "640x480", Window: "10s", SaveDir: "/tmp/x", Cameras: "2", YUVColor: true}
	cases := []struct {
		name string
		edit func(*settingsForm)
		want string // "" → valid
	}{
		{"valid", func(*settingsForm) {}, ""},
		{"window in plain seconds", func(f *settingsForm) { f.Window = "2.5" }, ""},
		{"port not a number", func(f *settingsForm) { f.Port = "13o8" }, "port"},
		{"port out of range", func(f *settingsForm) { f.Port = "70000" }, "port"},
		{"bad size", func(f *settingsForm) { f.FrameSize = "640by480" }, "size"},
		{"bad window", func(f *settingsForm) { f.Window = "soon" }, "window"},
		{"no folder", func(f *settingsForm) { f.SaveDir = " " }, ""},
		{"cameras not a number", func(f *settingsForm) { f.Cameras = "two" }, "cameras at once"},
		{"too many cameras", func(f *settingsForm) { f.Cameras = "17" }, "cameras at once 17 is out of range"},
	}
	for _, tc := range cases {
		f := ok
		tc.edit(&f)
		s, err := f.parse()
		switch {
		case tc.name == "no folder":
			if err == nil {
				t.Errorf("%s: no error", tc.name)
			}
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(strings.ToLower(err.Error()), tc.want)):
			t.Errorf("%s: error %v, want one about %s", tc.name, err, tc.want)
		}
		if tc.name == "valid" && s != (settings.Settings{Port: 1308, FrameSize: image.Pt(640, 480), Window: 10 * time.Second, SaveDir: "/tmp/x", YUVColor: true, Cameras: 2}) {
			t.Errorf("parsed %+v", s)
		}
		if tc.name == "window in plain seconds" && s.Window != 2500*time.Millisecond {
			t.Errorf("window %v, want 2.5s", s.Window)
		}
	}
	// A folder typed with ~ (issue 12: it made ./~/Pictures/VS2) is the
	// home folder's.
	t.Setenv("HOME", "/home/ann")
	f := ok
	f.SaveDir = " ~/Pictures/VS2 "
	if s, err := f.parse(); err != nil || s.SaveDir != "/home/ann/Pictures/VS2" {
		t.Errorf("save folder %q (%v), want /home/ann/Pictures/VS2", s.SaveDir, err)
	}
	// The form shows what it parses.
	if s, err := formOf(settings.Defaults()).parse(); err != nil || s != settings.Defaults() {
		t.Errorf("defaults round trip: %+v %v", s, err)
	}
}

// Every wrong field is reported at once, not only the first.
func TestSettingsFormReportsEveryProblem(t *testing.T) {
	f := settingsForm{Port: "13o8", FrameSize: "640by480", Window: "0.1", SaveDir: " ", Cameras: "0"}
	_, err := f.parse()
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	for _, want := range []string{`port "13o8"`, "raw frame size", "window 100ms is out of range", "no save folder", "cameras at once 0"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not say %q", msg, want)
		}
	}
	if strings.Contains(msg, "port 0") {
		t.Errorf("error %q reports the unparsed port twice", msg)
	}
}

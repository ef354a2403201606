package ui

import (
	"bytes"
	"context"
	"errors"
	"image/color"
	"io"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/vidstream/vidstream/app/receive"
	"github.com/vidstream/vidstream/app/settings"
	"github.com/vidstream/vidstream/capture"
	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/pairing"
	"github.com/vidstream/vidstream/wire/pixel"
	"github.com/vidstream/vidstream/wire/wiretest"
)

// startPairingViewer opens a viewer with keys of its own (in a temporary
// folder), as the window runs.
func startPairingViewer(t *testing.T) (*Viewer, string, *receive.Trust) {
	t.Helper()
	trust, err := receive.LoadTrust(t.TempDir(), false)
	if err != nil {
		t.Fatal(err)
	}
	a := test.NewTempApp(t)
	s := settings.Defaults()
	s.Port = wiretest.FreePort(t)
	s.SaveDir = filepath.Join(t.TempDir(), "Pictures")
	v := New(a, Options{Settings: s, Receive: receive.Config{Trust: trust}})
	if err := v.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(v.Close)
	return v, net.JoinHostPort("127.0.0.1", itoa(s.Port)), trust
}

// piCamera is picam's side, through capture's SecureDialer: its keys in a
// temporary folder, its log lines in logs.
type piCamera struct {
	sec  capture.Security
	logs chan string
}

func newPiCamera(t *testing.T, name string) *piCamera {
	t.Helper()
	dir := t.TempDir()
	id, err := pairing.LoadOrCreate(dir, name)
	if err != nil {
		t.Fatal(err)
	}
	pins, err := pairing.OpenPins(filepath.Join(dir, "pins.json"))
	if err != nil {
		t.Fatal(err)
	}
	c := &piCamera{logs: make(chan string, 8)}
	c.sec = capture.Security{Identity: id, Pins: pins, Log: func(m string) { c.logs <- m }}
	return c
}

// connect dials addr in the background; the connection (or the error)
// arrives once the viewer has answered.
func (c *piCamera) connect(addr string) <-chan any {
	out := make(chan any, 1)
	go func() {
		w, err := capture.SecureDialer(capture.TCPDialer(addr, 5*time.Second), c.sec)(context.Background())
		if err != nil {
			out <- err
			return
		}
		out <- w
	}()
	return out
}

// findButton returns the button labelled text in o's tree, nil if none.
func findButton(o fyne.CanvasObject, text string) *widget.Button {
	switch x := o.(type) {
	case *widget.Button:
		if x.Text == text {
			return x
		}
	case *fyne.Container:
		for _, c := range x.Objects {
			if b := findButton(c, text); b != nil {
				return b
			}
		}
		return nil
	}
	if w, ok := o.(fyne.Widget); ok {
		for _, c := range test.WidgetRenderer(w).Objects() {
			if b := findButton(c, text); b != nil {
				return b
			}
		}
	}
	return nil
}

// findText reports whether a label in o's tree contains s.
func findText(o fyne.CanvasObject, s string) bool {
	switch x := o.(type) {
	case *widget.Label:
		return strings.Contains(x.Text, s)
	case *fyne.Container:
		for _, c := range x.Objects {
			if findText(c, s) {
				return true
			}
		}
		return false
	}
	if w, ok := o.(fyne.Widget); ok {
		for _, c := range test.WidgetRenderer(w).Objects() {
			if findText(c, s) {
				return true
			}
		}
	}
	return false
}

// dialogButton waits for the top dialog to show text and returns its
// button labelled label.
func dialogButton(t *testing.T, v *Viewer, text, label string) *widget.Button {
	t.Helper()
	var b *widget.Button
	until(t, "a dialog saying "+text, func() bool {
		return ui(v, func() bool {
			top := v.win.Canvas().Overlays().Top()
			if top == nil || !findText(top, text) {
				return false
			}
			b = findButton(top, label)
			return b != nil
		})
	})
	return b
}

// The window asks about a new camera with the code picam logs; Allow lets
// it stream, marked encrypted, pins it on both sides, and Settings list it
// and can forget it.
func TestPairingDialogAllow(t *testing.T) {
	v, addr, trust := startPairingViewer(t)
	cam := newPiCamera(t, "garden")
	got := cam.connect(addr)
	var code string
	select {
	case m := <-cam.logs:
		_, rest, _ := strings.Cut(m, "the code ")
		code, _, _ = strings.Cut(rest, ",")
	case <-time.After(10 * time.Second):
		t.Fatal("picam logged no code to compare")
	}
	if len(code) != 7 {
		t.Fatalf("no code in picam's line: %q", code)
	}
	allow := dialogButton(t, v, `Camera "garden" wants to stream: code `+code, "Allow")
	fyne.DoAndWait(func() { test.Tap(allow) })
	var conn io.Writer
	switch r := (<-got).(type) {
	case error:
		t.Fatalf("the camera was not admitted: %v", r)
	case io.Writer:
		conn = r
	}
	w, err := wire.NewWriter(conn, wire.ProtoV2, wire.Hello{Layout: pixel.Layout{Format: pixel.FormatJPEG, Width: 32, Height: 32}, Name: "garden"})
	if err != nil {
		t.Fatal(err)
	}
	jpg := wiretest.JPEG(t, wiretest.Solid(32, 32, color.RGBA{0, 0, 255, 255}), 90)
	for i := range 3 {
		w.WriteFrame(jpg, uint64(i), 0)
	}
	until(t, "the paired camera's picture, marked encrypted", func() bool {
		return ui(v, func() bool {
			return v.focused != nil && v.focused.frame != nil && strings.Contains(v.focused.readout.Text, "v2 · encrypted")
		})
	})
	if trust.Pins.Check("garden", cam.sec.Identity.Fingerprint()) != pairing.Known {
		t.Error("the viewer did not pin the camera")
	}
	if _, ok := cam.sec.Pins.Lookup(receive.InstanceName()); !ok {
		t.Error("the camera did not pin the viewer")
	}
	if !strings.Contains(ui(v, func() string { return strings.Join(v.status.history, "\n") }), `Paired with camera "garden"`) {
		t.Error("the status line did not say the camera was paired")
	}

	// The camera leaves before the list is opened: Fyne's test driver runs
	// taps on this goroutine, beside the viewer's callbacks for a session
	// that ends meanwhile.
	if c, ok := conn.(io.Closer); ok {
		c.Close()
	}
	until(t, "the camera's session to end", func() bool { return ui(v, func() bool { return !v.focused.live }) })
	fyne.DoAndWait(v.ShowPaired)
	forget := dialogButton(t, v, "garden: allowed", "Forget")
	fyne.DoAndWait(func() { test.Tap(forget) })
	if _, ok := trust.Pins.Lookup("garden"); ok {
		t.Error("Forget left the pin")
	}
}

// Deny: picam is told, in words, and the window does not ask again.
func TestPairingDialogDeny(t *testing.T) {
	v, addr, trust := startPairingViewer(t)
	cam := newPiCamera(t, "porch")
	got := cam.connect(addr)
	deny := dialogButton(t, v, `Camera "porch" wants to stream`, "Deny")
	fyne.DoAndWait(func() { test.Tap(deny) })
	var refused *capture.RefusedError
	if err, _ := (<-got).(error); !errors.As(err, &refused) || !strings.Contains(refused.Reason, "denied") {
		t.Fatalf("the denied camera got %v", err)
	}
	if len(trust.Pins.Denials()) != 1 {
		t.Fatalf("denials %v", trust.Pins.Denials())
	}
	if _, ok := cam.sec.Pins.Lookup(receive.InstanceName()); ok {
		t.Error("a denied camera pinned the viewer")
	}
}

// The picture says "unencrypted" for a stream that crossed a network in
// the clear, and nothing for one from this machine or a recording.
func TestPrivacyText(t *testing.T) {
	cases := []struct {
		remote string
		mode   receive.Mode
		want   string
	}{
		{"192.0.2.7:5000", receive.Live, "unencrypted"},
		{"http://cam.local:8080/?action=stream", receive.Live, "unencrypted"},
		{"127.0.0.1:5000", receive.Live, ""},
		{"[::1]:5000", receive.Live, ""},
		{"http://localhost:8080/stream", receive.Live, ""},
		{"https://cam.local/stream.mjpg", receive.Live, ""},
		{"tcp://192.0.2.7:8888", receive.Live, "unencrypted"},
		{"garden.vsrec", receive.Paced, ""},
	}
	for _, c := range cases {
		s := receive.NewSession(bytes.NewReader(nil), c.remote, receive.Config{}, c.mode, nil)
		if got := privacyText(s); got != c.want {
			t.Errorf("%s: %q, want %q", c.remote, got, c.want)
		}
	}
}

package ui

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/vidstream/vidstream/app/receive"
	"github.com/vidstream/vidstream/app/settings"
	"github.com/vidstream/vidstream/wire/wiretest"
)

// startViewer opens a viewer in Fyne's test driver (no display), listening on
// a free loopback port, saving into a temporary folder.
func startViewer(t *testing.T, mutate func(*settings.Settings)) (*Viewer, string) {
	t.Helper()
	a := test.NewTempApp(t)
	s := settings.Defaults()
	s.Port = wiretest.FreePort(t)
	s.SaveDir = filepath.Join(t.TempDir(), "Pictures", "Vidstream")
	if mutate != nil {
		mutate(&s)
	}
	v := New(a, Options{Settings: s})
	if err := v.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(v.Close)
	return v, net.JoinHostPort("127.0.0.1", itoa(s.Port))
}

// ui reads viewer state as the UI goroutine would.
func ui[T any](v *Viewer, f func() T) T {
	v.uiMu.Lock()
	defer v.uiMu.Unlock()
	return f()
}

// frameOf is the focused tile's frame, nil before any (under uiMu).
func frameOf(v *Viewer) *receive.Frame {
	if v.focused == nil {
		return nil
	}
	return v.focused.frame
}

func until(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func seed(frames ...[]byte) []byte {
	var out []byte
	for _, f := range frames {
		out = binary.LittleEndian.AppendUint32(out, uint32(len(f)))
		out = append(out, f...)
	}
	return out
}

func TestViewerShowsTheStreamAndSavesIt(t *testing.T) {
	v, addr := startViewer(t, nil)
	if st := ui(v, func() string { return v.status.Text }); !strings.HasPrefix(st, "Waiting for a camera on ") {
		t.Fatalf("status before a camera: %q", st)
	}
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	green := wiretest.JPEG(t, wiretest.Solid(96, 64, color.RGBA{0, 255, 0, 255}), 95)
	c.Write(seed(green))
	until(t, "the frame on screen", func() bool {
		return ui(v, func() bool { return frameOf(v) != nil })
	})
	img := ui(v, func() image.Image { return v.focused.img.Image })
	rgba, ok := img.(*image.RGBA)
	if !ok || rgba.Rect != image.Rect(0, 0, 96, 64) || rgba.Stride != 96*4 {
		t.Fatalf("canvas image %T %v: want a tightly packed 96x64 *image.RGBA", img, img.Bounds())
	}
	if px := rgba.RGBAAt(48, 32); px.G < 240 || px.R > 16 || px.B > 16 {
		t.Fatalf("pixel %v, want green", px)
	}
	if st := ui(v, func() string { return v.status.Text }); !strings.HasPrefix(st, "Streaming from 127.0.0.1:") {
		t.Fatalf("status while streaming: %q", st)
	}
	until(t, "readouts", func() bool {
		return ui(v, func() bool { return strings.Contains(v.focused.readout.Text, "96x64 jpeg") })
	})

	// The camera ends the stream: the last frame and the stats stay.
	c.Write([]byte{0, 0, 0, 0})
	until(t, "the end of the stream", func() bool {
		return ui(v, func() bool { return strings.Contains(v.status.Text, "ended") })
	})
	if st := ui(v, func() string { return v.status.Text }); !strings.Contains(st, "Waiting for a camera on") {
		t.Fatalf("status after the stream: %q", st)
	}

	v.Save()
	until(t, "the save", func() bool {
		return ui(v, func() bool { return strings.HasPrefix(v.status.Text, "Saved ") })
	})
	dir := ui(v, func() string { return v.set.SaveDir })
	jpgs, _ := filepath.Glob(filepath.Join(dir, "*.jpg"))
	details, _ := filepath.Glob(filepath.Join(dir, "*-details.csv"))
	if len(jpgs) != 1 || len(details) != 1 {
		t.Fatalf("saved %v and %v, want one .jpg and one -details.csv", jpgs, details)
	}
	// One save, one time stamp: the snapshot, the summary and the details.
	stamp := strings.TrimSuffix(jpgs[0], ".jpg")
	if details[0] != stamp+"-details.csv" {
		t.Errorf("details %s, want %s-details.csv", details[0], stamp)
	}
	if b, _ := os.ReadFile(jpgs[0]); !bytes.Equal(b, green) {
		t.Fatalf("snapshot is %d bytes, not the frame's original %d", len(b), len(green))
	}
	// The stream lasted less than a window: its one short window is kept.
	b, _ := os.ReadFile(stamp + ".csv")
	if !regexp.MustCompile(`^nbr_images, elapsed\(sec\), avg_img_size\n1, [0-9.]+, [0-9]+\.[0-9]+\n$`).Match(b) {
		t.Fatalf("summary %q: want the post's header and the short window's row", b)
	}
	if b, _ := os.ReadFile(details[0]); !strings.Contains(string(b), ",1,127.0.0.1:") || !strings.HasSuffix(string(b), ",96x64,jpeg,seed,true\n") {
		t.Errorf("details %q", b)
	}

	// A second camera is served once the first has gone: a new session.
	c2, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	c2.Write(seed(wiretest.JPEG(t, wiretest.Solid(32, 32, color.RGBA{255, 0, 0, 255}), 95)))
	until(t, "the second camera's frame", func() bool {
		return ui(v, func() bool { return frameOf(v) != nil && frameOf(v).Layout.Width == 32 })
	})
}

// With one camera at once (Settings), a second is refused and told how to
// watch both.
func TestViewerRefusesASecondCamera(t *testing.T) {
	v, addr := startViewer(t, func(s *settings.Settings) { s.Cameras = 1 })
	first, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	first.Write(seed(wiretest.JPEG(t, wiretest.Solid(8, 8, color.RGBA{A: 255}), 95))) // a stream start, then a frame
	until(t, "the first camera", func() bool {
		return ui(v, func() bool { return len(v.tiles) > 0 })
	})
	second, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	second.Write(seed([]byte("another camera")))
	until(t, "the refusal", func() bool {
		return ui(v, func() bool {
			return strings.Contains(v.status.Text, "Refused a camera from 127.0.0.1:") &&
				strings.Contains(v.status.Text, `another camera is streaming. Raise "Cameras at once" in Settings`)
		})
	})
}

func TestViewerSaveToAnUnwritableFolderSaysSoAndKeepsFiles(t *testing.T) {
	v, addr := startViewer(t, nil)
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Write(seed(wiretest.JPEG(t, wiretest.Solid(16, 16, color.RGBA{0, 0, 255, 255}), 95)))
	until(t, "a frame", func() bool { return ui(v, func() bool { return frameOf(v) != nil }) })

	good := ui(v, func() string { return v.set.SaveDir })
	v.Save()
	until(t, "the first save", func() bool {
		return ui(v, func() bool { return strings.HasPrefix(v.status.Text, "Saved ") })
	})
	before, _ := os.ReadDir(good)

	// A folder under a regular file cannot be created, even by root.
	blocker := filepath.Join(t.TempDir(), "a-file")
	os.WriteFile(blocker, []byte("x"), 0o644)
	ui(v, func() bool { v.set.SaveDir = filepath.Join(blocker, "Vidstream"); return true })
	v.Save()
	until(t, "the failed save", func() bool {
		return ui(v, func() bool { return strings.HasPrefix(v.status.Text, "Could not save: ") })
	})
	if st := ui(v, func() string { return v.status.Text }); !strings.Contains(st, blocker) {
		t.Fatalf("error %q does not name the folder", st)
	}
	after, _ := os.ReadDir(good)
	if len(after) != len(before) || len(before) != 4 {
		t.Fatalf("files in the good folder: %d before, %d after; want 4 and 4 (snapshot, summary, details, chart)", len(before), len(after))
	}
}

func TestViewerPortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", ":0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	a := test.NewTempApp(t)
	s := settings.Defaults()
	s.Port = ln.Addr().(*net.TCPAddr).Port
	v := New(a, Options{Settings: s})
	defer v.Close()
	if err := v.Start(); err == nil {
		t.Fatal("Start on a port in use gave no error")
	}
	if st := v.status.Text; st != "Port "+itoa(s.Port)+" is in use by another program. Choose another port in Settings." {
		t.Fatalf("status %q", st)
	}
	// Another port from Settings brings it up.
	f := formOf(s)
	f.Port = itoa(wiretest.FreePort(t))
	if err := v.Apply(f); err != nil {
		t.Fatal(err)
	}
	if st := ui(v, func() string { return v.status.standing }); !strings.HasPrefix(st, "Waiting for a camera on") {
		t.Fatalf("standing status after a new port: %q", st)
	}
	if got := settings.Load(a.Preferences()).Port; itoa(got) != f.Port {
		t.Fatalf("stored port %d, want %s", got, f.Port)
	}

	// Moving to the busy port fails; once it is free, applying it again
	// listens there (no stale server is taken for a live one).
	busy := formOf(s)
	if err := v.Apply(busy); err == nil || !strings.Contains(err.Error(), "is in use by another program") {
		t.Fatalf("Apply of a port in use: %v", err)
	}
	// A port that failed is not stored, and the viewer listens where it did.
	if got := settings.Load(a.Preferences()).Port; itoa(got) != f.Port {
		t.Fatalf("after a failed port: stored port %d, want %s still", got, f.Port)
	}
	if c, err := net.Dial("tcp", net.JoinHostPort("127.0.0.1", f.Port)); err != nil {
		t.Fatalf("after a failed port the viewer no longer listens on %s: %v", f.Port, err)
	} else {
		c.Close()
	}
	ln.Close()
	if err := v.Apply(busy); err != nil {
		t.Fatalf("Apply once the port is free: %v", err)
	}
	c, err := net.Dial("tcp", net.JoinHostPort("127.0.0.1", busy.Port))
	if err != nil {
		t.Fatalf("nothing listens on port %s after Apply: %v", busy.Port, err)
	}
	c.Close()
}

func TestShortcutSavesAndGearOpensSettings(t *testing.T) {
	v, addr := startViewer(t, nil)
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Write(seed(wiretest.JPEG(t, wiretest.Solid(24, 24, color.RGBA{255, 255, 0, 255}), 95)))
	until(t, "a frame", func() bool { return ui(v, func() bool { return frameOf(v) != nil }) })

	// Cmd/Ctrl+S, as the window's canvas receives it.
	sc, ok := v.win.Canvas().(fyne.Shortcutable)
	if !ok {
		t.Fatal("the canvas takes no shortcuts")
	}
	sc.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault})
	until(t, "the save", func() bool {
		return ui(v, func() bool { return strings.HasPrefix(v.status.Text, "Saved ") })
	})
	jpgs, _ := filepath.Glob(filepath.Join(ui(v, func() string { return v.set.SaveDir }), "*.jpg"))
	if len(jpgs) != 1 {
		t.Fatalf("Ctrl+S saved %v", jpgs)
	}

	if v.win.Canvas().Overlays().Top() != nil {
		t.Fatal("a dialog is open before Settings")
	}
	// The camera leaves first: its end's UI callbacks would otherwise run
	// beside this goroutine's (the test driver has no UI goroutine).
	c.Close()
	until(t, "the camera's end", func() bool { return ui(v, func() bool { return !v.anyLive() && len(v.bySession) == 0 }) })
	v.ShowSettings()
	if v.win.Canvas().Overlays().Top() == nil {
		t.Fatal("Settings opened no dialog")
	}
}

// A host given on the command line (-listen 127.0.0.1:PORT) is the one the
// window listens on, also after the port changes in Settings.
func TestViewerListensOnTheHostAsked(t *testing.T) {
	a := test.NewTempApp(t)
	s := settings.Defaults()
	s.Port = wiretest.FreePort(t)
	v := New(a, Options{Settings: s, Receive: receive.Config{Addr: "127.0.0.1:1"}})
	if err := v.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(v.Close)
	addr := ui(v, func() string { return v.server.Addr().String() })
	if want := net.JoinHostPort("127.0.0.1", itoa(s.Port)); addr != want {
		t.Fatalf("listening on %s, want %s", addr, want)
	}
	f := formOf(s)
	f.Port = itoa(wiretest.FreePort(t))
	if err := v.Apply(f); err != nil {
		t.Fatal(err)
	}
	addr = ui(v, func() string { return v.server.Addr().String() })
	if want := net.JoinHostPort("127.0.0.1", f.Port); addr != want {
		t.Fatalf("after a port change: listening on %s, want %s", addr, want)
	}
}

// The demo camera reaches a viewer listening on one address only.
func TestDemoReachesAViewerOnOneHost(t *testing.T) {
	a := test.NewTempApp(t)
	s := settings.Defaults()
	s.Port = wiretest.FreePort(t)
	v := New(a, Options{Settings: s, Demo: true, Receive: receive.Config{Addr: "127.0.0.2:1"}})
	if err := v.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(v.Close)
	until(t, "a demo frame on screen", func() bool { return ui(v, func() bool { return frameOf(v) != nil }) })
	if got := demoAddr(&net.TCPAddr{IP: net.IPv6unspecified, Port: 9}); got != "127.0.0.1:9" {
		t.Errorf("demo address for every interface: %s", got)
	}
}

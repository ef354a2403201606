package ui

import (
	"image/color"
	"net"
	"strings"
	"testing"

	"github.com/vidstream/vidstream/app/settings"
	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/pixel"
	"github.com/vidstream/vidstream/wire/wiretest"
)

// dialSeed connects a seed camera that sends one grey JPEG of side x side
// and stays connected.
func dialSeed(t *testing.T, addr string, side int) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	c.Write(seed(wiretest.JPEG(t, wiretest.Solid(side, side, color.RGBA{128, 128, 128, 255}), 90)))
	return c
}

// dialNamed connects a v2 camera named name that sends one JPEG of the
// colour given, and stays connected.
func dialNamed(t *testing.T, addr, name string, c color.RGBA) net.Conn {
	t.Helper()
	conn, w := dialV2(t, addr, name, 32, 32)
	if err := w.WriteFrame(wiretest.JPEG(t, wiretest.Solid(32, 32, c), 90), 1, 0); err != nil {
		t.Fatal(err)
	}
	return conn
}

// dialV2 connects a v2 camera named name that sends JPEGs of w x h.
func dialV2(t *testing.T, addr, name string, w, h int) (net.Conn, *wire.Writer) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	ww, err := wire.NewWriter(conn, wire.ProtoV2, wire.Hello{Layout: pixel.Layout{Format: pixel.FormatJPEG, Width: w, Height: h}, Name: name})
	if err != nil {
		t.Fatal(err)
	}
	return conn, ww
}

// tileNamed is the tile whose camera's name starts with name (under uiMu).
func tileNamed(v *Viewer, name string) *tile {
	for _, t := range v.tiles {
		if strings.HasPrefix(t.name, name) {
			return t
		}
	}
	return nil
}

func TestTwoCamerasTiled(t *testing.T) {
	v, addr := startViewer(t, nil)
	red := dialNamed(t, addr, "pi-red", color.RGBA{255, 0, 0, 255})
	defer red.Close()
	blue := dialNamed(t, addr, "pi-blue", color.RGBA{0, 0, 255, 255})
	defer blue.Close()
	until(t, "both pictures", func() bool {
		return ui(v, func() bool {
			r, b := tileNamed(v, "pi-red"), tileNamed(v, "pi-blue")
			return r != nil && b != nil && r.frame != nil && b.frame != nil
		})
	})
	ui(v, func() bool {
		r, b := tileNamed(v, "pi-red"), tileNamed(v, "pi-blue")
		if px := r.frame.Image.RGBAAt(16, 16); px.R < 200 || px.B > 60 {
			t.Errorf("pi-red's tile shows %v", px)
		}
		if px := b.frame.Image.RGBAAt(16, 16); px.B < 200 || px.R > 60 {
			t.Errorf("pi-blue's tile shows %v", px)
		}
		if len(v.grid.Objects) != 2 {
			t.Errorf("the grid holds %d tiles", len(v.grid.Objects))
		}
		return true
	})
	ui(v, func() bool { v.win.Resize(v.win.Canvas().Size()); return true }) // lay out
	ui(v, func() bool {
		r, b := tileNamed(v, "pi-red").obj, tileNamed(v, "pi-blue").obj
		if r.Position() == b.Position() || r.Size().Width > v.grid.Size().Width/2+1 {
			t.Errorf("tiles at %v %v, size %v in a grid of %v: not side by side", r.Position(), b.Position(), r.Size(), v.grid.Size())
		}
		// Both, in the order they came (the two connect at once: either first).
		if st := v.status.standing; !strings.HasPrefix(st, "Streaming from 2 cameras: ") ||
			!strings.Contains(st, "pi-red (127.0.0.1:") || !strings.Contains(st, "pi-blue (127.0.0.1:") || !strings.Contains(st, "), pi-") {
			t.Errorf("standing status %q", st)
		}
		return true
	})

	// pi-red leaves: its tile stays with its picture, marked.
	red.Close()
	until(t, "pi-red marked disconnected", func() bool {
		return ui(v, func() bool { r := tileNamed(v, "pi-red"); return !r.live && r.badge.Visible() })
	})
	ui(v, func() bool {
		r := tileNamed(v, "pi-red")
		if r.frame == nil || !strings.HasPrefix(r.gone.Text, "Disconnected at ") {
			t.Errorf("the tile of a camera that left: frame %v, badge %q", r.frame != nil, r.gone.Text)
		}
		if st := v.status.standing; !strings.HasPrefix(st, "Streaming from pi-blue") {
			t.Errorf("standing status %q", st)
		}
		return true
	})
	// It comes back (a new connection, a new port): the same tile.
	back := dialNamed(t, addr, "pi-red", color.RGBA{0, 255, 0, 255})
	defer back.Close()
	until(t, "pi-red back in its tile", func() bool {
		return ui(v, func() bool {
			r := tileNamed(v, "pi-red")
			return r.live && r.frame != nil && r.frame.Image.RGBAAt(16, 16).G > 200
		})
	})
	if n := ui(v, func() int { return len(v.tiles) }); n != 2 {
		t.Fatalf("%d tiles after pi-red came back, want 2", n)
	}
	// Leaves again, and the user closes its tile.
	back.Close()
	until(t, "pi-red gone again", func() bool { return ui(v, func() bool { return !tileNamed(v, "pi-red").live }) })
	v.closeTile(ui(v, func() *tile { return tileNamed(v, "pi-red") }))
	if n := ui(v, func() int { return len(v.tiles) }); n != 1 {
		t.Fatalf("%d tiles after closing pi-red's, want 1", n)
	}
	// A live camera's tile is not closed.
	v.closeTile(ui(v, func() *tile { return tileNamed(v, "pi-blue") }))
	if n := ui(v, func() int { return len(v.tiles) }); n != 1 {
		t.Fatalf("closing a live camera's tile took it away")
	}
}

// TestCamerasLimit: beyond Settings' cameras at once a camera is refused
// in words; a connection that sends nothing neither shows as a camera nor
// counts; a camera that left gives its tile to a new one.
func TestCamerasLimit(t *testing.T) {
	v, addr := startViewer(t, func(s *settings.Settings) { s.Cameras = 2 })
	silent, err := net.Dial("tcp", addr) // an nc that sends nothing
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	a := dialNamed(t, addr, "pi-a", color.RGBA{255, 0, 0, 255})
	defer a.Close()
	b := dialNamed(t, addr, "pi-b", color.RGBA{0, 255, 0, 255})
	until(t, "two cameras", func() bool { return ui(v, func() bool { return len(v.tiles) == 2 && v.anyLive() }) })
	c := dialNamed(t, addr, "pi-c", color.RGBA{0, 0, 255, 255})
	defer c.Close()
	until(t, "the refusal", func() bool {
		return ui(v, func() bool {
			return strings.Contains(v.status.Text, "Refused a camera from 127.0.0.1:") &&
				strings.Contains(v.status.Text, `2 cameras are streaming, as many as Settings allow. Raise "Cameras at once"`)
		})
	})
	if n := ui(v, func() int { return len(v.tiles) }); n != 2 {
		t.Fatalf("%d tiles: the silent connection or the refused camera shows", n)
	}
	b.Close()
	until(t, "pi-b gone", func() bool { return ui(v, func() bool { return !tileNamed(v, "pi-b").live }) })
	d := dialNamed(t, addr, "pi-d", color.RGBA{255, 255, 0, 255})
	defer d.Close()
	until(t, "pi-d in pi-b's place", func() bool {
		return ui(v, func() bool { return tileNamed(v, "pi-d") != nil && tileNamed(v, "pi-b") == nil && len(v.tiles) == 2 })
	})
}

// TestRawSizeErrorWrapsAndSaysTheFix: raw frames of another size than
// Settings' (issue 12: picam -W 640 -H 480 -format yuv -proto seed into
// a viewer set to 320x240) give an error that says which size would match
// and where to set it, wrapped in the tile: the window does not widen.
func TestRawSizeErrorWrapsAndSaysTheFix(t *testing.T) {
	v, addr := startViewer(t, nil)
	before := ui(v, v.win.Content().MinSize)
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Write(seed(make([]byte, pixel.PicameraLayout(pixel.FormatI420, 640, 480).Size())))
	until(t, "the error in the tile", func() bool {
		return ui(v, func() bool { return v.focused != nil && v.focused.errBox.Visible() })
	})
	ui(v, func() bool {
		v.refreshReadout()
		txt := v.focused.errLine.Text
		if !strings.Contains(txt, "it is yuv at 640x480: set the raw frame size to 640x480 (in Settings: Raw frame size)") {
			t.Errorf("error line %q", txt)
		}
		if after := v.win.Content().MinSize(); after.Width > max(before.Width, 800) {
			t.Errorf("the window's minimum width went from %v to %v", before.Width, after.Width)
		}
		return true
	})
}

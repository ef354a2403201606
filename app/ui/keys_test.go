package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
)

func TestWindowKeys(t *testing.T) {
	v, addr := startViewer(t, nil)
	a, b := dialSeed(t, addr, 16), dialSeed(t, addr, 24)
	defer a.Close()
	defer b.Close()
	until(t, "two tiles", func() bool { return ui(v, func() bool { return len(v.tiles) == 2 }) })
	key := func(k fyne.KeyName) { fyne.DoAndWait(func() { v.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: k}) }) }
	readouts := func() (n int) {
		return ui(v, func() int {
			for _, t := range v.tiles {
				if t.overlay.Visible() {
					n++
				}
			}
			return n
		})
	}
	key(fyne.KeyI)
	if n := readouts(); n != 0 {
		t.Errorf("I left %d readouts showing", n)
	}
	key(fyne.KeyI)
	if n := readouts(); n != 2 {
		t.Errorf("a second I brought back %d readouts of 2", n)
	}
	key(fyne.Key2)
	if ui(v, func() bool { return v.focused != v.tiles[1] }) {
		t.Error("2 did not focus the second camera")
	}
	key(fyne.KeyN)
	if ui(v, func() bool { return v.focused != v.tiles[0] }) {
		t.Error("N did not focus the next camera (the first, after the last)")
	}
	key(fyne.KeyZ)
	if n := ui(v, func() int { return len(v.grid.Objects) }); n != 1 {
		t.Errorf("Z shows %d tiles, want the focused one alone", n)
	}
	key(fyne.KeyZ)
	if n := ui(v, func() int { return len(v.grid.Objects) }); n != 2 {
		t.Errorf("a second Z shows %d tiles, want both", n)
	}
	key(fyne.KeyC)
	if !v.charts.shown.Load() {
		t.Error("C did not show the charts")
	}
	key(fyne.KeyF11)
	if !v.win.FullScreen() {
		t.Error("F11 did not go full screen")
	}
	key(fyne.KeyEscape)
	if v.win.FullScreen() {
		t.Error("Escape did not leave full screen")
	}
}

// TestActualSize: O shows a picture larger than its tile at 1:1, scrolled
// and clipped (the window does not grow); O again fits it.
func TestActualSize(t *testing.T) {
	v, addr := startViewer(t, nil)
	c := dialSeed(t, addr, 1200) // larger than the 800x600 window
	defer c.Close()
	until(t, "the picture", func() bool { return ui(v, func() bool { return frameOf(v) != nil }) })
	key := func(k fyne.KeyName) { fyne.DoAndWait(func() { v.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: k}) }) }
	before := ui(v, v.win.Content().MinSize)
	key(fyne.KeyO)
	ui(v, func() bool {
		ti := v.focused
		if ti.img.FillMode != canvas.ImageFillOriginal {
			t.Errorf("fill mode %v after O, want original", ti.img.FillMode)
		}
		if m := ti.img.MinSize(); m.Width < 1000 {
			t.Errorf("picture min size %v at 1:1, want its 1200 pixels", m)
		}
		if after := v.win.Content().MinSize(); after.Width > before.Width+1 || after.Height > before.Height+1 {
			t.Errorf("the window's minimum size went from %v to %v at 1:1", before, after)
		}
		return true
	})
	key(fyne.KeyO)
	if m := ui(v, func() canvas.ImageFill { return v.focused.img.FillMode }); m != canvas.ImageFillContain {
		t.Errorf("fill mode %v after a second O, want contain", m)
	}
}

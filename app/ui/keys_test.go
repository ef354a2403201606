package ui

import (
	"testing"

	"fyne.io/fyne/v2"
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

package ui

import (
	"testing"

	"fyne.io/fyne/v2"
)

func TestWindowKeys(t *testing.T) {
	v, _ := startViewer(t, nil)
	key := func(k fyne.KeyName) { fyne.DoAndWait(func() { v.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: k}) }) }
	key(fyne.KeyH)
	if ui(v, func() bool { return v.overlay.Visible() }) {
		t.Error("H left the readouts showing")
	}
	key(fyne.KeyH)
	if !ui(v, func() bool { return v.overlay.Visible() }) {
		t.Error("a second H did not bring the readouts back")
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

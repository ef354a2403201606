package ui

import (
	"runtime"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// The window's keys. Cmd is the modifier on a Mac, Ctrl elsewhere
// (fyne.KeyModifierShortcutDefault):
//
//	Cmd/Ctrl+S        save a snapshot and the measurement summary
//	Cmd/Ctrl+R        record the focused camera, or stop
//	Cmd/Ctrl+O        open a recording to play
//	Cmd/Ctrl+Q        quit (what is not saved is written first, see Close)
//	F11, Cmd/Ctrl+F   full screen on and off (also Cmd+Ctrl+F on a Mac, and a double-click); Escape leaves it
//	I                 hide or show the readouts over the pictures
//	C                 show or hide the chart panel
//	O                 pictures at 1:1 (actual pixels), or fitted to their tiles
//	1 … 9, N          focus a camera (N: the next); Z lets the focused one fill the window
//	Space             pause or play the focused recording
//
// The window has no text field of its own, so single keys are free.

// keyBinding is one shortcut with a modifier, for the menu to show too.
type keyBinding struct {
	key fyne.KeyName
	mod fyne.KeyModifier
}

func (k keyBinding) shortcut() *desktop.CustomShortcut {
	return &desktop.CustomShortcut{KeyName: k.key, Modifier: k.mod}
}

// The shortcuts with a modifier.
var (
	keySave    = keyBinding{fyne.KeyS, fyne.KeyModifierShortcutDefault}
	keyRecord  = keyBinding{fyne.KeyR, fyne.KeyModifierShortcutDefault}
	keyOpen    = keyBinding{fyne.KeyO, fyne.KeyModifierShortcutDefault}
	keyOpenURL = keyBinding{fyne.KeyL, fyne.KeyModifierShortcutDefault}
	keyQuit    = keyBinding{fyne.KeyQ, fyne.KeyModifierShortcutDefault}
	keyFull    = keyBinding{fyne.KeyF, fyne.KeyModifierShortcutDefault}
	keyFullMac = keyBinding{fyne.KeyF, fyne.KeyModifierSuper | fyne.KeyModifierControl} // macOS's own
)

// shortcutName is the platform's shortcut modifier as people call it.
func shortcutName() string {
	if runtime.GOOS == "darwin" {
		return "Cmd"
	}
	return "Ctrl"
}

// bindKeys binds the window's keys (UI goroutine, once).
func (v *Viewer) bindKeys() {
	c := v.win.Canvas()
	bind := func(k keyBinding, fn func()) { c.AddShortcut(k.shortcut(), func(fyne.Shortcut) { fn() }) }
	bind(keySave, v.Save)
	bind(keyRecord, v.ToggleRecording)
	bind(keyOpen, v.OpenRecording)
	bind(keyOpenURL, v.OpenCameraURL)
	bind(keyQuit, v.app.Quit)
	bind(keyFull, v.ToggleFullScreen)
	if runtime.GOOS == "darwin" {
		bind(keyFullMac, v.ToggleFullScreen)
	}
	c.SetOnTypedKey(v.typedKey)
}

// typedKey handles the keys without a modifier (UI goroutine).
func (v *Viewer) typedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyF11:
		v.ToggleFullScreen()
	case fyne.KeyEscape:
		if v.win.FullScreen() {
			v.win.SetFullScreen(false)
		}
	case fyne.KeyI:
		v.ToggleReadouts()
	case fyne.KeyC:
		v.ToggleCharts()
	case fyne.KeyO:
		v.ToggleActualSize()
	case fyne.KeyZ:
		v.ToggleZoom()
	case fyne.KeyN:
		v.FocusNext()
	case fyne.KeySpace:
		v.TogglePause()
	case fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5, fyne.Key6, fyne.Key7, fyne.Key8, fyne.Key9:
		v.FocusNumber(int(k.Name[0] - '0'))
	}
}

// ToggleFullScreen puts the window in full screen, or takes it out (UI
// goroutine).
func (v *Viewer) ToggleFullScreen() { v.win.SetFullScreen(!v.win.FullScreen()) }

// ToggleReadouts hides the readouts over the pictures, or shows them again
// (UI goroutine): at a small window size they cover all of it.
func (v *Viewer) ToggleReadouts() {
	v.uiMu.Lock()
	defer v.uiMu.Unlock()
	v.noReadouts = !v.noReadouts
	for _, t := range v.tiles {
		if v.noReadouts {
			t.overlay.Hide()
		} else {
			t.overlay.Show()
		}
	}
}

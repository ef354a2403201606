package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// The window's keys, beside Cmd/Ctrl+S (Save):
//
//	F11, Cmd/Ctrl+F   full screen on and off; Escape leaves it
//	H                 hide or show the readouts over the picture
//	C                 show or hide the chart panel
//	Cmd/Ctrl+Q        quit (what is not saved is written first, see Close)
//
// The window has no text field of its own, so single keys are free.

// bindKeys binds the window's keys (UI goroutine, once).
func (v *Viewer) bindKeys() {
	c := v.win.Canvas()
	mod := fyne.KeyModifierShortcutDefault
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: mod}, func(fyne.Shortcut) { v.Save() })
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: mod}, func(fyne.Shortcut) { v.ToggleFullScreen() })
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: mod}, func(fyne.Shortcut) { v.app.Quit() })
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
	case fyne.KeyH:
		v.ToggleReadouts()
	case fyne.KeyC:
		v.ToggleCharts()
	}
}

// ToggleFullScreen puts the window in full screen, or takes it out (UI
// goroutine).
func (v *Viewer) ToggleFullScreen() { v.win.SetFullScreen(!v.win.FullScreen()) }

// ToggleReadouts hides the readouts over the picture, or shows them again
// (UI goroutine): at a small window size they cover all of it.
func (v *Viewer) ToggleReadouts() {
	v.uiMu.Lock()
	defer v.uiMu.Unlock()
	if v.overlay.Visible() {
		v.overlay.Hide()
	} else {
		v.overlay.Show()
	}
}

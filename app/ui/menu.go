package ui

import (
	"fmt"
	"net/url"
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/codec"
)

// mainMenu is the window's menu: File, View and Help. The shortcuts it
// shows are bound by bindKeys (keys.go); on a Mac the system menu takes
// them first.
func (v *Viewer) mainMenu() *fyne.MainMenu {
	item := func(label string, fn func(), k *keyBinding) *fyne.MenuItem {
		i := fyne.NewMenuItem(label, fn)
		if k != nil {
			i.Shortcut = k.shortcut()
		}
		return i
	}
	quit := item("Quit", v.app.Quit, &keyQuit)
	quit.IsQuit = true
	file := fyne.NewMenu("File",
		item("Open recording…", v.OpenRecording, &keyOpen),
		item("Open camera URL…", v.OpenCameraURL, &keyOpenURL),
		item("Save snapshot and summary", v.Save, &keySave),
		item("Record", v.ToggleRecording, &keyRecord),
		item("Open save folder", v.OpenSaveFolder, nil),
		fyne.NewMenuItemSeparator(),
		item("Settings…", v.ShowSettings, nil),
		quit,
	)
	view := fyne.NewMenu("View",
		item("Full screen (F11)", v.ToggleFullScreen, &keyFull),
		item("Readouts (I)", v.ToggleReadouts, nil),
		item("Charts (C)", v.ToggleCharts, nil),
		item("Actual pixels (1:1) or fit (O)", v.ToggleActualSize, nil),
		item("Focused camera alone (Z)", v.ToggleZoom, nil),
		item("Pause or play the recording (Space)", v.TogglePause, nil),
	)
	help := fyne.NewMenu("Help",
		item("How to connect a Pi", v.ShowConnectHelp, nil),
		item("About Vidstream", v.ShowAbout, nil),
	)
	return fyne.NewMainMenu(file, view, help)
}

// aboutText is the About box's text: version, decoders built in, protocol.
func aboutText(version string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Vidstream %s\n\nWatch a Raspberry Pi camera live, with its frame rate, picture size and latency.\n\n", version)
	fmt.Fprintf(&b, "Decoders built in: %s; raw yuv, rgb and grey.\n", strings.Join(codec.Decoders(), ", "))
	fmt.Fprintf(&b, "Protocols: the blog post's (length-prefixed frames, port %d), Vidstream's v%d (a hello, sequence numbers and capture times), plain MJPEG and H.264 byte streams.\n", wire.DefaultPort, wire.Version)
	return b.String()
}

// ShowAbout opens the About box (UI goroutine).
func (v *Viewer) ShowAbout() {
	version := v.app.Metadata().Version
	if version == "" {
		version = "(development build)"
	}
	v.showText("About Vidstream", aboutText(version))
}

// ShowConnectHelp says what to run on the Pi, for the addresses the viewer
// listens on (UI goroutine).
func (v *Viewer) ShowConnectHelp() {
	v.uiMu.Lock()
	text := v.help.Text
	v.uiMu.Unlock()
	if text == "" {
		text = "The viewer is not listening: choose a free port in Settings first."
	}
	v.showText("How to connect a Pi", text)
}

// showText shows a text people may select and copy.
func (v *Viewer) showText(title, text string) {
	l := widget.NewLabel(text)
	l.Selectable = true
	l.Wrapping = fyne.TextWrapWord
	s := container.NewVScroll(l)
	s.SetMinSize(fyne.NewSize(620, 320))
	dialog.ShowCustom(title, "Close", s, v.win)
}

// OpenSaveFolder shows the save folder in the system's file manager (UI
// goroutine).
func (v *Viewer) OpenSaveFolder() {
	v.uiMu.Lock()
	dir := v.set.SaveDir
	v.uiMu.Unlock()
	err := os.MkdirAll(dir, 0o755)
	if err == nil {
		err = v.app.OpenURL(&url.URL{Scheme: "file", Path: dir})
	}
	if err != nil {
		v.log.Printf("open save folder %s: %v", dir, err)
		v.uiMu.Lock()
		v.setStatus("Could not open the save folder " + dir + ". Check it in Settings.")
		v.uiMu.Unlock()
	}
}
